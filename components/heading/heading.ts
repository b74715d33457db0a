import { JigHeading } from './heading.component.js';

export { JigHeading };
JigHeading.define('jig-heading');

declare global {
  interface HTMLElementTagNameMap {
    'jig-heading': JigHeading;
  }
}
