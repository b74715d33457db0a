// surface.refine(intent) in Chromium: the premium station answers a patch to the layout on screen, the line
// gates it with the site's gates, the surface applies it with patch() (gated again), untouched elements stay,
// and <jig-trace> shows the patch step. A hostile patch is refused and the page keeps its layout.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../../src/define.js';
import '../../../components/trace/trace.js';
import type { JigTrace } from '../../../components/trace/trace.component.js';
import type { JigSurface } from '../../../src/surface/surface.component.js';
import { createLine } from '../../../src/line/index.js';
import { randomHex } from '../../../src/events/event.js';
import type { LayoutDocument } from '../../../src/layout/document.js';
import { config, premiumState, resetPremium } from './fixtures.js';

const page: LayoutDocument = {
  version: 1,
  title: 'Shop today',
  root: 'page',
  data: { daily: [{ label: 'Mon', value: 3 }], weekly: [{ label: 'Week 1', value: 21 }], note: '' },
  nodes: [
    { id: 'page', type: 'stack', children: ['title', 'note', 'chart'] },
    { id: 'title', type: 'heading', props: { text: 'Shop today', level: 2 } },
    { id: 'note', type: 'text-field', props: { label: 'Note', bind: '/note' } },
    { id: 'chart', type: 'chart', props: { kind: 'bar', title: 'Revenue per day', series: { $data: '/daily' } } },
  ],
};
const weekly = [
  { op: 'replace', path: '/nodes/3/props/series', value: { $data: '/weekly' } },
  { op: 'replace', path: '/nodes/3/props/title', value: 'Revenue per week' },
];
const hostile = [
  {
    op: 'add',
    path: '/nodes/-',
    value: { id: 'help', type: 'link', props: { text: 'Help', href: 'javascript:alert(1)' } },
  },
  { op: 'add', path: '/nodes/0/children/-', value: 'help' },
];

let bucket = '';
const el = (s: JigSurface, id: string) => s.querySelector(`[node-id="${id}"]`);

async function shown(): Promise<JigSurface> {
  const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
  s.line = createLine(config(bucket));
  s.layout = page;
  await s.updateComplete;
  expect(el(s, 'chart')).to.exist;
  return s;
}

describe('surface.refine', () => {
  beforeEach(async () => {
    bucket = `r${randomHex(8)}`;
  });

  it('applies a gated patch from the premium station, keeping untouched elements and what is typed', async () => {
    await resetPremium(bucket, { ops: weekly });
    const s = await shown();
    const title = el(s, 'title');
    const note = el(s, 'note')!;
    const input = note.shadowRoot?.querySelector('input') ?? note.querySelector('input');
    expect(input, 'the note field has an input').to.exist;
    input!.focus();
    input!.value = 'half typed';
    input!.dispatchEvent(new Event('input', { bubbles: true, composed: true }));

    const patched = oneEvent(s, 'jig-patch');
    const r = await s.refine('make the chart weekly');
    expect(r.ok, JSON.stringify(r)).to.equal(true);
    expect(r.ops).to.deep.equal(weekly);
    expect((await patched).detail.ops).to.deep.equal(weekly);
    const chart = s.layout!.nodes.find((n) => n.id === 'chart')!;
    expect(chart.props).to.deep.include({ title: 'Revenue per week', series: { $data: '/weekly' } });
    // The same elements, the same text being typed (now in the data too).
    expect(el(s, 'title')).to.equal(title);
    expect(el(s, 'note')).to.equal(note);
    expect(input!.value).to.equal('half typed');
    expect(s.data?.note).to.equal('half typed');

    // The server was sent the layout on screen with its live data, as a patch request.
    const { bodies } = await premiumState(bucket);
    expect(bodies.at(-1)!.mode).to.equal('patch');
    expect(bodies.at(-1)!.intent).to.equal('make the chart weekly');
    expect(bodies.at(-1)!.layout.data.note).to.equal('half typed');

    // The trace has one patch step: station, ops count and cost; <jig-trace> reads it out.
    const step = r.trace!.steps.find((x) => x.kind === 'patch');
    expect(step).to.deep.include({ kind: 'patch', station: 'premium', ops: 2, ok: true });
    expect(r.trace!.costUsd).to.be.closeTo((1200 * 2.5 + 300 * 10) / 1e6, 1e-9);
    const t = await fixture<JigTrace>(html`<jig-trace .trace=${r.trace}></jig-trace>`);
    const text = t.shadowRoot!.textContent!.replace(/\s+/g, ' ');
    expect(text).to.contain('patch · standin-premium: 2 ops, passed every gate').and.to.contain('patched by premium');
    await expect(t).to.be.accessible();
  });

  it('refuses a hostile patch the server let through: nothing changes and jig-invalid points into the patch', async () => {
    await resetPremium(bucket, { ops: hostile });
    const s = await shown();
    const before = JSON.stringify(s.layout);
    const chart = el(s, 'chart');
    const invalid = oneEvent(s, 'jig-invalid');
    const r = await s.refine('add a help link');
    expect(r.ok).to.equal(false);
    const { detail } = await invalid;
    expect(
      detail.issues.some(
        (i: { code: string; path: string }) => i.code === 'unsafe_url' && i.path.startsWith('/ops/0/value'),
      ),
    ).to.equal(true, JSON.stringify(detail.issues));
    expect(JSON.stringify(s.layout)).to.equal(before);
    expect(el(s, 'chart')).to.equal(chart);
    expect(s.querySelector('a[href^="javascript"]')).to.equal(null);
    const step = r.trace!.steps.find((x) => x.kind === 'patch');
    expect(step).to.deep.include({ kind: 'patch', ok: false, ops: 2 });
    const t = await fixture<JigTrace>(html`<jig-trace .trace=${r.trace}></jig-trace>`);
    expect(t.shadowRoot!.textContent!.replace(/\s+/g, ' '))
      .to.contain('2 ops refused')
      .and.to.contain('nothing changed');
  });

  it('says why when the server cannot refine, without refusing anything on the page', async () => {
    await resetPremium(bucket, { mode: 'down' });
    const s = await shown();
    let invalid = 0;
    s.addEventListener('jig-invalid', () => invalid++);
    const r = await s.refine('make the chart weekly');
    expect(r).to.deep.include({ ok: false, reason: 'no_upstream' });
    expect(invalid).to.equal(0);
    expect(s.layout!.nodes.find((n) => n.id === 'chart')!.props!.title).to.equal('Revenue per day');
  });
});
