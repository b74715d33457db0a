import { JigIcon } from './icon.component.js';

export { JigIcon };
if (!customElements.get('jig-icon')) customElements.define('jig-icon', JigIcon);

declare global {
  interface HTMLElementTagNameMap {
    'jig-icon': JigIcon;
  }
}
