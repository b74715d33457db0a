import { JigCheckbox } from './checkbox.component.js';

export { JigCheckbox };
if (!customElements.get('jig-checkbox')) customElements.define('jig-checkbox', JigCheckbox);

declare global {
  interface HTMLElementTagNameMap {
    'jig-checkbox': JigCheckbox;
  }
}
