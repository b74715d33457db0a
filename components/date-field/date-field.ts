import { JigDateField } from './date-field.component.js';

export { JigDateField };
JigDateField.define('jig-date-field');

declare global {
  interface HTMLElementTagNameMap {
    'jig-date-field': JigDateField;
  }
}
