import { defineElement } from '../shared/define.js';
import { JigFeedback } from './feedback.component.js';

export { JigFeedback };
defineElement('jig-feedback', JigFeedback);

declare global {
  interface HTMLElementTagNameMap {
    'jig-feedback': JigFeedback;
  }
}
