import { JigImage } from './image.component.js';

export { JigImage };
JigImage.define('jig-image');

declare global {
  interface HTMLElementTagNameMap {
    'jig-image': JigImage;
  }
}
