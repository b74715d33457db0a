import { JigSwitch } from './switch.component.js';

export { JigSwitch };
JigSwitch.define('jig-switch');

declare global {
  interface HTMLElementTagNameMap {
    'jig-switch': JigSwitch;
  }
}
