// Line health from the stored events, per line version and station and per hour: requests,
// gate pass rate, repair and escalation rates, latency p50/p95, cost, positive feedback.
import { boundedNumber } from '../events/attrs.js';
import { foldLatestRating, type LatestRating } from '../events/ratings.js';
import type { JigEvent } from '../events/event.js';
import type { Storage } from './storage/index.js';

export const STATS_TYPES = [
  'layout.requested',
  'station.attempted',
  'gate.passed',
  'gate.failed',
  'repair.attempted',
  'layout.escalated',
  'feedback.given',
] as const;
/** The most events one stats call reads; past it the answer says `truncated`. */
export const STATS_SCAN_LIMIT = 250_000;
export const HOUR = 3_600_000;
/** The name of the row that sums every station of a line version. */
export const ALL_STATIONS = '*';

export interface Metrics {
  requests: number;
  attempts: number;
  gatePassed: number;
  gateFailed: number;
  passRate: number | null;
  repairs: number;
  repairRate: number | null;
  escalations: number;
  escalationRate: number | null;
  latencyP50: number | null;
  latencyP95: number | null;
  cost: number;
  inputTokens: number;
  outputTokens: number;
  feedbackUp: number;
  feedbackDown: number;
  positiveRate: number | null;
}

export interface StatsGroup {
  line: string;
  lineVersion: string;
  station: string;
  /** The models that served this row's attempts (the browser station's names its version, e.g. jig-layout-v2). */
  models: string[];
  totals: Metrics;
  series: Array<{ start: string } & Metrics>;
}

export interface Stats {
  since: string;
  until: string;
  bucketMs: number;
  truncated: boolean;
  events: number;
  lines: string[];
  groups: StatsGroup[];
}

class Acc {
  requests = 0;
  attempts = 0;
  gatePassed = 0;
  gateFailed = 0;
  repairs = 0;
  escalations = 0;
  cost = 0;
  inputTokens = 0;
  outputTokens = 0;
  up = 0;
  down = 0;
  latencies: number[] = [];

  constructor(private readonly all: boolean) {}

  metrics(): Metrics {
    const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
    const sorted = this.latencies.sort((a, b) => a - b);
    // Rates per request on the all-stations row, per attempt on a station's row.
    const per = this.all && this.requests > 0 ? this.requests : this.attempts;
    return {
      requests: this.all ? this.requests : this.attempts,
      attempts: this.attempts,
      gatePassed: this.gatePassed,
      gateFailed: this.gateFailed,
      passRate: ratio(this.gatePassed, this.gatePassed + this.gateFailed),
      repairs: this.repairs,
      repairRate: ratio(this.repairs, per),
      escalations: this.escalations,
      escalationRate: ratio(this.escalations, per),
      latencyP50: percentile(sorted, 0.5),
      latencyP95: percentile(sorted, 0.95),
      cost: Math.round(this.cost * 1e6) / 1e6,
      inputTokens: this.inputTokens,
      outputTokens: this.outputTokens,
      feedbackUp: this.up,
      feedbackDown: this.down,
      positiveRate: ratio(this.up, this.up + this.down),
    };
  }
}

/** Nearest-rank percentile of sorted numbers. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/** A stored number within its attribute's bounds, else 0: a row written around ingest cannot poison a sum. */
const num = (key: string, v: unknown) => boundedNumber(key, v) ?? 0;

function add(acc: Acc, e: JigEvent): void {
  const a = e.attrs;
  switch (e.type) {
    case 'layout.requested':
      acc.requests++;
      break;
    case 'station.attempted':
      acc.attempts++;
      {
        const ms = boundedNumber('ms', a.ms);
        if (ms !== undefined) acc.latencies.push(ms);
      }
      // Token counts under the attr table's names (tokensIn/Out) or the longer ones some emitters use.
      acc.cost += num('cost', a.cost);
      acc.inputTokens += num('tokensIn', a.tokensIn ?? a.inputTokens);
      acc.outputTokens += num('tokensOut', a.tokensOut ?? a.outputTokens);
      break;
    case 'gate.passed':
      acc.gatePassed++;
      break;
    case 'gate.failed':
      acc.gateFailed++;
      break;
    case 'repair.attempted':
      acc.repairs++;
      break;
    case 'layout.escalated':
      acc.escalations++;
      break;
  }
}

/** Sums events into groups; pure, so it is tested without a database. */
export function aggregate(
  events: Iterable<JigEvent>,
  since: number,
  until: number,
  bucketMs = HOUR,
): Omit<Stats, 'truncated'> {
  const groups = new Map<
    string,
    { line: string; lineVersion: string; station: string; models: Set<string>; total: Acc; buckets: Map<number, Acc> }
  >();
  const lines = new Set<string>();
  // The latest rating per feedback id counts (the same fold the browser's aggregates use): a
  // changed mind takes its earlier rating back out of the rows it was counted in.
  const ratings = new Map<string, LatestRating & { accs: Acc[] }>();
  let count = 0;
  const accsOf = (e: JigEvent, station: string, bucket: number): Acc[] => {
    const key = JSON.stringify([e.line, e.lineVersion, station]);
    let g = groups.get(key);
    if (!g)
      groups.set(
        key,
        (g = {
          line: e.line,
          lineVersion: e.lineVersion,
          station,
          models: new Set(),
          total: new Acc(station === ALL_STATIONS),
          buckets: new Map(),
        }),
      );
    if (e.type === 'station.attempted' && typeof e.attrs.model === 'string' && e.attrs.model && g.models.size < 20)
      g.models.add(e.attrs.model.slice(0, 128));
    let b = g.buckets.get(bucket);
    if (!b) g.buckets.set(bucket, (b = new Acc(station === ALL_STATIONS)));
    return [g.total, b];
  };
  for (const e of events) {
    count++;
    lines.add(e.line);
    const t = Date.parse(e.time);
    const bucket = Math.floor(t / bucketMs) * bucketMs;
    const station = e.attrs.station ?? e.attrs.from;
    const accs = [
      ...accsOf(e, ALL_STATIONS, bucket),
      ...(e.type !== 'layout.requested'
        ? accsOf(e, typeof station === 'string' && station ? station : 'unknown', bucket)
        : []),
    ];
    for (const acc of accs) add(acc, e);
    if (e.type === 'feedback.given') {
      const folded = foldLatestRating(ratings, e, (r) => ({ ...r, accs }));
      if (folded?.previous) for (const acc of folded.previous.accs) acc[folded.previous.rating]--;
      if (folded) for (const acc of accs) acc[folded.current.rating]++;
    }
  }
  const out: StatsGroup[] = [...groups.values()].map((g) => ({
    line: g.line,
    lineVersion: g.lineVersion,
    station: g.station,
    models: [...g.models].sort(),
    totals: g.total.metrics(),
    series: [...g.buckets.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([start, acc]) => ({ start: new Date(start).toISOString(), ...acc.metrics() })),
  }));
  out.sort(
    (a, b) =>
      a.line.localeCompare(b.line) ||
      a.lineVersion.localeCompare(b.lineVersion, undefined, { numeric: true }) ||
      (a.station === ALL_STATIONS ? -1 : b.station === ALL_STATIONS ? 1 : a.station.localeCompare(b.station)),
  );
  return {
    since: new Date(since).toISOString(),
    until: new Date(until).toISOString(),
    bucketMs,
    events: count,
    lines: [...lines].sort(),
    groups: out,
  };
}

export async function computeStats(
  storage: Storage,
  query: { line?: string; since: number; until: number },
): Promise<Stats> {
  const events: JigEvent[] = [];
  let after: { timeMs: number; id: string } | undefined;
  let truncated = false;
  for (;;) {
    const page = await storage.queryEvents({
      since: query.since,
      until: query.until,
      types: STATS_TYPES,
      ...(query.line !== undefined ? { line: query.line } : {}),
      ...(after ? { after } : {}),
      limit: 5000,
    });
    events.push(...page);
    if (events.length >= STATS_SCAN_LIMIT) {
      truncated = page.length === 5000;
      break;
    }
    if (page.length < 5000) break;
    const last = page[page.length - 1]!;
    after = { timeMs: Date.parse(last.time), id: last.id };
  }
  return { ...aggregate(events, query.since, query.until), truncated };
}
