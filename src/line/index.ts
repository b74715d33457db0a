// The production line (docs/line.md): route → generate → gates → vote → repair → escalate → render,
// as data (a line config) plus the runtime parts a site passes in.
export {
  createLine,
  layoutId,
  type Line,
  type LineDeps,
  type LineResult,
  type AssembleRequest,
  type AttemptInfo,
  type Assembly,
  type AssemblyEvent,
} from './line.js';
export type { Station, StationContext, StationRun, Outcome, FailedAttempt } from './station.js';
export {
  parseLineConfig,
  lineConfigSchema,
  LineConfigError,
  type LineConfig,
  type StationConfig,
  type StationKind,
  type RouteRule,
  type Requirement,
  type ConfigProblem,
  type ConfigProblemCode,
  type ConfigResult,
  type EnginePlanData,
} from './config.js';
export type { LineTrace, TraceStep, EscalationReason } from './trace.js';
export type { RefineRequest, RefineResult } from './refine.js';
export { intentClass, intentKeywords, type IntentClassifier } from './intent.js';
export { similarity, skeleton, vote, type Skeleton, type VoteOutcome } from './similarity.js';
export { estimateCost } from './cost.js';
export { buildPrompt, generationSchema, DEFAULT_SYSTEM, DEFAULT_TEMPLATE } from './prompt.js';
export type { RouteRecords, StationRecord } from './records.js';
export { requirementRule, describeRequirement, unmet } from './requirements.js';
