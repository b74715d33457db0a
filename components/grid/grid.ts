import { JigGrid } from './grid.component.js';

export { JigGrid };
if (!customElements.get('jig-grid')) customElements.define('jig-grid', JigGrid);

declare global {
  interface HTMLElementTagNameMap {
    'jig-grid': JigGrid;
  }
}
