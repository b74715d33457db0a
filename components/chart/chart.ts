import { JigChart } from './chart.component.js';

export { JigChart };
if (!customElements.get('jig-chart')) customElements.define('jig-chart', JigChart);

declare global {
  interface HTMLElementTagNameMap {
    'jig-chart': JigChart;
  }
}
