import { JigTabs } from './tabs.component.js';

export { JigTabs };
JigTabs.define('jig-tabs');

declare global {
  interface HTMLElementTagNameMap {
    'jig-tabs': JigTabs;
  }
}
