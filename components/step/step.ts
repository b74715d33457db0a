import { JigStep } from './step.component.js';

export { JigStep };
JigStep.define('jig-step');

declare global {
  interface HTMLElementTagNameMap {
    'jig-step': JigStep;
  }
}
