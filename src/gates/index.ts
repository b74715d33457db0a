// `jig/gates`: the quality gates as a pure module (runs in the browser and in Node, no DOM), with
// what `jig` leaves out of its core: applying and checking patches, and planning live changes.
export * from './public.js';
export { applyPatch, checkPatch, mapIssuePath, DEFAULT_PATCH_LIMITS, PATCH_OPS } from '../layout/patch.js';
export { planPatch, planData, type LiveResult, type LivePlan } from '../layout/live.js';
