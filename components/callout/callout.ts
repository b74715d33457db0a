import { JigCallout } from './callout.component.js';

export { JigCallout };
JigCallout.define('jig-callout');

declare global {
  interface HTMLElementTagNameMap {
    'jig-callout': JigCallout;
  }
}
