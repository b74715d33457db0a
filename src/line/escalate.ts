// The escalation loop: route a request to the cheapest station its class's record allows, give
// each station its turn within the budgets, and move on with the reason until one layout is accepted.
import type { EventLog } from '../events/log.js';
import type { GateOptions } from '../gates/run.js';
import type { LayoutDocument } from '../layout/document.js';
import { abortError, layoutId } from './attempt.js';
import type { LineConfig, StationKind } from './config.js';
import { routeRule, type RouteBook } from './records.js';
import { requirementRule } from './requirements.js';
import { similarity } from './similarity.js';
import { drain, type AssemblyEvent, type FailedAttempt, type Outcome, type StationContext } from './station.js';
import type { BrowserStation } from './stations/browser.js';
import type { CacheStation, LayoutCache } from './stations/cache.js';
import type { FallbackStation } from './stations/fallback.js';
import type { PremiumStation } from './stations/premium.js';
import { TraceRecorder, type LineTrace, type TraceStep } from './trace.js';

export interface AssembleRequest {
  intent: string;
  context?: unknown;
  signal?: AbortSignal;
  /** Each trace step as it happens (audits may add steps after the result). */
  onStep?: (step: TraceStep, trace: LineTrace) => void;
  /** Actions the host accepts (overrides the config's `gates.actions`). */
  actions?: readonly string[];
}

export interface LineResult {
  /** A layout from a station other than the fallback rendered. */
  ok: boolean;
  layout: LayoutDocument | null;
  station: StationKind | null;
  fallback: boolean;
  /** Why the fallback serves, when it does. */
  reason?: string;
  trace: LineTrace;
  costUsd: number;
  ms: number;
}

/** What the loop reads and writes across requests: one per line. */
export interface LineMemory {
  readonly config: LineConfig;
  /** The stations, in the config's order. */
  readonly stations: readonly LineStation[];
  /** The gates of every request, before its own actions. */
  readonly gates: GateOptions;
  readonly book: RouteBook;
  readonly cache: LayoutCache;
  /** The last layout a model station gave per class, and the context it was given for. */
  readonly accepted: Map<string, { layout: LayoutDocument; context: string }>;
  /** Who made each layout this line rendered (feedback reaches the right record). */
  readonly rendered: Map<string, { cls: string; station: StationKind }>;
  readonly log?: EventLog;
  /** Audits a served browser layout, maybe. */
  audit(ctx: StationContext, layout: LayoutDocument): void;
  /** Keeps background work (`line.idle()` waits for it). */
  track(work: Promise<unknown>): void;
}

/** The four stations a line config can name. */
export type LineStation = CacheStation | BrowserStation | PremiumStation | FallbackStation;

type Skipped = Array<{ station: StationKind; reason: string }>;

/** The first station worth trying for a class, and why the ones before it are skipped. */
export function routeStart(m: LineMemory, cls: string): { start: number; skipped: Skipped } {
  const rule = routeRule(m.config, cls);
  const skipped: Skipped = [];
  const forced = rule.start ? m.stations.findIndex((s) => s.kind === rule.start) : -1;
  for (let i = 0; i < m.stations.length; i++) {
    const kind = m.stations[i]!.kind;
    if (forced > i) {
      skipped.push({ station: kind, reason: `routing starts "${cls}" at ${rule.start}` });
      continue;
    }
    if (kind === 'cache' && !m.cache.has(cls)) {
      skipped.push({ station: kind, reason: 'no layout cached for this class yet' });
      continue;
    }
    if (kind === 'browser') {
      const why = m.book.verdict(cls, kind, rule);
      if (why) {
        skipped.push({ station: kind, reason: why });
        continue;
      }
    }
    return { start: i, skipped };
  }
  return { start: m.stations.length - 1, skipped };
}

/**
 * One request through the line from station `first` (null: where routing says). Yields each
 * attempt and verdict for a reader; returns the result. A background run (a cache refresh)
 * renders nothing and records `cache.refreshed` instead.
 */
export async function* escalate(
  m: LineMemory,
  req: AssembleRequest,
  cls: string,
  first: number | null,
  background: boolean,
): AsyncGenerator<AssemblyEvent, LineResult, undefined> {
  const { config, stations } = m;
  const t0 = performance.now();
  const version = String(config.version);
  const rec = new TraceRecorder({
    line: config.id,
    lineVersion: version,
    intent: req.intent,
    intentClass: cls,
    t0,
    ...(m.log ? { log: m.log } : {}),
    ...(req.onStep && !background ? { onStep: req.onStep } : {}),
  });
  const maxLatency = config.budgets?.maxLatencyMs ?? Infinity;
  let failed: FailedAttempt | undefined;
  const gates = req.actions ? { ...m.gates, actions: req.actions } : m.gates;
  const require = routeRule(config, cls).require;
  const cheapGates = require?.length
    ? { ...gates, rules: [...(gates.rules ?? []), requirementRule(cls, require)] }
    : gates;
  let running: StationKind | undefined;
  const ctx = {
    intent: req.intent,
    context: req.context,
    ...(req.signal ? { signal: req.signal } : {}),
    cls,
    rec,
    background,
    repairsUsed: 0,
    // The class's requirements bind the stations below premium: what they serve must show them.
    get gates() {
      return running === 'cache' || running === 'browser' ? cheapGates : gates;
    },
    get failed() {
      return failed;
    },
    remaining: () => maxLatency - (performance.now() - t0),
    tally: (station: StationKind, ok: boolean) => m.book.attempt(cls, station, ok),
  } satisfies StationContext;

  let start: number;
  if (first === null) {
    const picked = routeStart(m, cls);
    start = picked.start;
    rec.route(stations[start]!.kind, picked.skipped);
  } else {
    start = first;
    rec.route(
      stations[start]!.kind,
      stations
        .slice(0, start)
        .map((s) => ({ station: s.kind, reason: 'refreshing the cached layout in the background' })),
    );
  }
  let lastReason = '';
  try {
    for (let i = start; i < stations.length; i++) {
      if (req.signal?.aborted) throw abortError(req.signal);
      const station = stations[i]!;
      const next = stations[i + 1]?.kind;
      running = station.kind;
      let out = overBudget(m, station, ctx, rec) ?? (yield* station.run(ctx));
      if (out.ok && station.kind !== 'fallback' && station.kind !== 'cache')
        out = consistent(m, station.kind, out, ctx, !!next && next !== 'fallback');
      if (out.ok) {
        const fallback = station.kind === 'fallback';
        const id = layoutId(out.layout);
        if (!fallback) {
          m.cache.set(cls, out.layout);
          if (station.kind !== 'cache')
            m.accepted.set(cls, { layout: out.layout, context: JSON.stringify(req.context ?? null) });
        }
        m.rendered.set(id, { cls, station: station.kind });
        rec.rendered({
          station: station.kind,
          model: out.model,
          fallback,
          layoutId: id,
          layoutText: JSON.stringify(out.layout),
          background,
          ...(out.prompt
            ? { promptVersion: out.prompt.promptVersion, exemplarVersion: out.prompt.exemplarVersion }
            : {}),
        });
        if (station.kind === 'browser' && !background) m.audit(ctx, out.layout);
        if (station.kind === 'cache' && station.refresh && !background && stations[i + 1]) {
          const again: AssembleRequest = {
            intent: req.intent,
            context: req.context,
            ...(req.actions ? { actions: req.actions } : {}),
          };
          m.track(drain(escalate(m, again, cls, i + 1, true)).catch(() => undefined));
        }
        const trace = rec.finish();
        return {
          ok: !fallback,
          layout: out.layout,
          station: station.kind,
          fallback,
          ...(fallback ? { reason: lastReason || 'the line has only its fallback' } : {}),
          trace,
          costUsd: trace.costUsd,
          ms: trace.ms,
        };
      }
      lastReason = out.detail;
      if (out.failed) failed = out.failed;
      if (next) {
        if (station.kind === 'cache' && out.reason === 'cache_miss') continue;
        rec.escalate(station.kind, next, out.reason, out.detail);
      }
    }
  } catch (err) {
    rec.cancelled(req.signal?.aborted ? 'a newer request or the caller cancelled this one' : String(err));
    rec.finish();
    throw err;
  }
  const trace = rec.finish();
  return {
    ok: false,
    layout: null,
    station: null,
    fallback: false,
    reason: lastReason,
    trace,
    costUsd: trace.costUsd,
    ms: trace.ms,
  };
}

/** A model station is not tried when the request's time or money is spent. */
function overBudget(m: LineMemory, station: LineStation, ctx: StationContext, rec: TraceRecorder): Outcome | null {
  if (station.kind !== 'browser' && station.kind !== 'premium') return null;
  const budgets = m.config.budgets;
  if (ctx.remaining() <= 0)
    return {
      ok: false,
      reason: 'latency_budget',
      detail: `${Math.round(rec.elapsed())} ms spent of the ${budgets!.maxLatencyMs} ms budget`,
    };
  if (station.kind === 'premium' && budgets?.maxCostUsd !== undefined) {
    const estimate = station.expectedCost();
    if (rec.trace.costUsd + estimate > budgets.maxCostUsd) {
      return {
        ok: false,
        reason: 'cost_budget',
        detail: `a premium call is estimated at $${estimate.toFixed(6)}; the request may spend $${budgets.maxCostUsd} and has spent $${rec.trace.costUsd.toFixed(6)}`,
      };
    }
  }
  return null;
}

/** A layout far from the one accepted before for the same class and context is flagged, and may escalate. */
function consistent(
  m: LineMemory,
  kind: StationKind,
  out: Extract<Outcome, { ok: true }>,
  ctx: StationContext,
  canEscalate: boolean,
): Outcome {
  const rule = m.config.consistency;
  const prev = m.accepted.get(ctx.cls);
  // A different context explains a different layout; the same context does not.
  if (!rule || !prev || prev.context !== JSON.stringify(ctx.context ?? null)) return out;
  const sim = similarity(prev.layout, out.layout);
  if (sim >= rule.threshold) return out;
  const escalate = !!rule.escalate && canEscalate;
  ctx.rec.divergent(kind, sim, rule.threshold, escalate);
  if (!escalate) return out;
  return {
    ok: false,
    reason: 'divergent',
    detail: `similarity ${sim.toFixed(2)} to the last accepted layout for this class (threshold ${rule.threshold})`,
    failed: {
      layout: out.layout,
      issues: [
        {
          gate: 'domain',
          code: 'divergent',
          path: '',
          message: `the layout differs from the one accepted before for the same request (similarity ${sim.toFixed(2)})`,
        },
      ],
    },
  };
}
