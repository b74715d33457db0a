// The objective tuning optimises: cost per accepted layout, at an acceptance floor. Per intent
// class it predicts each route's acceptance and cost from the evidence and picks the cheapest that keeps the floor.
import type { Evidence, StationEvidence } from './evidence.js';
import { wilson, type Tally } from './stats.js';

export type Route = 'cheap' | 'premium';

export interface RouteEstimate {
  route: Route;
  /** Predicted share of requests whose layout visitors accept. */
  acceptance: number;
  /** Predicted dollars per request. */
  cost: number;
  /** cost / acceptance (Infinity when nothing is accepted). */
  costPerAccepted: number;
  clears: boolean;
}

export interface ClassObjective {
  floor: number;
  /** Share of the cheap station's first attempts that ended in its own layout (repairs included). */
  served: number;
  cheapAcceptance: number;
  premiumAcceptance: number;
  premiumCost: number;
  cheap: RouteEstimate;
  premium: RouteEstimate;
  best: Route;
}

/** What the cheap station did in a class, as the objective reads it (a whole record or the part since a trial began). */
export interface CheapRecord {
  first: Tally;
  rated: Tally;
  rendered?: number;
  cost?: number;
  attempts?: number;
}

const PRIOR_WEIGHT = 2;

/** A station's acceptance in a class: its ratings, shrunk towards its rate over all classes (or `fallback` when it has none). */
function acceptance(rated: Tally, global: Tally, fallback: number): number {
  const g = global.n ? global.ok / global.n : fallback;
  return (rated.ok + PRIOR_WEIGHT * g) / (rated.n + PRIOR_WEIGHT);
}

type Totals = { rated: Tally; cost: number; attempts: number };
/** Per evidence and station, summed once: the tuner asks for them once per class (classes come from visitors). */
const totalsMade = new WeakMap<Evidence, Map<string, Totals>>();

function totals(ev: Evidence, station: string): Totals {
  let byStation = totalsMade.get(ev);
  if (!byStation) totalsMade.set(ev, (byStation = new Map()));
  let out = byStation.get(station);
  if (!out) byStation.set(station, (out = sum(ev, station)));
  return out;
}

function sum(ev: Evidence, station: string): Totals {
  const out = { rated: { n: 0, ok: 0 }, cost: 0, attempts: 0 };
  for (const c of Object.values(ev.classes)) {
    const s: StationEvidence | undefined = c.stations[station];
    if (!s) continue;
    out.rated.n += s.rated.n;
    out.rated.ok += s.rated.ok;
    out.cost += s.cost ?? 0;
    out.attempts += s.attempts ?? 0;
  }
  return out;
}

const estimate = (route: Route, acc: number, cost: number, floor: number): RouteEstimate => ({
  route,
  acceptance: acc,
  cost,
  costPerAccepted: acc > 0 ? cost / acc : Infinity,
  clears: acc >= floor - 1e-9,
});

/**
 * Predicts both routes for a class. Cheap first: the browser serves what it passes (`served`), the
 * rest escalates to premium, so acceptance mixes the two and cost is premium's only on escalation.
 * Premium first: premium's acceptance at premium's cost. `cheapAcceptance` overrides the estimate
 * (the tuner passes a cautious one before moving a class down).
 */
export function classObjective(
  ev: Evidence,
  cls: string,
  cheap: CheapRecord,
  floor: number,
  o: { cheapAcceptance?: number } = {},
): ClassObjective {
  const prem = totals(ev, 'premium');
  const brow = totals(ev, 'browser');
  const premiumCost = prem.attempts ? prem.cost / prem.attempts : 0;
  const premiumAcceptance = acceptance(ev.classes[cls]?.stations.premium?.rated ?? { n: 0, ok: 0 }, prem.rated, floor);
  // Without ratings of its own the cheap station is taken to be as good as premium: no escalation without evidence.
  const cheapAcceptance = o.cheapAcceptance ?? acceptance(cheap.rated, brow.rated, premiumAcceptance);
  const served = cheap.first.n ? Math.min(1, (cheap.rendered ?? cheap.first.ok) / cheap.first.n) : 1;
  const cheapCostPerRequest = cheap.first.n && cheap.attempts ? (cheap.cost ?? 0) / cheap.first.n : 0;
  const c = estimate(
    'cheap',
    served * cheapAcceptance + (1 - served) * premiumAcceptance,
    cheapCostPerRequest + (1 - served) * premiumCost,
    floor,
  );
  const p = estimate('premium', premiumAcceptance, premiumCost, floor);
  const best: Route =
    c.clears && p.clears
      ? c.costPerAccepted <= p.costPerAccepted
        ? 'cheap'
        : 'premium'
      : c.clears
        ? 'cheap'
        : p.clears
          ? 'premium'
          : c.acceptance >= p.acceptance
            ? 'cheap'
            : 'premium';
  return { floor, served, cheapAcceptance, premiumAcceptance, premiumCost, cheap: c, premium: p, best };
}

/** The cheap station's acceptance at the lower end of its interval: what moving a class down must clear. */
export function cautiousAcceptance(rated: Tally): number | undefined {
  return rated.n ? wilson(rated, 1).low : undefined;
}

/** The cheap station's acceptance at the upper end of its interval: what moving a class up must fall below. */
export function hopefulAcceptance(rated: Tally): number | undefined {
  return rated.n ? wilson(rated, 1).high : undefined;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const usd = (x: number) => (x === Infinity ? '∞' : `$${x < 0.01 ? x.toFixed(5) : x.toFixed(4)}`);

/** One sentence on both routes, for a proposal's evidence. */
export function describeObjective(o: ClassObjective): string {
  const r = (e: RouteEstimate) =>
    `${e.route} first ${pct(e.acceptance)} accepted at ${usd(e.costPerAccepted)} per accepted layout`;
  return `${r(o.cheap)}; ${r(o.premium)} (floor ${pct(o.floor)}; the browser served ${pct(o.served)} of its first attempts, visitors accept ${pct(o.cheapAcceptance)} of its layouts and ${pct(o.premiumAcceptance)} of premium's)`;
}
