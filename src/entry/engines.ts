// `jig/engines`: capability detection, engine choice, engines created on demand (each in its own
// chunk), and <jig-model-status> (registered).
import '../../components/model-status/model-status.js';

export * from '../engines/index.js';
// The nested form as constraints (docs/engines.md, "The nested form"): here and in `jig/line`, not in the core.
export * from '../catalog/tree-constraints.js';
export { JigModelStatus } from '../../components/model-status/model-status.component.js';
