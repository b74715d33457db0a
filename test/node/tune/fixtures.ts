// A line config and evidence builders shared by the tuning tests (Node and browser).
import type { LineConfig } from '../../../src/line/config.js';
import { collectEvidence, type Evidence } from '../../../src/tune/evidence.js';
import { requestEvents, simLayout, type SimRequest } from '../../../eval/replay-sim.js';
import { seededRandom } from '../../../src/tune/rng.js';
import type { JigEvent } from '../../../src/events/event.js';

export function baseConfig(): LineConfig {
  return {
    id: 'shop',
    version: '1',
    catalog: { exclude: ['image'] },
    stations: [
      { kind: 'cache' },
      { kind: 'browser' },
      { kind: 'premium', endpoint: '/v1/assemble', model: 'big' },
      { kind: 'fallback', layout: simLayout('Sorry') },
    ],
    gates: { actions: ['buy'] },
    prompts: {
      variants: [
        { id: 'plain', weight: 1, template: 'A {{intent}}' },
        { id: 'steps', weight: 1, template: 'B {{intent}}' },
        { id: 'terse', weight: 1, template: 'C {{intent}}' },
      ],
    },
    exemplars: { max: 2, items: [{ intent: 'site seed', intentClass: 'seed', layout: simLayout('Seed') }] },
    generation: { temperature: 0.7, maxTokens: 512 },
    repair: { max: 1 },
    vote: { samples: 2, threshold: 0.6 },
    budgets: { maxLatencyMs: 5000, maxCostUsd: 0.01 },
    audit: { share: 0.1 },
    prices: { big: { input: 3, output: 15 } },
  };
}

/** Requests for one class where the cheap station passes the gates at `pass` and visitors like at `like` (deterministic patterns). */
export function classRequests(o: {
  cls: string;
  n: number;
  pass: number;
  like?: number;
  variant?: string;
  version?: string;
  label?: string;
  line?: string;
}): SimRequest[] {
  const out: SimRequest[] = [];
  for (let i = 0; i < o.n; i++) {
    const ok = (i * 7919) % 1000 < o.pass * 1000;
    const liked = o.like === undefined ? undefined : (i * 104729) % 1000 < o.like * 1000;
    const layout = simLayout(`${o.label ?? o.cls} ${i % 3}`);
    out.push({
      line: o.line ?? 'shop',
      version: o.version ?? '1',
      session: `s${i}`,
      intent: `${o.cls} please`,
      intentClass: o.cls,
      attempts: ok
        ? [{ station: 'browser', ok: true, ...(o.variant ? { variant: o.variant } : {}) }]
        : [
            { station: 'browser', ok: false, ...(o.variant ? { variant: o.variant } : {}) },
            { station: 'premium', ok: true, cost: 0.002 },
          ],
      rendered: ok
        ? { station: 'browser', layout, ...(o.variant ? { variant: o.variant } : {}) }
        : { station: 'premium', layout: simLayout(`${o.cls} premium`) },
      ...(liked === undefined ? {} : { rating: liked ? ('up' as const) : ('down' as const) }),
      time: Date.UTC(2026, 10, 25, 10, 0, 0) + i * 1000,
    });
  }
  return out;
}

/** Requests on one version of a line with given rates, seeded (the same seed gives the same requests). */
export function versionRequests(
  line: string,
  version: string,
  n: number,
  rates: { pass: number; like: number },
  seed: number,
): SimRequest[] {
  const rng = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const ok = rng() < rates.pass;
    const liked = rng() < rates.like;
    const layout = simLayout(`v${version} ${i % 5}`);
    return {
      line,
      version,
      session: `v${version}-${seed}-${i}`,
      intent: 'checkout please',
      intentClass: 'checkout',
      attempts: ok
        ? [{ station: 'browser' as const, ok: true }]
        : [
            { station: 'browser' as const, ok: false },
            { station: 'premium' as const, ok: true, cost: 0.002 },
          ],
      rendered: ok
        ? { station: 'browser' as const, layout }
        : { station: 'premium' as const, layout: simLayout('premium') },
      rating: liked ? ('up' as const) : ('down' as const),
    };
  });
}

export function eventsOf(reqs: SimRequest[]): JigEvent[] {
  return reqs.flatMap(requestEvents);
}

export function evidenceOf(reqs: SimRequest[], line = 'shop'): Evidence {
  return collectEvidence(eventsOf(reqs), line);
}
