import { JigChart } from './chart.component.js';

export { JigChart };
JigChart.define('jig-chart');

declare global {
  interface HTMLElementTagNameMap {
    'jig-chart': JigChart;
  }
}
