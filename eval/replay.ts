// npm run eval, second experiment: does the line learn? A stream of simulated visitors with fixed
// preferences runs through the real line (createLine, gates, routing, events in a store) twice from
// the same seed — tuning off, then tuning on (proposals deployed as canaries and judged by the
// sequential test) — and a deliberately bad version is deployed as a canary to be rolled back.
// Writes eval/replay-results.json and eval/replay.svg. `--seed N` runs another seed and only
// prints its figures (the committed files stay those of the default seed); `--seeds N,N,…` runs
// several and writes their table to eval/replay-seeds.json.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLine, type Line, type LineDeps } from '../src/line/index.js';
import type { LineConfig } from '../src/line/config.js';
import { createEventLog } from '../src/events/log.js';
import { openEventStore } from '../src/events/store.js';
import {
  createRun,
  type Engine,
  type EngineInfo,
  type GenerateRequest,
  type GenerateRun,
} from '../src/engines/engine.js';
import { createTuner, memoryVersionStore, type Tuner } from '../src/tune/index.js';
import { DEFAULT_TEMPLATE } from '../src/line/prompt.js';
import { PREMIUM_PROFILE, clock, mulberry32, simPremiumFetch, useVirtualClock } from './profiles.js';
import { DEFECTS, layoutFor, withDefect, type EvalIntent } from './templates.js';
import { EVAL_FALLBACK as FALLBACK } from './support/line.js';

const DEFAULT_SEED = 20261125;
const USAGE = 'usage: node --import tsx eval/replay.ts [--seed N [--json FILE]] [--seeds N,N,…]';
const argOf = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const SEED = Number(argOf('--seed') ?? DEFAULT_SEED);
if (!Number.isSafeInteger(SEED)) throw new Error(USAGE);
const REQUESTS = 3000;
const WINDOW = 250;
const TUNE_EVERY = 150;
const here = new URL('.', import.meta.url);
const all = JSON.parse(readFileSync(new URL('intents.json', here), 'utf8')) as EvalIntent[];

/** The visitors' fixed world: per intent, how the cheap station does and how much people like its work. */
type Kind = 'cheap-good' | 'cheap-fails-gates' | 'cheap-disliked';
interface World {
  it: EvalIntent;
  kind: Kind;
  pass: number;
  like: number;
}
const pick = (cat: EvalIntent['category'], n: number, skip = 0) =>
  all.filter((i) => i.category === cat).slice(skip, skip + n);
const WORLD: World[] = [
  ...pick('form', 4).map((it) => ({ it, kind: 'cheap-good' as const, pass: 0.9, like: 0.72 })),
  ...pick('content', 2).map((it) => ({ it, kind: 'cheap-good' as const, pass: 0.9, like: 0.72 })),
  ...pick('dashboard', 3).map((it) => ({ it, kind: 'cheap-fails-gates' as const, pass: 0.25, like: 0.7 })),
  ...pick('workflow', 3).map((it) => ({ it, kind: 'cheap-disliked' as const, pass: 0.9, like: 0.2 })),
];
const byIntent = new Map(WORLD.map((w) => [w.it.intent, w]));
const PREMIUM_LIKE = 0.85;
/** One prompt variant is better than the others: more liked; one is worse at the gates. */
const VARIANTS = {
  plain: { pass: 0, like: 0 },
  steps: { pass: 0, like: 0.15 },
  terse: { pass: -0.2, like: -0.05 },
} as const;
const EXEMPLAR = { pass: 0.05, like: 0.08 };
const RATED = 0.6;

const TAG = /\[variant:(\w+)\]/;
const clamp = (x: number) => Math.min(0.99, Math.max(0.01, x));

/** Visitors' liking, per layout title (the engine writes each layout's make into its title). */
const liking = new Map<string, number>();

/** A browser model standing in for a small one: its pass rate depends on the intent, the prompt variant, exemplars and temperature. */
class VisitorWorldEngine implements Engine {
  readonly kind = 'webllm' as const;
  readonly model = 'small-sim';
  constructor(private readonly rng: () => number) {}
  async load(): Promise<void> {}
  async unload(): Promise<void> {}
  info(): EngineInfo {
    return { kind: this.kind, model: this.model, loaded: true, tokens: { input: 0, output: 0 } };
  }
  generate(req: GenerateRequest): GenerateRun {
    const { run, push, end } = createRun();
    // The request's own intent is the last "Intent:" line (exemplars come before it).
    const intent = [...req.prompt.matchAll(/^Intent: (.*)$/gm)].at(-1)?.[1] ?? '';
    const w = byIntent.get(intent);
    const variant = (TAG.exec(req.prompt)?.[1] ?? 'plain') as keyof typeof VARIANTS;
    // An exemplar for this very intent shows up as a second "Intent: …" line.
    const exemplar = req.prompt.split(`Intent: ${intent}`).length > 2;
    const t = req.temperature ?? 0.7;
    const repair = req.prompt.includes('Your previous answer');
    const v = VARIANTS[variant] ?? VARIANTS.plain;
    const pass = repair ? 0.35 : clamp((w?.pass ?? 0.5) + v.pass + (exemplar ? EXEMPLAR.pass : 0) + (0.7 - t) * 0.15);
    const ok = this.rng() < pass;
    const it = w?.it ?? ({ intent, category: 'content', difficulty: 'hard' } as EvalIntent);
    const title = `${it.intent.slice(0, 40)} (${variant}${exemplar ? '+x' : ''})`;
    liking.set(title, clamp((w?.like ?? 0.5) + v.like + (exemplar ? EXEMPLAR.like : 0)));
    const layout = { ...layoutFor(it, 0), title };
    const text = ok ? JSON.stringify(layout) : withDefect(layout, DEFECTS[Math.floor(this.rng() * DEFECTS.length)]!);
    void Promise.resolve().then(() => {
      clock.t += 1500;
      push(text);
      end({
        text,
        usage: { inputTokens: Math.ceil(req.prompt.length / 3.5), outputTokens: Math.ceil(text.length / 3.5) },
        ms: 1500,
        model: this.model,
        finishReason: 'stop',
      });
    });
    return run;
  }
}

export function replayConfig(): LineConfig {
  return {
    id: 'replay',
    version: '1',
    stations: [
      { kind: 'browser' },
      {
        kind: 'premium',
        endpoint: '/v1/assemble',
        model: PREMIUM_PROFILE.name,
        expectTokens: { input: 3000, output: 800 },
        stream: false,
      },
      { kind: 'fallback', layout: FALLBACK },
    ],
    prompts: {
      variants: (Object.keys(VARIANTS) as Array<keyof typeof VARIANTS>).map((id) => ({
        id,
        weight: 1,
        template: `${DEFAULT_TEMPLATE}\n[variant:${id}]`,
      })),
    },
    exemplars: { max: 2, items: [] },
    generation: { temperature: 0.7 },
    repair: { max: 1 },
    budgets: { maxLatencyMs: 20_000, maxCostUsd: 0.05 },
    prices: { [PREMIUM_PROFILE.name]: PREMIUM_PROFILE.pricePerMTok },
  };
}

interface Visit {
  intent: string;
  visitor: string;
  accept: number;
  rate: number;
}

/** The same visitors, in the same order, with the same coin flips, for every arm. */
function visitors(n: number): Visit[] {
  const rng = mulberry32(SEED);
  return Array.from({ length: n }, () => ({
    intent: WORLD[Math.floor(rng() * WORLD.length)]!.it.intent,
    visitor: `visitor-${Math.floor(rng() * 600)}`,
    accept: rng(),
    rate: rng(),
  }));
}

interface WindowStats {
  from: number;
  to: number;
  acceptance: number;
  premiumShare: number;
  cost: number;
  cumulativeCost: number;
  fallback: number;
}

async function arm(mode: 'off' | 'on' | 'bad-canary' | 'aa-canary', stream: Visit[]) {
  clock.t = 0;
  const engineRng = mulberry32(SEED + 1);
  const premiumRng = mulberry32(SEED + 2);
  const store = await openEventStore({ indexedDB: undefined, name: `replay-${mode}` });
  const log = createEventLog({ store, context: { session: 'replay' } });
  let cost = 0;
  log.on((e) => {
    if (e.type === 'station.attempted' && typeof e.attrs.cost === 'number') cost += e.attrs.cost;
  });
  const deps: LineDeps = {
    engines: [new VisitorWorldEngine(engineRng)],
    fetch: simPremiumFetch(PREMIUM_PROFILE, new Map(WORLD.map((w) => [w.it.intent, w.it])), premiumRng, { calls: 0 }),
    log,
    store,
    random: mulberry32(SEED + 3),
  };
  const line = createLine(replayConfig(), deps);
  const tuner: Tuner | null =
    mode === 'off'
      ? null
      : createTuner({
          store,
          line,
          deps,
          log,
          versions: memoryVersionStore(),
          canary: { share: 0.3, minSamples: 150 },
          seed: SEED,
          // This simulated site trades acceptance for cost: its floor is 60% (Jig's default is 95%),
          // the setting docs/tuning.md's replay table is read at.
          bounds: { routing: { acceptanceFloor: 0.6 } },
        });
  await tuner?.ready;
  const windows: WindowStats[] = [];
  const rounds: Array<{ at: number; text: string; deployed?: string; verdict?: string }> = [];
  let acc = 0,
    prem = 0,
    fb = 0,
    before = 0;
  let canary: {
    version: string;
    at: number;
    rolledBackAt?: number;
    canaryRequests: number;
    decision?: string;
    reason?: string;
  } | null = null;

  if (mode === 'bad-canary' || mode === 'aa-canary') {
    const cfg = replayConfig();
    if (mode === 'bad-canary') {
      // Everything on the variant that fails the gates, and a hot model: a version nobody should keep.
      cfg.prompts!.variants = cfg.prompts!.variants.map((v) => ({ ...v, weight: v.id === 'terse' ? 1 : 0 }));
      cfg.generation = { temperature: 1.6 };
    } else cfg.exemplars = { version: 'aa', max: 2, items: [] };
    const { record } = await tuner!.deploy(cfg, { canaryShare: 0.3, reason: mode });
    canary = { version: record.version, at: 0, canaryRequests: 0 };
  }

  for (let i = 0; i < stream.length; i++) {
    const v = stream[i]!;
    const l: Line = tuner ? tuner.lineFor(v.visitor) : line;
    if (canary && !canary.decision && l.version === canary.version) canary.canaryRequests++;
    const r = await l.assemble({ intent: v.intent });
    await l.idle();
    const like =
      r.layout && !r.fallback
        ? r.station === 'premium'
          ? PREMIUM_LIKE
          : (liking.get(String((r.layout as { title?: string }).title)) ?? 0.5)
        : 0;
    const accepted = v.accept < like;
    if (accepted) acc++;
    if (r.station === 'premium') prem++;
    if (r.fallback) fb++;
    if (r.layout && !r.fallback && v.rate < RATED) {
      const id = r.trace.steps.find((s) => s.kind === 'rendered')!;
      const layoutId = (id as { layoutId: string }).layoutId;
      log.emit(
        'feedback.given',
        { layoutId, rating: accepted ? 'up' : 'down', station: r.station ?? 'unknown' },
        { line: l.id, lineVersion: l.version, trace: r.trace.id },
      );
    }
    const n = i + 1;
    if (tuner && n % (mode === 'on' ? TUNE_EVERY : 50) === 0) {
      await log.flush();
      const verdict = await tuner.check();
      if (canary && !canary.decision && verdict && verdict.decision !== 'wait') {
        canary.decision = verdict.decision;
        canary.reason = verdict.reason;
        canary.rolledBackAt = n;
      }
      if (mode === 'on') {
        const t = await tuner.tuneNow({ deploy: 'canary', canaryShare: 0.3 });
        rounds.push({
          at: n,
          text: t.text,
          ...(t.deployed ? { deployed: t.deployed.version } : {}),
          ...(verdict ? { verdict: `${verdict.decision}: ${verdict.reason}` } : {}),
        });
      }
    }
    if (n % WINDOW === 0) {
      windows.push({
        from: n - WINDOW + 1,
        to: n,
        acceptance: acc / WINDOW,
        premiumShare: prem / WINDOW,
        cost: cost - before,
        cumulativeCost: cost,
        fallback: fb / WINDOW,
      });
      acc = 0;
      prem = 0;
      fb = 0;
      before = cost;
    }
  }
  await log.flush();
  const versions = tuner
    ? (await tuner.versions()).map((v) => ({
        version: v.record.version,
        role: v.role,
        changes: v.record.proposal?.changes.map((c) => c.summary) ?? [],
      }))
    : [];
  const finalConfig = tuner ? tuner.lineFor('nobody-in-particular').config : line.config;
  store.close();
  return { mode, windows, rounds, canary, versions, finalConfig, totalCost: cost };
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
const r3 = (x: number) => Math.round(x * 1000) / 1000;

function svg(off: WindowStats[], on: WindowStats[]): string {
  const W = 300,
    H = 180,
    pad = 36;
  const panel = (
    x0: number,
    title: string,
    get: (w: WindowStats) => number,
    max: number,
    fmt: (v: number) => string,
  ) => {
    const xs = (i: number, n: number) => x0 + pad + (i / Math.max(1, n - 1)) * (W - pad - 12);
    const ys = (v: number) => 20 + (1 - v / max) * (H - 50);
    const path = (ws: WindowStats[]) =>
      ws.map((w, i) => `${i ? 'L' : 'M'}${xs(i, ws.length).toFixed(1)},${ys(get(w)).toFixed(1)}`).join(' ');
    const ticks = [0, 0.5, 1]
      .map(
        (f) =>
          `<text x="${x0 + pad - 4}" y="${ys(max * f) + 4}" text-anchor="end" font-size="10">${fmt(max * f)}</text><line x1="${x0 + pad}" x2="${x0 + W - 12}" y1="${ys(max * f)}" y2="${ys(max * f)}" stroke="#ddd"/>`,
      )
      .join('');
    return (
      `<g><text x="${x0 + W / 2}" y="12" text-anchor="middle" font-size="12" font-weight="bold">${title}</text>${ticks}` +
      `<path d="${path(off)}" fill="none" stroke="#999" stroke-width="2" stroke-dasharray="5 3"/><path d="${path(on)}" fill="none" stroke="#0a6" stroke-width="2.5"/>` +
      `<text x="${xs(0, 2)}" y="${ys(0) + 14}" text-anchor="start" font-size="10">${WINDOW}</text><text x="${xs(1, 2)}" y="${ys(0) + 14}" text-anchor="end" font-size="10">${(off.length * WINDOW).toLocaleString('en')}</text>` +
      `<text x="${x0 + W / 2}" y="${H - 2}" text-anchor="middle" font-size="10">requests (each point: a window of ${WINDOW})</text></g>`
    );
  };
  const maxCost = Math.max(...off.map((w) => w.cumulativeCost), ...on.map((w) => w.cumulativeCost)) || 1;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W * 3}" height="${H + 30}" font-family="system-ui, sans-serif" role="img" aria-label="Replay: acceptance, premium share and cumulative cost, tuning off (dashed) and on (green)">` +
    `<rect width="100%" height="100%" fill="#fff"/>` +
    panel(
      0,
      'Acceptance rate',
      (w) => w.acceptance,
      1,
      (v) => `${Math.round(v * 100)}%`,
    ) +
    panel(
      W,
      'Premium share',
      (w) => w.premiumShare,
      1,
      (v) => `${Math.round(v * 100)}%`,
    ) +
    panel(
      W * 2,
      'Cumulative cost (USD)',
      (w) => w.cumulativeCost,
      maxCost,
      (v) => `$${v.toFixed(2)}`,
    ) +
    `<g font-size="11"><line x1="20" x2="44" y1="${H + 20}" y2="${H + 20}" stroke="#999" stroke-width="2" stroke-dasharray="5 3"/><text x="48" y="${H + 24}">tuning off</text>` +
    `<line x1="130" x2="154" y1="${H + 20}" y2="${H + 20}" stroke="#0a6" stroke-width="2.5"/><text x="158" y="${H + 24}">tuning on</text></g></svg>\n`
  );
}

async function main() {
  useVirtualClock();
  const stream = visitors(REQUESTS);
  const t0 = Date.now();
  const off = await arm('off', stream);
  const on = await arm('on', stream);
  const bad = await arm('bad-canary', stream.slice(0, 2000));
  const aa = await arm('aa-canary', stream.slice(0, 2000));
  const last = (ws: WindowStats[], k = 4) => ws.slice(-k);
  const summary = (a: typeof off) => ({
    acceptance: r3(mean(a.windows.map((w) => w.acceptance))),
    premiumShare: r3(mean(a.windows.map((w) => w.premiumShare))),
    cost: r3(a.totalCost),
    costPerAccepted:
      Math.round(
        (a.totalCost /
          Math.max(
            1,
            a.windows.reduce((s, w) => s + w.acceptance * WINDOW, 0),
          )) *
          1e5,
      ) / 1e5,
    lastThousand: {
      acceptance: r3(mean(last(a.windows).map((w) => w.acceptance))),
      premiumShare: r3(mean(last(a.windows).map((w) => w.premiumShare))),
      cost: r3(last(a.windows).reduce((s, w) => s + w.cost, 0)),
    },
  });
  const out = {
    seed: SEED,
    requests: REQUESTS,
    window: WINDOW,
    tuneEvery: TUNE_EVERY,
    ratedShare: RATED,
    world: WORLD.map((w) => ({ intent: w.it.intent, kind: w.kind, cheapPass: w.pass, cheapLike: w.like })),
    variants: VARIANTS,
    premiumLike: PREMIUM_LIKE,
    off: { summary: summary(off), windows: off.windows },
    on: {
      summary: summary(on),
      windows: on.windows,
      rounds: on.rounds,
      versions: on.versions,
      final: {
        routing: on.finalConfig.routing ?? null,
        variants: on.finalConfig.prompts?.variants.map((v) => ({ id: v.id, weight: v.weight })),
        exemplars: on.finalConfig.exemplars?.items.length ?? 0,
        temperature: on.finalConfig.generation?.temperature,
      },
    },
    badCanary: bad.canary,
    aaCanary: aa.canary,
  };
  const seconds = (Date.now() - t0) / 1000;
  const write = SEED === DEFAULT_SEED;
  if (write) {
    writeFileSync(new URL('replay-results.json', here), JSON.stringify(out, null, 2) + '\n');
    writeFileSync(new URL('replay.svg', here), svg(off.windows, on.windows));
  }
  const row = (name: string, s: ReturnType<typeof summary>) =>
    `${name.padEnd(12)} acceptance ${(s.acceptance * 100).toFixed(1)}%  premium ${(s.premiumShare * 100).toFixed(1)}%  cost $${s.cost.toFixed(3)} ($${s.costPerAccepted.toFixed(5)} per accepted)   last 1,000: acceptance ${(s.lastThousand.acceptance * 100).toFixed(1)}%  premium ${(s.lastThousand.premiumShare * 100).toFixed(1)}%  cost $${s.lastThousand.cost.toFixed(3)}`;
  console.log(`\nReplay: ${REQUESTS} simulated visitors, seed ${SEED}, same stream for both runs`);
  console.log(row('tuning off', out.off.summary));
  console.log(row('tuning on', out.on.summary));
  console.log(`over time (windows of ${WINDOW}): acceptance off → on | premium share off → on | cost off → on`);
  off.windows.forEach((w, i) => {
    const o = on.windows[i]!;
    const p = (x: number) => `${(x * 100).toFixed(0).padStart(3)}%`;
    console.log(
      `  ${String(w.to).padStart(5)}  ${p(w.acceptance)} → ${p(o.acceptance)} | ${p(w.premiumShare)} → ${p(o.premiumShare)} | $${w.cost.toFixed(3)} → $${o.cost.toFixed(3)}`,
    );
  });
  console.log(
    `bad canary:  ${bad.canary?.decision ?? 'no decision'} after ${bad.canary?.rolledBackAt ?? '–'} requests (${bad.canary?.canaryRequests} on the canary) — ${bad.canary?.reason ?? ''}`,
  );
  console.log(
    `A/A canary:  ${aa.canary?.decision ?? 'no decision (kept waiting)'}${aa.canary?.rolledBackAt ? ` after ${aa.canary.rolledBackAt} requests (${aa.canary.canaryRequests} on the canary)` : ''}${aa.canary?.decision === 'rollback' ? ` — ${aa.canary.reason}` : ''}`,
  );
  const json = argOf('--json');
  if (json) writeFileSync(json, JSON.stringify(seedSummary(out)) + '\n');
  console.log(
    write
      ? `wrote eval/replay-results.json and eval/replay.svg in ${seconds.toFixed(1)} s`
      : `seed ${SEED}: ${json ? `summary in ${json}` : `nothing written (the committed files are seed ${DEFAULT_SEED}'s)`}, ${seconds.toFixed(1)} s`,
  );
}

interface ArmSummary {
  acceptance: number;
  premiumShare: number;
  costPerAccepted: number;
}
interface SeedSummary {
  seed: number;
  off: ArmSummary;
  on: ArmSummary;
  badCanary: string;
  aaCanary: string;
}
const pickArm = (a: ArmSummary): ArmSummary => ({
  acceptance: a.acceptance,
  premiumShare: a.premiumShare,
  costPerAccepted: a.costPerAccepted,
});
function seedSummary(out: {
  seed: number;
  off: { summary: ArmSummary };
  on: { summary: ArmSummary };
  badCanary: { decision?: string } | null;
  aaCanary: { decision?: string } | null;
}): SeedSummary {
  return {
    seed: out.seed,
    off: pickArm(out.off.summary),
    on: pickArm(out.on.summary),
    badCanary: out.badCanary?.decision ?? 'wait',
    aaCanary: out.aaCanary?.decision ?? 'wait',
  };
}

/**
 * `--seeds 101,202,…`: the replay once per seed (each in its own process, as the module's seed is
 * fixed at start), then per seed and the mean: acceptance, premium share and cost per accepted
 * layout with tuning off and on, and what became of the bad and the A/A canary. Writes
 * eval/replay-seeds.json; one seed is one run, and these figures say how far one run carries.
 */
async function manySeeds(list: string): Promise<void> {
  const seeds = list.split(',').map(Number);
  if (!seeds.length || !seeds.every(Number.isSafeInteger)) throw new Error(USAGE);
  const dir = mkdtempSync(join(tmpdir(), 'jig-replay-'));
  const rows: SeedSummary[] = [];
  for (const seed of seeds) {
    const file = join(dir, `${seed}.json`);
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), '--seed', String(seed), '--json', file],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    if (r.status !== 0) throw new Error(`the replay with seed ${seed} failed (exit ${r.status})`);
    rows.push(JSON.parse(readFileSync(file, 'utf8')) as SeedSummary);
    console.log(`seed ${seed} done (${rows.length}/${seeds.length})`);
  }
  const pc = (x: number) => `${(x * 100).toFixed(1)}%`;
  const arm = (a: ArmSummary) => `${pc(a.acceptance)} / ${pc(a.premiumShare)} / $${a.costPerAccepted.toFixed(5)}`;
  const avg = (f: (r: SeedSummary) => number) => rows.reduce((t, r) => t + f(r), 0) / rows.length;
  const meanArm = (k: 'off' | 'on'): ArmSummary => ({
    acceptance: r3(avg((r) => r[k].acceptance)),
    premiumShare: r3(avg((r) => r[k].premiumShare)),
    costPerAccepted: Math.round(avg((r) => r[k].costPerAccepted) * 1e5) / 1e5,
  });
  const count = (k: 'badCanary' | 'aaCanary') =>
    Object.entries(
      rows.reduce<Record<string, number>>((m, r) => {
        m[r[k]] = (m[r[k]] ?? 0) + 1;
        return m;
      }, {}),
    )
      .map(([d, n]) => `${n} ${d}`)
      .join(', ');
  console.log(
    '\nseed        tuning off: acceptance / premium / per accepted   tuning on                       bad canary  A/A canary',
  );
  for (const r of rows)
    console.log(
      `${String(r.seed).padEnd(11)} ${arm(r.off).padEnd(34)} ${arm(r.on).padEnd(31)} ${r.badCanary.padEnd(11)} ${r.aaCanary}`,
    );
  const mean = { off: meanArm('off'), on: meanArm('on'), badCanary: count('badCanary'), aaCanary: count('aaCanary') };
  console.log(
    `${'mean'.padEnd(11)} ${arm(mean.off).padEnd(34)} ${arm(mean.on).padEnd(31)} bad: ${mean.badCanary}; A/A: ${mean.aaCanary}`,
  );
  writeFileSync(new URL('replay-seeds.json', here), JSON.stringify({ seeds, rows, mean }, null, 1) + '\n');
  console.log('wrote eval/replay-seeds.json');
}

const seedsArg = argOf('--seeds');
if (seedsArg) await manySeeds(seedsArg);
else await main();
