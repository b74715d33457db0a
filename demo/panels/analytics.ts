// The analytics page: the live event stream, counts by type, feedback by station and model as
// small SVG charts, and the export buttons — for this browser's real visits or, apart, simulated ones.
import '../../components/export/export.js';
import '../../components/feedback/feedback.js';
import { createEventLog, type EventLog } from '../../src/events/log.js';
import { openEventStore, type EventStore } from '../../src/events/store.js';
import { randomHex, type JigEvent } from '../../src/events/event.js';
import type { Aggregates, Rating } from '../../src/events/aggregates.js';
import { DEMO_EVENTS_DB, runtime } from '../scenario/runtime.js';
import { el } from './dom.js';

/** Simulated visitors' events: their own database, never shipped to the server, each marked `simulated`. */
export const SIMULATED_EVENTS_DB = 'jig-demo-simulated-events';

const SVG = 'http://www.w3.org/2000/svg';
const STREAM_MAX = 60;

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number> = {},
  ...kids: (Node | string)[]
): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  e.append(...kids);
  return e;
}

/** Horizontal bars, one per key; `parts` stacks up to two values (e.g. up and down ratings). */
function barChart(title: string, rows: { label: string; parts: number[] }[], colors: string[]): SVGSVGElement {
  const rowH = 22,
    labelW = 150,
    barW = 220,
    w = labelW + barW + 60;
  const h = Math.max(1, rows.length) * rowH + 8;
  const max = Math.max(1, ...rows.map((r) => r.parts.reduce((a, b) => a + b, 0)));
  const chart = svg(
    'svg',
    { viewBox: `0 0 ${w} ${h}`, width: w, height: h, role: 'img', 'aria-label': title },
    svg('title', {}, title),
  );
  if (!rows.length) chart.append(svg('text', { x: 0, y: 16, 'font-size': 12, fill: 'currentColor' }, 'No data yet'));
  rows.forEach((r, i) => {
    const y = 4 + i * rowH;
    chart.append(
      svg(
        'text',
        { x: labelW - 6, y: y + 14, 'text-anchor': 'end', 'font-size': 12, fill: 'currentColor' },
        r.label.length > 22 ? `${r.label.slice(0, 21)}…` : r.label,
      ),
    );
    let x = labelW;
    r.parts.forEach((v, j) => {
      const width = (v / max) * barW;
      if (width > 0)
        chart.append(
          svg(
            'rect',
            { x, y: y + 3, width, height: rowH - 8, rx: 3, fill: colors[j] ?? 'gray' },
            svg('title', {}, `${r.label}: ${v}`),
          ),
        );
      x += width;
    });
    chart.append(svg('text', { x: x + 6, y: y + 14, 'font-size': 12, fill: 'currentColor' }, r.parts.join(' / ')));
  });
  return chart;
}

const ratingRows = (map: Record<string, Rating>) =>
  Object.entries(map)
    .filter(([, r]) => r.up + r.down > 0)
    .sort(([, a], [, b]) => b.up + b.down - (a.up + a.down))
    .slice(0, 8)
    .map(([label, r]) => ({ label, parts: [r.up, r.down] }));

/** A few visitors' worth of events, so the page has something to show without a model. */
function simulate(log: EventLog): void {
  // Every simulated event says so, in its store and in every export of it.
  const simulated = { simulated: true } as const;
  const stations = [
    ['browser', 'SmolLM2-360M'],
    ['browser', 'Qwen2.5-0.5B'],
    ['premium', 'gpt-4.1-mini'],
  ] as const;
  for (let i = 0; i < 12; i++) {
    const [station, model] = stations[Math.floor(Math.random() * stations.length)]!;
    const trace = log.child({ trace: randomHex(16), span: randomHex(8) });
    const layoutId = `L${randomHex(8)}`;
    const ok = Math.random() < (station === 'premium' ? 0.95 : 0.7);
    trace.emit('layout.requested', { intentClass: 'book-table', ...simulated });
    trace.emit('station.attempted', {
      station,
      model,
      ok,
      tokensIn: 700 + Math.round(Math.random() * 300),
      tokensOut: 150 + Math.round(Math.random() * 200),
      ms: Math.round(300 + Math.random() * 1500),
      cost: station === 'premium' ? 0.002 : 0,
      layoutId,
      intentClass: 'book-table',
      ...simulated,
    });
    trace.emit(ok ? 'gate.passed' : 'gate.failed', {
      gate: 'catalog',
      station,
      ...(ok ? {} : { code: 'unknown_type' }),
      ...simulated,
    });
    if (!ok) continue;
    trace.emit('layout.rendered', { layoutId, station, model, ms: Math.round(5 + Math.random() * 30), ...simulated });
    if (Math.random() < 0.7)
      trace.emit('ui.action', {
        action: 'reserve',
        nodeId: 'f',
        layoutId,
        firstActionMs: Math.round(2000 + Math.random() * 9000),
        ...simulated,
      });
    if (Math.random() < 0.6)
      trace.emit('feedback.given', {
        rating: Math.random() < (station === 'premium' ? 0.8 : 0.6) ? 'up' : 'down',
        layoutId,
        station,
        model,
        promptVersion: 'p1',
        exemplarVersion: 'x1',
        feedbackId: randomHex(8),
        ...simulated,
      });
  }
}

export async function mount(container: HTMLElement): Promise<void> {
  // Real visits are the clinic's own store (the one the shipper sends to the dashboard); simulated
  // visitors write to a database of their own, so the two never mix.
  const rt = await runtime();
  const simStore: EventStore = await openEventStore({ name: SIMULATED_EVENTS_DB, persist: false });
  const simLog = createEventLog({
    store: simStore,
    context: { session: randomHex(8), line: 'simulated', lineVersion: '1' },
  });
  const sources = {
    real: {
      store: rt.store,
      log: rt.log,
      label: 'Real visits',
      note:
        rt.store.backend === 'indexeddb'
          ? `Your own visits: the events of every request you made on the Clinic booking tab, stored in this browser\u2019s IndexedDB (database "${DEMO_EVENTS_DB}") and shipped to the server\u2019s dashboard.`
          : `Your own visits, kept in memory: ${rt.store.fallbackReason ?? 'IndexedDB is not available'}.`,
    },
    simulated: {
      store: simStore,
      log: simLog,
      label: 'Simulated visitors',
      note: `Made-up visitors, so the charts have something to show without a model: stored apart (database "${SIMULATED_EVENTS_DB}"), every event marked simulated=true, never shipped to the server.`,
    },
  };
  type Source = keyof typeof sources;
  let shownSource: Source = 'real';

  const backendNote = el('p', { class: 'muted' });
  const counts = el('div', { class: 'chart' });
  const byStation = el('div', { class: 'chart' });
  const byModel = el('div', { class: 'chart' });
  const stream = el('ol', { class: 'event-stream', 'aria-live': 'off', reversed: '' });
  const exporter = document.createElement('jig-export');
  const feedback = document.createElement('jig-feedback');
  feedback.comment = true;
  feedback.log = rt.log;
  feedback.source = {
    layoutId: 'analytics-panel',
    station: 'demo',
    model: 'none',
    promptVersion: '-',
    exemplarVersion: '-',
    line: 'demo',
    lineVersion: '1',
  };
  const simulateBtn = el('button', { type: 'button', class: 'btn' }, 'Simulate 12 visitors');
  const switcher = el('div', { class: 'views', role: 'group', 'aria-label': 'Which events' });
  for (const id of Object.keys(sources) as Source[]) {
    const b = el(
      'button',
      { type: 'button', 'data-source': id, 'aria-pressed': String(id === shownSource) },
      sources[id].label,
    );
    b.addEventListener('click', () => {
      void show(id);
    });
    switcher.append(b);
  }

  container.replaceChildren(
    el('h2', {}, 'Analytics'),
    el('div', { class: 'row' }, switcher, simulateBtn),
    backendNote,
    el(
      'div',
      { class: 'charts' },
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
      const agg: Aggregates = await sources[shownSource].store.aggregates();
      const typeRows = Object.entries(agg.types)
        .sort(([, a], [, b]) => b - a)
        .map(([label, n]) => ({ label, parts: [n] }));
      counts.replaceChildren(barChart('Events by type', typeRows, ['var(--jig-color-accent, #3b5bdb)']));
      byStation.replaceChildren(
        barChart('Feedback by station', ratingRows(agg.feedbackByStation), ['#2b8a3e', '#c92a2a']),
      );
      byModel.replaceChildren(barChart('Feedback by model', ratingRows(agg.feedbackByModel), ['#2b8a3e', '#c92a2a']));
      void exporter.refresh();
    }, 150);
  };

  const row = (e: JigEvent) => {
    const attrs = Object.entries(e.attrs)
      .filter(([k]) => !['layout', 'prompt', 'exemplars'].includes(k))
      .slice(0, 6)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v.slice(0, 24) : String(v)}`)
      .join(' ');
    return el(
      'li',
      {},
      el('time', { datetime: e.time }, e.time.slice(11, 23)),
      ' ',
      el('strong', {}, e.type),
      ' ',
      el('span', { class: 'muted' }, attrs),
    );
  };
  for (const id of Object.keys(sources) as Source[]) {
    sources[id].log.on((e) => {
      if (id !== shownSource || !container.isConnected) return;
      stream.prepend(row(e));
      while (stream.children.length > STREAM_MAX) stream.lastElementChild!.remove();
      refresh();
    });
  }

  async function show(id: Source): Promise<void> {
    shownSource = id;
    for (const b of switcher.querySelectorAll('button'))
      b.setAttribute('aria-pressed', String(b.dataset.source === id));
    backendNote.textContent = sources[id].note;
    exporter.store = sources[id].store;
    stream.replaceChildren(...(await sources[id].store.query({}, STREAM_MAX, 'newest')).map(row));
    refresh();
  }
  simulateBtn.addEventListener('click', async () => {
    await show('simulated');
    simulate(simLog);
  });
  await show('real');
}
