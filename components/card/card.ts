import { JigCard } from './card.component.js';

export { JigCard };
if (!customElements.get('jig-card')) customElements.define('jig-card', JigCard);

declare global {
  interface HTMLElementTagNameMap {
    'jig-card': JigCard;
  }
}
