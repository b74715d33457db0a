import { JigHeading } from './heading.component.js';

export { JigHeading };
if (!customElements.get('jig-heading')) customElements.define('jig-heading', JigHeading);

declare global {
  interface HTMLElementTagNameMap {
    'jig-heading': JigHeading;
  }
}
