import { JigProgress } from './progress.component.js';

export { JigProgress };
if (!customElements.get('jig-progress')) customElements.define('jig-progress', JigProgress);

declare global {
  interface HTMLElementTagNameMap {
    'jig-progress': JigProgress;
  }
}
