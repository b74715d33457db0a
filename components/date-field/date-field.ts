import { JigDateField } from './date-field.component.js';

export { JigDateField };
if (!customElements.get('jig-date-field')) customElements.define('jig-date-field', JigDateField);

declare global {
  interface HTMLElementTagNameMap {
    'jig-date-field': JigDateField;
  }
}
