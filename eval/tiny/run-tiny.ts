// Runs in headless Chromium (eval/tiny-browser.ts): the eval's intents through the line with the
// real tiny wllama model (random weights) as the browser station and the simulated premium.
import { createLine } from '../../src/line/index.js';
import { createEventLog } from '../../src/events/log.js';
import { runGates } from '../../src/gates/index.js';
import { PREMIUM_PROFILE, clock, mulberry32, simPremiumFetch } from '../profiles.js';
import type { EvalIntent } from '../templates.js';
import intents from '../intents.json';

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
  let cost = 0;
  const attempts: Array<{ ok: boolean; ms: number; tokensOut: number; code?: string }> = [];
  const log = createEventLog({ context: { session: 'eval-tiny' } });
  log.on((e) => {
    if (e.type === 'station.attempted') {
      if (typeof e.attrs.cost === 'number') cost += e.attrs.cost;
      if (e.attrs.station === 'browser')
        attempts.push({ ok: e.attrs.ok === true, ms: Number(e.attrs.ms), tokensOut: Number(e.attrs.tokensOut) });
    }
    if (e.type === 'station.failed' && e.attrs.station === 'browser')
      attempts.push({ ok: false, ms: Number(e.attrs.ms), tokensOut: 0, code: String(e.attrs.code) });
  });
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
                modelUrl: new URL('/test/fixtures/models/tiny.gguf', location.href).href,
                model: 'tiny-random',
                useCache: false,
              },
            },
          ],
        },
        { kind: 'premium', endpoint: '/v1/assemble', model: PREMIUM_PROFILE.name, stream: false },
        {
          kind: 'fallback',
          layout: {
            version: 1,
            root: 'c',
            nodes: [
              { id: 'c', type: 'callout', props: { text: 'This part of the page could not be assembled right now.' } },
            ],
          },
        },
      ],
      repair: { max: 1 },
      generation: {
        maxNodes: 4,
        maxString: 24,
        maxTokens: 400,
        temperature: 0.8,
        components: ['stack', 'heading', 'text'],
      },
      prompts: {
        version: 'tiny',
        system: '',
        variants: [{ id: 'short', weight: 1, template: 'Layout JSON for: {{intent}}' }],
      },
      prices: { [PREMIUM_PROFILE.name]: PREMIUM_PROFILE.pricePerMTok },
    },
    { fetch: simPremiumFetch(PREMIUM_PROFILE, byIntent, rng, { calls: 0 }), log, random: rng },
  );
  const rows = [];
  for (const it of list) {
    const before = clock.t;
    const r = await line.assemble({ intent: it.intent });
    rows.push({
      intent: it.intent,
      station: r.station,
      fallback: r.fallback,
      valid: !!r.layout && runGates(r.layout, { catalog: line.catalog }).ok,
      repaired: r.trace.steps.some((s) => s.kind === 'repair'),
      escalated: r.trace.steps.some((s) => s.kind === 'escalate'),
      // The simulated premium answers at once here; its simulated latency is added from the virtual clock.
      ms: r.ms + (clock.t - before),
    });
  }
  window.__tiny = { rows, attempts, costUsd: cost };
}

main().catch((e) => {
  window.__tinyError = String(e?.stack ?? e);
});
