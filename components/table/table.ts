import { JigTable } from './table.component.js';

export { JigTable };
if (!customElements.get('jig-table')) customElements.define('jig-table', JigTable);

declare global {
  interface HTMLElementTagNameMap {
    'jig-table': JigTable;
  }
}
