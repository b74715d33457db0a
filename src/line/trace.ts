// One request's trace: every step the line took (route, attempts with gate verdicts, repairs,
// votes, escalations, render), kept as data for <jig-trace> and emitted as events (docs/events.md).
import type { EventLog } from '../events/log.js';
import type { AttrValue, KnownEventType } from '../events/event.js';
import { randomHex } from '../events/event.js';
import { LAYOUT_ATTR_MAX } from '../events/attrs.js';
import { GATES } from '../gates/codes.js';
import type { Issue } from '../gates/issue.js';
import type { StationKind } from './config.js';

export type EscalationReason =
  | 'gates_failed'
  | 'low_confidence'
  | 'divergent'
  | 'engine_failed'
  | 'premium_failed'
  | 'latency_budget'
  | 'cost_budget'
  | 'repair_budget'
  | 'no_engine'
  | 'cache_miss';

/** What an attempt and a refine's patch share: one call to a station, its cost and its verdict. */
export interface StationCall {
  at: number;
  station: StationKind;
  model: string;
  span: string;
  tokensIn: number;
  tokensOut: number;
  ms: number;
  cost: number;
  ok: boolean;
  issues?: Issue[];
  error?: { code: string; message: string };
}

export type TraceStep =
  | { kind: 'route'; at: number; start: StationKind; skipped: Array<{ station: StationKind; reason: string }> }
  | { kind: 'cache'; at: number; hit: boolean }
  | (StationCall & {
      kind: 'attempt';
      provider?: string;
      /** 1 for the first try at this station, 2 after one repair… */
      attempt: number;
      repair: boolean;
      sample?: number;
      promptVersion?: string;
    })
  | { kind: 'repair'; at: number; station: StationKind; attempt: number; issues: number }
  | {
      kind: 'vote';
      at: number;
      station: StationKind;
      samples: number;
      passed: number;
      agreement: number;
      threshold: number;
      medoid: number;
      ok: boolean;
    }
  | { kind: 'divergent'; at: number; station: StationKind; similarity: number; threshold: number; escalate: boolean }
  | { kind: 'escalate'; at: number; from: StationKind; to: StationKind; reason: EscalationReason; detail: string }
  | {
      kind: 'rendered';
      at: number;
      station: StationKind;
      model: string;
      ms: number;
      fallback: boolean;
      layoutId: string;
    }
  | { kind: 'audit'; at: number; station: StationKind; agreement: number | null; model: string; detail: string }
  | { kind: 'cancelled'; at: number; reason: string }
  /** A refine of the layout on screen (line.refine): the patch a station answered and the gates' verdict on it. */
  | (StationCall & {
      kind: 'patch';
      /** Operations in the patch (0 when none came back). */
      ops: number;
      repaired: boolean;
    });

export interface LineTrace {
  /** The trace id every event of this request carries. */
  id: string;
  line: string;
  lineVersion: string;
  intent: string;
  intentClass: string;
  startedAt: string;
  steps: TraceStep[];
  /** The station whose layout rendered (set when done). */
  station?: StationKind;
  fallback?: boolean;
  costUsd: number;
  ms: number;
  ok?: boolean;
  done: boolean;
}

const clip = (s: string) => (s.length > LAYOUT_ATTR_MAX ? s.slice(0, LAYOUT_ATTR_MAX) : s);
type Attrs = Record<string, AttrValue>;

/** Builds a trace step by step; each step is also an event (when the line has a log). */
export class TraceRecorder {
  readonly trace: LineTrace;
  readonly span = randomHex(8);
  readonly #log: EventLog | undefined;
  readonly #t0: number;
  readonly #onStep: ((step: TraceStep, trace: LineTrace) => void) | undefined;

  constructor(init: {
    line: string;
    lineVersion: string;
    intent: string;
    intentClass: string;
    log?: EventLog;
    onStep?: (step: TraceStep, trace: LineTrace) => void;
    t0: number;
  }) {
    const id = randomHex(16);
    this.#t0 = init.t0;
    this.#log = init.log?.child({ trace: id, span: this.span, line: init.line, lineVersion: init.lineVersion });
    this.#onStep = init.onStep;
    this.trace = {
      id,
      line: init.line,
      lineVersion: init.lineVersion,
      intent: init.intent,
      intentClass: init.intentClass,
      startedAt: new Date().toISOString(),
      steps: [],
      costUsd: 0,
      ms: 0,
      done: false,
    };
    this.emit('layout.requested', { intentClass: init.intentClass, intent: clip(init.intent) });
  }

  elapsed(): number {
    return performance.now() - this.#t0;
  }

  emit(type: KnownEventType, attrs: Attrs, span?: string): void {
    this.#log?.emit(type, attrs, span ? { span } : undefined);
  }

  #push(step: TraceStep): void {
    this.trace.steps.push(step);
    this.trace.ms = step.at;
    this.#onStep?.(step, this.trace);
  }

  route(start: StationKind, skipped: Array<{ station: StationKind; reason: string }>): void {
    this.#push({ kind: 'route', at: this.elapsed(), start, skipped });
  }

  cache(hit: boolean): void {
    this.#push({ kind: 'cache', at: this.elapsed(), hit });
  }

  /** An attempt that produced text (or failed to): station.attempted or station.failed, then the gate events. */
  attempt(
    a: Omit<Extract<TraceStep, { kind: 'attempt' }>, 'kind' | 'at' | 'span'> & {
      prompt?: string;
      exemplarVersion?: string;
      layoutId?: string;
      layoutText?: string;
    },
  ): void {
    const { prompt, exemplarVersion, layoutId, layoutText, ...step } = a;
    const { span, common } = this.#station(a.station, a.model, a.cost);
    if (a.error) {
      this.emit(
        'station.failed',
        {
          ...common,
          code: a.error.code,
          error: clip(a.error.message),
          ms: a.ms,
          ...(a.provider ? { provider: a.provider } : {}),
        },
        span,
      );
    } else {
      const attrs: Attrs = {
        ...common,
        operation: 'chat',
        tokensIn: a.tokensIn,
        tokensOut: a.tokensOut,
        ms: Math.round(a.ms * 1000) / 1000,
        cost: a.cost,
        ok: a.ok,
        repair: a.repair,
        attempt: a.attempt,
      };
      if (a.provider) attrs.provider = a.provider;
      if (a.sample !== undefined) attrs.sample = a.sample;
      if (prompt) attrs.prompt = clip(prompt);
      if (a.promptVersion) attrs.promptVersion = a.promptVersion;
      if (exemplarVersion) attrs.exemplarVersion = exemplarVersion;
      if (layoutId) attrs.layoutId = layoutId;
      if (layoutText && layoutText.length <= LAYOUT_ATTR_MAX) attrs.layout = layoutText;
      this.emit('station.attempted', attrs, span);
      this.#gates(a.station, a.ok ? [] : (a.issues ?? []), span);
    }
    this.#push({ ...step, kind: 'attempt', at: this.elapsed(), span });
  }

  /** A station's call: its span, its cost added to the trace, and the attributes its events share. */
  /** An attempt that broke off before a text came back (an engine or the server failed): nothing was spent. */
  brokeOff(a: {
    station: StationKind;
    model: string;
    provider?: string;
    attempt: number;
    repair: boolean;
    /** performance.now() when the attempt began. */
    since: number;
    error: { code: string; message: string };
  }): void {
    const { since, ...rest } = a;
    this.attempt({ ...rest, tokensIn: 0, tokensOut: 0, ms: performance.now() - since, cost: 0, ok: false });
  }

  #station(station: StationKind, model: string, cost: number): { span: string; common: Attrs } {
    this.trace.costUsd += cost;
    return {
      span: randomHex(8),
      common: { station, model, intentClass: this.trace.intentClass, parentSpan: this.span },
    };
  }

  #gates(station: StationKind, issues: Issue[], span: string): void {
    const failed = new Set(issues.map((i) => i.gate));
    // Gates after the first failure may not have run: only the ones before it count as passed.
    const firstFail = GATES.findIndex((g) => failed.has(g));
    GATES.forEach((gate, i) => {
      const base = { station, gate, intentClass: this.trace.intentClass };
      if (failed.has(gate)) {
        const mine = issues.filter((x) => x.gate === gate);
        this.emit(
          'gate.failed',
          { ...base, code: mine[0]!.code, issues: clip(JSON.stringify(mine.slice(0, 20))) },
          span,
        );
      } else if (firstFail < 0 || i < firstFail) this.emit('gate.passed', base, span);
    });
  }

  repair(station: StationKind, attempt: number, issues: Issue[], model: string): void {
    this.emit('repair.attempted', {
      station,
      model,
      attempt,
      issues: clip(JSON.stringify(issues.slice(0, 20))),
      intentClass: this.trace.intentClass,
    });
    this.#push({ kind: 'repair', at: this.elapsed(), station, attempt, issues: issues.length });
  }

  vote(v: Omit<Extract<TraceStep, { kind: 'vote' }>, 'kind' | 'at'>): void {
    this.emit('vote.completed', {
      station: v.station,
      samples: v.samples,
      passed: v.passed,
      agreement: v.agreement,
      threshold: v.threshold,
      ok: v.ok,
      intentClass: this.trace.intentClass,
    });
    this.#push({ ...v, kind: 'vote', at: this.elapsed() });
  }

  divergent(station: StationKind, similarity: number, threshold: number, escalate: boolean): void {
    this.emit('layout.divergent', { station, similarity, threshold, escalate, intentClass: this.trace.intentClass });
    this.#push({ kind: 'divergent', at: this.elapsed(), station, similarity, threshold, escalate });
  }

  escalate(from: StationKind, to: StationKind, reason: EscalationReason, detail: string): void {
    this.emit('layout.escalated', {
      from,
      to,
      station: to,
      reason,
      error: clip(detail),
      intentClass: this.trace.intentClass,
    });
    this.#push({ kind: 'escalate', at: this.elapsed(), from, to, reason, detail });
  }

  /** The chosen layout; a background refresh records `cache.refreshed` instead, since nothing renders. */
  rendered(r: {
    station: StationKind;
    model: string;
    fallback: boolean;
    layoutId: string;
    layoutText: string;
    promptVersion?: string;
    exemplarVersion?: string;
    background?: boolean;
  }): void {
    const ms = this.elapsed();
    const attrs: Attrs = {
      station: r.station,
      model: r.model,
      ms,
      fallback: r.fallback,
      layoutId: r.layoutId,
      intentClass: this.trace.intentClass,
      cost: this.trace.costUsd,
    };
    if (r.layoutText.length <= LAYOUT_ATTR_MAX) attrs.layout = r.layoutText;
    if (r.promptVersion) attrs.promptVersion = r.promptVersion;
    if (r.exemplarVersion) attrs.exemplarVersion = r.exemplarVersion;
    this.emit(r.background ? 'cache.refreshed' : 'layout.rendered', attrs);
    this.trace.station = r.station;
    this.trace.fallback = r.fallback;
    this.trace.ok = !r.fallback;
    this.#push({
      kind: 'rendered',
      at: ms,
      station: r.station,
      model: r.model,
      ms,
      fallback: r.fallback,
      layoutId: r.layoutId,
    });
  }

  audit(station: StationKind, agreement: number | null, model: string, detail: string): void {
    this.emit('audit.completed', { station, agreement, model, error: detail, intentClass: this.trace.intentClass });
    this.#push({ kind: 'audit', at: this.elapsed(), station, agreement, model, detail });
  }

  /**
   * A refine's patch: station.attempted (operation `patch`, `ops` the count) or station.failed, then the
   * gate events, as an attempt records them; the step shows the ops count, station and cost.
   */
  patch(p: Omit<Extract<TraceStep, { kind: 'patch' }>, 'kind' | 'at' | 'span'>): void {
    const { span, common } = this.#station(p.station, p.model, p.cost);
    if (p.error) {
      this.emit(
        'station.failed',
        { ...common, provider: 'server', code: p.error.code, error: clip(p.error.message), ms: p.ms },
        span,
      );
    } else {
      this.emit(
        'station.attempted',
        {
          ...common,
          provider: 'server',
          operation: 'patch',
          ops: p.ops,
          tokensIn: p.tokensIn,
          tokensOut: p.tokensOut,
          ms: Math.round(p.ms * 1000) / 1000,
          cost: p.cost,
          ok: p.ok,
          repair: p.repaired,
          attempt: 1,
        },
        span,
      );
      this.#gates(p.station, p.ok ? [] : (p.issues ?? []), span);
    }
    this.trace.station = p.station;
    this.trace.ok = p.ok;
    this.#push({ ...p, kind: 'patch', at: this.elapsed(), span });
  }

  cancelled(reason: string): void {
    this.#push({ kind: 'cancelled', at: this.elapsed(), reason });
  }

  finish(): LineTrace {
    this.trace.done = true;
    this.trace.ms = this.elapsed();
    return this.trace;
  }
}
