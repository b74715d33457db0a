// The one small interface every station of the line implements (cache, browser, premium,
// fallback), what a station tells its reader while it works, and what it hands back to the loop.
import type { GateOptions, GateResult } from '../gates/run.js';
import type { Issue } from '../gates/issue.js';
import type { LayoutDocument } from '../layout/document.js';
import type { StationKind } from './config.js';
import type { BuiltPrompt } from './prompt.js';
import type { EscalationReason, TraceRecorder } from './trace.js';

/** Which attempt a text or verdict belongs to. */
export interface AttemptInfo {
  station: StationKind;
  model: string;
  /** 1 for a station's first try, 2 after one repair… */
  attempt: number;
  repair: boolean;
  /** The sample's number when the browser station votes. */
  sample?: number;
}

/**
 * What a reader (the surface) sees of a request: each attempt's text as it streams, then the
 * gates' verdict on that text. The verdict is the only one: a reader paints the text and shows
 * the verdict's layout, it does not gate again. The cache and the fallback give a verdict with
 * no text before it.
 */
export type AssemblyEvent =
  | { kind: 'attempt'; attempt: AttemptInfo; text: AsyncIterable<string> }
  | { kind: 'verdict'; attempt: AttemptInfo; verdict: GateResult };

/** The last layout a station gave up on, for the next station to repair from. */
export interface FailedAttempt {
  layout: unknown;
  issues: Issue[];
}

/** How a station's turn ended. */
export type Outcome =
  | { ok: true; layout: LayoutDocument; model: string; prompt?: BuiltPrompt }
  | { ok: false; reason: EscalationReason; detail: string; failed?: FailedAttempt };

/** One request as a station sees it. */
export interface StationContext {
  readonly intent: string;
  readonly context?: unknown;
  readonly signal?: AbortSignal;
  /** The intent class (routing, records, cache key). */
  readonly cls: string;
  readonly rec: TraceRecorder;
  /** The gates every layout of this request must pass (the site's catalog, rules, limits, actions). */
  readonly gates: GateOptions;
  /** A background run (cache refresh, audit): nothing renders, nobody reads its events. */
  readonly background: boolean;
  /** The failed attempt of the station before, when there was one. */
  readonly failed?: FailedAttempt;
  /** Milliseconds left of the request's latency budget (Infinity without one). */
  remaining(): number;
  /** Repairs this request has made so far, at any station (budgets.maxRepairs counts them all). */
  repairsUsed: number;
  /** Counts a finished attempt in the class's record, which routing reads. */
  tally(station: StationKind, ok: boolean): void;
}

export type StationRun = AsyncGenerator<AssemblyEvent, Outcome, undefined>;

export interface Station {
  readonly kind: StationKind;
  /** Tries to serve the request: yields what a reader sees as it goes, returns how it ended. */
  run(ctx: StationContext): StationRun;
}

/** Runs a generator to its end for its return value, dropping what it yields (background runs). */
export async function drain<R>(run: AsyncGenerator<unknown, R, undefined>): Promise<R> {
  for (;;) {
    const step = await run.next();
    if (step.done) return step.value;
  }
}
