import { JigSteps } from './steps.component.js';

export { JigSteps };
if (!customElements.get('jig-steps')) customElements.define('jig-steps', JigSteps);

declare global {
  interface HTMLElementTagNameMap {
    'jig-steps': JigSteps;
  }
}
