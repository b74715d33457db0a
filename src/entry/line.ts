// `jig/line`: the production line, and <jig-trace> (registered) to show a request's trace.
import '../../components/trace/trace.js';

export * from '../line/index.js';
// The nested form as constraints (docs/engines.md, "The nested form"): here and in `jig/engines`, not in the core.
export * from '../catalog/tree-constraints.js';
export { JigTrace } from '../../components/trace/trace.component.js';
