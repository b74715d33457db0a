// Realistic layout documents of a given size for the benchmarks: a dashboard of cards, each
// with headings, stats, text, a form with fields and a table, all bound to one data model.
import type { LayoutDocument, LayoutNode } from '../../src/layout/document.js';

export function makeLayout(targetNodes: number): LayoutDocument {
  const nodes: LayoutNode[] = [{ id: 'root', type: 'stack', props: { gap: 'm' }, children: [] }];
  const data: Record<string, unknown> = {
    guest: {},
    stats: {},
    rows: [
      { name: 'Ada', visits: 3 },
      { name: 'Grace', visits: 5 },
    ],
  };
  let card = 0;
  while (nodes.length < targetNodes) {
    card++;
    const c = `card${card}`;
    const kids: string[] = [];
    nodes[0]!.children!.push(c);
    nodes.push({
      id: c,
      type: 'card',
      props: { title: `Section ${card}`, subtitle: 'Generated for the benchmark' },
      children: kids,
    });
    const add = (n: LayoutNode) => {
      if (nodes.length < targetNodes) {
        nodes.push(n);
        kids.push(n.id);
      }
    };
    add({ id: `${c}h`, type: 'heading', props: { text: `Heading ${card}`, level: 2 } });
    (data.stats as Record<string, number>)[c] = card * 10;
    add({ id: `${c}s`, type: 'stat', props: { label: 'Bookings', value: { $data: `/stats/${c}` }, delta: '+4%' } });
    add({
      id: `${c}t`,
      type: 'text',
      props: { text: 'Plain text with <b>markup</b> that stays text.', tone: 'muted' },
    });
    add({ id: `${c}l`, type: 'link', props: { href: `https://example.com/${card}`, text: 'Details' } });
    if (nodes.length + 3 <= targetNodes) {
      const f = `${c}f`;
      (data.guest as Record<string, unknown>)[c] = '';
      nodes.push({ id: f, type: 'form', props: { action: 'save', submitLabel: 'Save' }, children: [`${c}n`, `${c}q`] });
      kids.push(f);
      nodes.push({ id: `${c}n`, type: 'text-field', props: { label: 'Name', bind: `/guest/${c}`, required: true } });
      nodes.push({
        id: `${c}q`,
        type: 'number-field',
        props: { label: 'Guests', bind: `/guest/${c}q`, min: 1, max: 12 },
      });
    }
    add({
      id: `${c}tb`,
      type: 'table',
      props: {
        columns: [
          { key: 'name', label: 'Name' },
          { key: 'visits', label: 'Visits' },
        ],
        rows: { $data: '/rows' },
      },
    });
  }
  return { version: 1, title: `${targetNodes} nodes`, root: 'root', data, nodes };
}
