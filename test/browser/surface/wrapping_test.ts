// Long unbroken strings never push the page sideways: at 360 px every text-bearing component
// wraps, whatever it shows (a literal or a value from data), and no element leaves the surface.
import { expect, fixture, html } from '@open-wc/testing';
import '../../../src/define.js';
import type { JigSurface } from '../../../src/surface/surface.component.js';
import type { LayoutDocument } from '../../../src/layout/document.js';

// Each string as long as its prop allows: a run of wide letters with no place to break.
const W = (n: number) => 'W'.repeat(n);
const L = W(200);
const doc: LayoutDocument = {
  version: 1,
  title: 'Wide',
  root: 'page',
  data: { v: W(200) },
  nodes: [
    {
      id: 'page',
      type: 'stack',
      children: [
        'h',
        't',
        'st',
        'st2',
        'card',
        'callout',
        'chart',
        'list',
        'badge',
        'button',
        'link',
        'table',
        'tabs',
        'steps',
        'form',
        'grid',
        'dlg',
        'acc',
        'rg',
        'sw',
        'sl',
        'pr',
        'av',
      ],
    },
    { id: 'h', type: 'heading', props: { text: L, level: 1 } },
    { id: 't', type: 'text', props: { text: L } },
    { id: 'st', type: 'stat', props: { label: W(120), value: W(200), delta: W(40) } },
    { id: 'st2', type: 'stat', props: { label: 'From data', value: { $data: '/v' } } },
    { id: 'card', type: 'card', props: { title: W(200), subtitle: W(200) }, children: ['cardtext'] },
    { id: 'cardtext', type: 'text', props: { text: L } },
    { id: 'callout', type: 'callout', props: { title: W(120), text: L } },
    {
      id: 'chart',
      type: 'chart',
      props: {
        kind: 'bar',
        title: W(120),
        series: [
          { label: W(60), value: 3 },
          { label: 'b', value: 5 },
        ],
      },
    },
    { id: 'list', type: 'list', props: { items: [L, 'short'] } },
    { id: 'badge', type: 'badge', props: { text: W(40) } },
    { id: 'button', type: 'button', props: { label: W(60), action: 'go' } },
    { id: 'link', type: 'link', props: { href: '/' + L, text: L } },
    {
      id: 'table',
      type: 'table',
      props: {
        columns: [
          { key: 'a', label: W(80) },
          { key: 'b', label: 'B' },
        ],
        rows: [{ a: L, b: L }],
      },
    },
    { id: 'tabs', type: 'tabs', children: ['tab1', 'tab2'] },
    { id: 'tab1', type: 'tab', props: { label: W(60) }, children: ['tabtext'] },
    { id: 'tabtext', type: 'text', props: { text: L } },
    { id: 'tab2', type: 'tab', props: { label: 'Two' } },
    { id: 'steps', type: 'steps', children: ['step1'] },
    { id: 'step1', type: 'step', props: { title: W(80) }, children: ['steptext'] },
    { id: 'steptext', type: 'text', props: { text: L } },
    {
      id: 'form',
      type: 'form',
      props: { action: 'go', submitLabel: W(60) },
      children: ['tf', 'nf', 'sel', 'cb', 'df'],
    },
    { id: 'tf', type: 'text-field', props: { label: W(120), bind: '/v', placeholder: W(120) } },
    { id: 'nf', type: 'number-field', props: { label: W(120), bind: '/n' } },
    { id: 'sel', type: 'select', props: { label: W(120), bind: '/s', options: [{ value: 'a', label: W(120) }] } },
    { id: 'cb', type: 'checkbox', props: { label: W(120), bind: '/c' } },
    { id: 'df', type: 'date-field', props: { label: W(120), bind: '/d' } },
    { id: 'grid', type: 'grid', props: { columns: 3 }, children: ['g1', 'g2', 'g3'] },
    { id: 'g1', type: 'badge', props: { text: W(40) } },
    { id: 'g2', type: 'heading', props: { text: L, level: 3 } },
    { id: 'g3', type: 'stat', props: { label: W(120), value: 12 } },
    { id: 'dlg', type: 'dialog', props: { trigger: W(60), title: W(120) }, children: ['dlgtext'] },
    { id: 'dlgtext', type: 'text', props: { text: L } },
    { id: 'acc', type: 'accordion', props: { title: W(120), open: true }, children: ['acctext'] },
    { id: 'acctext', type: 'text', props: { text: L } },
    {
      id: 'rg',
      type: 'radio-group',
      props: { label: W(120), bind: '/r', options: [{ value: 'a', label: W(120) }], direction: 'row' },
    },
    { id: 'sw', type: 'switch', props: { label: W(120), bind: '/b' } },
    { id: 'sl', type: 'slider', props: { label: W(120), bind: '/n2' } },
    { id: 'pr', type: 'progress', props: { label: W(120), value: 40 } },
    { id: 'av', type: 'avatar', props: { name: W(120) } },
  ],
};

/** Every element in the composed tree under `root` that draws a box, with where it came from. */
function boxes(root: Element): { el: Element; where: string }[] {
  const out: { el: Element; where: string }[] = [];
  const walk = (el: Element, where: string) => {
    const style = getComputedStyle(el);
    if (style.display === 'none') return;
    // Visually hidden text for screen readers is clipped to nothing on purpose.
    if (style.clipPath !== 'none' && style.clipPath !== '') return;
    out.push({ el, where });
    const node = el.getAttribute('node-id');
    const here = node ? `${where} > ${node}` : where;
    // An SVG drawing that clips its overflow is measured as a whole: its text cannot leave it.
    if (el.localName === 'svg' && style.overflow !== 'visible') return;
    for (const kid of el.children) walk(kid, here);
    if (el.shadowRoot) for (const kid of el.shadowRoot.children) walk(kid, here);
  };
  walk(root, '');
  return out;
}

describe('long unbroken strings at 360 px', () => {
  it('wrap in every text-bearing component: no element is wider than the surface', async () => {
    const wrap = await fixture<HTMLDivElement>(html`<div style="width: 360px"><jig-surface></jig-surface></div>`);
    const s = wrap.querySelector('jig-surface') as JigSurface;
    const v = await s.show(doc);
    expect(v.ok, JSON.stringify(!v.ok && v.issues)).to.equal(true);
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const edge = s.getBoundingClientRect();
    expect(edge.width).to.equal(360);
    const wide: string[] = [];
    for (const { el, where } of boxes(s)) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.left < edge.left - 1 || r.right > edge.right + 1)
        wide.push(
          `${where} <${el.localName}${el.getAttribute('class') ? '.' + el.getAttribute('class')!.split(' ')[0] : ''}> ${Math.round(r.left - edge.left)}..${Math.round(r.right - edge.left)}`,
        );
      // A scroll box inside the surface hides what overflows it; the text must wrap instead.
      // (A text input scrolls its own value: that is how inputs work.)
      if (
        !['input', 'textarea', 'select'].includes(el.localName) &&
        el.scrollWidth > el.clientWidth + 1 &&
        getComputedStyle(el).overflowX !== 'visible'
      )
        wide.push(`${where} <${el.localName}> scrolls sideways (${el.scrollWidth} > ${el.clientWidth})`);
    }
    expect(wide, wide.join('\n')).to.deep.equal([]);
    expect(s.scrollWidth).to.be.at.most(360);
    // The check sees what it should: every node of the layout was measured.
    const measured = new Set(
      boxes(s)
        .map(({ el }) => el.getAttribute('node-id'))
        .filter(Boolean),
    );
    const hidden = new Set(['dlgtext', 'tab2', 'tabtext']);
    expect(doc.nodes.map((n) => n.id).filter((id) => !measured.has(id) && !hidden.has(id))).to.deep.equal([]);
  });
});
