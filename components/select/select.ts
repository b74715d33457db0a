import { JigSelect } from './select.component.js';

export { JigSelect };
JigSelect.define('jig-select');

declare global {
  interface HTMLElementTagNameMap {
    'jig-select': JigSelect;
  }
}
