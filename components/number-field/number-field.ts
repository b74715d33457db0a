import { JigNumberField } from './number-field.component.js';

export { JigNumberField };
JigNumberField.define('jig-number-field');

declare global {
  interface HTMLElementTagNameMap {
    'jig-number-field': JigNumberField;
  }
}
