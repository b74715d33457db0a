// What the line knows about each station per intent class — attempts, gate passes, audit
// agreement, feedback — and the routing decision made from it (cheapest good-enough station).
import type { Aggregates } from '../events/aggregates.js';
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

export const DEFAULT_ROUTE: Required<Omit<RouteRule, 'start'>> = {
  minPassRate: 0.5,
  minSamples: 4,
  minAuditAgreement: 0.5,
  minFeedback: 0.5,
};

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
  verdict(cls: string, station: StationKind, rule: Required<Omit<RouteRule, 'start'>>): string | null {
    const r = this.#records.get(cls)?.get(station);
    if (!r || r.attempts < rule.minSamples) return null;
    const pass = r.passed / r.attempts;
    if (pass < rule.minPassRate)
      return `record for this class: ${r.passed}/${r.attempts} attempts passed the gates (needs ${Math.round(rule.minPassRate * 100)}%)`;
    if (r.audits > 0 && r.auditAgreement / r.audits < rule.minAuditAgreement)
      return `audits agree ${(r.auditAgreement / r.audits).toFixed(2)} on average (needs ${rule.minAuditAgreement})`;
    const rated = r.up + r.down;
    if (rated >= rule.minSamples && r.up / rated < rule.minFeedback)
      return `users liked ${r.up}/${rated} (needs ${Math.round(rule.minFeedback * 100)}%)`;
    return null;
  }
}

export function routeRule(
  config: LineConfig,
  cls: string,
): Required<Omit<RouteRule, 'start'>> & Pick<RouteRule, 'start'> {
  return { ...DEFAULT_ROUTE, ...config.routing?.default, ...config.routing?.classes?.[cls] };
}
