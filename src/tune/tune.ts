// tune(evidence, config, bounds) → a proposal: a new line config that changes only what tuning
// may change (exemplars, cache, routing, variant weights, parameters), with a diff a person can read.
import { layoutId } from '../line/line.js';
import type { LineConfig, RouteRule } from '../line/config.js';
import type { LayoutDocument } from '../layout/document.js';
import { thompsonWeights } from './bandit.js';
import { DEFAULT_BOUNDS, type TuneBounds } from './bounds.js';
import { accepted, type Evidence, type LayoutEvidence, type StationEvidence } from './evidence.js';
import { deepEqual, untunableChanges } from './guard.js';
import { seededRandom } from './rng.js';
import { posteriorMean, wilson, type Tally } from './stats.js';
import { cautiousAcceptance, classObjective, describeObjective, hopefulAcceptance } from './objective.js';
import { belowFeedbackBar, belowPassBar, likedHigh, passHigh, routeRule } from '../line/records.js';
import { describeRequirement } from '../line/requirements.js';
import { escapeSegment } from '../layout/pointer.js';
import { type CategoricalProp, describeSupport, learnRequirements, recentAccepted } from './requirements.js';

export type ChangeKind = 'exemplars' | 'cache' | 'routing' | 'requirements' | 'variants' | 'parameters' | 'model';

export interface Change {
  kind: ChangeKind;
  /** JSON Pointer into the config. */
  path: string;
  /** One line: what changed. */
  summary: string;
  /** On what evidence. */
  evidence: string;
  /** How many samples that evidence rests on. */
  samples: number;
  before: unknown;
  after: unknown;
}

/** The cheap station's tallies for a class at a moment (routing compares against it). */
export interface RouteSnapshot {
  first: Tally;
  rated: Tally;
  audits: number;
  agreement: number;
  /** Layouts of its own it rendered, its cost and attempts (absent in states saved before they were kept). */
  rendered?: number;
  cost?: number;
  attempts?: number;
}

/** Tuning's memory between rounds: per class, where routing put it and since when. */
export interface TuneState {
  round: number;
  routing: Record<
    string,
    {
      mode: 'premium' | 'probe' | 'cheap';
      since: number;
      wait: number;
      base: RouteSnapshot /** What sent the class up: the trial must show enough of that to come down. */;
      why?: 'gates' | 'audits' | 'users';
    }
  >;
  /** Classes whose `require` tuning wrote (a class's own, written by the site, is the site's to keep). */
  requirements?: Record<string, true>;
}

export interface Proposal {
  /** The proposed config (same version as the input; the version store numbers it). */
  config: LineConfig;
  changes: Change[];
  state: TuneState;
  /** The version the proposal was made from. */
  from: string;
  /** Events the evidence was folded from. */
  events: number;
  /** What the proposal optimises: cost per accepted layout, keeping this share of layouts accepted per class. */
  objective?: { acceptanceFloor: number };
}

export interface TuneOptions {
  /** Random source for the bandit. Default: seeded from `seed` (default 1), so a run replays. */
  rng?: () => number;
  seed?: number;
  /** Whether a layout passes this line's gates now (exemplars and cache entries must). Default: all pass. */
  check?: (layout: unknown) => boolean;
  /** Tuning's state after the previous round. */
  state?: TuneState;
  /** Which props a requirement may name by value (`catalogCategorical(catalog)`); default: judged from the layouts. */
  categorical?: CategoricalProp;
}

export const emptyState = (): TuneState => ({ round: 0, routing: {} });

const pct = (t: Tally) => (t.n ? `${t.ok}/${t.n} (${Math.round((t.ok / t.n) * 100)}%)` : 'no samples');
const zero = (): RouteSnapshot => ({
  first: { n: 0, ok: 0 },
  rated: { n: 0, ok: 0 },
  audits: 0,
  agreement: 0,
  rendered: 0,
  cost: 0,
  attempts: 0,
});
const snap = (s: StationEvidence | undefined): RouteSnapshot =>
  s
    ? {
        first: { ...s.first },
        rated: { ...s.rated },
        audits: s.audits,
        agreement: s.agreement,
        rendered: s.rendered,
        cost: s.cost,
        attempts: s.attempts,
      }
    : zero();
/**
 * What a tally gained since `b`. When the record no longer extends the base (events were evicted
 * from the store, so more passes than attempts seem to have been added), nothing is known: zero.
 */
const since = (a: Tally, b: Tally): Tally => {
  const n = a.n - b.n,
    ok = a.ok - b.ok;
  return n >= 0 && ok >= 0 && ok <= n ? { n, ok } : { n: 0, ok: 0 };
};
const minus = (a: RouteSnapshot, b: RouteSnapshot): RouteSnapshot => ({
  first: since(a.first, b.first),
  rated: since(a.rated, b.rated),
  audits: Math.max(0, a.audits - b.audits),
  agreement: Math.max(0, a.agreement - b.agreement),
  rendered: Math.max(0, (a.rendered ?? 0) - (b.rendered ?? 0)),
  cost: Math.max(0, (a.cost ?? 0) - (b.cost ?? 0)),
  attempts: Math.max(0, (a.attempts ?? 0) - (b.attempts ?? 0)),
});
const exemplarChars = (e: { intent: string; layout: unknown }) => e.intent.length + JSON.stringify(e.layout).length;

/** Proposes a new line config from the evidence. Pure: same inputs (and seed), same proposal. */
export function tune(evidence: Evidence, config: LineConfig, bounds: TuneBounds, opts: TuneOptions = {}): Proposal {
  const rng = opts.rng ?? seededRandom(opts.seed ?? 1);
  const check = opts.check ?? (() => true);
  const next = structuredClone(config);
  const changes: Change[] = [];
  const state: TuneState = structuredClone(opts.state ?? emptyState());
  state.round++;

  if (bounds.parts.exemplars) tuneExemplars(evidence, next, bounds, check, changes);
  if (bounds.parts.cache) tuneCache(evidence, next, bounds, check, changes);
  if (bounds.parts.routing) tuneRouting(evidence, next, bounds, state, changes);
  if (bounds.parts.requirements) tuneRequirements(evidence, next, bounds, state, changes, opts.categorical);
  if (bounds.parts.variants) tuneVariants(evidence, next, bounds, rng, changes);
  if (bounds.parts.parameters) tuneParameters(evidence, next, bounds, changes);

  const stray = untunableChanges(config, next);
  if (stray.length) throw new Error(`tuning changed parts it may not (${stray.join(', ')}); this is a bug in src/tune`);
  return {
    config: next,
    changes,
    state,
    from: String(config.version),
    events: evidence.events,
    objective: { acceptanceFloor: bounds.routing.acceptanceFloor },
  };
}

function rankedLayouts(list: LayoutEvidence[], incumbent: ReadonlySet<string>): LayoutEvidence[] {
  // Premium's accepted layouts first: they show the cheap station what it does not yet write on its own.
  const prem = (l: LayoutEvidence) => (l.station === 'premium' ? 1 : 0);
  // On equal evidence the exemplar already in the line stays: a newer layout as good as it is no
  // reason for a new version (each one a canary, and churn in the prompt).
  const kept = (l: LayoutEvidence) => (incumbent.has(l.layoutId) ? 1 : 0);
  return [...list].sort(
    (a, b) =>
      prem(b) - prem(a) ||
      posteriorMean({ n: b.up + b.down + (b.actions ?? 0), ok: b.up + (b.actions ?? 0) }) -
        posteriorMean({ n: a.up + a.down + (a.actions ?? 0), ok: a.up + (a.actions ?? 0) }) ||
      b.up - a.up ||
      kept(b) - kept(a) ||
      b.time - a.time ||
      (a.layoutId < b.layoutId ? -1 : 1),
  );
}

function tuneExemplars(
  ev: Evidence,
  next: LineConfig,
  bounds: TuneBounds,
  check: (l: unknown) => boolean,
  changes: Change[],
): void {
  const b = bounds.exemplars;
  const byClass = new Map<string, LayoutEvidence[]>();
  for (const l of Object.values(ev.layouts)) {
    if (l.station === 'cache' || !accepted(l, b.minRatings) || !check(l.layout)) continue;
    byClass.set(l.intentClass, [...(byClass.get(l.intentClass) ?? []), l]);
  }
  if (!byClass.size) return;
  // Classes that premium serves most come first: that is the traffic an exemplar can move down.
  const premiumServed = (c: string) => ev.classes[c]?.stations.premium?.rendered ?? 0;
  const classes = [...byClass.keys()].sort(
    (x, y) =>
      premiumServed(y) - premiumServed(x) ||
      (ev.classes[y]?.requests ?? 0) - (ev.classes[x]?.requests ?? 0) ||
      (x < y ? -1 : 1),
  );
  const items: NonNullable<LineConfig['exemplars']>['items'] = [];
  const why: string[] = [];
  let chars = 0,
    samples = 0,
    fromPremium = 0;
  const fits = (e: { intent: string; layout: unknown }) =>
    items.length < b.maxItems && chars + exemplarChars(e) <= b.maxChars;
  const before = next.exemplars?.items ?? [];
  const incumbent = new Set(before.map((e) => layoutId(e.layout as LayoutDocument)));
  for (const cls of classes) {
    for (const l of rankedLayouts(byClass.get(cls)!, incumbent).slice(0, b.perClass)) {
      const item = { intent: l.intent || cls, intentClass: cls, layout: l.layout };
      if (!fits(item)) continue;
      items.push(item);
      chars += exemplarChars(item);
      samples += l.up + l.down + (l.actions ?? 0);
      if (l.station === 'premium') fromPremium++;
      why.push(
        `"${cls}": ${l.layoutId} from ${l.station}, rated ${l.up} up / ${l.down} down${l.actions ? `, acted on ${l.actions}×` : ''}${premiumServed(cls) ? `; premium served the class ${premiumServed(cls)}×` : ''}`,
      );
    }
  }
  // The site's own exemplars for classes without rated layouts stay, budget permitting.
  for (const e of next.exemplars?.items ?? []) {
    if (e.intentClass !== undefined && byClass.has(e.intentClass)) continue;
    if (items.some((x) => deepEqual(x, e)) || !fits(e)) continue;
    items.push(e);
    chars += exemplarChars(e);
  }
  // The same exemplars in another order (classes reordered by how much premium served them) are no change.
  if (before.length === items.length && items.every((x) => before.some((y) => deepEqual(x, y)))) return;
  const version = 'x' + layoutId({ items }).slice(1);
  next.exemplars = { ...next.exemplars, version, items };
  changes.push({
    kind: 'exemplars',
    path: '/exemplars',
    before: before.length,
    after: items.length,
    summary: `exemplars for the cheap station: ${before.length} → ${items.length}, ${fromPremium} of them accepted premium layouts (${chars} characters of ${b.maxChars}), version ${version}`,
    evidence: `accepted layouts per class, premium's first, so the cheap station's first attempt passes and is accepted more often: ${why.join('; ')}`,
    samples,
  });
}

function tuneCache(
  ev: Evidence,
  next: LineConfig,
  bounds: TuneBounds,
  check: (l: unknown) => boolean,
  changes: Change[],
): void {
  if (!next.stations.some((s) => s.kind === 'cache')) return;
  const best = new Map<string, LayoutEvidence>();
  for (const l of Object.values(ev.layouts)) {
    if (
      l.station === 'cache' ||
      l.down > l.up ||
      JSON.stringify(l.layout).length > bounds.cache.maxChars ||
      !check(l.layout)
    )
      continue;
    const cur = best.get(l.intentClass);
    // Last known good: a liked layout beats an unrated one; then the latest.
    const rank = (x: LayoutEvidence) => [x.up > x.down ? 1 : 0, x.time] as const;
    if (!cur || rank(l)[0] > rank(cur)[0] || (rank(l)[0] === rank(cur)[0] && l.time > cur.time))
      best.set(l.intentClass, l);
  }
  const cache = { ...(next.cache ?? {}) };
  let changed = false;
  for (const [cls, entry] of Object.entries(cache)) {
    const rated = ev.layouts[layoutId(entry as LayoutDocument)];
    if (rated && rated.down > rated.up && !best.has(cls)) {
      delete cache[cls];
      changed = true;
      changes.push({
        kind: 'cache',
        path: `/cache/${cls}`,
        before: rated.layoutId,
        after: null,
        summary: `cache "${cls}": removed`,
        evidence: `the cached layout was rated ${rated.up} up / ${rated.down} down`,
        samples: rated.up + rated.down,
      });
    }
  }
  for (const [cls, l] of [...best].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const prev = cache[cls];
    if (prev !== undefined && deepEqual(prev, l.layout)) continue;
    cache[cls] = l.layout;
    changed = true;
    changes.push({
      kind: 'cache',
      path: `/cache/${cls}`,
      before: prev === undefined ? null : layoutId(prev as LayoutDocument),
      after: l.layoutId,
      summary: `cache "${cls}": ${prev === undefined ? 'set to' : 'replaced by'} ${l.layoutId}`,
      evidence: `last known good from the ${l.station} station, rendered ${l.rendered}×, rated ${l.up} up / ${l.down} down`,
      samples: l.rendered + l.up + l.down,
    });
  }
  if (changed) next.cache = cache;
}

type Why = 'gates' | 'audits' | 'users';

/** Why the cheap route fails the objective for a class (latency, audits, or the acceptance floor), or null. */
function verdictBad(
  ev: Evidence,
  cls: string,
  d: RouteSnapshot,
  r: TuneBounds['routing'],
): { why: Why; text: string } | null {
  // The latency guard is the line's own rule (belowPassBar): the upper end of the interval under the
  // bar, so a few unlucky first attempts (1/8 where the browser passes 25%) send no class up that
  // the line keeps trying. Coming down takes the hysteresis and an interval (verdictEarned).
  const first = { attempts: d.first.n, passed: d.first.ok };
  if (belowPassBar(first, r))
    return {
      why: 'gates',
      text: `the cheap station passed the gates ${pct(d.first)}, clearly below ${Math.round(r.minPassRate * 100)}% (at most ${Math.round(passHigh(first) * 100)}% at 90% confidence): its attempt mostly adds latency`,
    };
  if (d.audits >= r.minSamples && d.agreement / d.audits < r.minAuditAgreement)
    return {
      why: 'audits',
      text: `premium audits agreed ${(d.agreement / d.audits).toFixed(2)} on average over ${d.audits} audits (needs ${r.minAuditAgreement})`,
    };
  if (d.rated.n >= r.minSamples && r.minFeedback > 0 && d.rated.ok / d.rated.n < r.minFeedback)
    return {
      why: 'users',
      text: `visitors liked ${pct(d.rated)} of the cheap station's layouts (the site asks ${Math.round(r.minFeedback * 100)}%)`,
    };
  if (d.rated.n < r.minSamples) return null;
  const o = classObjective(ev, cls, d, r.acceptanceFloor);
  // Premium is bought only to keep the floor: a cheap route that clears it stays, however much better premium is liked.
  if (o.best !== 'premium' || o.cheap.clears) return null;
  // Going up, like coming down, is judged on an interval: the route must fall below the floor even at
  // the upper end of the cheap station's acceptance. A point estimate checked every round sends up a
  // class the cheap station serves well (a 70% station shows 3 of 6 one time in four).
  const high = classObjective(ev, cls, d, r.acceptanceFloor, { cheapAcceptance: hopefulAcceptance(d.rated) });
  if (high.cheap.clears) return null;
  return {
    why: 'users',
    text: `the cheap route falls below the acceptance floor: ${describeObjective(o)}; at most ${Math.round(high.cheap.acceptance * 100)}% accepted at the upper end of its interval`,
  };
}

/**
 * The acceptance a trial must show to win a class back: the floor plus the hysteresis, but never
 * more than halfway from the floor to 100% (a 95% floor plus 10 points would be out of reach).
 */
export function winBackBar(r: Pick<TuneBounds['routing'], 'acceptanceFloor' | 'hysteresis'>): number {
  return raised(r.acceptanceFloor, r.hysteresis);
}

/** A bar plus the hysteresis, never past halfway from the bar to 100% (so always within reach). */
export function raised(bar: number, hysteresis: number): number {
  return Math.min(bar + hysteresis, (1 + bar) / 2);
}

function verdictEarned(
  ev: Evidence,
  cls: string,
  d: RouteSnapshot,
  r: TuneBounds['routing'],
  why: Why | undefined,
): string | null {
  if (d.first.n < r.minSamples) return null;
  // The trial must answer the reason the class went up: enough ratings, or enough audits, too.
  if (why === 'users' && d.rated.n < r.minSamples) return null;
  if (why === 'audits' && d.audits < r.minSamples) return null;
  const rate = d.first.ok / d.first.n;
  if (rate < raised(r.minPassRate, r.hysteresis) || wilson(d.first, 1).low < r.minPassRate) return null;
  if (d.audits >= r.minSamples && d.agreement / d.audits < raised(r.minAuditAgreement, r.hysteresis)) return null;
  if (r.minFeedback > 0 && d.rated.n >= r.minSamples && d.rated.ok / d.rated.n < raised(r.minFeedback, r.hysteresis))
    return null;
  if (d.rated.n < r.minSamples)
    return `on trial the cheap station passed the gates ${pct(d.first)} (needs ${Math.round(raised(r.minPassRate, r.hysteresis) * 100)}% with the hysteresis); too few ratings yet to judge acceptance`;
  // Coming down costs visitors when it is wrong: the cheap route must clear the floor plus the
  // hysteresis on the point estimate, and the floor itself at the lower end of its interval.
  const point = classObjective(ev, cls, d, r.acceptanceFloor);
  const low = classObjective(ev, cls, d, r.acceptanceFloor, {
    cheapAcceptance: cautiousAcceptance(d.rated) ?? point.cheapAcceptance,
  });
  if (point.cheap.acceptance < winBackBar(r) || !low.cheap.clears) return null;
  return `on trial the cheap station passed the gates ${pct(d.first)}${d.rated.n ? `, visitors liked ${pct(d.rated)}` : ''}; ${describeObjective(point)}; it keeps the floor plus the hysteresis (${Math.round(winBackBar(r) * 100)}%)`;
}

function setRule(next: LineConfig, cls: string, patch: Partial<RouteRule>): void {
  const routing = (next.routing ??= {});
  const classes = { ...(routing.classes ?? {}) };
  const rule: RouteRule = { ...(classes[cls] ?? {}) };
  for (const [k, v] of Object.entries(patch) as Array<[keyof RouteRule, RouteRule[keyof RouteRule] | undefined]>) {
    if (v === undefined) delete rule[k];
    else (rule as Record<string, unknown>)[k] = v;
  }
  if (Object.keys(rule).length) classes[cls] = rule;
  else delete classes[cls];
  routing.classes = classes;
  if (!Object.keys(classes).length) delete routing.classes;
  if (!Object.keys(routing).length) delete next.routing;
}

const setStart = (next: LineConfig, cls: string, start: RouteRule['start'] | undefined) =>
  setRule(next, cls, { start });

const floor2 = (x: number) => Math.max(0, Math.floor(x * 100) / 100);
/** The low gate-pass bar tuning gives the line while it judges a class: half its own latency guard (a collapse still trips it). */
const trialBar = (minPassRate: number) => Math.round((minPassRate / 2) * 100) / 100;

/**
 * The browser's record as the line's own routing counts it (every attempt, repairs too), from
 * tuning's snapshot: its attempts, passing at the first attempts' rate.
 */
const lineRecord = (d: RouteSnapshot) => {
  const attempts = Math.max(d.first.n, d.attempts ?? 0);
  return { attempts, passed: d.first.n ? (d.first.ok / d.first.n) * attempts : 0 };
};

/**
 * A class at premium gets a trial of the cheap station: routing starts it there again, and the
 * trial is judged on the record after `base` (the reason it went up stays with it). When the line's
 * own routing would still skip the browser on the record as it stands (src/line/records.ts
 * belowPassBar), the class's gate-pass bar is lowered for the trial to `bar` (at most, and under the
 * record's upper bound) — otherwise the trial gets no attempts and never ends.
 */
function startTrial(
  next: LineConfig,
  state: TuneState,
  cls: string,
  base: RouteSnapshot,
  changes: Change[],
  why: Pick<Change, 'summary' | 'evidence'>,
  bar: number,
): void {
  const st = state.routing[cls]!;
  state.routing[cls] = { mode: 'probe', since: state.round, wait: st.wait, base, ...(st.why ? { why: st.why } : {}) };
  setStart(next, cls, undefined);
  changes.push({
    kind: 'routing',
    path: `/routing/classes/${cls}/start`,
    before: 'premium',
    after: null,
    ...why,
    samples: 0,
  });
  const rule = routeRule(next, cls);
  const record = lineRecord(base);
  if (belowPassBar(record, rule)) {
    const low = Math.min(bar, floor2(passHigh(record)));
    setBar(next, cls, { minPassRate: low }, changes, {
      summary: `routing "${cls}": the line tries the cheap station on trial (gate-pass bar ${rule.minPassRate} → ${low})`,
      evidence: `its record (${pct(base.first)} first attempts passed, ${record.attempts} attempts) is clearly under the line's own bar, which would skip the browser and leave the trial without attempts`,
      samples: base.first.n,
    });
  }
  // The line keeps its ratings from version to version (the tuner carries its records): where they put
  // the browser clearly under the line's feedback bar, the trial lowers that bar too, under the
  // ratings' upper bound (the trial is judged on the ratings after `base`; a collapse still trips it).
  const rated = { up: base.rated.ok, down: base.rated.n - base.rated.ok };
  if (belowFeedbackBar(rated, rule)) {
    const low = Math.min(trialBar(rule.minFeedback), floor2(likedHigh(rated)));
    setBar(next, cls, { minFeedback: low }, changes, {
      summary: `routing "${cls}": the line tries the cheap station on trial (feedback bar ${rule.minFeedback} → ${low})`,
      evidence: `visitors liked ${pct(base.rated)} of its layouts before, clearly under the line's own bar, which would skip the browser and leave the trial without attempts`,
      samples: base.rated.n,
    });
  }
}

/** Sets a class's bars for the line's own routing, and says so in the proposal. */
function setBar(
  next: LineConfig,
  cls: string,
  patch: Pick<RouteRule, 'minPassRate' | 'minFeedback'>,
  changes: Change[],
  text: Pick<Change, 'summary' | 'evidence' | 'samples'>,
): void {
  const before = next.routing?.classes?.[cls] ?? null;
  setRule(next, cls, patch);
  changes.push({
    kind: 'routing',
    path: `/routing/classes/${cls}`,
    before,
    after: next.routing!.classes![cls],
    ...text,
  });
}

/**
 * The line's own routing (src/line/records.ts) skips the browser for a class whose record falls
 * under its bars. Where the objective keeps the cheap route, tuning lowers those bars for the class
 * to what the objective needs, so the line stops escalating traffic that the cheap station serves
 * well enough: the gate-pass bar to half the observed rate (a collapse still trips it), the
 * feedback bar to the cheap acceptance that still keeps the class at the floor.
 */
function keepCheap(
  ev: Evidence,
  next: LineConfig,
  cls: string,
  d: RouteSnapshot,
  r: TuneBounds['routing'],
  changes: Change[],
): void {
  const rule = routeRule(next, cls);
  if (!d.first.n) return;
  const pass = d.first.ok / d.first.n;
  const before = next.routing?.classes?.[cls] ?? null;
  // The line can stop trying the browser (its rule, belowPassBar: repairs count as attempts) before
  // tuning has the samples it judges on: let it keep trying at a low bar until tuning can decide.
  const { attempts } = lineRecord(d);
  if (d.first.n < r.minSamples) {
    if (!belowPassBar(lineRecord(d), rule)) return;
    const low = trialBar(r.minPassRate);
    if (rule.minPassRate <= low) return;
    setBar(next, cls, { minPassRate: low }, changes, {
      summary: `routing "${cls}": keep trying the cheap station (gate-pass bar ${rule.minPassRate} → ${low})`,
      evidence: `the line stopped trying the browser after ${attempts} attempts (${pct(d.first)} first attempts passed); tuning judges the cost per accepted layout on ${r.minSamples}`,
      samples: d.first.n,
    });
    return;
  }
  if (pass < r.minPassRate) return;
  const o = classObjective(ev, cls, d, r.acceptanceFloor);
  if (o.best !== 'cheap') return;
  const patch: Partial<RouteRule> = {};
  const why: string[] = [];
  if (pass < rule.minPassRate) {
    patch.minPassRate = Math.max(r.minPassRate / 2, floor2(pass / 2));
    why.push(`gate-pass bar ${rule.minPassRate} → ${patch.minPassRate} (the browser passes ${pct(d.first)})`);
  }
  // Where the line's own feedback rule (belowFeedbackBar) would skip the browser on these ratings.
  if (belowFeedbackBar({ up: d.rated.ok, down: d.rated.n - d.rated.ok }, rule)) {
    const served = Math.max(o.served, 1e-6);
    patch.minFeedback = floor2(
      Math.min(1, Math.max(0, (r.acceptanceFloor - (1 - o.served) * o.premiumAcceptance) / served)),
    );
    why.push(`feedback bar ${rule.minFeedback} → ${patch.minFeedback} (visitors like ${pct(d.rated)})`);
  }
  if (!why.length) return;
  setRule(next, cls, patch);
  changes.push({
    kind: 'routing',
    path: `/routing/classes/${cls}`,
    before,
    after: next.routing!.classes![cls],
    summary: `routing "${cls}": down to the cheap station (${why.join('; ')})`,
    evidence: `lowest cost per accepted layout at the floor: ${describeObjective(o)}`,
    samples: d.first.n + d.rated.n,
  });
}

function tuneRouting(ev: Evidence, next: LineConfig, bounds: TuneBounds, state: TuneState, changes: Change[]): void {
  if (!next.stations.some((s) => s.kind === 'browser') || !next.stations.some((s) => s.kind === 'premium')) return;
  const r = bounds.routing;
  const classes = new Set([...Object.keys(ev.classes), ...Object.keys(state.routing)]);
  for (const cls of [...classes].sort()) {
    const now = snap(ev.classes[cls]?.stations.browser);
    const site = next.routing?.classes?.[cls]?.start;
    const st = state.routing[cls];
    // A start the site set by hand, with no decision of tuning behind it, is the site's to keep.
    if (!st && site !== undefined) continue;
    const d = minus(now, st?.base ?? zero());
    const mode = st?.mode ?? 'cheap';
    if (mode === 'cheap' || mode === 'probe') {
      const bad = verdictBad(ev, cls, d, r);
      if (bad) {
        const wait = mode === 'probe' ? Math.min(r.maxProbeAfter, st!.wait * 2) : r.probeAfter;
        state.routing[cls] = { mode: 'premium', since: state.round, wait, base: now, why: bad.why };
        setStart(next, cls, 'premium');
        changes.push({
          kind: 'routing',
          path: `/routing/classes/${cls}/start`,
          before: site ?? null,
          after: 'premium',
          summary: `routing "${cls}": start at premium${mode === 'probe' ? ' again (trial failed)' : ''}`,
          evidence: `${bad.text}; next trial of the cheap station after ${wait} tune rounds`,
          samples: d.first.n + d.rated.n + d.audits,
        });
        continue;
      }
      if (mode === 'probe') {
        const earned = verdictEarned(ev, cls, d, r, st!.why);
        if (earned) {
          state.routing[cls] = { mode: 'cheap', since: state.round, wait: r.probeAfter, base: st!.base };
          changes.push({
            kind: 'routing',
            path: `/routing/classes/${cls}`,
            before: 'trial',
            after: 'cheap',
            summary: `routing "${cls}": the cheap station keeps the class`,
            evidence: earned,
            samples: d.first.n + d.rated.n,
          });
        }
      }
      keepCheap(ev, next, cls, d, r, changes);
    } else if (state.round - st!.since >= st!.wait) {
      startTrial(
        next,
        state,
        cls,
        now,
        changes,
        {
          summary: `routing "${cls}": trial of the cheap station`,
          evidence: `${st!.wait} tune rounds at premium; the cheap station must earn the class back (${r.minSamples} samples, its route accepted at least ${Math.round(winBackBar(r) * 100)}% with the hysteresis, gate passes at least ${Math.round(raised(r.minPassRate, r.hysteresis) * 100)}%)`,
        },
        trialBar(r.minPassRate),
      );
    }
  }
}

/**
 * Per class, what its layouts must contain before the cache or the browser may serve it, learned
 * from the layouts visitors accepted and rejected (src/tune/requirements.ts). Only for a line that
 * can escalate past those stations to premium; a class whose requirements the site wrote is left.
 */
function tuneRequirements(
  ev: Evidence,
  next: LineConfig,
  bounds: TuneBounds,
  state: TuneState,
  changes: Change[],
  categorical: CategoricalProp | undefined,
): void {
  const kinds = next.stations.map((s) => s.kind);
  if (!kinds.includes('premium') || !(kinds.includes('browser') || kinds.includes('cache'))) return;
  // A class's own list replaces the default's: a site that wrote a default list keeps it everywhere.
  if (next.routing?.default?.require?.length) return;
  const byClass = new Map<string, LayoutEvidence[]>();
  for (const l of Object.values(ev.layouts)) {
    const list = byClass.get(l.intentClass) ?? [];
    list.push(l);
    byClass.set(l.intentClass, list);
  }
  const byTime = Object.values(ev.layouts).sort((a, b) => b.time - a.time);
  for (const cls of [...byClass.keys()].sort()) {
    const own = Object.hasOwn(next.routing?.classes ?? {}, cls) ? next.routing!.classes![cls]!.require : undefined;
    if (own?.length && !state.requirements?.[cls]) continue;
    const elsewhere = recentAccepted(byTime, cls);
    const learned = learnRequirements(byClass.get(cls)!, own ?? [], bounds.requirements, elsewhere, categorical);
    if (!learned || (!learned.added.length && !learned.dropped.length)) continue;
    setRule(next, cls, { require: learned.require.length ? learned.require : undefined });
    state.requirements = { ...state.requirements, [cls]: true };
    const said = [
      ...learned.added.map((r) => `+ ${describeRequirement(r)}`),
      ...learned.dropped.map((r) => `− ${describeRequirement(r)}`),
    ];
    changes.push({
      kind: 'requirements',
      path: `/routing/classes/${escapeSegment(cls)}/require`,
      before: own ?? null,
      after: learned.require.length ? learned.require : null,
      summary: `requirements "${cls}": ${said.join(', ')} (the cache and the browser must show them, else repair or escalate)`,
      evidence: `${describeSupport(learned.support) || 'accepted layouts no longer bear out what was required'}${learned.dropped.length ? `; dropped: accepted layouts lack ${learned.dropped.map(describeRequirement).join(', ')}` : ''}`,
      samples: learned.support.reduce((n, x) => Math.max(n, x.of + x.rejected), 0),
    });
  }
}

function tuneVariants(ev: Evidence, next: LineConfig, bounds: TuneBounds, rng: () => number, changes: Change[]): void {
  const variants = next.prompts?.variants;
  if (!variants || variants.length < 2) return;
  const live = variants.filter((v) => v.weight > 0).map((v) => v.id);
  if (live.length < 2) return;
  const samples = live.reduce((s, id) => s + (ev.variants[id]?.gates.n ?? 0), 0);
  if (samples < bounds.variants.minSamples) return;
  const w = thompsonWeights(ev.variants, live, {
    rng,
    draws: bounds.variants.draws,
    minWeight: bounds.variants.minWeight,
  });
  const total = variants.reduce((s, v) => s + v.weight, 0);
  const moved = live.some((id) => Math.abs(w[id]! - variants.find((v) => v.id === id)!.weight / total) >= 0.02);
  if (!moved) return;
  const before = Object.fromEntries(variants.map((v) => [v.id, Math.round((v.weight / total) * 1000) / 1000]));
  next.prompts = { ...next.prompts!, variants: variants.map((v) => ({ ...v, weight: v.weight > 0 ? w[v.id]! : 0 })) };
  const detail = live
    .map(
      (id) =>
        `${id}: gates ${pct(ev.variants[id]?.gates ?? { n: 0, ok: 0 })}, liked ${pct(ev.variants[id]?.feedback ?? { n: 0, ok: 0 })}`,
    )
    .join('; ');
  changes.push({
    kind: 'variants',
    path: '/prompts/variants',
    before,
    after: w,
    summary: `prompt variant weights: ${live.map((id) => `${id} ${before[id]} → ${w[id]}`).join(', ')}`,
    evidence: `Thompson sampling over ${bounds.variants.draws} draws — ${detail}`,
    samples,
  });
}

function tuneParameters(ev: Evidence, next: LineConfig, bounds: TuneBounds, changes: Change[]): void {
  const first: Tally = { n: 0, ok: 0 },
    repairs: Tally = { n: 0, ok: 0 },
    votes: Tally = { n: 0, ok: 0 };
  for (const c of Object.values(ev.classes)) {
    const b = c.stations.browser;
    if (b) {
      first.n += b.first.n;
      first.ok += b.first.ok;
      repairs.n += b.repairs.n;
      repairs.ok += b.repairs.ok;
    }
    votes.n += c.votes.n;
    votes.ok += c.votes.ok;
  }
  const min = bounds.routing.minSamples;
  const t = next.generation?.temperature;
  if (t !== undefined) {
    const { min: lo, max: hi, step } = bounds.temperature;
    let to = Math.min(hi, Math.max(lo, t)),
      why = to !== t ? `outside the bounds ${lo}–${hi}` : '';
    if (!why && first.n >= min && first.ok / first.n < 0.8 && t - step >= lo - 1e-9) {
      to = Math.max(lo, Math.round((t - step) * 100) / 100);
      why = `first attempts passed the gates ${pct(first)}: a cooler model strays less`;
    }
    if (to !== t) {
      next.generation = { ...next.generation, temperature: to };
      changes.push({
        kind: 'parameters',
        path: '/generation/temperature',
        before: t,
        after: to,
        summary: `temperature ${t} → ${to}`,
        evidence: why,
        samples: first.n,
      });
    }
  }
  const r = next.repair?.max ?? 1;
  {
    const { min: lo, max: hi } = bounds.repairMax;
    let to = Math.min(hi, Math.max(lo, r)),
      why = to !== r ? `outside the bounds ${lo}–${hi}` : '';
    if (!why && repairs.n >= min && repairs.ok / repairs.n < 0.2 && r > lo) {
      to = r - 1;
      why = `repairs rarely worked (${pct(repairs)}): escalate sooner`;
    } else if (
      !why &&
      repairs.n >= min &&
      repairs.ok / repairs.n >= 0.5 &&
      first.n >= min &&
      first.ok / first.n < 0.7 &&
      r < hi
    ) {
      to = r + 1;
      why = `repairs often worked (${pct(repairs)}) while first attempts passed ${pct(first)}`;
    }
    if (to !== r) {
      next.repair = { max: to };
      changes.push({
        kind: 'parameters',
        path: '/repair/max',
        before: r,
        after: to,
        summary: `repair count ${r} → ${to}`,
        evidence: why,
        samples: repairs.n,
      });
    }
  }
  const v = next.vote;
  if (v) {
    const { min: lo, max: hi } = bounds.voteSamples;
    let to = Math.min(hi, Math.max(lo, v.samples)),
      why = to !== v.samples ? `outside the bounds ${lo}–${hi}` : '';
    if (!why && votes.n >= min && votes.ok / votes.n >= 0.95 && v.samples > lo) {
      to = v.samples - 1;
      why = `samples agreed in ${pct(votes)} of votes: one fewer saves a generation`;
    } else if (!why && votes.n >= min && votes.ok / votes.n < 0.6 && v.samples < hi) {
      to = v.samples + 1;
      why = `samples agreed in only ${pct(votes)} of votes`;
    }
    if (to !== v.samples) {
      next.vote = { ...v, samples: to };
      changes.push({
        kind: 'parameters',
        path: '/vote/samples',
        before: v.samples,
        after: to,
        summary: `vote size ${v.samples} → ${to}`,
        evidence: why,
        samples: votes.n,
      });
    }
  }
}

/** The proposal as text a person reads: one line per change, with its evidence and samples. */
export function formatProposal(p: Pick<Proposal, 'changes' | 'from' | 'events' | 'objective'>): string {
  if (!p.changes.length) return `No change to version ${p.from} (${p.events} events read).`;
  const goal = p.objective
    ? `Objective: the lowest cost per accepted layout, keeping at least ${Math.round(p.objective.acceptanceFloor * 100)}% of layouts accepted in each class (premium is bought only to keep that floor).`
    : null;
  return [
    `From version ${p.from}, on ${p.events} events:`,
    ...(goal ? [goal] : []),
    ...p.changes.map((c) => `- ${c.summary}\n  because ${c.evidence} [${c.samples} samples]`),
  ].join('\n');
}

const before = (c: LineConfig) =>
  c.stations.flatMap((s) => (s.kind === 'browser' ? (s.engines ?? []) : [])).find((e) => e.kind === 'wllama')?.model ??
  'the old model';

/** A model the retraining job made, as a proposal needs it. */
export interface TrainedModel {
  name: string;
  /** Where browsers download it (the server's /v1/models/… URL or a site path). */
  url: string;
  sha256: string;
  bytes: number;
  /** One line on what it was trained on, for the proposal's evidence. */
  trainedOn: string;
  /** Training pairs it was trained on (a fine-tune or a new model). */
  pairs: number;
}

/**
 * Retraining as a tuning proposal: the same config with the browser station's wllama engine
 * pointed at the new model (name, URL, sha256, size). It deploys, canaries and rolls back like
 * any other proposal. Null when the line has no wllama engine on its browser station to point.
 */
export function proposeModel(
  config: LineConfig,
  model: TrainedModel,
  o: { events?: number; state?: TuneState; evidence?: Evidence } = {},
): Proposal | null {
  const next = structuredClone(config);
  const changes: Change[] = [];
  next.stations.forEach((s, i) => {
    if (s.kind !== 'browser' || !s.engines) return;
    s.engines.forEach((e, j) => {
      if (e.kind !== 'wllama') return;
      const before = { model: e.model, modelUrl: e.options?.modelUrl ?? null };
      e.model = model.name;
      e.options = {
        ...(e.options ?? {}),
        modelUrl: model.url,
        model: model.name,
        sha256: model.sha256,
        downloadBytes: model.bytes,
      };
      changes.push({
        kind: 'model',
        path: `/stations/${i}/engines/${j}`,
        before,
        after: { model: model.name, modelUrl: model.url, sha256: model.sha256 },
        summary: `browser model: ${before.model} → ${model.name} (${(model.bytes / 1e6).toFixed(1)} MB, sha256 ${model.sha256.slice(0, 12)}…)`,
        evidence: `trained on ${model.pairs} accepted premium layouts (${model.trainedOn}), so the cheap station writes what visitors accepted from premium and more of that traffic stays in the browser`,
        samples: model.pairs,
      });
    });
  });
  if (!changes.length) return null;
  const state = structuredClone(o.state ?? emptyState());
  // What sent a class to premium was the old model's record: the new model gets its trial at once,
  // judged only on its own attempts (the trial's base is the record as it stands).
  for (const [cls, st] of Object.entries(state.routing).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (st.mode !== 'premium' || next.routing?.classes?.[cls]?.start !== 'premium') continue;
    startTrial(
      next,
      state,
      cls,
      snap(o.evidence?.classes[cls]?.stations.browser),
      changes,
      {
        summary: `routing "${cls}": trial of the new model`,
        evidence: `the class went to premium on ${before(config)}'s record; ${model.name} must earn it on its own`,
      },
      trialBar(DEFAULT_BOUNDS.routing.minPassRate),
    );
  }
  const stray = untunableChanges(config, next);
  if (stray.length)
    throw new Error(`a model proposal changed parts it may not (${stray.join(', ')}); this is a bug in src/tune`);
  return { config: next, changes, state, from: String(config.version), events: o.events ?? 0 };
}
