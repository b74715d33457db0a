import { JigCheckbox } from './checkbox.component.js';

export { JigCheckbox };
JigCheckbox.define('jig-checkbox');

declare global {
  interface HTMLElementTagNameMap {
    'jig-checkbox': JigCheckbox;
  }
}
