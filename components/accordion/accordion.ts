import { JigAccordion } from './accordion.component.js';

export { JigAccordion };
if (!customElements.get('jig-accordion')) customElements.define('jig-accordion', JigAccordion);

declare global {
  interface HTMLElementTagNameMap {
    'jig-accordion': JigAccordion;
  }
}
