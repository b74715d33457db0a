import { defineElement } from '../shared/define.js';
import { JigTrace } from './trace.component.js';

export { JigTrace };
defineElement('jig-trace', JigTrace);

declare global {
  interface HTMLElementTagNameMap {
    'jig-trace': JigTrace;
  }
}
