import { JigTabs } from './tabs.component.js';

export { JigTabs };
if (!customElements.get('jig-tabs')) customElements.define('jig-tabs', JigTabs);

declare global {
  interface HTMLElementTagNameMap {
    'jig-tabs': JigTabs;
  }
}
