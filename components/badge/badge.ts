import { JigBadge } from './badge.component.js';

export { JigBadge };
if (!customElements.get('jig-badge')) customElements.define('jig-badge', JigBadge);

declare global {
  interface HTMLElementTagNameMap {
    'jig-badge': JigBadge;
  }
}
