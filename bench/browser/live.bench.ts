// Live layouts: patching one node of a 500-node layout (gates + DOM) beside showing the patched
// document whole, and a data update to 1 of 200 repeated items beside showing the list again; same run, alternated.
import '../../src/define.js';
import type { JigSurface } from '../../src/surface/surface.component.js';
import type { LayoutDocument } from '../../src/layout/document.js';
import { makeLayout } from '../support/layouts.js';
import { alternate, pairedRow, type Row } from '../support/stats.js';

const settle = () => new Promise((r) => setTimeout(r, 0));

async function surfaceWith(doc: LayoutDocument): Promise<JigSurface> {
  const s = document.createElement('jig-surface') as JigSurface;
  document.body.append(s);
  await s.updateComplete;
  const v = await s.show(doc);
  if (!v.ok) throw new Error(`the bench layout fails its gates: ${JSON.stringify(v.issues.slice(0, 3))}`);
  return s;
}

/** A list of 200 items, each a card with a stat read through item-relative pointers. */
function repeatedList(n: number): LayoutDocument {
  return {
    version: 1,
    root: 'page',
    data: { items: Array.from({ length: n }, (_, i) => ({ name: `Item ${i}`, value: i })) },
    nodes: [
      { id: 'page', type: 'stack', children: ['row'] },
      { id: 'row', type: 'stat', repeat: '/items', props: { label: 'Value', value: { $data: 'value' } } },
    ],
  };
}

export default async function (): Promise<Row[]> {
  const RUNS = 30;
  // 1. One node of 500: patch vs showing the patched document whole.
  const doc = makeLayout(500);
  const heading = doc.nodes.findIndex((n) => n.type === 'heading');
  const patched = await surfaceWith(doc);
  const whole = await surfaceWith(doc);
  let k = 0;
  const patch = await alternate(
    async () => {
      await settle();
      const t0 = performance.now();
      const r = await patched.patch([{ op: 'replace', path: `/nodes/${heading}/props/text`, value: `Heading ${++k}` }]);
      const ms = performance.now() - t0;
      if (!r.ok) throw new Error('patch refused');
      return ms;
    },
    async () => {
      await settle();
      const next = structuredClone(doc);
      next.nodes[heading]!.props!.text = `Heading ${++k}`;
      const t0 = performance.now();
      const v = await whole.show(next);
      const ms = performance.now() - t0;
      if (!v.ok) throw new Error('show refused');
      return ms;
    },
    { runs: RUNS, warmup: 3 },
  );
  patched.remove();
  whole.remove();

  // 2. One item of 200: setData vs showing the list again with the new value.
  const list = repeatedList(200);
  const live = await surfaceWith(list);
  const again = await surfaceWith(list);
  const data = await alternate(
    async () => {
      await settle();
      const t0 = performance.now();
      const r = await live.setData('/items/57/value', ++k);
      const ms = performance.now() - t0;
      if (!r.ok) throw new Error('setData refused');
      return ms;
    },
    async () => {
      await settle();
      const next = structuredClone(list);
      (next.data!.items as { value: number }[])[57]!.value = ++k;
      const t0 = performance.now();
      const v = await again.show(next);
      const ms = performance.now() - t0;
      if (!v.ok) throw new Error('show refused');
      return ms;
    },
    { runs: RUNS, warmup: 3 },
  );
  live.remove();
  again.remove();

  return [
    pairedRow(
      `patch one node of a 500-node layout, gates + DOM (median of ${RUNS})`,
      'ms',
      patch,
      'the patched document shown whole (gates + every element)',
      {
        digits: 3,
        note: 'goal < 2 ms and ≥ 20× faster than showing the document whole (ratio ≤ 0.05); to the patch() promise, every changed element updated',
      },
    ),
    pairedRow(
      `setData on 1 of 200 repeated items (median of ${RUNS})`,
      'ms',
      data,
      'the list shown again with the new value',
      { digits: 3, note: "goal < 1 ms; to the setData() promise, the item's element updated" },
    ),
  ];
}
