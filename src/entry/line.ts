// `jig/line`: the production line, and <jig-trace> (registered) to show a request's trace.
import '../../components/trace/trace.js';

export * from '../line/index.js';
export { JigTrace } from '../../components/trace/trace.component.js';
