import { JigTable } from './table.component.js';

export { JigTable };
JigTable.define('jig-table');

declare global {
  interface HTMLElementTagNameMap {
    'jig-table': JigTable;
  }
}
