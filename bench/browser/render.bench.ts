// First render of a 200-node layout by <jig-surface> (gates included), beside the same number of
// elements rendered by plain Lit with no gates and no components as the baseline, run alternately.
import { html, render } from 'lit';
import '../../src/define.js';
import type { JigSurface } from '../../src/surface/surface.component.js';
import { makeLayout } from '../support/layouts.js';
import { alternate, pairedRow, quantileOf, type Row } from '../support/stats.js';

/** Layout set → `jig-render` (gates, templates, every component updated); `withLayout` adds style and layout. */
async function surfaceOnce(doc: ReturnType<typeof makeLayout>, withLayout: boolean): Promise<number> {
  const s = document.createElement('jig-surface') as JigSurface;
  document.body.append(s);
  await s.updateComplete;
  const t0 = performance.now();
  const done = new Promise<void>((r) => s.addEventListener('jig-render', () => r(), { once: true }));
  s.layout = doc;
  await done;
  if (withLayout) s.getBoundingClientRect();
  const ms = performance.now() - t0;
  s.remove();
  // The removal's own style and layout are paid here, not by the run measured next.
  document.body.getBoundingClientRect();
  return ms;
}

async function litOnce(n: number): Promise<number> {
  const host = document.createElement('div');
  document.body.append(host);
  const t0 = performance.now();
  render(
    html`${Array.from({ length: n }, (_, i) => html`<div class="node" data-i=${i}><span>${`Node ${i}`}</span></div>`)}`,
    host,
  );
  host.getBoundingClientRect();
  const ms = performance.now() - t0;
  host.remove();
  document.body.getBoundingClientRect();
  return ms;
}

const settle = () => new Promise((r) => setTimeout(r, 0));
const WARMUP = 20;

export default async function (): Promise<Row[]> {
  const doc = makeLayout(200);
  const RUNS = 30;
  // Warm both sides first, each way they are measured: whichever group ran first used to pay the
  // engine's warm-up (both sides about twice as slow as in the second group), which flattered the ratio.
  for (let i = 0; i < WARMUP; i++) {
    await settle();
    await surfaceOnce(doc, false);
    await settle();
    await surfaceOnce(doc, true);
    await settle();
    await litOnce(200);
  }
  const first = await alternate(
    async () => {
      await settle();
      return surfaceOnce(doc, false);
    },
    async () => {
      await settle();
      return litOnce(200);
    },
    { runs: RUNS, warmup: 2 },
  );
  const laid = await alternate(
    async () => {
      await settle();
      return surfaceOnce(doc, true);
    },
    async () => {
      await settle();
      return litOnce(200);
    },
    { runs: RUNS, warmup: 2 },
  );
  return [
    pairedRow(
      `first render, 200-node layout, gates + components (median of ${RUNS})`,
      'ms',
      first,
      'plain Lit, 200 divs, no gates, with layout',
      { note: 'goal < 8 ms and ≤ 2× plain Lit; to the jig-render event' },
    ),
    {
      name: `first render, 200-node layout, p95 of ${RUNS}`,
      value: +quantileOf(first.as, 0.95).toFixed(2),
      unit: 'ms',
    },
    pairedRow(
      `first render, 200-node layout, to style and layout done (median of ${RUNS})`,
      'ms',
      laid,
      'plain Lit, 200 divs, with layout',
      { note: 'jig-render, then getBoundingClientRect(): what a visitor waits for' },
    ),
  ];
}
