import { JigFeedback } from './feedback.component.js';

export { JigFeedback };
if (!customElements.get('jig-feedback')) customElements.define('jig-feedback', JigFeedback);

declare global {
  interface HTMLElementTagNameMap {
    'jig-feedback': JigFeedback;
  }
}
