import { JigCard } from './card.component.js';

export { JigCard };
JigCard.define('jig-card');

declare global {
  interface HTMLElementTagNameMap {
    'jig-card': JigCard;
  }
}
