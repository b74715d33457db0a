import { JigBadge } from './badge.component.js';

export { JigBadge };
JigBadge.define('jig-badge');

declare global {
  interface HTMLElementTagNameMap {
    'jig-badge': JigBadge;
  }
}
