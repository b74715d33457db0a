import { JigButton } from './button.component.js';

export { JigButton };
JigButton.define('jig-button');

declare global {
  interface HTMLElementTagNameMap {
    'jig-button': JigButton;
  }
}
