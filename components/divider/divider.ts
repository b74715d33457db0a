import { JigDivider } from './divider.component.js';

export { JigDivider };
if (!customElements.get('jig-divider')) customElements.define('jig-divider', JigDivider);

declare global {
  interface HTMLElementTagNameMap {
    'jig-divider': JigDivider;
  }
}
