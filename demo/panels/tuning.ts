// The line that improves itself: its versions with their metrics, each class's requirements, the
// latest tuning diff, and buttons to tune now, deploy the proposal as a canary, check it, promote or
// roll back. Works on this browser's own stores; uses the server's /v1/lines when it answers.
// Visitors are simulated here (a button writes their events) so the panel has evidence to tune on
// without a model.
import { builtinCatalog } from '../../src/catalog/builtin.js';
import { openEventStore, type EventStore } from '../../src/events/store.js';
import { domainGate } from '../../src/gates/domain.js';
import type { LayoutDocument, LayoutNode } from '../../src/layout/document.js';
import { createLine } from '../../src/line/line.js';
import type { LineConfig, Requirement } from '../../src/line/config.js';
import { describeRequirement, requirementRule, unmet } from '../../src/line/requirements.js';
import { DEFAULT_TEMPLATE } from '../../src/line/prompt.js';
import {
  createTuner,
  lineServer,
  openVersionStore,
  seededRandom,
  type LineServer,
  type Tuner,
  type TuneBoundsInput,
  type TuneResult,
} from '../../src/tune/index.js';
import { requestEvents, simLayout, type SimRequest } from '../../eval/replay-sim.js';
import { el } from './dom.js';

const LINE_ID = 'demo-tuning';

/** The demo's line: cache, browser, premium and fallback, three prompt variants. */
export function demoConfig(): LineConfig {
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

/**
 * Simulated visitors: the cheap station is good at forms, poor at dashboards, disliked on workflows;
 * "steps" is the better prompt. It also makes confident mistakes (`mistake`: the share of its
 * layouts that pass the gates but lack the part the page is for), which visitors rate down: the
 * tuner learns those parts as the class's requirements.
 */
export const CLASSES: ReadonlyArray<{ cls: string; intent: string; pass: number; like: number; mistake: number }> = [
  { cls: 'book-table', intent: 'Book a table', pass: 0.92, like: 0.85, mistake: 0.2 },
  { cls: 'contact-form', intent: 'Contact form', pass: 0.9, like: 0.8, mistake: 0.2 },
  { cls: 'sales-dashboard', intent: 'Sales dashboard', pass: 0.25, like: 0.7, mistake: 0 },
  { cls: 'onboarding-wizard', intent: 'Onboarding wizard', pass: 0.9, like: 0.2, mistake: 0 },
];
const VARIANT_LIKE: Record<string, number> = { plain: 0, steps: 0.15, terse: -0.05 };
const VARIANT_PASS: Record<string, number> = { plain: 0, steps: 0, terse: -0.2 };
/** How often visitors rate a page. One that lacks what it is for (a booking without its date) draws more ratings, nearly all down. */
const RATED = 0.6;
const MISTAKE_RATED = 0.75;
const MISTAKE_LIKE = 0.01;

const node = (id: string, type: string, props: Record<string, unknown>, children?: string[]): LayoutNode =>
  ({ id, type, props, ...(children ? { children } : {}) }) as LayoutNode;
const options = (...labels: string[]) => labels.map((label, i) => ({ value: String(i + 1), label }));

/**
 * The demo site's bounds for tuning. These visitors like the cheap station's forms 80–85% of the
 * time. At the default floor (95% of layouts accepted in each class) the first round would send
 * every class to premium. The demo trades acceptance for cost, as a site may (docs/tuning.md), so
 * only the classes the cheap station serves badly go up. The rest stay cheap, guarded by the
 * requirements tuning learns for them.
 */
export const DEMO_BOUNDS: TuneBoundsInput = { routing: { acceptanceFloor: 0.6 } };

/** The sentence under each page's heading, worded four ways: the same page, told differently. */
const LEDES: Record<string, readonly string[]> = {
  'book-table': [
    'Pick a day and tell us how many are coming.',
    'Reserve a table: we hold it for fifteen minutes.',
    'Tables for up to eight; larger groups, please call.',
    'Book now and we confirm by email.',
  ],
  'contact-form': [
    'We answer within one working day.',
    'Questions, feedback or a booking for a group: write to us.',
    'Tell us what you need and how to reach you.',
    'Our team reads every message.',
  ],
  'sales-dashboard': [
    'This week against last week.',
    'Figures up to yesterday evening.',
    'All shops, all channels.',
    'Updated every hour.',
  ],
  'onboarding-wizard': [
    'Three short steps and you are in.',
    'Set up your account in a minute.',
    'Tell us a little about yourself.',
    'You can change all of this later.',
  ],
};

/**
 * A page of a simulated class, made of the built-in catalog's components. `look` picks the wording
 * (0–3); `lacking` leaves out the part the page is for, as the cheap station's confident mistakes
 * do: a booking without its date field, a contact form without its email field. Every page passes
 * the gates (test/node/demo/tuning-sim_test.ts).
 */
export function classLayout(cls: string, title: string, look: number, lacking = false): LayoutDocument {
  const lede = LEDES[cls]?.[look % 4] ?? '';
  const page = (kids: string[], nodes: LayoutNode[], data?: Record<string, unknown>): LayoutDocument =>
    ({
      version: 1,
      root: 'page',
      ...(data ? { data } : {}),
      nodes: [
        node('page', 'stack', { gap: 'm' }, ['title', 'lede', ...kids]),
        node('title', 'heading', { text: title, level: 1 }),
        node('lede', 'text', { text: lede }),
        ...nodes,
      ],
    }) as LayoutDocument;
  const form = (action: string, submitLabel: string, fields: LayoutNode[]): LayoutNode[] => [
    node(
      'form',
      'form',
      { action, submitLabel },
      fields.map((f) => f.id),
    ),
    ...fields,
  ];
  switch (cls) {
    case 'book-table':
      return page(
        ['form'],
        form('reserve', 'Reserve', [
          ...(lacking ? [] : [node('date', 'date-field', { label: 'Date', bind: '/booking/date' })]),
          node('party', 'select', {
            label: 'Party size',
            bind: '/booking/party',
            options: options('1 person', '2 people', '3 people', '4 people', '5 people', '6 people'),
          }),
          node('name', 'text-field', { label: 'Name', bind: '/booking/name' }),
        ]),
        { booking: { date: '', party: '2', name: '' } },
      );
    case 'contact-form':
      return page(
        ['form'],
        form('send-message', 'Send', [
          node('name', 'text-field', { label: 'Name', bind: '/contact/name' }),
          ...(lacking
            ? []
            : [node('email', 'text-field', { label: 'Email', bind: '/contact/email', inputType: 'email' })]),
          node('message', 'text-field', {
            label: 'Message',
            bind: '/contact/message',
            multiline: true,
            required: true,
          }),
        ]),
        { contact: { name: '', email: '', message: '' } },
      );
    case 'sales-dashboard': {
      const chart = node('weeks', 'chart', {
        kind: 'bar',
        title: 'Revenue by week',
        series: [
          { label: 'W1', value: 11200 },
          { label: 'W2', value: 12650 },
          { label: 'W3', value: 11900 },
          { label: 'W4', value: 12450 },
        ],
      });
      if (lacking) return page(['weeks'], [chart]);
      return page(
        ['figures', 'weeks'],
        [
          node('figures', 'grid', { columns: 3 }, ['revenue', 'orders', 'basket']),
          node('revenue', 'stat', { label: 'Revenue', value: '$48,200', delta: '+6%' }),
          node('orders', 'stat', { label: 'Orders', value: 1204, delta: '+3%' }),
          node('basket', 'stat', { label: 'Average order', value: '$40.03', delta: '+2%' }),
          chart,
        ],
      );
    }
    default: {
      const name = node('name', 'text-field', { label: 'Your name', bind: '/profile/name' });
      const team = node('team', 'select', {
        label: 'Team',
        bind: '/profile/team',
        options: options('Sales', 'Support', 'Engineering', 'Other'),
      });
      const data = { profile: { name: '', team: '' } };
      // Its mistake: one form where the visitor expected steps.
      if (lacking) return page(['form'], form('finish-onboarding', 'Start', [name, team]), data);
      return page(
        ['wizard'],
        [
          node('wizard', 'steps', {}, ['you', 'role', 'done']),
          node('you', 'step', { title: 'You' }, ['you-form']),
          node('you-form', 'form', { action: 'next-step', submitLabel: 'Next' }, ['name']),
          name,
          node('role', 'step', { title: 'Your role' }, ['role-form']),
          node('role-form', 'form', { action: 'next-step', submitLabel: 'Next' }, ['team']),
          team,
          node('done', 'step', { title: 'Done' }, ['ready', 'finish']),
          node('ready', 'text', { text: 'You are all set.' }),
          node('finish', 'button', { label: 'Start', action: 'finish-onboarding', variant: 'primary' }),
        ],
        data,
      );
    }
  }
}

/** What a line requires of a class's layouts before the cache or the browser may serve them. */
export function requirementsOf(config: LineConfig | undefined, cls: string): Requirement[] {
  const routing = config?.routing;
  return (
    (Object.hasOwn(routing?.classes ?? {}, cls) ? routing!.classes![cls]!.require : undefined) ??
    routing?.default?.require ??
    []
  );
}

/**
 * `n` simulated visits on the tuner's lines, seeded. A cheap layout that lacks what the visitor's
 * version requires of its class is not served: the browser attempt fails gate 7 with the line's
 * own `missing_requirement` issue and premium serves the request.
 */
export function simulate(tuner: Pick<Tuner, 'lineFor'>, n: number, seed: number): SimRequest[] {
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
    const look = Math.floor(rng() * 4);
    // A confident mistake is the same wrong page each time (per prompt variant), not a new one.
    const mistake = cheapOk && rng() < c.mistake;
    const cheap = classLayout(c.cls, `${c.intent} (${variant})`, mistake ? 0 : look, mistake);
    const required = requirementsOf(line.config, c.cls);
    const missing = cheapOk ? unmet(cheap.nodes, required) : [];
    const served = cheapOk && missing.length === 0;
    const base: Omit<SimRequest, 'attempts' | 'rendered'> = {
      line: LINE_ID,
      version: line.version,
      session: visitor,
      intent: c.intent,
      intentClass: c.cls,
    };
    const like = served ? (mistake ? MISTAKE_LIKE : c.like + (VARIANT_LIKE[variant] ?? 0)) : 0.85;
    const rated = served && mistake ? MISTAKE_RATED : RATED;
    const rating = rng() < rated ? (rng() < like ? ('up' as const) : ('down' as const)) : undefined;
    const premium = { station: 'premium' as const, ok: true, cost: 0.0035 };
    out.push({
      ...base,
      attempts:
        start === 'premium'
          ? [premium]
          : served
            ? [{ station: 'browser', ok: true, variant }]
            : [
                {
                  station: 'browser',
                  ok: false,
                  variant,
                  // Refused for a requirement: the issue the line's gate 7 writes (requirementRule).
                  ...(missing.length
                    ? { issues: domainGate(cheap, [requirementRule(c.cls, required)], builtinCatalog) }
                    : {}),
                },
                premium,
              ],
      rendered: served
        ? { station: 'browser', layout: cheap, variant }
        : { station: 'premium', layout: classLayout(c.cls, `${c.intent} (premium)`, look) },
      ...(rating ? { rating } : {}),
    });
  }
  return out;
}

/** Simulated requests whose cheap layout was refused for a missing requirement. */
export const refusedForRequirement = (reqs: readonly SimRequest[]) =>
  reqs.filter((r) => r.attempts.some((a) => a.issues?.some((i) => i.code === 'missing_requirement'))).length;

/** The demo's classes, then any other class a config names. */
function classesOf(configs: ReadonlyArray<LineConfig | undefined>): string[] {
  const out = CLASSES.map((c) => c.cls);
  for (const config of configs)
    for (const cls of Object.keys(config?.routing?.classes ?? {})) if (!out.includes(cls)) out.push(cls);
  return out;
}

/** `a date-field and a form with action "reserve"` */
const describeAll = (reqs: readonly Requirement[]) => {
  const said = reqs.map(describeRequirement);
  return said.length > 1 ? `${said.slice(0, -1).join(', ')} and ${said.at(-1)}` : (said[0] ?? '');
};

/**
 * One class's requirements in words, per version: `book-table needs a date-field (canary local-2);
 * version 1 requires nothing`.
 */
function requirementLine(
  cls: string,
  sources: ReadonlyArray<{ name: string; config: LineConfig | undefined }>,
): string {
  const groups = new Map<string, string[]>();
  for (const { name, config } of sources) {
    const said = describeAll(requirementsOf(config, cls));
    groups.set(said, [...(groups.get(said) ?? []), name]);
  }
  const none = groups.get('');
  groups.delete('');
  if (!groups.size) return `${cls}: nothing required yet`;
  const parts = [...groups].map(([said, names]) => `${cls} needs ${said} (${names.join(', ')})`);
  return `${parts.join('; ')}${none ? `; ${none.join(', ')} ${none.length > 1 ? 'require' : 'requires'} nothing` : ''}`;
}

const pct = (ok: number, n: number) => (n ? `${Math.round((ok / n) * 100)}%` : '–');

export async function mount(container: HTMLElement): Promise<void> {
  container.append(
    el('h2', {}, 'Line versions and tuning'),
    el(
      'p',
      { class: 'lede' },
      "Tuning reads the events, proposes a new version (exemplars, cache, routing, class requirements, prompt weights, parameters — never the catalog or the gates), deploys it as a canary on a share of visitors, and the sequential test promotes it or rolls it back. Visitors here are simulated; everything else is the real code on this browser's IndexedDB.",
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
      bounds: DEMO_BOUNDS,
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
    const refused = refusedForRequirement(reqs);
    return `300 simulated visits recorded (${reqs.filter((r) => r.rendered?.station === 'premium').length} served by premium${refused ? `, ${refused} of them because the cheap layout lacked what its class requires` : ''}).`;
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

  const requirements = el('ul', { class: 'requirements', 'aria-label': 'Class requirements' });
  container.append(
    buttons,
    el('h3', {}, 'Versions'),
    table,
    el('h3', {}, 'Class requirements'),
    el(
      'p',
      {},
      'What a layout of each class must contain before the cache or the browser may serve it, learned from the pages visitors accepted and rejected. A cheap layout without it fails the domain gate (missing_requirement) and the request goes to premium.',
    ),
    requirements,
    el('h3', {}, 'Latest tuning diff'),
    diff,
  );

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
    const state = tuner.state();
    const configOf = (v: string | null) => list.find((x) => x.record.version === v)?.record.config;
    // Where each class's requirements stand: the current version, the canary, and a proposal not deployed yet.
    const sources = [
      { name: `version ${state.current}`, config: configOf(state.current) },
      ...(state.canary ? [{ name: `canary ${state.canary}`, config: configOf(state.canary) }] : []),
      ...(last && !state.canary && last.proposal.from === state.current && last.proposal.changes.length
        ? [{ name: 'proposed', config: last.proposal.config }]
        : []),
    ];
    requirements.replaceChildren(
      ...classesOf(sources.map((x) => x.config)).map((cls) => el('li', {}, requirementLine(cls, sources))),
    );
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
