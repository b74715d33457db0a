// createLine: makes a line from its config (data) and the runtime parts that are not data — the
// stations in src/line/stations, the loop in escalate.ts — and hands out each request as an Assembly.
import type { Catalog, ComponentSpec } from '../catalog/catalog.js';
import { builtinCatalog } from '../catalog/builtin.js';
import type { Engine } from '../engines/engine.js';
import type { EventLog } from '../events/log.js';
import type { EventStore } from '../events/store.js';
import type { DomainRule } from '../gates/domain.js';
import { escapeSegment } from '../gates/issue.js';
import { runGates, type GateOptions } from '../gates/run.js';
import type { LayoutDocument } from '../layout/document.js';
import { abortError } from './attempt.js';
import { auditor } from './audit.js';
import {
  type ConfigProblem,
  LineConfigError,
  parseLineConfig,
  type EnginePlanData,
  type LineConfig,
  type StationConfig,
} from './config.js';
import { engineShop } from './engines.js';
import { escalate, type AssembleRequest, type LineMemory, type LineResult, type LineStation } from './escalate.js';
import { intentClass, type IntentClassifier } from './intent.js';
import { RouteBook, type RouteRecords } from './records.js';
import type { AssemblyEvent } from './station.js';
import { browserStation } from './stations/browser.js';
import { cacheStation, type LayoutCache } from './stations/cache.js';
import { fallbackStation } from './stations/fallback.js';
import { premiumStation, type PremiumStation } from './stations/premium.js';
import { refineLayout, type RefineRequest, type RefineResult } from './refine.js';

export { layoutId } from '../layout/id.js';
export type { AssembleRequest, LineResult } from './escalate.js';
export type { AssemblyEvent, AttemptInfo } from './station.js';

export interface LineDeps {
  /** Engines for the browser station, ready made (loaded or not). Used before `engines` plans in the config. */
  engines?: readonly Engine[];
  /** Makes an engine from a plan of the config. Default: src/engines' `createEngine` (imported on first use). */
  createEngine?: (plan: EnginePlanData) => Promise<Engine>;
  /** For the premium station. Default: globalThis.fetch. */
  fetch?: typeof fetch;
  /** Where events go. */
  log?: EventLog;
  /** Seeds the per-class records from its aggregates (default: the log's store). */
  store?: EventStore;
  /**
   * Per-class records to start from instead of the store's: another line's `state().records`, or a
   * promise of them. The tuner starts a canary from the current line's, so both versions route on
   * the same evidence and differ only by their configs.
   */
  records?: RouteRecords | Promise<RouteRecords>;
  /** The site's own components, added to the catalog before it is narrowed. */
  components?: readonly ComponentSpec[];
  /** The site's domain rules (gate 7). */
  rules?: readonly DomainRule[];
  /** The site's intent classifier; its answer, when a non-empty string, is the class. */
  classify?: IntentClassifier;
  /** Random source in [0, 1) for prompt variants and audit sampling. Default Math.random. */
  random?: () => number;
}

/**
 * One request in progress. Iterate it to see each attempt's text as it streams and the gates'
 * verdict on it (the line waits for the reader between events); await it for the result. Read
 * it one way or the other: iterating after awaiting throws.
 */
export interface Assembly extends AsyncIterable<AssemblyEvent>, PromiseLike<LineResult> {
  /** Settles when the request ends; asked for before iterating, the events go unread. */
  readonly result: Promise<LineResult>;
}

export interface Line {
  readonly id: string;
  readonly version: string;
  readonly config: Readonly<LineConfig>;
  /** The gates every layout of this line passes: the site's catalog, rules and limits. */
  readonly catalog: Catalog;
  readonly rules: readonly DomainRule[];
  readonly limits: GateOptions['limits'];
  assemble(req: AssembleRequest): Assembly;
  /**
   * A request about the layout on screen ("make the chart weekly"), answered by the premium station as
   * RFC 6902 ops gated here with this line's gates; the trace has one `patch` step. See src/line/refine.ts.
   */
  refine(req: RefineRequest): Promise<RefineResult>;
  /** The intent class a request would get. */
  classify(intent: string, context?: unknown): string;
  /** Records a user's rating of a layout this line rendered (routing reads it). */
  feedback(layoutId: string, rating: 'up' | 'down'): void;
  /** Learned state as data: last-known-good layout per class, per-class station records. */
  state(): {
    cache: Record<string, LayoutDocument>;
    records: RouteRecords;
  };
  /** Resolves when background work (cache refresh, audits) has finished. */
  idle(): Promise<void>;
  /** Resolves once the records are seeded (from `deps.records`, else from the store). */
  readonly ready: Promise<void>;
}

/** Makes a line from its config (JSON data) and the runtime parts that are not data. */
export function createLine(configInput: unknown, deps: LineDeps = {}): Line {
  const base = deps.components?.length ? builtinCatalog.extend(...deps.components) : builtinCatalog;
  const rules = deps.rules ?? [];
  const { config, gates, catalog } = lineSetup(configInput, (c) => (c.catalog ? base.narrow(c.catalog) : base), rules);
  const limits = gates.limits;

  const random = deps.random ?? Math.random;
  const book = new RouteBook();
  const cache: LayoutCache = new Map(Object.entries(config.cache ?? {}) as Array<[string, LayoutDocument]>);
  const background = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    background.add(p);
    void p.finally(() => background.delete(p));
  };
  const engines = engineShop({
    ...(deps.engines ? { engines: deps.engines } : {}),
    ...(deps.createEngine ? { createEngine: deps.createEngine } : {}),
  });
  const stations = config.stations.map((st: StationConfig): LineStation => {
    switch (st.kind) {
      case 'cache':
        return cacheStation(cache, { refresh: !!st.refresh });
      case 'browser':
        return browserStation({ config, catalog, engines, random, ...(st.engines ? { plans: st.engines } : {}) });
      case 'premium':
        return premiumStation({ station: st, config, catalog, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
      case 'fallback':
        return fallbackStation(st.layout);
    }
  });
  const memory: LineMemory = {
    config,
    stations,
    gates,
    book,
    cache,
    accepted: new Map(),
    rendered: new Map(),
    track,
    ...(deps.log ? { log: deps.log } : {}),
    audit: auditor({
      premium: stations.find((s): s is PremiumStation => s.kind === 'premium'),
      share: config.audit?.share,
      maxLatencyMs: config.budgets?.maxLatencyMs,
      random,
      book,
      track,
    }),
  };
  const store = deps.store ?? deps.log?.store;
  const ready =
    deps.records !== undefined
      ? Promise.resolve(deps.records).then((r) => book.add(r))
      : store
        ? store.aggregates({ line: config.id, types: ['station.attempted'] }).then(
            (agg) => book.seed(agg),
            () => undefined,
          )
        : Promise.resolve();
  const classify = (intent: string, context?: unknown) => intentClass(intent, context, deps.classify);

  async function* run(req: AssembleRequest): AsyncGenerator<AssemblyEvent, LineResult, undefined> {
    await ready;
    if (req.signal?.aborted) throw abortError(req.signal);
    return yield* escalate(memory, req, classify(req.intent, req.context), null, false);
  }

  return {
    id: config.id,
    version: String(config.version),
    config,
    catalog,
    rules,
    limits,
    ready,
    classify,
    assemble: (req) => assembly(run(req)),
    refine: async (req) => {
      await ready;
      return refineLayout(memory, req, classify(req.intent, req.context));
    },
    feedback(id, rating) {
      const r = memory.rendered.get(id);
      if (r) book.feedback(r.cls, r.station, rating);
    },
    state() {
      return { cache: Object.fromEntries(cache), records: book.snapshot() };
    },
    async idle() {
      while (background.size) await Promise.allSettled([...background]);
    },
  };
}

/** The gates a line's layouts pass: the site's catalog and rules, the config's limits and actions. */
export function lineGates(config: LineConfig, catalog: Catalog, rules: readonly DomainRule[]): GateOptions {
  return {
    catalog,
    rules,
    ...(config.gates?.limits ? { limits: config.gates.limits } : {}),
    ...(config.gates?.actions ? { actions: config.gates.actions } : {}),
  };
}

/**
 * A config a line can be made from, with the gates its layouts pass (the site's catalog and rules,
 * the config's limits and actions); otherwise a LineConfigError with every problem at its path.
 * createLine and the tuner's deploy both ask here. `catalogOf` gives the catalog for the config.
 */
export function lineSetup(
  input: unknown,
  catalogOf: (config: LineConfig) => Catalog,
  rules: readonly DomainRule[],
): { config: LineConfig; gates: GateOptions; catalog: Catalog } {
  const parsed = parseLineConfig(input);
  if (!parsed.ok) throw new LineConfigError(parsed.problems);
  const config = parsed.config;
  const catalog = catalogOf(config);
  const gates = lineGates(config, catalog, rules);
  // A fallback or cached layout that fails its own gates would show a broken page: refuse the config now.
  const problems: ConfigProblem[] = [];
  const check = (layout: unknown, at: string) => {
    const v = runGates(layout, gates);
    if (!v.ok)
      for (const x of v.issues)
        problems.push({ code: 'layout_invalid', path: at + x.path, message: `${x.gate}/${x.code}: ${x.message}` });
  };
  config.stations.forEach((s, i) => {
    if (s.kind === 'fallback') check(s.layout, `/stations/${i}/layout`);
  });
  for (const [cls, layout] of Object.entries(config.cache ?? {})) check(layout, `/cache/${escapeSegment(cls)}`);
  if (problems.length) throw new LineConfigError(problems);
  return { config, gates, catalog };
}

type Settle = { resolve(r: LineResult): void; reject(e: unknown): void };

/** Wraps a request's run so it can be read as events or awaited as a result. */
function assembly(run: AsyncGenerator<AssemblyEvent, LineResult, undefined>): Assembly {
  let settle!: Settle;
  const result = new Promise<LineResult>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // A reader that iterates sees a failure there; the result promise must not also go unhandled.
  result.catch(() => undefined);
  let taken = false;
  async function* events(): AsyncGenerator<AssemblyEvent, void, undefined> {
    let finished = false;
    try {
      for (;;) {
        const step = await run.next();
        if (step.done) {
          finished = true;
          settle.resolve(step.value);
          return;
        }
        yield step.value;
      }
    } catch (err) {
      finished = true;
      settle.reject(err);
      throw err;
    } finally {
      // A reader that stops early leaves the request to finish on its own: it is not cancelled
      // (that is what the signal is for), and its result still settles.
      if (!finished) void drainInto(run, settle);
    }
  }
  const take = () => {
    if (taken) throw new Error('this assembly is already being read: iterate it or await it, once');
    taken = true;
    return events();
  };
  // Asking for the result without reading the events runs the request to its end unread.
  const unread = () => {
    if (!taken) {
      taken = true;
      void drainInto(run, settle);
    }
    return result;
  };
  return {
    get result() {
      return unread();
    },
    [Symbol.asyncIterator]: take,
    then: (onFulfilled, onRejected) => unread().then(onFulfilled, onRejected),
  };
}

async function drainInto(run: AsyncGenerator<AssemblyEvent, LineResult, undefined>, settle: Settle): Promise<void> {
  try {
    for (;;) {
      const step = await run.next();
      if (step.done) {
        settle.resolve(step.value);
        return;
      }
    }
  } catch (err) {
    settle.reject(err);
  }
}
