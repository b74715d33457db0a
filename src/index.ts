// Jig's public API. Importing it registers <jig-surface> and every built-in component.
import './define.js';

export { JigSurface, type LayoutInput } from './surface/surface.component.js';
export { DataModel, type DataChange } from './surface/data-model.js';
export type {
  JigActionDetail,
  JigRenderDetail,
  JigInvalidDetail,
  JigEditDetail,
  JigNodeDetail,
  JigTraceDetail,
  JigPatchDetail,
  JigDataDetail,
} from './surface/events.js';
// planPatch and planData, applyPatch and checkPatch come from `jig/gates`: <jig-surface> loads them on first use.
export type { LiveResult, LivePlan } from './layout/live.js';
export { LayoutStream, readChunks, type LayoutSource } from './surface/layout-stream.js';
export * from './gates/public.js';
export * from '../components/index.js';
export { builtinCatalog as catalog, BUILTIN_COMPONENTS } from './catalog/builtin.js';
export { parsePointer, FORBIDDEN_SEGMENTS } from './layout/pointer.js';
export { JsonScanner, scanDocument } from './layout/json-scanner.js';
// The nested generation form (docs/format.md §9): what constrained decoders write, flattened before the gates.
export {
  flattenTree,
  toTree,
  readTreePrefix,
  isTreeDocument,
  treePath,
  type TreeDocument,
  type TreeNode,
  type FlattenResult,
  type TreePrefix,
  type ReadyTreeNode,
} from './layout/tree.js';
// Its JSON Schema and grammar (treeJsonSchema, treeGrammar, treeGrammarSteps) come from `jig/engines` and `jig/line`.
export type { TreeFormOptions, TreeDataMode } from './catalog/tree-form.js';
export type { GrammarSteps } from './engines/engine.js';
