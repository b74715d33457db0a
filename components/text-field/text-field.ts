import { JigTextField } from './text-field.component.js';

export { JigTextField };
JigTextField.define('jig-text-field');

declare global {
  interface HTMLElementTagNameMap {
    'jig-text-field': JigTextField;
  }
}
