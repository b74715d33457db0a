import { JigSurface } from './surface.component.js';

export { JigSurface };
if (!customElements.get('jig-surface')) customElements.define('jig-surface', JigSurface);

declare global {
  interface HTMLElementTagNameMap {
    'jig-surface': JigSurface;
  }
}
