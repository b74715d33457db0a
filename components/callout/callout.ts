import { JigCallout } from './callout.component.js';

export { JigCallout };
if (!customElements.get('jig-callout')) customElements.define('jig-callout', JigCallout);

declare global {
  interface HTMLElementTagNameMap {
    'jig-callout': JigCallout;
  }
}
