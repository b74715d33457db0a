// Runs in headless Chromium (eval/model-line.ts): the eval's intents, two rounds, through the
// same line as eval/run.ts, with Jig's layout model in wllama as the real browser station and
// the simulated premium profile behind it.
import { createLine } from '../../src/line/index.js';
import { createEventLog } from '../../src/events/log.js';
import { runGates } from '../../src/gates/index.js';
import { PREMIUM_PROFILE, clock, mulberry32, simPremiumFetch } from '../profiles.js';
import type { EvalIntent } from '../templates.js';
import intents from '../intents.json';

declare global {
  interface Window {
    __modelLine?: unknown;
    __modelLineError?: string;
    __modelLineProgress?: number;
  }
}

const reworded = (s: string) => (s ? `${s.toLowerCase().replace(/\bform\b/, 'forms')}!` : s);
const FALLBACK = {
  version: 1,
  root: 'c',
  nodes: [
    {
      id: 'c',
      type: 'callout',
      props: { title: 'Not available', text: 'This part of the page could not be assembled right now.' },
    },
  ],
};

async function main() {
  const list = intents as EvalIntent[];
  const byIntent = new Map(list.map((i) => [i.intent, i]));
  for (const it of list) byIntent.set(reworded(it.intent), it);
  const rng = mulberry32(20261125);
  const premiumCalls = { calls: 0 };
  let cost = 0;
  const attempts: Array<{ ok: boolean; ms: number; tokensOut: number; code?: string }> = [];
  const log = createEventLog({ context: { session: 'eval-model-line' } });
  log.on((e) => {
    if (e.type === 'station.attempted') {
      if (typeof e.attrs.cost === 'number') cost += e.attrs.cost;
      if (e.attrs.station === 'browser')
        attempts.push({
          ok: e.attrs.ok === true,
          ms: Number(e.attrs.ms),
          tokensOut: Number(e.attrs.tokensOut),
          ...(e.attrs.error ? { code: String((e.attrs.error as { code?: string }).code ?? 'error') } : {}),
        });
    }
  });
  const modelUrl = new URL('/models/jig-layout-v1.gguf', location.href).href;
  const line = createLine(
    {
      id: 'eval',
      version: 'line-jig-layout-v1',
      stations: [
        { kind: 'cache' },
        {
          kind: 'browser',
          engines: [
            {
              kind: 'wllama',
              model: 'jig-layout-v1',
              options: {
                modelUrl,
                model: 'jig-layout-v1',
                promptFormat: 'jig-layout-v1',
                contextSize: 1024,
                useCache: false,
              },
            },
          ],
        },
        {
          kind: 'premium',
          endpoint: '/v1/assemble',
          model: PREMIUM_PROFILE.name,
          expectTokens: { input: 3000, output: 800 },
          stream: false,
        },
        { kind: 'fallback', layout: FALLBACK },
      ],
      repair: { max: 1 },
      generation: { temperature: 0.3, maxTokens: 900 },
      audit: { share: 0.1 },
      budgets: { maxLatencyMs: 60_000, maxCostUsd: 0.05 },
      routing: { default: { minSamples: 3, minPassRate: 0.34 } },
      prices: { [PREMIUM_PROFILE.name]: PREMIUM_PROFILE.pricePerMTok, 'jig-layout-v1': { input: 0, output: 0 } },
    },
    { fetch: simPremiumFetch(PREMIUM_PROFILE, byIntent, rng, premiumCalls), log, random: rng },
  );
  const rounds = [];
  const costs = [];
  let done = 0;
  for (const round of [0, 1]) {
    const rows = [];
    const before = cost;
    for (const it of list) {
      const intent = round === 0 ? it.intent : reworded(it.intent);
      const t = clock.t;
      const r = await line.assemble({ intent });
      await line.idle();
      rows.push({
        intent,
        category: it.category,
        station: r.station,
        fallback: r.fallback,
        valid: !!r.layout && runGates(r.layout, { catalog: line.catalog }).ok,
        repaired: r.trace.steps.some((s) => s.kind === 'repair'),
        escalated: r.trace.steps.some((s) => s.kind === 'escalate'),
        // Real time for the browser station; the simulated premium's latency from the virtual clock.
        ms: r.ms + (clock.t - t),
      });
      window.__modelLineProgress = ++done;
    }
    rounds.push(rows);
    costs.push(cost - before);
  }
  window.__modelLine = { rounds, costs, attempts, premiumCalls: premiumCalls.calls };
}

main().catch((e) => {
  window.__modelLineError = String(e?.stack ?? e);
});
