// jig-chart in Chromium: one mark per value, no NaN whatever the data, an accessible summary, `$data` that follows the data.
import { expect, fixture, html } from '@open-wc/testing';
import '../../../components/index.js';
import type { JigChart } from '../../../components/index.js';
import { DataModel } from '../../../src/surface/data-model.js';
import { XSS, noInjectedMarkup, part, parts, settle } from './helpers.js';

const week = [
  { label: 'Mon', value: 3 },
  { label: 'Tue', value: 5 },
  { label: 'Wed', value: 2 },
  { label: 'Thu', value: 8 },
];

async function chart(props: Record<string, unknown>, model?: DataModel): Promise<JigChart> {
  return fixture<JigChart>(html`<jig-chart .model=${model ?? new DataModel()} .props=${props}></jig-chart>`);
}

/** The number of points a path's `d` visits (M and L commands). */
function pathPoints(d: string): number {
  return (d.match(/[ML]/g) ?? []).length;
}

describe('jig-chart', () => {
  it('draws one bar per value, taller for larger values, in the accent colour', async () => {
    const el = await chart({ kind: 'bar', series: week, title: 'Visits' });
    const bars = parts<SVGRectElement>(el, 'bar');
    expect(bars.length).to.equal(4);
    const h = bars.map((b) => Number(b.getAttribute('height')));
    expect(h[3]).to.be.greaterThan(h[1]!);
    expect(h[1]).to.be.greaterThan(h[0]!);
    el.style.setProperty('--jig-color-accent', 'rgb(1, 2, 3)');
    expect(getComputedStyle(bars[0]!).fill).to.equal('rgb(1, 2, 3)');
    expect(part(el, 'title').textContent).to.equal('Visits');
    expect(parts(el, 'axis').length).to.be.greaterThan(0);
  });

  it('draws a line through one point per value', async () => {
    const el = await chart({ kind: 'line', series: week });
    const d = part(el, 'line').getAttribute('d')!;
    expect(pathPoints(d)).to.equal(4);
    expect(parts(el, 'point').length).to.equal(4);
    expect(parts(el, 'bar').length).to.equal(0);
  });

  it('has no NaN in its markup for empty, negative, all-zero and single-value series', async () => {
    const cases = [
      [],
      [
        { label: 'a', value: -4 },
        { label: 'b', value: 6 },
        { label: 'c', value: -1 },
      ],
      [
        { label: 'a', value: 0 },
        { label: 'b', value: 0 },
      ],
      [{ label: 'only', value: 7 }],
    ];
    for (const kind of ['bar', 'line']) {
      for (const series of cases) {
        const el = await chart({ kind, series });
        const markup = el.shadowRoot!.querySelector('svg')!.outerHTML;
        expect(markup, `${kind} ${JSON.stringify(series)}`).to.not.contain('NaN');
        expect(markup).to.not.contain('Infinity');
        if (kind === 'bar') expect(parts(el, 'bar').length).to.equal(series.length);
        else if (series.length) expect(pathPoints(part(el, 'line').getAttribute('d')!)).to.equal(series.length);
      }
    }
  });

  it('draws values at the ends of the double range (±1.7e308) with finite coordinates and readable labels', async () => {
    const extremes = [
      { label: 'max', value: 1.7e308 },
      { label: 'min', value: -1.7e308 },
      { label: 'zero', value: 0 },
      { label: 'tiny', value: Number.MIN_VALUE },
    ];
    for (const kind of ['bar', 'line']) {
      const el = await chart({ kind, series: extremes });
      const svgEl = el.shadowRoot!.querySelector('svg')!;
      const markup = svgEl.outerHTML;
      expect(markup, kind).to.not.contain('NaN');
      expect(markup, kind).to.not.contain('Infinity');
      for (const node of svgEl.querySelectorAll('rect, circle, line, text')) {
        for (const attr of ['x', 'y', 'width', 'height', 'cx', 'cy', 'x1', 'x2', 'y1', 'y2']) {
          const v = node.getAttribute(attr);
          if (v !== null) expect(Number.isFinite(Number(v)), `${kind} ${node.localName} ${attr}=${v}`).to.equal(true);
        }
      }
      expect(el.shadowRoot!.textContent!.length, 'no 309-digit numbers').to.be.lessThan(400);
    }
    const bars = parts<SVGRectElement>(await chart({ kind: 'bar', series: extremes }), 'bar');
    expect(Number(bars[0]!.getAttribute('height'))).to.be.greaterThan(50);
    expect(Number(bars[1]!.getAttribute('height'))).to.be.greaterThan(50);
  });

  it('draws negative bars below the baseline and positive ones above it', async () => {
    const el = await chart({
      kind: 'bar',
      series: [
        { label: 'up', value: 5 },
        { label: 'down', value: -5 },
      ],
    });
    const base = Number(parts(el, 'axis')[1]!.getAttribute('y1'));
    const [up, down] = parts(el, 'bar');
    expect(Number(up!.getAttribute('y')) + Number(up!.getAttribute('height'))).to.be.closeTo(base, 0.2);
    expect(Number(down!.getAttribute('y'))).to.be.closeTo(base, 0.2);
    expect(Number(down!.getAttribute('height'))).to.be.greaterThan(0);
  });

  it('summarises its data in the aria-label of an img and lists every value in a hidden table', async () => {
    const el = await chart({ kind: 'bar', series: week, title: 'Visits' });
    const svg = part(el, 'svg');
    expect(svg.getAttribute('role')).to.equal('img');
    const label = svg.getAttribute('aria-label')!;
    expect(label).to.contain('Visits');
    expect(label).to.contain('4 values');
    expect(label).to.contain('Thu');
    const rows = [...part(el, 'data').querySelectorAll('tbody tr')].map((tr) => tr.textContent);
    expect(rows).to.deep.equal(['Mon3', 'Tue5', 'Wed2', 'Thu8']);
    expect(part(el, 'data').getBoundingClientRect().width).to.be.lessThan(2);
    await expect(el).to.be.accessible();
    const empty = await chart({ kind: 'line', series: [] });
    expect(part(empty, 'svg').getAttribute('aria-label')).to.contain('no data');
    await expect(empty).to.be.accessible();
  });

  it('scales to its container width through the viewBox', async () => {
    const box = await fixture(
      html`<div style="width: 300px"><jig-chart .props=${{ kind: 'bar', series: week }}></jig-chart></div>`,
    );
    const svg = part(box.firstElementChild!, 'svg');
    expect(svg.getAttribute('viewBox')).to.match(/^0 0 \d+ \d+$/);
    expect(svg.getBoundingClientRect().width).to.equal(300);
  });

  it('shows labels and title with markup as text', async () => {
    const el = await chart({ kind: 'bar', series: [{ label: XSS, value: 1 }], title: XSS });
    expect(part(el, 'title').textContent).to.equal(XSS);
    expect(part(el, 'data').querySelector('td')!.textContent).to.equal(XSS);
    expect(noInjectedMarkup(el)).to.equal(true);
  });

  it('reads a $data series and redraws when the data changes', async () => {
    const model = new DataModel({ sales: week.slice(0, 2) });
    const el = await chart({ kind: 'bar', series: { $data: '/sales' } }, model);
    expect(parts(el, 'bar').length).to.equal(2);
    model.set('/sales', week);
    await settle(el);
    expect(parts(el, 'bar').length).to.equal(4);
    model.set('/sales', [{ label: 'odd', value: 'not a number' }]);
    await settle(el);
    expect(el.shadowRoot!.querySelector('svg')!.outerHTML).to.not.contain('NaN');
  });
});
