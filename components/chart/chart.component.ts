import { html, nothing, svg } from 'lit';
import type { ChartProps } from '../../src/catalog/builtin.js';
import { JigElement } from '../shared/jig-element.js';
import { srOnlyStyles } from '../shared/theme.styles.js';
import { chartStyles } from './chart.styles.js';

interface Point {
  label: string;
  value: number;
}

// Drawing space; the SVG scales to its container through the viewBox.
const W = 420,
  H = 220,
  TOP = 22,
  BOTTOM = H - 26,
  LEFT = 40,
  RIGHT = W - 8;
const plain = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const scientific = new Intl.NumberFormat(undefined, { notation: 'scientific', maximumFractionDigits: 2 });
const compactFmt = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });
/** Past a trillion, digits stop being readable (1.7e308 has 309 of them): write the exponent. */
const HUGE = 1e15;
const fmt = { format: (v: number) => (Math.abs(v) >= HUGE ? scientific : plain).format(v) };
const compact = { format: (v: number) => (Math.abs(v) >= HUGE ? scientific : compactFmt).format(v) };
/** One decimal is plenty in a 480-wide drawing and keeps the markup short. */
const r1 = (x: number) => Math.round(x * 10) / 10;

/** The series as finite numbers, whatever the data holds: anything odd reads as 0, never NaN. */
function points(series: unknown): Point[] {
  if (!Array.isArray(series)) return [];
  return series
    .filter((s): s is Record<string, unknown> => s !== null && typeof s === 'object')
    .map((s) => {
      const v = typeof s.value === 'number' ? s.value : Number(s.value);
      return { label: s.label == null ? '' : String(s.label), value: Number.isFinite(v) ? v : 0 };
    });
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, Math.max(1, max - 1))}…` : text;
}

/**
 * @summary A bar or line chart of labelled values, drawn as SVG; `series` may be `{"$data": "/pointer"}` and follows the data.
 * Screen readers get a summary (`role="img"` with `aria-label`) and a visually hidden table of every value.
 * @csspart base - The `<figure>`. @csspart title - The caption. @csspart svg - The drawing.
 * @csspart bar - Each bar. @csspart line - The line. @csspart point - Each point of the line.
 * @csspart axis - Axis lines. @csspart label - Axis and value labels. @csspart data - The visually hidden box holding the data table.
 * @cssproperty --jig-color-accent - Bars and line. @cssproperty --jig-color-muted - Labels. @cssproperty --jig-color-border - Axes.
 */
export class JigChart extends JigElement<ChartProps> {
  static override styles = [...JigElement.styles, srOnlyStyles, chartStyles];

  private summary(data: Point[]): string {
    const { kind, title } = this.props;
    const what = `${title ? `${title}, ` : ''}${kind === 'line' ? 'line' : 'bar'} chart`;
    if (data.length === 0) return `${what}: no data`;
    let hi = data[0]!,
      lo = data[0]!;
    for (const p of data) {
      if (p.value > hi.value) hi = p;
      if (p.value < lo.value) lo = p;
    }
    return `${what} of ${data.length} value${data.length === 1 ? '' : 's'}. Highest: ${hi.label} ${fmt.format(hi.value)}. Lowest: ${lo.label} ${fmt.format(lo.value)}.`;
  }

  private draw(data: Point[]) {
    const n = data.length;
    let max = 0,
      min = 0;
    for (const p of data) {
      max = Math.max(max, p.value);
      min = Math.min(min, p.value);
    }
    if (max === min) max = 1; // all zero (or empty): keep the baseline at the bottom
    const showValues = n <= 24;
    // Labels under negative values need room above the x labels.
    const bottom = showValues && min < 0 ? BOTTOM - 14 : BOTTOM;
    // Halves, because max - min overflows to Infinity for values near ±1.7e308 (and NaN follows);
    // half of any two finite doubles subtracts to a finite span.
    const span = max / 2 - min / 2;
    const y = (v: number) => r1(TOP + ((max / 2 - v / 2) / span) * (bottom - TOP));
    const y0 = y(0);
    const band = (RIGHT - LEFT) / Math.max(n, 1);
    const x = (i: number) => r1(LEFT + band * (i + 0.5));
    const every = Math.ceil(n / 12); // x labels that fit side by side
    const chars = Math.max(3, Math.floor((band * every) / 7));
    const ticks = [...new Set([max, 0, min])];

    const axes = svg`
      <line part="axis" class="axis" x1=${LEFT} x2=${LEFT} y1=${TOP} y2=${BOTTOM}></line>
      <line part="axis" class="axis baseline" x1=${LEFT} x2=${RIGHT} y1=${y0} y2=${y0}></line>
      ${ticks.map((t) => svg`<text part="label" class="label tick" x=${LEFT - 6} y=${y(t) + 4} text-anchor="end">${n ? compact.format(t) : ''}</text>`)}
      ${data.map((p, i) => (i % every === 0 ? svg`<text part="label" class="label" x=${x(i)} y=${H - 8} text-anchor="middle">${clip(p.label, chars)}</text>` : nothing))}`;

    const valueLabel = (p: Point, i: number) =>
      showValues
        ? svg`<text part="label" class="label value" x=${x(i)} y=${p.value < 0 ? y(p.value) + 13 : y(p.value) - 5} text-anchor="middle">${fmt.format(p.value)}</text>`
        : nothing;

    if (n === 0)
      return svg`${axes}<text part="label" class="label" x=${(LEFT + RIGHT) / 2} y=${(TOP + BOTTOM) / 2} text-anchor="middle">No data</text>`;

    if (this.props.kind === 'line') {
      const d = data.map((p, i) => `${i ? 'L' : 'M'}${x(i)} ${y(p.value)}`).join(' ');
      return svg`${axes}<path part="line" class="line" d=${d}></path>
        ${data.map((p, i) => svg`<circle part="point" class="point" cx=${x(i)} cy=${y(p.value)} r="3.5"></circle>${valueLabel(p, i)}`)}`;
    }
    const w = r1(Math.max(1, band * 0.64));
    return svg`${axes}${data.map((p, i) => {
      const top = Math.min(y(p.value), y0);
      return svg`<rect part="bar" class="bar" x=${r1(x(i) - w / 2)} y=${top} width=${w} height=${r1(Math.abs(y(p.value) - y0))} rx="2"></rect>${valueLabel(p, i)}`;
    })}`;
  }

  override render() {
    const data = points(this.resolve(this.props.series));
    const { title } = this.props;
    return html`<figure part="base">
      ${title ? html`<figcaption part="title" aria-hidden="true">${title}</figcaption>` : nothing}
      <svg part="svg" viewBox="0 0 ${W} ${H}" role="img" aria-label=${this.summary(data)} data-kind=${this.props.kind}>${this.draw(data)}</svg>
      <div part="data" class="sr-only"><table>
        <thead><tr><th scope="col">Label</th><th scope="col">Value</th></tr></thead>
        <tbody>${data.map((p) => html`<tr><td>${p.label}</td><td>${fmt.format(p.value)}</td></tr>`)}</tbody>
      </table></div>
    </figure>`;
  }
}
