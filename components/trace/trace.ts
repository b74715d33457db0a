import { JigTrace } from './trace.component.js';

export { JigTrace };
if (!customElements.get('jig-trace')) customElements.define('jig-trace', JigTrace);

declare global {
  interface HTMLElementTagNameMap {
    'jig-trace': JigTrace;
  }
}
