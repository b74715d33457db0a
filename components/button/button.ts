import { JigButton } from './button.component.js';

export { JigButton };
if (!customElements.get('jig-button')) customElements.define('jig-button', JigButton);

declare global {
  interface HTMLElementTagNameMap {
    'jig-button': JigButton;
  }
}
