// First render of a 200-node layout by <jig-surface> (gates included), beside the same number of
// elements rendered by plain Lit with no gates and no components as the baseline.
import { html, render } from 'lit';
import '../../src/define.js';
import type { JigSurface } from '../../src/surface/surface.component.js';
import { makeLayout } from '../support/layouts.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;

async function surfaceOnce(doc: ReturnType<typeof makeLayout>): Promise<number> {
  const s = document.createElement('jig-surface') as JigSurface;
  document.body.append(s);
  await s.updateComplete;
  const t0 = performance.now();
  const done = new Promise<void>((r) => s.addEventListener('jig-render', () => r(), { once: true }));
  s.layout = doc;
  await done;
  const ms = performance.now() - t0;
  s.remove();
  return ms;
}

async function litOnce(n: number): Promise<number> {
  const host = document.createElement('div');
  document.body.append(host);
  const t0 = performance.now();
  render(html`${Array.from({ length: n }, (_, i) => html`<div class="node" data-i=${i}><span>${`Node ${i}`}</span></div>`)}`, host);
  host.getBoundingClientRect();
  const ms = performance.now() - t0;
  host.remove();
  return ms;
}

export default async function () {
  const doc = makeLayout(200);
  for (let i = 0; i < 5; i++) { await surfaceOnce(doc); await litOnce(200); } // warm up
  const ours: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < 30; i++) { ours.push(await surfaceOnce(doc)); base.push(await litOnce(200)); }
  const m = median(ours);
  const b = median(base);
  return [
    { name: 'first render, 200-node layout, gates + components (median of 30)', value: +m.toFixed(2), unit: 'ms', baseline: { name: 'plain Lit, 200 divs, no gates', value: +b.toFixed(2) }, ratio: +(m / b).toFixed(1), note: 'goal < 16 ms' },
    { name: 'first render, 200-node layout, p95 of 30', value: +p95(ours).toFixed(2), unit: 'ms' },
  ];
}
