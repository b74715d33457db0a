// Runs in headless Chromium (eval/tiny-browser.ts): the eval's intents through the line with the
// real tiny wllama model (random weights) as the browser station and the simulated premium.
import { createLine } from '../../src/line/index.js';
import { createEventLog } from '../../src/events/log.js';
import { PREMIUM_PROFILE, clock, mulberry32, simPremiumFetch } from '../profiles.js';
import type { EvalIntent } from '../templates.js';
import intents from '../intents.json';
import { FALLBACK_STATION, PREMIUM_STATION, evalRow, followLine } from '../support/line.js';
import { TINY_LINE_SETTINGS, TINY_MODEL_PATH } from '../../test/fixtures/models/tiny-line.js';

declare global {
  interface Window {
    __tiny?: unknown;
    __tinyError?: string;
  }
}

async function main() {
  const list = intents as EvalIntent[];
  const byIntent = new Map(list.map((i) => [i.intent, i]));
  const rng = mulberry32(20261125);
  const log = createEventLog({ context: { session: 'eval-tiny' } });
  const { spent, attempts } = followLine(log);
  const line = createLine(
    {
      id: 'eval-tiny',
      version: '1',
      stations: [
        {
          kind: 'browser',
          engines: [
            {
              kind: 'wllama',
              model: 'tiny-random',
              options: {
                modelUrl: new URL(TINY_MODEL_PATH, location.href).href,
                model: 'tiny-random',
                useCache: false,
              },
            },
          ],
        },
        PREMIUM_STATION,
        FALLBACK_STATION,
      ],
      repair: { max: 1 },
      ...TINY_LINE_SETTINGS,
      prices: { [PREMIUM_PROFILE.name]: PREMIUM_PROFILE.pricePerMTok },
    },
    { fetch: simPremiumFetch(PREMIUM_PROFILE, byIntent, rng, { calls: 0 }), log, random: rng },
  );
  const rows = [];
  for (const it of list) {
    const before = clock.t;
    const r = await line.assemble({ intent: it.intent });
    // The simulated premium answers at once here; its simulated latency is added from the virtual clock.
    rows.push(evalRow(it.intent, it.category, r, line.catalog, r.ms + (clock.t - before)));
  }
  window.__tiny = { rows, attempts, costUsd: spent() };
}

main().catch((e) => {
  window.__tinyError = String(e?.stack ?? e);
});
