import { JigStack } from './stack.component.js';

export { JigStack };
if (!customElements.get('jig-stack')) customElements.define('jig-stack', JigStack);

declare global {
  interface HTMLElementTagNameMap {
    'jig-stack': JigStack;
  }
}
