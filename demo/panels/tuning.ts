// The line that improves itself: its versions with their metrics, the latest tuning diff, and
// buttons to tune now, deploy the proposal as a canary, check it, promote or roll back. Works on
// this browser's own stores; uses the server's /v1/lines when it answers. Visitors are simulated
// here (a button writes their events) so the panel has evidence to tune on without a model.
import { openEventStore, type EventStore } from '../../src/events/store.js';
import { createLine } from '../../src/line/line.js';
import type { LineConfig } from '../../src/line/config.js';
import { DEFAULT_TEMPLATE } from '../../src/line/prompt.js';
import {
  createTuner,
  lineServer,
  openVersionStore,
  seededRandom,
  type LineServer,
  type Tuner,
  type TuneResult,
} from '../../src/tune/index.js';
import { requestEvents, simLayout, type SimRequest } from '../../eval/replay-sim.js';
import { el } from './dom.js';

const LINE_ID = 'demo-tuning';

function demoConfig(): LineConfig {
  return {
    id: LINE_ID,
    version: '1',
    stations: [
      { kind: 'cache' },
      { kind: 'browser' },
      { kind: 'premium', endpoint: '/v1/assemble', model: 'premium' },
      { kind: 'fallback', layout: simLayout('This part of the page is not available right now') },
    ],
    prompts: {
      variants: ['plain', 'steps', 'terse'].map((id) => ({
        id,
        weight: 1,
        template: `${DEFAULT_TEMPLATE}\n[variant:${id}]`,
      })),
    },
    exemplars: { max: 2, items: [] },
    generation: { temperature: 0.7 },
    repair: { max: 1 },
    prices: { premium: { input: 2.5, output: 10 } },
  };
}

/** Simulated visitors: the cheap station is good at forms, poor at dashboards, disliked on workflows; "steps" is the better prompt. */
const CLASSES = [
  { cls: 'book-table', intent: 'Book a table', pass: 0.92, like: 0.75 },
  { cls: 'contact-form', intent: 'Contact form', pass: 0.9, like: 0.7 },
  { cls: 'sales-dashboard', intent: 'Sales dashboard', pass: 0.25, like: 0.7 },
  { cls: 'onboarding-wizard', intent: 'Onboarding wizard', pass: 0.9, like: 0.2 },
];
const VARIANT_LIKE: Record<string, number> = { plain: 0, steps: 0.15, terse: -0.05 };
const VARIANT_PASS: Record<string, number> = { plain: 0, steps: 0, terse: -0.2 };

function simulate(tuner: Tuner, n: number, seed: number): SimRequest[] {
  const rng = seededRandom(seed);
  const out: SimRequest[] = [];
  for (let i = 0; i < n; i++) {
    const visitor = `visitor-${Math.floor(rng() * 400)}`;
    const line = tuner.lineFor(visitor);
    const c = CLASSES[Math.floor(rng() * CLASSES.length)]!;
    const start = line.config.routing?.classes?.[c.cls]?.start;
    const variants = line.config.prompts!.variants;
    const total = variants.reduce((s, v) => s + v.weight, 0);
    let r = rng() * total,
      variant = variants[0]!.id;
    for (const v of variants) {
      if ((r -= v.weight) < 0) {
        variant = v.id;
        break;
      }
    }
    const hot = ((line.config.generation?.temperature ?? 0.7) - 0.7) * 0.3;
    const cheapOk = start !== 'premium' && rng() < c.pass + (VARIANT_PASS[variant] ?? 0) - hot;
    const base: Omit<SimRequest, 'attempts' | 'rendered'> = {
      line: LINE_ID,
      version: line.version,
      session: visitor,
      intent: c.intent,
      intentClass: c.cls,
    };
    const like = cheapOk ? c.like + (VARIANT_LIKE[variant] ?? 0) : 0.85;
    const rating = rng() < 0.6 ? (rng() < like ? ('up' as const) : ('down' as const)) : undefined;
    out.push({
      ...base,
      attempts:
        start === 'premium'
          ? [{ station: 'premium', ok: true, cost: 0.0035 }]
          : cheapOk
            ? [{ station: 'browser', ok: true, variant }]
            : [
                { station: 'browser', ok: false, variant },
                { station: 'premium', ok: true, cost: 0.0035 },
              ],
      rendered: cheapOk
        ? { station: 'browser', layout: simLayout(`${c.intent} (${variant})`), variant }
        : { station: 'premium', layout: simLayout(`${c.intent} (premium)`) },
      ...(rating ? { rating } : {}),
    });
  }
  return out;
}

const pct = (ok: number, n: number) => (n ? `${Math.round((ok / n) * 100)}%` : '–');

export async function mount(container: HTMLElement): Promise<void> {
  container.append(
    el('h2', {}, 'Line versions and tuning'),
    el(
      'p',
      { class: 'lede' },
      "Tuning reads the events, proposes a new version (exemplars, cache, routing, prompt weights, parameters — never the catalog or the gates), deploys it as a canary on a share of visitors, and the sequential test promotes it or rolls it back. Visitors here are simulated; everything else is the real code on this browser's IndexedDB.",
    ),
  );
  const status = el('p', { role: 'status', 'aria-live': 'polite' }, 'Opening the stores…');
  container.append(status);

  let store: EventStore;
  let tuner: Tuner;
  let server: LineServer | undefined;
  try {
    store = await openEventStore({ name: 'jig-demo-tuning-events' });
    const versions = await openVersionStore({ name: 'jig-demo-tuning-versions' });
    const probe = lineServer({ base: '' });
    const answer = await probe.get(LINE_ID, AbortSignal.timeout(1500));
    server = answer.ok ? probe : undefined;
    const line = createLine(demoConfig(), { store });
    tuner = createTuner({
      store,
      line,
      versions,
      canary: { share: 0.3, minSamples: 120 },
      ...(server ? { server } : {}),
    });
    await tuner.ready;
  } catch (err) {
    status.textContent = `The tuning panel could not start: ${err instanceof Error ? err.message : String(err)}`;
    return;
  }
  let latest: TuneResult | undefined;
  let seed = Date.now() % 100000;

  const table = el('table', { class: 'versions', style: 'width: 100%; border-collapse: collapse; text-align: left' });
  const diff = el(
    'pre',
    {
      class: 'box',
      role: 'region',
      tabindex: '0',
      'aria-label': 'Latest tuning diff',
      style: 'white-space: pre-wrap; max-height: 22rem; overflow: auto',
    },
    'No tuning yet.',
  );
  const buttons = el('div', { style: 'display: flex; gap: 0.5rem; flex-wrap: wrap; margin: 0.75rem 0' });
  const add = (label: string, run: () => Promise<string>) => {
    const b = el('button', { class: 'btn', type: 'button' }, label);
    b.addEventListener('click', async () => {
      for (const x of buttons.querySelectorAll('button')) x.disabled = true;
      try {
        status.textContent = await run();
      } catch (err) {
        status.textContent = `${label} failed: ${err instanceof Error ? err.message : String(err)}`;
      }
      await render();
      for (const x of buttons.querySelectorAll('button')) x.disabled = false;
    });
    buttons.append(b);
  };

  add('Simulate 300 visitors', async () => {
    const reqs = simulate(tuner, 300, seed++);
    // Marked as what they are, in the store and in every export of it.
    await store.putMany(reqs.flatMap(requestEvents).map((e) => ({ ...e, attrs: { ...e.attrs, simulated: true } })));
    return `300 simulated visits recorded (${reqs.filter((r) => r.rendered?.station === 'premium').length} served by premium).`;
  });
  add('Tune now', async () => {
    latest = await tuner.tuneNow({ deploy: false });
    return latest.proposal.changes.length
      ? `Proposal ready: ${latest.proposal.changes.length} changes. Deploy it as a canary to try it.`
      : 'Tuning found nothing to change.';
  });
  add('Deploy as canary', async () => {
    if (!latest?.proposal.changes.length) return 'Tune first: there is no proposal with changes.';
    if (tuner.state().canary)
      return `A canary (${tuner.state().canary}) is running: check it, promote it or roll it back first.`;
    const d = await tuner.deploy(latest.proposal.config, {
      canaryShare: 0.3,
      proposal: latest.proposal,
      reason: 'deployed from the demo',
    });
    return `Version ${d.record.version} runs as a canary on 30% of visitors (${d.where === 'server' ? 'on the server' : 'locally'}).`;
  });
  add('Check canary', async () => {
    const v = await tuner.check();
    return v ? `${v.decision}: ${v.reason}` : 'No canary is running.';
  });
  add('Roll back', async () => {
    const r = await tuner.rollback('rolled back from the demo');
    return r.ok ? `Rolled back: version ${tuner.state().current} serves everyone.` : r.message;
  });

  container.append(buttons, el('h3', {}, 'Versions'), table, el('h3', {}, 'Latest tuning diff'), diff);

  async function render(): Promise<void> {
    const list = await tuner.versions();
    const head = el(
      'tr',
      {},
      ...[
        'version',
        'role',
        'source',
        'requests',
        'gate pass',
        'escalated',
        'thumbs up',
        'premium',
        'cost',
        'changes',
      ].map((h) => el('th', { scope: 'col' }, h)),
    );
    const rows = list.map(({ record, role, metrics: m }) =>
      el(
        'tr',
        {},
        el('td', {}, record.version),
        el('td', {}, role === 'canary' ? `canary ${Math.round(tuner.state().share * 100)}%` : role),
        el('td', {}, record.source),
        el('td', {}, String(m?.requests ?? 0)),
        el('td', {}, pct(m?.gates.ok ?? 0, m?.gates.n ?? 0)),
        el('td', {}, pct(m?.escalated ?? 0, m?.requests ?? 0)),
        el('td', {}, pct(m?.feedback.ok ?? 0, m?.feedback.n ?? 0)),
        el('td', {}, pct(m?.premium ?? 0, m?.rendered ?? 0)),
        el('td', {}, `$${(m?.cost ?? 0).toFixed(3)}`),
        el(
          'td',
          { style: 'max-width: 32rem; font-size: 0.9em' },
          record.proposal ? record.proposal.changes.map((c) => c.summary).join('; ') : '—',
        ),
      ),
    );
    table.replaceChildren(el('thead', {}, head), el('tbody', {}, ...rows));
    const last = latest ?? tuner.latest();
    diff.textContent = last ? last.text : 'No tuning yet: simulate visitors, then tune.';
    const hist = tuner.state().history[0];
    if (hist && status.textContent === 'Opening the stores…')
      status.textContent = `Last change: ${hist.action} ${hist.version}${hist.reason ? ` — ${hist.reason}` : ''}`;
  }
  status.textContent = server
    ? "Connected to the server's /v1/lines: its versions take precedence."
    : 'No line server answered at /v1: versions live in this browser only.';
  await render();
}
