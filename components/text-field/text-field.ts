import { JigTextField } from './text-field.component.js';

export { JigTextField };
if (!customElements.get('jig-text-field')) customElements.define('jig-text-field', JigTextField);

declare global {
  interface HTMLElementTagNameMap {
    'jig-text-field': JigTextField;
  }
}
