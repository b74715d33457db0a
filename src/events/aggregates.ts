// Aggregates for the tuning loop and the dashboard, folded over events one at a time so the
// store can compute them page by page: pass rate per station (and intent class), feedback per layout.
import type { JigEvent } from './event.js';
import type { FeedbackSource } from './observe.js';
import { foldLatestRating, recordSlots, type LatestRating } from './ratings.js';

export interface StationStat {
  attempts: number;
  passed: number;
  failed: number;
  /** passed / attempts (0 when there were none). */
  passRate: number;
  ms: number;
  tokensIn: number;
  tokensOut: number;
  cost: number;
}

export interface Rating {
  up: number;
  down: number;
}

/** Ratings of one layout, with what produced it. */
export interface LayoutFeedback extends Rating, Omit<FeedbackSource, 'layoutId'> {
  comments: string[];
}

export interface Aggregates {
  types: Record<string, number>;
  stations: Record<string, StationStat>;
  stationsByClass: Record<string, Record<string, StationStat>>;
  gates: Record<string, { passed: number; failed: number }>;
  layouts: Record<string, LayoutFeedback>;
  feedbackByStation: Record<string, Rating>;
  feedbackByModel: Record<string, Rating>;
  /** The latest rating per `feedbackId` (a changed mind replaces the earlier rating). */
  ratings: Record<string, LatestRating & { layoutId: string; station: string; model: string; comment?: string }>;
}

export function emptyAggregates(): Aggregates {
  // Null-prototype maps: keys come from events, and "__proto__" must stay an ordinary key.
  const map = <T>() => Object.create(null) as Record<string, T>;
  return {
    types: map(),
    stations: map(),
    stationsByClass: map(),
    gates: map(),
    layouts: map(),
    feedbackByStation: map(),
    feedbackByModel: map(),
    ratings: map(),
  };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function stationStat(map: Record<string, StationStat>, key: string): StationStat {
  return (map[key] ??= { attempts: 0, passed: 0, failed: 0, passRate: 0, ms: 0, tokensIn: 0, tokensOut: 0, cost: 0 });
}

function addAttempt(s: StationStat, e: JigEvent): void {
  s.attempts++;
  if (e.attrs.ok === true) s.passed++;
  else s.failed++;
  s.passRate = s.passed / s.attempts;
  s.ms += num(e.attrs.ms);
  s.tokensIn += num(e.attrs.tokensIn);
  s.tokensOut += num(e.attrs.tokensOut);
  s.cost += num(e.attrs.cost);
}

/** Adds one event to the aggregates. */
export function foldAggregate(agg: Aggregates, e: JigEvent): void {
  agg.types[e.type] = (agg.types[e.type] ?? 0) + 1;
  const a = e.attrs;
  switch (e.type) {
    case 'station.attempted': {
      const station = str(a.station) ?? 'unknown';
      addAttempt(stationStat(agg.stations, station), e);
      const cls = str(a.intentClass);
      if (cls)
        addAttempt(
          stationStat((agg.stationsByClass[cls] ??= Object.create(null) as Record<string, StationStat>), station),
          e,
        );
      break;
    }
    case 'gate.passed':
    case 'gate.failed': {
      const g = (agg.gates[str(a.gate) ?? 'unknown'] ??= { passed: 0, failed: 0 });
      if (e.type === 'gate.passed') g.passed++;
      else g.failed++;
      break;
    }
    case 'feedback.given': {
      const layoutId = str(a.layoutId) ?? 'unknown';
      const station = str(a.station) ?? 'unknown';
      const model = str(a.model) ?? 'unknown';
      const comment = str(a.comment);
      const folded = foldLatestRating(recordSlots(agg.ratings), e, (r) => ({
        ...r,
        layoutId,
        station,
        model,
        ...(comment ? { comment } : {}),
      }));
      if (!folded) break;
      const { current, previous } = folded;
      const l = (agg.layouts[layoutId] ??= { up: 0, down: 0, comments: [] });
      const bump = (rating: 'up' | 'down', d: number, at: { station: string; model: string; layoutId: string }) => {
        const layout = (agg.layouts[at.layoutId] ??= { up: 0, down: 0, comments: [] });
        const s = (agg.feedbackByStation[at.station] ??= { up: 0, down: 0 });
        const m = (agg.feedbackByModel[at.model] ??= { up: 0, down: 0 });
        for (const r of [layout, s, m]) r[rating] += d;
      };
      if (previous) bump(previous.rating, -1, previous);
      bump(current.rating, 1, current);
      if (comment && comment !== previous?.comment) l.comments.push(comment);
      l.station ??= str(a.station);
      l.model ??= str(a.model);
      l.promptVersion ??= str(a.promptVersion);
      l.exemplarVersion ??= str(a.exemplarVersion);
      l.line ??= str(e.line);
      l.lineVersion ??= str(e.lineVersion);
      break;
    }
  }
}

export function aggregate(events: Iterable<JigEvent>): Aggregates {
  const agg = emptyAggregates();
  for (const e of events) foldAggregate(agg, e);
  return agg;
}
