import { JigList } from './list.component.js';

export { JigList };
JigList.define('jig-list');

declare global {
  interface HTMLElementTagNameMap {
    'jig-list': JigList;
  }
}
