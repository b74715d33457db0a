// The analytics page: the live event stream, counts by type, feedback by station and model as
// small SVG charts, and the export buttons — all read from this browser's IndexedDB event store.
import '../../components/export/export.js';
import '../../components/feedback/feedback.js';
import { createEventLog, type EventLog } from '../../src/events/log.js';
import { openEventStore, type EventStore } from '../../src/events/store.js';
import { randomHex, type JigEvent } from '../../src/events/event.js';
import type { Aggregates, Rating } from '../../src/events/aggregates.js';

const SVG = 'http://www.w3.org/2000/svg';
const STREAM_MAX = 60;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...kids: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...kids);
  return e;
}

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}, ...kids: (Node | string)[]): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  e.append(...kids);
  return e;
}

/** Horizontal bars, one per key; `parts` stacks up to two values (e.g. up and down ratings). */
function barChart(title: string, rows: { label: string; parts: number[] }[], colors: string[]): SVGSVGElement {
  const rowH = 22, labelW = 150, barW = 220, w = labelW + barW + 60;
  const h = Math.max(1, rows.length) * rowH + 8;
  const max = Math.max(1, ...rows.map((r) => r.parts.reduce((a, b) => a + b, 0)));
  const chart = svg('svg', { viewBox: `0 0 ${w} ${h}`, width: w, height: h, role: 'img', 'aria-label': title }, svg('title', {}, title));
  if (!rows.length) chart.append(svg('text', { x: 0, y: 16, 'font-size': 12, fill: 'currentColor' }, 'No data yet'));
  rows.forEach((r, i) => {
    const y = 4 + i * rowH;
    chart.append(svg('text', { x: labelW - 6, y: y + 14, 'text-anchor': 'end', 'font-size': 12, fill: 'currentColor' }, r.label.length > 22 ? `${r.label.slice(0, 21)}…` : r.label));
    let x = labelW;
    r.parts.forEach((v, j) => {
      const width = (v / max) * barW;
      if (width > 0) chart.append(svg('rect', { x, y: y + 3, width, height: rowH - 8, rx: 3, fill: colors[j] ?? 'gray' }, svg('title', {}, `${r.label}: ${v}`)));
      x += width;
    });
    chart.append(svg('text', { x: x + 6, y: y + 14, 'font-size': 12, fill: 'currentColor' }, r.parts.join(' / ')));
  });
  return chart;
}

const ratingRows = (map: Record<string, Rating>) => Object.entries(map).filter(([, r]) => r.up + r.down > 0)
  .sort(([, a], [, b]) => b.up + b.down - (a.up + a.down)).slice(0, 8).map(([label, r]) => ({ label, parts: [r.up, r.down] }));

/** A few visitors' worth of events, so the page has something to show without a model. */
function simulate(log: EventLog): void {
  const stations = [['browser', 'SmolLM2-360M'], ['browser', 'Qwen2.5-0.5B'], ['premium', 'gpt-4.1-mini']] as const;
  for (let i = 0; i < 12; i++) {
    const [station, model] = stations[Math.floor(Math.random() * stations.length)]!;
    const trace = log.child({ trace: randomHex(16), span: randomHex(8) });
    const layoutId = `L${randomHex(8)}`;
    const ok = Math.random() < (station === 'premium' ? 0.95 : 0.7);
    trace.emit('layout.requested', { intentClass: 'book-table' });
    trace.emit('station.attempted', { station, model, ok, tokensIn: 700 + Math.round(Math.random() * 300), tokensOut: 150 + Math.round(Math.random() * 200), ms: Math.round(300 + Math.random() * 1500), cost: station === 'premium' ? 0.002 : 0, layoutId, intentClass: 'book-table' });
    trace.emit(ok ? 'gate.passed' : 'gate.failed', { gate: 'catalog', station, ...(ok ? {} : { code: 'unknown_type' }) });
    if (!ok) continue;
    trace.emit('layout.rendered', { layoutId, station, model, ms: Math.round(5 + Math.random() * 30) });
    if (Math.random() < 0.7) trace.emit('ui.action', { action: 'reserve', nodeId: 'f', layoutId, firstActionMs: Math.round(2000 + Math.random() * 9000) });
    if (Math.random() < 0.6) trace.emit('feedback.given', { rating: Math.random() < (station === 'premium' ? 0.8 : 0.6) ? 'up' : 'down', layoutId, station, model, promptVersion: 'p1', exemplarVersion: 'x1', feedbackId: randomHex(8) });
  }
}

export async function mount(container: HTMLElement): Promise<void> {
  const store: EventStore = await openEventStore({ name: 'jig-demo-events', persist: false });
  const log = createEventLog({ store, context: { session: randomHex(8), line: 'demo', lineVersion: '1' } });

  const backendNote = el('p', { class: 'muted' }, store.backend === 'indexeddb'
    ? 'Events are stored in this browser\u2019s IndexedDB (database "jig-demo-events").'
    : `Events are kept in memory: ${store.fallbackReason ?? 'IndexedDB is not available'}.`);
  const counts = el('div', { class: 'chart' });
  const byStation = el('div', { class: 'chart' });
  const byModel = el('div', { class: 'chart' });
  const stream = el('ol', { class: 'event-stream', 'aria-live': 'off', reversed: '', style: 'max-height:18rem;overflow:auto;font:0.85rem/1.5 ui-monospace,monospace;padding-inline-start:2.5rem' });
  const exporter = document.createElement('jig-export');
  exporter.store = store;
  const feedback = document.createElement('jig-feedback');
  feedback.comment = true;
  feedback.log = log;
  feedback.source = { layoutId: 'analytics-panel', station: 'demo', model: 'none', promptVersion: '-', exemplarVersion: '-', line: 'demo', lineVersion: '1' };
  const simulateBtn = el('button', { type: 'button', class: 'btn primary' }, 'Simulate 12 visitors');

  container.replaceChildren(
    el('h2', {}, 'Analytics'),
    backendNote,
    el('div', { class: 'row' }, simulateBtn),
    el('div', { style: 'display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,430px),1fr));gap:1rem' },
      el('section', {}, el('h3', {}, 'Events by type'), counts),
      el('section', {}, el('h3', {}, 'Feedback by station (up / down)'), byStation),
      el('section', {}, el('h3', {}, 'Feedback by model (up / down)'), byModel),
    ),
    el('section', {}, el('h3', {}, 'Live event stream'), stream),
    el('section', {}, el('h3', {}, 'Export'), exporter),
    el('section', {}, el('h3', {}, 'Rate this page'), feedback),
  );

  let pending: ReturnType<typeof setTimeout> | undefined;
  const refresh = () => {
    clearTimeout(pending);
    pending = setTimeout(async () => {
      const agg: Aggregates = await store.aggregates();
      const typeRows = Object.entries(agg.types).sort(([, a], [, b]) => b - a).map(([label, n]) => ({ label, parts: [n] }));
      counts.replaceChildren(barChart('Events by type', typeRows, ['var(--jig-color-accent, #3b5bdb)']));
      byStation.replaceChildren(barChart('Feedback by station', ratingRows(agg.feedbackByStation), ['#2b8a3e', '#c92a2a']));
      byModel.replaceChildren(barChart('Feedback by model', ratingRows(agg.feedbackByModel), ['#2b8a3e', '#c92a2a']));
      void exporter.refresh();
    }, 150);
  };

  const show = (e: JigEvent) => {
    const attrs = Object.entries(e.attrs).filter(([k]) => !['layout', 'prompt', 'exemplars'].includes(k)).slice(0, 6)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v.slice(0, 24) : String(v)}`).join(' ');
    stream.prepend(el('li', {}, el('time', { datetime: e.time }, e.time.slice(11, 23)), ' ', el('strong', {}, e.type), ' ', el('span', { class: 'muted' }, attrs)));
    while (stream.children.length > STREAM_MAX) stream.lastElementChild!.remove();
    refresh();
  };
  log.on(show);
  for (const e of await store.query({}, STREAM_MAX, 'newest')) stream.append(el('li', {}, el('time', { datetime: e.time }, e.time.slice(11, 23)), ' ', el('strong', {}, e.type)));
  simulateBtn.addEventListener('click', () => simulate(log));
  refresh();
}
