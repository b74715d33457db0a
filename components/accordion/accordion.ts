import { JigAccordion } from './accordion.component.js';

export { JigAccordion };
JigAccordion.define('jig-accordion');

declare global {
  interface HTMLElementTagNameMap {
    'jig-accordion': JigAccordion;
  }
}
