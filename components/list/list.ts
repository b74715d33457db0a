import { JigList } from './list.component.js';

export { JigList };
if (!customElements.get('jig-list')) customElements.define('jig-list', JigList);

declare global {
  interface HTMLElementTagNameMap {
    'jig-list': JigList;
  }
}
