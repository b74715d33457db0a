import { JigDialog } from './dialog.component.js';

export { JigDialog };
if (!customElements.get('jig-dialog')) customElements.define('jig-dialog', JigDialog);

declare global {
  interface HTMLElementTagNameMap {
    'jig-dialog': JigDialog;
  }
}
