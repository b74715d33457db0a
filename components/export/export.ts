import { defineElement } from '../shared/define.js';
import { JigExport } from './export.component.js';

export { JigExport };
defineElement('jig-export', JigExport);

declare global {
  interface HTMLElementTagNameMap {
    'jig-export': JigExport;
  }
}
