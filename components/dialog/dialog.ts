import { JigDialog } from './dialog.component.js';

export { JigDialog };
JigDialog.define('jig-dialog');

declare global {
  interface HTMLElementTagNameMap {
    'jig-dialog': JigDialog;
  }
}
