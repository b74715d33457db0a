import { JigSwitch } from './switch.component.js';

export { JigSwitch };
if (!customElements.get('jig-switch')) customElements.define('jig-switch', JigSwitch);

declare global {
  interface HTMLElementTagNameMap {
    'jig-switch': JigSwitch;
  }
}
