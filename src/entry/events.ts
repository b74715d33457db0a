// `jig/events`: the event store, the log stations write to, feedback capture, exports and the
// shipper, with <jig-feedback> and <jig-export> registered.
import '../../components/feedback/feedback.js';
import '../../components/export/export.js';

export * from '../events/index.js';
export { JigFeedback } from '../../components/feedback/feedback.component.js';
export { JigExport } from '../../components/export/export.component.js';
