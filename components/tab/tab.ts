import { JigTab } from './tab.component.js';

export { JigTab };
JigTab.define('jig-tab');

declare global {
  interface HTMLElementTagNameMap {
    'jig-tab': JigTab;
  }
}
