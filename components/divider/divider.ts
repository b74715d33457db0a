import { JigDivider } from './divider.component.js';

export { JigDivider };
JigDivider.define('jig-divider');

declare global {
  interface HTMLElementTagNameMap {
    'jig-divider': JigDivider;
  }
}
