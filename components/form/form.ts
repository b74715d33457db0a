import { JigForm } from './form.component.js';

export { JigForm };
if (!customElements.get('jig-form')) customElements.define('jig-form', JigForm);

declare global {
  interface HTMLElementTagNameMap {
    'jig-form': JigForm;
  }
}
