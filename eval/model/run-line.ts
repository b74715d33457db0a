// Runs in headless Chromium (eval/model-line.ts): the eval's intents, two rounds, through the
// same line as eval/run.ts, with Jig's layout model in wllama as the real browser station and
// the simulated premium profile behind it.
import { createLine } from '../../src/line/index.js';
import { createEventLog } from '../../src/events/log.js';
import { PREMIUM_PROFILE, clock, mulberry32, simPremiumFetch } from '../profiles.js';
import type { EvalIntent } from '../templates.js';
import intents from '../intents.json';
import {
  FALLBACK_STATION,
  PREMIUM_STATION,
  evalRow,
  followLine,
  layoutModelStation,
  reworded,
} from '../support/line.js';

declare global {
  interface Window {
    __modelLine?: unknown;
    __modelLineError?: string;
    __modelLineProgress?: number;
  }
}

async function main() {
  const list = intents as EvalIntent[];
  const byIntent = new Map(list.map((i) => [i.intent, i]));
  for (const it of list) byIntent.set(reworded(it.intent), it);
  const rng = mulberry32(20261125);
  const premiumCalls = { calls: 0 };
  const log = createEventLog({ context: { session: 'eval-model-line' } });
  const { spent, attempts } = followLine(log);
  const modelUrl = new URL('/models/jig-layout-v1.gguf', location.href).href;
  const line = createLine(
    {
      id: 'eval',
      version: 'line-jig-layout-v1',
      stations: [{ kind: 'cache' }, layoutModelStation('jig-layout-v1', modelUrl), PREMIUM_STATION, FALLBACK_STATION],
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
    const before = spent();
    for (const it of list) {
      const intent = round === 0 ? it.intent : reworded(it.intent);
      const t = clock.t;
      const r = await line.assemble({ intent });
      await line.idle();
      // Real time for the browser station; the simulated premium's latency from the virtual clock.
      rows.push(evalRow(intent, it.category, r, line.catalog, r.ms + (clock.t - t)));
      window.__modelLineProgress = ++done;
    }
    rounds.push(rows);
    costs.push(spent() - before);
  }
  window.__modelLine = { rounds, costs, attempts, premiumCalls: premiumCalls.calls };
}

main().catch((e) => {
  window.__modelLineError = String(e?.stack ?? e);
});
