import { JigLink } from './link.component.js';

export { JigLink };
JigLink.define('jig-link');

declare global {
  interface HTMLElementTagNameMap {
    'jig-link': JigLink;
  }
}
