import { JigLink } from './link.component.js';

export { JigLink };
if (!customElements.get('jig-link')) customElements.define('jig-link', JigLink);

declare global {
  interface HTMLElementTagNameMap {
    'jig-link': JigLink;
  }
}
