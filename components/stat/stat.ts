import { JigStat } from './stat.component.js';

export { JigStat };
JigStat.define('jig-stat');

declare global {
  interface HTMLElementTagNameMap {
    'jig-stat': JigStat;
  }
}
