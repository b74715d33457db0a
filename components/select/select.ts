import { JigSelect } from './select.component.js';

export { JigSelect };
if (!customElements.get('jig-select')) customElements.define('jig-select', JigSelect);

declare global {
  interface HTMLElementTagNameMap {
    'jig-select': JigSelect;
  }
}
