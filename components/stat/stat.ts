import { JigStat } from './stat.component.js';

export { JigStat };
if (!customElements.get('jig-stat')) customElements.define('jig-stat', JigStat);

declare global {
  interface HTMLElementTagNameMap {
    'jig-stat': JigStat;
  }
}
