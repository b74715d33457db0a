import { JigExport } from './export.component.js';

export { JigExport };
if (!customElements.get('jig-export')) customElements.define('jig-export', JigExport);

declare global {
  interface HTMLElementTagNameMap {
    'jig-export': JigExport;
  }
}
