// What the line knows about each station per intent class — attempts, gate passes, audit
// agreement, feedback — and the routing decision made from it (cheapest good-enough station).
import type { Aggregates } from '../events/aggregates.js';
import { wilson } from '../util/wilson.js';
import type { LineConfig, RouteRule, StationKind } from './config.js';

export interface StationRecord {
  attempts: number;
  passed: number;
  audits: number;
  /** Sum of audit agreements (mean = auditAgreement / audits). */
  auditAgreement: number;
  up: number;
  down: number;
}

export const DEFAULT_ROUTE: Required<Omit<RouteRule, 'start' | 'require'>> = {
  minPassRate: 0.5,
  minSamples: 4,
  minAuditAgreement: 0.5,
  minFeedback: 0.5,
};

/** z of the interval routing judges gate-pass rates and thumbs-up shares on: 1.645, a 90% two-sided Wilson score interval. */
export const ROUTE_Z = 1.645;

/**
 * Whether a record is clearly under the gate-pass bar: at least `minSamples` attempts, and even the
 * upper end of the Wilson interval on its pass rate (90%, z = 1.645) below `minPassRate`. A point
 * estimate would lock a good station out after a few unlucky attempts (1/5 where it passes 90%),
 * and routing never tries it again to find out; the interval needs more attempts the closer the rate
 * is to the bar (0 passed: 3 attempts under a bar of 0.5, 7 under 0.3; 1 passed: 7 under 0.5).
 */
export function belowPassBar(
  r: Pick<StationRecord, 'attempts' | 'passed'>,
  rule: Pick<Required<RouteRule>, 'minSamples' | 'minPassRate'>,
): boolean {
  return r.attempts >= rule.minSamples && passHigh(r) < rule.minPassRate;
}

/** The upper end of the interval routing judges a record's gate-pass rate on (what `belowPassBar` compares). */
export const passHigh = (r: Pick<StationRecord, 'attempts' | 'passed'>) =>
  wilson({ n: r.attempts, ok: r.passed }, ROUTE_Z).high;

/**
 * Whether visitors clearly like a station's layouts less than the feedback bar: at least
 * `minSamples` ratings and the upper end of the same 90% interval on the thumbs-up share below
 * `minFeedback`. Like the gate-pass rule, a point estimate would lock a station out on a few
 * unlucky ratings (1 up of 4 where visitors like 72%), for good.
 */
export function belowFeedbackBar(
  r: Pick<StationRecord, 'up' | 'down'>,
  rule: Pick<Required<RouteRule>, 'minSamples' | 'minFeedback'>,
): boolean {
  const rated = r.up + r.down;
  return rated >= rule.minSamples && likedHigh(r) < rule.minFeedback;
}

/** The upper end of the interval routing judges a record's thumbs-up share on (what `belowFeedbackBar` compares). */
export const likedHigh = (r: Pick<StationRecord, 'up' | 'down'>) =>
  wilson({ n: r.up + r.down, ok: r.up }, ROUTE_Z).high;

/** Per intent class, each station's record: what a line's `state().records` gives and `LineDeps.records` takes. */
export type RouteRecords = Record<string, Partial<Record<StationKind, StationRecord>>>;

const empty = (): StationRecord => ({ attempts: 0, passed: 0, audits: 0, auditAgreement: 0, up: 0, down: 0 });
const STATIONS: readonly string[] = ['cache', 'browser', 'premium', 'fallback'] satisfies StationKind[];
const isStation = (s: string): s is StationKind => STATIONS.includes(s);

export class RouteBook {
  readonly #records = new Map<string, Map<StationKind, StationRecord>>();

  get(cls: string, station: StationKind): StationRecord {
    let m = this.#records.get(cls);
    if (!m) this.#records.set(cls, (m = new Map()));
    let r = m.get(station);
    if (!r) m.set(station, (r = empty()));
    return r;
  }

  attempt(cls: string, station: StationKind, ok: boolean): void {
    const r = this.get(cls, station);
    r.attempts++;
    if (ok) r.passed++;
  }

  audit(cls: string, station: StationKind, agreement: number): void {
    const r = this.get(cls, station);
    r.audits++;
    r.auditAgreement += agreement;
  }

  feedback(cls: string, station: StationKind, rating: 'up' | 'down'): void {
    const r = this.get(cls, station);
    if (rating === 'up') r.up++;
    else r.down++;
  }

  /** Adds what is known per intent class and station: another book's snapshot, or the store's attempts and passes. */
  add(records: Record<string, Record<string, Partial<StationRecord>>>): void {
    for (const [cls, stations] of Object.entries(records)) {
      for (const [station, from] of Object.entries(stations)) {
        if (!isStation(station)) continue;
        const r = this.get(cls, station);
        for (const k of Object.keys(r) as Array<keyof StationRecord>) r[k] += from[k] ?? 0;
      }
    }
  }

  /** Seeds attempts and passes from the event store's aggregates (no audits or ratings: the store's fold has none). */
  seed(agg: Pick<Aggregates, 'stationsByClass'>): void {
    this.add(agg.stationsByClass);
  }

  snapshot(): RouteRecords {
    const out: RouteRecords = {};
    for (const [cls, m] of this.#records) out[cls] = Object.fromEntries([...m].map(([k, v]) => [k, { ...v }]));
    return out;
  }

  /** Why a station is not good enough for a class, or null when it is (or is untried). */
  verdict(cls: string, station: StationKind, rule: typeof DEFAULT_ROUTE): string | null {
    const r = this.#records.get(cls)?.get(station);
    if (!r || r.attempts < rule.minSamples) return null;
    if (belowPassBar(r, rule))
      return `record for this class: ${r.passed}/${r.attempts} attempts passed the gates, at most ${Math.round(passHigh(r) * 100)}% at 90% confidence (needs ${Math.round(rule.minPassRate * 100)}%)`;
    if (r.audits > 0 && r.auditAgreement / r.audits < rule.minAuditAgreement)
      return `audits agree ${(r.auditAgreement / r.audits).toFixed(2)} on average (needs ${rule.minAuditAgreement})`;
    if (belowFeedbackBar(r, rule))
      return `users liked ${r.up}/${r.up + r.down}, at most ${Math.round(likedHigh(r) * 100)}% at 90% confidence (needs ${Math.round(rule.minFeedback * 100)}%)`;
    return null;
  }
}

/**
 * What a line made for `to` keeps of the records a line with config `from` learned: every station's,
 * except a station whose own config changed (a new model in the browser, another premium upstream),
 * which starts afresh: its old record says how a different station did.
 */
export function carryRecords(records: RouteRecords, from: LineConfig, to: LineConfig): RouteRecords {
  const of = (c: LineConfig, kind: string) => JSON.stringify(c.stations.filter((s) => s.kind === kind));
  const same = new Set<string>(STATIONS.filter((kind) => of(from, kind) === of(to, kind)));
  const out: RouteRecords = {};
  for (const [cls, stations] of Object.entries(records)) {
    const kept = Object.entries(stations).filter(([k]) => same.has(k));
    if (kept.length) out[cls] = Object.fromEntries(kept.map(([k, v]) => [k, { ...v }]));
  }
  return out;
}

export function routeRule(
  config: LineConfig,
  cls: string,
): Required<Omit<RouteRule, 'start' | 'require'>> & Pick<RouteRule, 'start' | 'require'> {
  return { ...DEFAULT_ROUTE, ...config.routing?.default, ...config.routing?.classes?.[cls] };
}
