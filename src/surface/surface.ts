import { defineElement } from '../../components/shared/define.js';
import { JigSurface } from './surface.component.js';

export { JigSurface };
defineElement('jig-surface', JigSurface);

declare global {
  interface HTMLElementTagNameMap {
    'jig-surface': JigSurface;
  }
}
