import { JigText } from './text.component.js';

export { JigText };
JigText.define('jig-text');

declare global {
  interface HTMLElementTagNameMap {
    'jig-text': JigText;
  }
}
