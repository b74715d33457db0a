import { JigSlider } from './slider.component.js';

export { JigSlider };
JigSlider.define('jig-slider');

declare global {
  interface HTMLElementTagNameMap {
    'jig-slider': JigSlider;
  }
}
