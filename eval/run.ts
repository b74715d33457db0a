// npm run eval: a fixed set of intents through the line: first as measured with Jig's layout model
// as the real browser station (eval/model-line.json), then with simulated station profiles (and the
// real tiny model's figures from a Chromium run), each scenario beside an all-premium baseline
// from the same run. Writes eval/results.json and prints a table.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createLine, type LineResult } from '../src/line/index.js';
import { createEventLog } from '../src/events/log.js';
import {
  BROWSER_PROFILES,
  PREMIUM_PROFILE,
  SimEngine,
  clock,
  mulberry32,
  simPremiumFetch,
  useVirtualClock,
  type BrowserProfile,
} from './profiles.js';
import type { EvalIntent } from './templates.js';
import { FALLBACK_STATION, PREMIUM_STATION, evalRow, reworded, type EvalRow } from './support/line.js';

const SEED = 20261125;
const here = new URL('.', import.meta.url);
const intents = JSON.parse(readFileSync(new URL('intents.json', here), 'utf8')) as EvalIntent[];
const byIntent = new Map(intents.map((i) => [i.intent, i]));
for (const it of intents) byIntent.set(reworded(it.intent), it);

function lineConfig(opts: { browser: boolean; vote?: number }) {
  const prices = {
    [PREMIUM_PROFILE.name]: PREMIUM_PROFILE.pricePerMTok,
    ...Object.fromEntries(BROWSER_PROFILES.map((p) => [p.name, p.pricePerMTok])),
  };
  return {
    id: 'eval',
    version: opts.browser ? `line${opts.vote ? `-vote${opts.vote}` : ''}` : 'all-premium',
    stations: [...(opts.browser ? [{ kind: 'cache' }, { kind: 'browser' }] : []), PREMIUM_STATION, FALLBACK_STATION],
    repair: { max: 1 },
    ...(opts.vote ? { vote: { samples: opts.vote, threshold: 0.5 } } : {}),
    audit: { share: opts.browser ? 0.1 : 0 },
    budgets: { maxLatencyMs: 20_000, maxCostUsd: 0.05 },
    routing: { default: { minSamples: 3, minPassRate: 0.34 } },
    prices,
  };
}

type Row = EvalRow;

async function scenario(name: string, profile: BrowserProfile | null, vote?: number) {
  clock.t = 0;
  const rng = mulberry32(SEED);
  const premiumCalls = { calls: 0 };
  let cost = 0;
  let audits = 0;
  let auditAgreement = 0;
  const log = createEventLog({ context: { session: 'eval' } });
  log.on((e) => {
    if (e.type === 'station.attempted' && typeof e.attrs.cost === 'number') cost += e.attrs.cost;
    if (e.type === 'audit.completed' && typeof e.attrs.agreement === 'number') {
      audits++;
      auditAgreement += e.attrs.agreement;
    }
  });
  const line = createLine(lineConfig({ browser: !!profile, ...(vote ? { vote } : {}) }), {
    ...(profile ? { engines: [new SimEngine(profile, byIntent, rng)] } : {}),
    fetch: simPremiumFetch(PREMIUM_PROFILE, byIntent, rng, premiumCalls),
    log,
    random: rng,
  });
  const rounds: Row[][] = [];
  const costs: number[] = [];
  for (const round of [0, 1]) {
    const rows: Row[] = [];
    const before = cost;
    for (const it of intents) {
      const intent = round === 0 ? it.intent : reworded(it.intent);
      const r: LineResult = await line.assemble({ intent });
      await line.idle();
      rows.push(evalRow(intent, it.category, r, line.catalog));
    }
    rounds.push(rows);
    costs.push(cost - before);
  }
  return {
    name,
    profile: profile?.name ?? PREMIUM_PROFILE.name,
    rounds,
    costs,
    premiumCalls: premiumCalls.calls,
    audits,
    auditAgreement: audits ? auditAgreement / audits : null,
  };
}

const pct = (q: number, xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]! : 0;
};
const share = (rows: Row[], f: (r: Row) => boolean) => rows.filter(f).length / rows.length;

function summarise(rows: Row[], costUsd: number) {
  const stations = ['cache', 'browser', 'premium', 'fallback'] as const;
  return {
    requests: rows.length,
    served: Object.fromEntries(stations.map((s) => [s, share(rows, (r) => r.station === s)])),
    repairRate: share(rows, (r) => r.repaired),
    escalationRate: share(rows, (r) => r.escalated),
    renderedValid: share(rows, (r) => r.valid),
    blank: share(rows, (r) => r.station === null),
    costUsd: Math.round(costUsd * 1e6) / 1e6,
    costPer1kUsd: Math.round((costUsd / rows.length) * 1000 * 1e4) / 1e4,
    p50Ms: Math.round(
      pct(
        0.5,
        rows.map((r) => r.ms),
      ),
    ),
    p95Ms: Math.round(
      pct(
        0.95,
        rows.map((r) => r.ms),
      ),
    ),
  };
}

async function main() {
  // `npm run eval -- --tiny` first re-runs the real tiny model in headless Chromium (about 2 minutes).
  if (process.argv.includes('--tiny')) {
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync(process.execPath, ['--import', 'tsx', new URL('tiny-browser.ts', here).pathname], {
      stdio: 'inherit',
    });
    if (r.status !== 0) console.error('the tiny-model run failed; reporting its last saved figures, if any');
  }
  useVirtualClock();
  const baseline = await scenario('all-premium', null);
  const scenarios = [
    await scenario('line: small-360m-sim', BROWSER_PROFILES[0]!),
    await scenario('line: mid-1.5b-sim', BROWSER_PROFILES[1]!),
    await scenario('line: mid-1.5b-sim, vote 3', BROWSER_PROFILES[1]!, 3),
  ];
  const base = [
    summarise(baseline.rounds[0]!, baseline.costs[0]!),
    summarise(baseline.rounds[1]!, baseline.costs[1]!),
    summarise([...baseline.rounds[0]!, ...baseline.rounds[1]!], baseline.costs[0]! + baseline.costs[1]!),
  ];
  const labels = ['round 1 (cold: every intent new)', 'round 2 (the same intents reworded)', 'both rounds'];
  /** A round of a line beside all-premium on the same round, and the goals it meets. */
  const against = (p: ReturnType<typeof summarise>, i: number) => {
    const all = base[i]!;
    return {
      round: labels[i],
      line: p,
      allPremium: all,
      costReduction: all.costUsd ? Math.round((1 - p.costUsd / all.costUsd) * 1000) / 1000 : null,
      goal: {
        costReductionAtLeast80pct: all.costUsd ? 1 - p.costUsd / all.costUsd >= 0.8 : false,
        renderedValid100pct: p.renderedValid === 1,
        premiumUnder20pct: p.served.premium! < 0.2,
      },
    };
  };
  const results = scenarios.map((s) => {
    const parts = [
      summarise(s.rounds[0]!, s.costs[0]!),
      summarise(s.rounds[1]!, s.costs[1]!),
      summarise([...s.rounds[0]!, ...s.rounds[1]!], s.costs[0]! + s.costs[1]!),
    ];
    return {
      scenario: s.name,
      browserProfile: s.profile,
      premiumCalls: s.premiumCalls,
      audits: s.audits,
      meanAuditAgreement: s.auditAgreement,
      rounds: parts.map((p, i) => against(p, i)),
    };
  });
  // The line with a real cheap station: Jig's layout model in wllama (eval/model-line.ts), its
  // cost set beside the simulated all-premium baseline of the same intents and rounds.
  const realFile = new URL('model-line.json', here);
  const realRun = existsSync(realFile)
    ? (JSON.parse(readFileSync(realFile, 'utf8')) as {
        generatedAt: string;
        rounds: Row[][];
        costs: number[];
        attempts: Array<{ ok: boolean }>;
        premiumCalls: number;
      })
    : null;
  const realStation = realRun
    ? {
        scenario: "line: Jig's layout model (real, wllama in Chromium)",
        generatedAt: realRun.generatedAt,
        premiumCalls: realRun.premiumCalls,
        browserAttempts: realRun.attempts.length,
        browserAttemptsPassing: realRun.attempts.filter((a) => a.ok).length,
        rounds: [realRun.rounds[0]!, realRun.rounds[1]!, [...realRun.rounds[0]!, ...realRun.rounds[1]!]].map(
          (rows, i) => against(summarise(rows, i < 2 ? realRun.costs[i]! : realRun.costs[0]! + realRun.costs[1]!), i),
        ),
      }
    : null;
  const tinyFile = new URL('tiny-browser.json', here);
  const tiny = existsSync(tinyFile) ? JSON.parse(readFileSync(tinyFile, 'utf8')) : null;
  const out = {
    generatedAt: new Date().toISOString(),
    seed: SEED,
    intents: intents.length,
    categories: countBy(intents.map((i) => i.category)),
    profiles: { browser: BROWSER_PROFILES, premium: PREMIUM_PROFILE },
    note: "realStation: the line with Jig's layout model measured in headless Chromium (eval/model-line.ts; browser latency real, premium simulated). results: simulated browser profiles, kept as 'if the browser model were bigger'. Latency there is virtual time from the profiles; cost is summed from station.attempted events, audits included. Tiny-model figures come from a headless Chromium run (eval/tiny-browser.ts).",
    realStation,
    ifTheBrowserModelWereBigger: results,
    results,
    tinyModel: tiny,
  };
  writeFileSync(new URL('results.json', here), JSON.stringify(out, null, 2) + '\n');
  print(out, realStation ? [realStation] : [], 'measured: the real cheap station');
  print(out, results, 'if the browser model were bigger (simulated profiles)');
}

function countBy(xs: string[]) {
  const m: Record<string, number> = {};
  for (const x of xs) m[x] = (m[x] ?? 0) + 1;
  return m;
}
const p = (x: number) => `${(x * 100).toFixed(1)}%`;

function print(
  out: { intents: number; tinyModel: unknown },
  results: Array<{
    scenario: string;
    premiumCalls: number;
    rounds: Array<{
      round: string | undefined;
      line: ReturnType<typeof summarise>;
      allPremium: ReturnType<typeof summarise> | undefined;
      costReduction: number | null;
    }>;
  }>,
  heading: string,
) {
  if (!results.length) return;
  console.log(`Jig line eval, ${heading}: ${out.intents} intents × 2 rounds, seed ${SEED}\n`);
  for (const r of results) {
    console.log(`== ${r.scenario}  (premium calls incl. audits: ${r.premiumCalls})`);
    for (const x of r.rounds) {
      const l = x.line;
      const b = x.allPremium!;
      console.log(`  ${x.round}`);
      console.log(
        `    served: cache ${p(l.served.cache!)}, browser ${p(l.served.browser!)}, premium ${p(l.served.premium!)}, fallback ${p(l.served.fallback!)}   (all-premium: premium ${p(b.served.premium!)}, fallback ${p(b.served.fallback!)})`,
      );
      console.log(
        `    repair rate ${p(l.repairRate)}, escalation rate ${p(l.escalationRate)}, rendered-valid ${p(l.renderedValid)} (all-premium ${p(b.renderedValid)}), blank ${p(l.blank)}`,
      );
      console.log(
        `    cost $${l.costUsd.toFixed(4)} vs all-premium $${b.costUsd.toFixed(4)} → ${x.costReduction === null ? 'n/a' : p(x.costReduction)} lower;  latency p50 ${l.p50Ms} ms / p95 ${l.p95Ms} ms vs ${b.p50Ms} / ${b.p95Ms} ms`,
      );
    }
  }
  const tiny = out.tinyModel as null | { summary?: string };
  if (!heading.startsWith('if')) return;
  console.log(
    `\nreal tiny model (wllama, random weights, headless Chromium): ${tiny?.summary ?? 'no run recorded (node --import tsx eval/tiny-browser.ts)'}`,
  );
  console.log('\nwrote eval/results.json');
}

await main();
