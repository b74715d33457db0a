import { JigStack } from './stack.component.js';

export { JigStack };
JigStack.define('jig-stack');

declare global {
  interface HTMLElementTagNameMap {
    'jig-stack': JigStack;
  }
}
