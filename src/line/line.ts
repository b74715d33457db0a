// createLine: runs a line config — route to the cheapest capable station, generate, gate, vote,
// repair, check consistency, escalate, render — keeping the per-class records and the trace.
import type { Catalog, ComponentSpec } from '../catalog/catalog.js';
import { builtinCatalog } from '../catalog/builtin.js';
import { fnv1a } from '../catalog/catalog.js';
import type { Engine } from '../engines/engine.js';
import { isEngineError } from '../engines/engine.js';
import type { EventLog } from '../events/log.js';
import type { EventStore } from '../events/store.js';
import type { DomainRule } from '../gates/domain.js';
import { repairPrompt, type Issue } from '../gates/issue.js';
import { runGates, type GateOptions } from '../gates/run.js';
import type { LayoutDocument } from '../layout/document.js';
import { textChannel } from './channel.js';
import { LineConfigError, parseLineConfig, type EnginePlanData, type LineConfig, type StationConfig, type StationKind } from './config.js';
import { estimateCost } from './cost.js';
import { intentClass, type IntentClassifier } from './intent.js';
import { callPremium } from './premium.js';
import { buildPrompt, generationConstraint, type BuiltPrompt } from './prompt.js';
import { RouteBook, routeRule, type StationRecord } from './records.js';
import { similarity, vote } from './similarity.js';
import { TraceRecorder, type EscalationReason, type LineTrace, type TraceStep } from './trace.js';

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
  /** The site's own components, added to the catalog before it is narrowed. */
  components?: readonly ComponentSpec[];
  /** The site's domain rules (gate 7). */
  rules?: readonly DomainRule[];
  /** The site's intent classifier; its answer, when a non-empty string, is the class. */
  classify?: IntentClassifier;
  /** Random source in [0, 1) for prompt variants and audit sampling. Default Math.random. */
  random?: () => number;
}

export interface AttemptInfo {
  station: StationKind;
  model: string;
  attempt: number;
  repair: boolean;
  sample?: number;
}

export interface AssembleRequest {
  intent: string;
  context?: unknown;
  signal?: AbortSignal;
  /**
   * Each attempt's text as it streams (the surface paints it). When it returns a promise, the
   * line waits for it before going on, so a reader sees each attempt to its end.
   */
  onAttempt?: (info: AttemptInfo, text: AsyncIterable<string>) => void | Promise<unknown>;
  /** Each trace step as it happens. */
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

export interface Line {
  readonly id: string;
  readonly version: string;
  readonly config: Readonly<LineConfig>;
  readonly catalog: Catalog;
  readonly rules: readonly DomainRule[];
  readonly limits: GateOptions['limits'];
  assemble(req: AssembleRequest): Promise<LineResult>;
  /** The intent class a request would get. */
  classify(intent: string, context?: unknown): string;
  /** Records a user's rating of a layout this line rendered (routing reads it). */
  feedback(layoutId: string, rating: 'up' | 'down'): void;
  /** Learned state as data: last-known-good layout per class, per-class station records. */
  state(): { cache: Record<string, LayoutDocument>; records: Record<string, Partial<Record<StationKind, StationRecord>>> };
  /** Resolves when background work (cache refresh, audits) has finished. */
  idle(): Promise<void>;
  /** Resolves once the records are seeded from the store. */
  readonly ready: Promise<void>;
}

type Outcome =
  | { ok: true; layout: LayoutDocument; model: string; prompt?: BuiltPrompt }
  | { ok: false; reason: EscalationReason; detail: string; failed?: { layout: unknown; issues: Issue[] } };

interface Run {
  req: AssembleRequest;
  cls: string;
  rec: TraceRecorder;
  gates: GateOptions;
  repairsUsed: number;
  background: boolean;
  /** When the latency budget started (an audit gets a budget of its own). */
  started: number;
}

/** Waits for a reader's promise, if it gave one; its failure is the reader's business. */
const settled = async (p: unknown): Promise<void> => {
  if (p && typeof (p as Promise<unknown>).then === 'function') await (p as Promise<unknown>).then(() => undefined, () => undefined);
};

const abortError = (signal: AbortSignal): unknown => signal.reason ?? new DOMException('The request was cancelled', 'AbortError');

/** Makes a line from its config (JSON data) and the runtime parts that are not data. */
export function createLine(configInput: unknown, deps: LineDeps = {}): Line {
  const parsed = parseLineConfig(configInput);
  if (!parsed.ok) throw new LineConfigError(parsed.problems);
  const config = parsed.config;
  const base = deps.components?.length ? builtinCatalog.extend(...deps.components) : builtinCatalog;
  const catalog = config.catalog ? base.narrow(config.catalog) : base;
  const rules = deps.rules ?? [];
  const limits = config.gates?.limits;
  const gateBase: GateOptions = { catalog, rules, ...(limits ? { limits } : {}), ...(config.gates?.actions ? { actions: config.gates.actions } : {}) };

  // A fallback that fails its own gates would leave the page blank: refuse the config now.
  config.stations.forEach((s, i) => {
    if (s.kind !== 'fallback') return;
    const v = runGates(s.layout, gateBase);
    if (!v.ok) throw new LineConfigError(v.issues.map((x) => ({ path: `/stations/${i}/layout${x.path}`, message: `${x.gate}/${x.code}: ${x.message}` })));
  });
  for (const [cls, layout] of Object.entries(config.cache ?? {})) {
    const v = runGates(layout, gateBase);
    if (!v.ok) throw new LineConfigError(v.issues.map((x) => ({ path: `/cache/${cls.replace(/~/g, '~0').replace(/\//g, '~1')}${x.path}`, message: `${x.gate}/${x.code}: ${x.message}` })));
  }

  const version = String(config.version);
  const rng = deps.random ?? Math.random;
  const book = new RouteBook();
  const cache = new Map<string, LayoutDocument>(Object.entries(config.cache ?? {}) as Array<[string, LayoutDocument]>);
  const accepted = new Map<string, { layout: LayoutDocument; context: string }>();
  const rendered = new Map<string, { cls: string; station: StationKind }>();
  const background = new Set<Promise<unknown>>();
  const engines = new Map<string, Promise<Engine>>();
  const store = deps.store ?? deps.log?.store;
  const ready = store
    ? store.aggregates({ line: config.id, types: ['station.attempted'] }).then((agg) => book.seed(agg), () => undefined)
    : Promise.resolve();

  const track = (p: Promise<unknown>) => { background.add(p); void p.finally(() => background.delete(p)); };
  const classify = (intent: string, context?: unknown) => intentClass(intent, context, deps.classify);

  function engineFor(plan: EnginePlanData): Promise<Engine> {
    const key = JSON.stringify(plan);
    let p = engines.get(key);
    if (!p) {
      p = deps.createEngine
        ? deps.createEngine(plan)
        : import('../engines/index.js').then((m) => m.createEngine({ ...plan, reason: 'named by the line config', options: plan.options ?? {} } as never));
      engines.set(key, p);
      p.catch(() => engines.delete(key));
    }
    return p;
  }

  // With no engines named, what this browser can run decides (once per line), and why is recorded.
  let detected: Promise<{ plans: EnginePlanData[]; why: string }> | undefined;
  function detectEngines(run: Run): Promise<{ plans: EnginePlanData[]; why: string }> {
    detected ??= import('../engines/index.js').then(async (m) => {
      const caps = await m.detectCapabilities();
      const choice = m.chooseEngine(caps);
      run.rec.emit('capabilities.detected', m.toEventAttrs(caps, choice));
      const why = [...choice.plans.map((p) => `${p.kind}: ${p.reason}`), ...choice.skipped.map((s) => `no ${s.kind}: ${s.reason}`)].join('; ');
      return { plans: choice.plans.map((p) => ({ kind: p.kind, model: p.model, options: p.options ?? {} })), why };
    });
    return detected;
  }

  async function browserEngines(st: Extract<StationConfig, { kind: 'browser' }>, run: Run): Promise<{ getters: Array<() => Promise<Engine>>; why?: string }> {
    const getters: Array<() => Promise<Engine>> = (deps.engines ?? []).map((e) => () => Promise.resolve(e));
    let plans: readonly EnginePlanData[] = st.engines ?? [];
    let why: string | undefined;
    if (!getters.length && !plans.length && !deps.createEngine) ({ plans, why } = await detectEngines(run));
    for (const plan of plans) getters.push(() => engineFor(plan));
    return { getters, ...(why ? { why } : {}) };
  }

  const remaining = (run: Run) => (config.budgets?.maxLatencyMs ?? Infinity) - (performance.now() - run.started);

  function check(layout: unknown, run: Run): { ok: true; layout: LayoutDocument } | { ok: false; issues: Issue[]; layout?: unknown } {
    const v = runGates(layout, run.gates);
    return v.ok ? { ok: true, layout: v.layout } : { ok: false, issues: v.issues, layout: v.layout };
  }

  /** One generation on an engine, streamed to the reader, gated, recorded. */
  async function generateOnce(engine: Engine, run: Run, prompt: BuiltPrompt, text: string, info: AttemptInfo): Promise<{ ok: true; layout: LayoutDocument; text: string } | { ok: false; issues: Issue[]; layout?: unknown; text: string } | { error: { code: string; message: string } }> {
    const signal = run.req.signal;
    const t = performance.now();
    const left = remaining(run);
    const channel = textChannel();
    const reader = run.background ? undefined : run.req.onAttempt?.(info, channel.stream);
    const gen = config.generation ?? {};
    try {
      const handle = engine.generate({
        system: prompt.system, prompt: text, intent: run.req.intent,
        ...generationConstraint(gen.components ? catalog.narrow({ only: gen.components }) : catalog, { ...gen, ...(config.gates?.actions ? { actions: config.gates.actions } : {}) }),
        ...(gen.maxTokens ? { maxTokens: gen.maxTokens } : {}), ...(gen.temperature !== undefined ? { temperature: gen.temperature } : {}),
        ...(signal ? { signal } : {}), ...(Number.isFinite(left) ? { timeoutMs: Math.max(1, Math.floor(left)) } : {}),
      });
      for await (const chunk of handle.chunks) channel.push(chunk);
      const r = await handle.result;
      channel.end();
      await settled(reader);
      const v = check(r.text, run);
      const cost = estimateCost(config.prices, r.model, r.usage.inputTokens, r.usage.outputTokens);
      book.attempt(run.cls, info.station, v.ok);
      run.rec.attempt({
        station: info.station, model: r.model, provider: engine.kind, attempt: info.attempt, repair: info.repair, ...(info.sample !== undefined ? { sample: info.sample } : {}),
        tokensIn: r.usage.inputTokens, tokensOut: r.usage.outputTokens, ms: performance.now() - t, cost, ok: v.ok,
        ...(v.ok ? {} : { issues: v.issues }), promptVersion: prompt.promptVersion, prompt: text, exemplarVersion: prompt.exemplarVersion,
        layoutText: r.text, ...(v.ok ? { layoutId: layoutId(v.layout) } : {}),
      });
      return v.ok ? { ok: true, layout: v.layout, text: r.text } : { ok: false, issues: v.issues, layout: v.layout, text: r.text };
    } catch (err) {
      channel.fail(err);
      if (signal?.aborted) throw abortError(signal);
      const code = isEngineError(err) ? err.code : 'crashed';
      const message = err instanceof Error ? err.message : String(err);
      book.attempt(run.cls, info.station, false);
      run.rec.attempt({ station: info.station, model: engine.model, provider: engine.kind, attempt: info.attempt, repair: info.repair, tokensIn: 0, tokensOut: 0, ms: performance.now() - t, cost: 0, ok: false, error: { code, message } });
      return { error: { code, message } };
    }
  }

  async function runBrowser(st: Extract<StationConfig, { kind: 'browser' }>, run: Run): Promise<Outcome> {
    const signal = run.req.signal;
    let engine: Engine | undefined;
    const { getters, why } = await browserEngines(st, run);
    let lastError = why ? `this browser runs no engine here (${why})` : 'no engine is configured for the browser station';
    for (const get of getters) {
      const t = performance.now();
      let candidate: Engine | undefined;
      try {
        candidate = await get();
        if (!candidate.info().loaded) {
          const left = remaining(run);
          run.rec.emit('model.loading', { station: 'browser', model: candidate.model, provider: candidate.kind });
          const tl = performance.now();
          await candidate.load({ ...(signal ? { signal } : {}), ...(Number.isFinite(left) ? { timeoutMs: Math.max(1, Math.floor(left)) } : {}) });
          run.rec.emit('model.loaded', { station: 'browser', model: candidate.model, provider: candidate.kind, ms: performance.now() - tl });
        }
        engine = candidate;
        break;
      } catch (err) {
        if (signal?.aborted) throw abortError(signal);
        const code = isEngineError(err) ? err.code : 'load-failed';
        lastError = err instanceof Error ? err.message : String(err);
        if (candidate) run.rec.emit('model.failed', { station: 'browser', model: candidate.model, provider: candidate.kind, code, error: lastError.slice(0, 2000) });
        run.rec.attempt({ station: 'browser', model: candidate?.model ?? 'unknown', ...(candidate ? { provider: candidate.kind } : {}), attempt: 0, repair: false, tokensIn: 0, tokensOut: 0, ms: performance.now() - t, cost: 0, ok: false, error: { code, message: lastError } });
      }
    }
    if (!engine) return { ok: false, reason: 'no_engine', detail: lastError };

    const prompt = buildPrompt(config, catalog, { intent: run.req.intent, context: run.req.context, intentClass: run.cls }, rng);
    const samples = config.vote?.samples ?? 1;
    const results: Array<{ ok: true; layout: LayoutDocument; text: string } | { ok: false; issues: Issue[]; layout?: unknown; text: string }> = [];
    for (let s = 0; s < samples; s++) {
      const r = await generateOnce(engine, run, prompt, prompt.prompt, { station: 'browser', model: engine.model, attempt: 1, repair: false, ...(samples > 1 ? { sample: s + 1 } : {}) });
      if ('error' in r) return { ok: false, reason: r.error.code === 'timeout' && Number.isFinite(remaining(run)) ? 'latency_budget' : 'engine_failed', detail: `${r.error.code}: ${r.error.message}` };
      results.push(r);
    }
    let current = results[0]!;
    if (samples > 1) {
      const passing = results.filter((r): r is Extract<typeof r, { ok: true }> => r.ok);
      const v = vote(passing.map((r) => r.layout), samples);
      const threshold = config.vote!.threshold;
      if (v) {
        const ok = v.agreement >= threshold;
        run.rec.vote({ station: 'browser', samples, passed: passing.length, agreement: v.agreement, threshold, medoid: results.indexOf(passing[v.medoid]!), ok });
        if (ok) return { ok: true, layout: passing[v.medoid]!.layout, model: engine.model, prompt };
        return {
          ok: false, reason: 'low_confidence', detail: `${samples} samples agreed ${v.agreement.toFixed(2)} (needs ${threshold})`,
          failed: { layout: passing[v.medoid]!.layout, issues: [{ gate: 'domain', code: 'low_confidence', path: '', message: `independent samples agreed only ${v.agreement.toFixed(2)} on the structure` }] },
        };
      }
      run.rec.vote({ station: 'browser', samples, passed: 0, agreement: 0, threshold, medoid: -1, ok: false });
    }
    let attempt = 1;
    const maxRepairs = config.repair?.max ?? 1;
    while (!current.ok) {
      if (attempt - 1 >= maxRepairs) return { ok: false, reason: 'gates_failed', detail: `${current.issues.length} issues after ${attempt - 1} repairs`, failed: { layout: current.layout ?? current.text, issues: current.issues } };
      if (run.repairsUsed >= (config.budgets?.maxRepairs ?? Infinity)) return { ok: false, reason: 'repair_budget', detail: `the request used its ${run.repairsUsed} repairs`, failed: { layout: current.layout ?? current.text, issues: current.issues } };
      if (remaining(run) <= 0) return { ok: false, reason: 'latency_budget', detail: 'no time left for a repair', failed: { layout: current.layout ?? current.text, issues: current.issues } };
      run.repairsUsed++;
      attempt++;
      run.rec.repair('browser', attempt, current.issues, engine.model);
      const text = `${prompt.prompt}\n\nYour previous answer:\n${current.text}\n\n${repairPrompt(current.issues)}`;
      const r = await generateOnce(engine, run, prompt, text, { station: 'browser', model: engine.model, attempt, repair: true });
      if ('error' in r) return { ok: false, reason: r.error.code === 'timeout' && Number.isFinite(remaining(run)) ? 'latency_budget' : 'engine_failed', detail: `${r.error.code}: ${r.error.message}`, failed: { layout: current.layout ?? current.text, issues: current.issues } };
      current = r;
    }
    return { ok: true, layout: current.layout, model: engine.model, prompt };
  }

  async function runPremium(st: Extract<StationConfig, { kind: 'premium' }>, run: Run, failed: { layout: unknown; issues: Issue[] } | undefined, opts: { stream: boolean } = { stream: st.stream ?? true }): Promise<Outcome> {
    const signal = run.req.signal;
    const left = remaining(run);
    const ctrl = new AbortController();
    const onAbort = () => ctrl.abort(abortError(signal!));
    if (signal?.aborted) throw abortError(signal);
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = Number.isFinite(left) ? setTimeout(() => ctrl.abort(new DOMException('latency budget spent', 'TimeoutError')), Math.max(1, left)) : undefined;
    const t = performance.now();
    let channel: ReturnType<typeof textChannel> | undefined;
    const fetcher = deps.fetch ?? globalThis.fetch.bind(globalThis);
    const catalogSchema = catalog.hash() === builtinCatalog.hash() ? catalog.hash() : catalog.jsonSchema();
    let attempt = 0;
    const readers: unknown[] = [];
    try {
      const answer = await callPremium(fetcher, st.endpoint, {
        intent: run.req.intent, ...(run.req.context !== undefined ? { context: run.req.context } : {}), line: { id: config.id, version },
        catalogSchema, ...(failed ? { failed: fitFailed(failed) } : {}),
      }, { stream: opts.stream, signal: ctrl.signal }, {
        onAttempt: (n) => {
          channel?.end();
          channel = textChannel();
          attempt = n;
          if (!run.background) readers.push(run.req.onAttempt?.({ station: 'premium', model: st.model ?? 'premium', attempt: n, repair: n > 1 }, channel.stream));
        },
        onText: (text) => channel?.push(text),
        onRepair: (issues) => run.rec.repair('premium', attempt + 1, issues, st.model ?? 'premium'),
      });
      channel?.end();
      const ms = performance.now() - t;
      await Promise.all(readers.map(settled));
      const cost = estimateCost(config.prices, answer.model, answer.usage.inputTokens, answer.usage.outputTokens);
      if (!answer.ok) {
        book.attempt(run.cls, 'premium', false);
        run.rec.attempt({ station: 'premium', model: answer.model, provider: 'server', attempt: Math.max(1, attempt), repair: attempt > 1, tokensIn: answer.usage.inputTokens, tokensOut: answer.usage.outputTokens, ms, cost, ok: false, ...(answer.issues ? { issues: answer.issues } : {}), error: answer.error! });
        return { ok: false, reason: 'premium_failed', detail: `${answer.error!.code}: ${answer.error!.message}`, ...(answer.issues ? { failed: { layout: answer.text, issues: answer.issues } } : {}) };
      }
      // The server ran its gates; the site's catalog, actions and rules are checked here.
      const v = check(answer.layout, run);
      book.attempt(run.cls, 'premium', v.ok);
      run.rec.attempt({
        station: 'premium', model: answer.model, provider: 'server', attempt: Math.max(1, attempt), repair: answer.repaired, tokensIn: answer.usage.inputTokens, tokensOut: answer.usage.outputTokens,
        ms, cost, ok: v.ok, ...(v.ok ? { layoutId: layoutId(v.layout) } : { issues: v.issues }), layoutText: JSON.stringify(answer.layout),
      });
      if (!v.ok) return { ok: false, reason: 'premium_failed', detail: `the premium layout failed this site's gates (${v.issues.map((i) => i.code).join(', ')})`, failed: { layout: answer.layout, issues: v.issues } };
      return { ok: true, layout: v.layout, model: answer.model };
    } catch (err) {
      channel?.fail(err);
      if (signal?.aborted) throw abortError(signal);
      const timedOut = ctrl.signal.aborted;
      const code = timedOut ? 'timeout' : 'crashed';
      const message = err instanceof Error ? err.message : String(err);
      book.attempt(run.cls, 'premium', false);
      run.rec.attempt({ station: 'premium', model: st.model ?? 'premium', provider: 'server', attempt: Math.max(1, attempt), repair: false, tokensIn: 0, tokensOut: 0, ms: performance.now() - t, cost: 0, ok: false, error: { code, message } });
      return { ok: false, reason: timedOut ? 'latency_budget' : 'premium_failed', detail: `${code}: ${message}` };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  function runCache(run: Run): Outcome {
    const entry = cache.get(run.cls);
    run.rec.cache(!!entry);
    if (!entry) return { ok: false, reason: 'cache_miss', detail: `no layout is cached for "${run.cls}"` };
    const v = check(entry, run);
    book.attempt(run.cls, 'cache', v.ok);
    run.rec.attempt({ station: 'cache', model: 'cache', attempt: 1, repair: false, tokensIn: 0, tokensOut: 0, ms: 0, cost: 0, ok: v.ok, ...(v.ok ? { layoutId: layoutId(v.layout) } : { issues: v.issues }) });
    if (!v.ok) { cache.delete(run.cls); return { ok: false, reason: 'gates_failed', detail: 'the cached layout no longer passes the gates', failed: { layout: entry, issues: v.issues } }; }
    return { ok: true, layout: v.layout, model: 'cache' };
  }

  function pickStart(cls: string): { start: number; skipped: Array<{ station: StationKind; reason: string }> } {
    const rule = routeRule(config, cls);
    const skipped: Array<{ station: StationKind; reason: string }> = [];
    const forced = rule.start ? config.stations.findIndex((s) => s.kind === rule.start) : -1;
    for (let i = 0; i < config.stations.length; i++) {
      const kind = config.stations[i]!.kind;
      if (forced > i) { skipped.push({ station: kind, reason: `routing starts "${cls}" at ${rule.start}` }); continue; }
      if (kind === 'cache' && !cache.has(cls)) { skipped.push({ station: kind, reason: 'no layout cached for this class yet' }); continue; }
      if (kind === 'browser') {
        const why = book.verdict(cls, kind, rule);
        if (why) { skipped.push({ station: kind, reason: why }); continue; }
      }
      return { start: i, skipped };
    }
    return { start: config.stations.length - 1, skipped };
  }

  function audit(run: Run, layout: LayoutDocument): void {
    const premium = config.stations.find((s): s is Extract<StationConfig, { kind: 'premium' }> => s.kind === 'premium');
    if (!premium || !config.audit || rng() >= config.audit.share) return;
    const auditRun: Run = { ...run, req: { intent: run.req.intent, context: run.req.context }, background: true, started: performance.now() };
    track(runPremium(premium, auditRun, undefined, { stream: false }).then((o) => {
      if (!o.ok) { run.rec.audit('browser', null, premium.model ?? 'premium', `audit could not run: ${o.detail}`); return; }
      const agreement = similarity(layout, o.layout);
      book.audit(run.cls, 'browser', agreement);
      run.rec.audit('browser', agreement, o.model, `premium layout agrees ${agreement.toFixed(2)} with the browser's`);
    }, (err) => run.rec.audit('browser', null, premium.model ?? 'premium', `audit failed: ${String(err)}`)));
  }

  async function runFrom(req: AssembleRequest, cls: string, first: number | null, isBackground: boolean): Promise<LineResult> {
    const t0 = performance.now();
    const rec = new TraceRecorder({ line: config.id, lineVersion: version, intent: req.intent, intentClass: cls, t0, ...(deps.log ? { log: deps.log } : {}), ...(req.onStep && !isBackground ? { onStep: req.onStep } : {}) });
    const gates: GateOptions = req.actions ? { ...gateBase, actions: req.actions } : gateBase;
    const run: Run = { req, cls, rec, gates, repairsUsed: 0, background: isBackground, started: t0 };
    const stations = config.stations;
    let start: number;
    if (first === null) {
      const picked = pickStart(cls);
      start = picked.start;
      rec.route(stations[start]!.kind, picked.skipped);
    } else {
      start = first;
      rec.route(stations[start]!.kind, stations.slice(0, start).map((s) => ({ station: s.kind, reason: 'refreshing the cached layout in the background' })));
    }
    let failed: { layout: unknown; issues: Issue[] } | undefined;
    let lastReason = '';
    try {
      for (let i = start; i < stations.length; i++) {
        if (req.signal?.aborted) throw abortError(req.signal);
        const st = stations[i]!;
        const next = stations[i + 1]?.kind;
        let out: Outcome | undefined;
        if (st.kind === 'browser' || st.kind === 'premium') {
          if (remaining(run) <= 0) out = { ok: false, reason: 'latency_budget', detail: `${Math.round(rec.elapsed())} ms spent of the ${config.budgets!.maxLatencyMs} ms budget` };
          else if (st.kind === 'premium' && config.budgets?.maxCostUsd !== undefined) {
            const expect = st.expectTokens ?? { input: 0, output: 0 };
            const estimate = estimateCost(config.prices, st.model ?? '', expect.input, expect.output);
            if (rec.trace.costUsd + estimate > config.budgets.maxCostUsd) out = { ok: false, reason: 'cost_budget', detail: `a premium call is estimated at $${estimate.toFixed(6)}; the request may spend $${config.budgets.maxCostUsd} and has spent $${rec.trace.costUsd.toFixed(6)}` };
          }
        }
        if (!out) {
          switch (st.kind) {
            case 'cache': out = runCache(run); break;
            case 'browser': out = await runBrowser(st, run); break;
            case 'premium': out = await runPremium(st, run, failed); break;
            case 'fallback': out = { ok: true, layout: st.layout as LayoutDocument, model: 'fallback' }; break;
          }
        }
        if (out.ok && st.kind !== 'fallback' && st.kind !== 'cache' && config.consistency) {
          const prev = accepted.get(cls);
          const ctx = JSON.stringify(req.context ?? null);
          // A different context explains a different layout; the same context does not.
          if (prev && prev.context === ctx) {
            const sim = similarity(prev.layout, out.layout);
            if (sim < config.consistency.threshold) {
              const escalate = !!config.consistency.escalate && !!next && next !== 'fallback';
              rec.divergent(st.kind, sim, config.consistency.threshold, escalate);
              if (escalate) out = { ok: false, reason: 'divergent', detail: `similarity ${sim.toFixed(2)} to the last accepted layout for this class (threshold ${config.consistency.threshold})`, failed: { layout: out.layout, issues: [{ gate: 'domain', code: 'divergent', path: '', message: `the layout differs from the one accepted before for the same request (similarity ${sim.toFixed(2)})` }] } };
            }
          }
        }
        if (out.ok) {
          const fallback = st.kind === 'fallback';
          const id = layoutId(out.layout);
          if (!fallback) {
            cache.set(cls, out.layout);
            if (st.kind !== 'cache') accepted.set(cls, { layout: out.layout, context: JSON.stringify(req.context ?? null) });
          }
          rendered.set(id, { cls, station: st.kind });
          rec.rendered({ station: st.kind, model: out.model, fallback, layoutId: id, layoutText: JSON.stringify(out.layout), background: isBackground, ...(out.prompt ? { promptVersion: out.prompt.promptVersion, exemplarVersion: out.prompt.exemplarVersion } : {}) });
          if (st.kind === 'browser' && !isBackground) audit(run, out.layout);
          if (st.kind === 'cache' && !isBackground && (st as { refresh?: boolean }).refresh && stations[i + 1]) {
            track(runFrom({ intent: req.intent, context: req.context, ...(req.actions ? { actions: req.actions } : {}) }, cls, i + 1, true).catch(() => undefined));
          }
          const trace = rec.finish();
          return { ok: !fallback, layout: out.layout, station: st.kind, fallback, ...(fallback ? { reason: lastReason || 'the line has only its fallback' } : {}), trace, costUsd: trace.costUsd, ms: trace.ms };
        }
        lastReason = out.detail;
        if (out.failed) failed = out.failed;
        if (next) {
          if (st.kind === 'cache' && out.reason === 'cache_miss') continue;
          rec.escalate(st.kind, next, out.reason, out.detail);
        }
      }
    } catch (err) {
      rec.cancelled(req.signal?.aborted ? 'a newer request or the caller cancelled this one' : String(err));
      rec.finish();
      throw err;
    }
    const trace = rec.finish();
    return { ok: false, layout: null, station: null, fallback: false, reason: lastReason, trace, costUsd: trace.costUsd, ms: trace.ms };
  }

  return {
    id: config.id,
    version,
    config,
    catalog,
    rules,
    limits,
    ready,
    classify,
    async assemble(req) {
      await ready;
      if (req.signal?.aborted) throw abortError(req.signal);
      return runFrom(req, classify(req.intent, req.context), null, false);
    },
    feedback(id, rating) {
      const r = rendered.get(id);
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

/** The failed attempt as the server accepts it: at most 200 issues of 2,000 characters, a layout of 30,000. */
function fitFailed(failed: { layout: unknown; issues: Issue[] }): { layout: unknown; issues: Issue[] } {
  const text = typeof failed.layout === 'string' ? failed.layout : JSON.stringify(failed.layout ?? null);
  const clip = (t: string) => (t.length > 2000 ? t.slice(0, 1999) + '…' : t);
  return {
    layout: text.length > 30_000 ? text.slice(0, 30_000) : failed.layout,
    issues: failed.issues.slice(0, 200).map((i) => ({ gate: i.gate, code: clip(i.code), path: clip(i.path), message: clip(i.message) })),
  };
}

/** A stable id of a layout document (same document, same id). */
export function layoutId(layout: LayoutDocument): string {
  return 'l' + fnv1a(JSON.stringify(layout));
}
