import { JigTab } from './tab.component.js';

export { JigTab };
if (!customElements.get('jig-tab')) customElements.define('jig-tab', JigTab);

declare global {
  interface HTMLElementTagNameMap {
    'jig-tab': JigTab;
  }
}
