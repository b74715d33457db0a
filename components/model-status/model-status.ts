import { defineElement } from '../shared/define.js';
import {
  JigModelStatus,
  type JigModelErrorDetail,
  type JigModelProgressDetail,
  type JigModelReadyDetail,
} from './model-status.component.js';

export { JigModelStatus };
export type {
  JigModelReadyDetail,
  JigModelErrorDetail,
  JigModelProgressDetail,
  ModelLoader,
} from './model-status.component.js';
defineElement('jig-model-status', JigModelStatus);

declare global {
  interface HTMLElementTagNameMap {
    'jig-model-status': JigModelStatus;
  }
  interface HTMLElementEventMap {
    'jig-model-ready': CustomEvent<JigModelReadyDetail>;
    'jig-model-error': CustomEvent<JigModelErrorDetail>;
    'jig-model-progress': CustomEvent<JigModelProgressDetail>;
  }
}
