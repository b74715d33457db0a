import { JigImage } from './image.component.js';

export { JigImage };
if (!customElements.get('jig-image')) customElements.define('jig-image', JigImage);

declare global {
  interface HTMLElementTagNameMap {
    'jig-image': JigImage;
  }
}
