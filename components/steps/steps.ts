import { JigSteps } from './steps.component.js';

export { JigSteps };
JigSteps.define('jig-steps');

declare global {
  interface HTMLElementTagNameMap {
    'jig-steps': JigSteps;
  }
}
