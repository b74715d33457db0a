import { html } from 'lit';
import type { GridProps } from '../../src/catalog/builtin.js';
import { JigElement } from '../shared/jig-element.js';
import { gridStyles } from './grid.styles.js';

/**
 * @summary Equal columns (1–6) that collapse to one column when the grid is narrower than about 480px.
 * Without `columns`, as many columns of at least 12rem as fit.
 * @slot - The children, one per cell.
 * @csspart base - The grid container.
 * @cssproperty --jig-space-s - Small gap. @cssproperty --jig-space-m - Default gap. @cssproperty --jig-space-l - Large gap.
 */
export class JigGrid extends JigElement<GridProps> {
  static override styles = [...JigElement.styles, gridStyles];

  override render() {
    const { columns, gap = 'm' } = this.props;
    const n = typeof columns === 'number' ? Math.min(6, Math.max(1, Math.round(columns))) : 'auto';
    return html`<div part="base" class="grid" data-columns=${n} data-gap=${gap}><slot></slot></div>`;
  }
}
