// The quality gates as a pure module (runs in the browser and in Node, no DOM): what `jig` and `jig/gates` both export.
// Patch application is not here: `jig/gates` adds it, and <jig-surface> loads it on its first patch or setData.
export { runGates, resolveLimits, MAX_ISSUES, type GateOptions, type GateResult } from './run.js';
export { checkDataLimits, checkDataChange } from './data-limits.js';
export { formatIssues, repairPrompt, type Issue, type RepairPromptOptions } from './issue.js';
export { ISSUE_CODES, WARNING_CODES, GATES, type GateName, type IssueCode, type WarningCode } from './codes.js';
export { requireInput, type DomainRule, type RuleProblem } from './domain.js';
export { urlProblem } from './policy.js';
export { createNodeChecker, type NodeChecker } from './node-checker.js';
export { builtinCatalog } from '../catalog/builtin.js';
export {
  createCatalog,
  defineComponent,
  type Catalog,
  type CatalogEntry,
  type ComponentSpec,
  type PropProblem,
  type ChildrenRule,
  type NarrowOptions,
  type JsonSchema,
} from '../catalog/catalog.js';
export {
  url,
  bind,
  action,
  fromData,
  dataRef,
  describe,
  type BindValue,
  type DataShape,
  type UrlKind,
  type PropRole,
} from '../catalog/props.js';
export {
  DEFAULT_LIMITS,
  LAYOUT_VERSION,
  type LayoutDocument,
  type LayoutNode,
  type Limits,
  type DataRef,
} from '../layout/document.js';
export type { PatchOp, PatchResult, PatchProblem, PatchLimits } from '../layout/patch.js';
export {
  checkCondition,
  evaluateCondition,
  COMPARISONS,
  type Condition,
  type Comparison,
} from '../layout/condition.js';
