// jig/interop: A2UI and json-render documents through Jig's gates, and Jig documents out as A2UI.
// Pure functions (no DOM): they run in the browser, in Node and behind `POST /v1/gate`.
export {
  fromA2UI,
  A2UIReader,
  A2UI_CATALOGS,
  type A2UIOptions,
  type A2UIResult,
  type A2UISurfaceResult,
  type A2UIVersion,
  type A2UIInput,
  type A2UIStreamInput,
  type Applied,
} from './a2ui.js';
export {
  fromJsonRender,
  SpecBuilder,
  SHADCN_MAPPED,
  specLines,
  type JsonRenderOptions,
  type JsonRenderResult,
  type JsonRenderMapping,
  type JsonRenderInput,
  type JsonRenderStreamInput,
} from './json-render.js';
export { toA2UI, toJsonl, type ToA2UIOptions, type ToA2UIResult } from './to-a2ui.js';
export { patternProblem, MAX_PATTERN_LENGTH } from './pattern.js';
export { detectFormat, type PeerFormat } from './detect.js';
export { gateAny, FORMAT_CHOICES, type FormatChoice, type Verdict, type VerdictOptions } from './verdict.js';
export type { InteropIssue, InteropGate, PeerAction, PeerValue, ProjectionResult } from './report.js';
export { INTEROP_CODES, INTEROP_WARNING_CODES, type InteropCode, type InteropWarningCode } from '../gates/codes.js';
export {
  renderA2UI,
  renderJsonRender,
  renderPeer,
  type SurfaceLike,
  type RenderOptions,
  type A2UIActionMessage,
  type A2UIAction,
} from './render.js';
