import { JigStep } from './step.component.js';

export { JigStep };
if (!customElements.get('jig-step')) customElements.define('jig-step', JigStep);

declare global {
  interface HTMLElementTagNameMap {
    'jig-step': JigStep;
  }
}
