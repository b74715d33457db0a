import { JigForm } from './form.component.js';

export { JigForm };
JigForm.define('jig-form');

declare global {
  interface HTMLElementTagNameMap {
    'jig-form': JigForm;
  }
}
