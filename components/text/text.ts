import { JigText } from './text.component.js';

export { JigText };
if (!customElements.get('jig-text')) customElements.define('jig-text', JigText);

declare global {
  interface HTMLElementTagNameMap {
    'jig-text': JigText;
  }
}
