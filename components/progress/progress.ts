import { JigProgress } from './progress.component.js';

export { JigProgress };
JigProgress.define('jig-progress');

declare global {
  interface HTMLElementTagNameMap {
    'jig-progress': JigProgress;
  }
}
