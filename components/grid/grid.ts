import { JigGrid } from './grid.component.js';

export { JigGrid };
JigGrid.define('jig-grid');

declare global {
  interface HTMLElementTagNameMap {
    'jig-grid': JigGrid;
  }
}
