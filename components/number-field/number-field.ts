import { JigNumberField } from './number-field.component.js';

export { JigNumberField };
if (!customElements.get('jig-number-field')) customElements.define('jig-number-field', JigNumberField);

declare global {
  interface HTMLElementTagNameMap {
    'jig-number-field': JigNumberField;
  }
}
