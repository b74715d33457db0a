import { JigIcon } from './icon.component.js';

export { JigIcon };
JigIcon.define('jig-icon');

declare global {
  interface HTMLElementTagNameMap {
    'jig-icon': JigIcon;
  }
}
