import { html } from 'lit';
import type { StatProps } from '../../src/catalog/builtin.js';
import { JigElement } from '../shared/jig-element.js';
import { statStyles } from './stat.styles.js';

// Made once: toLocaleString with options builds a new formatter on every call.
const grouped = new Intl.NumberFormat(undefined, { useGrouping: true, maximumFractionDigits: 2 });
const plain = new Intl.NumberFormat(undefined, { useGrouping: false, maximumFractionDigits: 2 });

/** Groups digits of large figures only, so a year such as 2026 reads as written. */
function formatFigure(v: unknown): string {
  if (typeof v === 'number') return Number.isFinite(v) ? (Math.abs(v) >= 10000 ? grouped : plain).format(v) : '';
  return v == null ? '' : String(v);
}

/**
 * @summary A key figure with its label and an optional change; `value` may be `{"$data": "/pointer"}`.
 * @csspart base - The box. @csspart label - The label. @csspart value - The figure.
 * @csspart delta - The change, marked `data-trend="up"`, `"down"` or `"flat"`.
 * @cssproperty --jig-color-success - Colour of a rise. @cssproperty --jig-color-danger - Colour of a fall.
 */
export class JigStat extends JigElement<StatProps> {
  static override styles = [...JigElement.styles, statStyles];

  override render() {
    const { label, delta } = this.props;
    const d = delta?.trim() ?? '';
    const trend = /^\+/.test(d) ? 'up' : /^[-\u2212]/.test(d) ? 'down' : 'flat';
    const value = formatFigure(this.resolve(this.props.value));
    // One template with or without the delta, texts as textContent, no whitespace between tags: fewer
    // templates and nodes to clone on a first update.
    return d
      ? html`<div part="base" class="stat"><div part="label" class="label" .textContent=${label}></div><div part="value" class="value" .textContent=${value}></div><div part="delta" class="delta" data-trend=${trend} .textContent=${d}></div></div>`
      : html`<div part="base" class="stat"><div part="label" class="label" .textContent=${label}></div><div part="value" class="value" .textContent=${value}></div></div>`;
  }
}
