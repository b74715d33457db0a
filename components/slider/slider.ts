import { JigSlider } from './slider.component.js';

export { JigSlider };
if (!customElements.get('jig-slider')) customElements.define('jig-slider', JigSlider);

declare global {
  interface HTMLElementTagNameMap {
    'jig-slider': JigSlider;
  }
}
