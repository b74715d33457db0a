// Engine setup for the browser station: the engines a site passed in, the plans its config names,
// or — with neither — what this browser can run (detected once per line); then the first that loads.
import type { Engine } from '../engines/engine.js';
import { isEngineError } from '../engines/engine.js';
import { abortError, errorMessage } from './attempt.js';
import type { EnginePlanData } from './config.js';
import type { StationContext } from './station.js';

export interface EngineSetup {
  /** Engines for the browser station, ready made (loaded or not). Tried before the config's plans. */
  engines?: readonly Engine[];
  /** Makes an engine from a plan. Default: src/engines' `createEngine` (imported on first use). */
  createEngine?: (plan: EnginePlanData) => Promise<Engine>;
}

export interface EngineShop {
  /**
   * The first engine that loads, from the given ones, then the plans (or, with neither, the
   * detected ones). Each failure is in the trace; `error` says why none loaded.
   */
  open(plans: readonly EnginePlanData[], ctx: StationContext): Promise<{ engine: Engine } | { error: string }>;
}

/** One per line: engines made from plans are kept (and loaded once), detection runs once. */
export function engineShop(setup: EngineSetup): EngineShop {
  const made = new Map<string, Promise<Engine>>();
  let detected: Promise<{ plans: EnginePlanData[]; why: string }> | undefined;

  const make = (plan: EnginePlanData): Promise<Engine> => {
    const key = JSON.stringify(plan);
    let p = made.get(key);
    if (!p) {
      p = setup.createEngine
        ? setup.createEngine(plan)
        : import('../engines/index.js').then((m) => m.createEngine(plan));
      made.set(key, p);
      // A plan that failed to make an engine may work next time (a network blip).
      p.catch(() => made.delete(key));
    }
    return p;
  };

  // The first request's trace records what was detected and why; later requests reuse the answer.
  const detect = (ctx: StationContext) => {
    detected ??= import('../engines/index.js').then(async (m) => {
      const caps = await m.detectCapabilities();
      const choice = m.chooseEngine(caps);
      ctx.rec.emit('capabilities.detected', m.toEventAttrs(caps, choice));
      const why = [
        ...choice.plans.map((p) => `${p.kind}: ${p.reason}`),
        ...choice.skipped.map((s) => `no ${s.kind}: ${s.reason}`),
      ].join('; ');
      return { plans: choice.plans.map((p) => ({ kind: p.kind, model: p.model, options: p.options ?? {} })), why };
    });
    return detected;
  };

  return {
    async open(named, ctx) {
      const getters: Array<() => Promise<Engine>> = (setup.engines ?? []).map((e) => () => Promise.resolve(e));
      let plans = named;
      let why: string | undefined;
      if (!getters.length && !plans.length && !setup.createEngine) ({ plans, why } = await detect(ctx));
      for (const plan of plans) getters.push(() => make(plan));
      let lastError = why
        ? `this browser runs no engine here (${why})`
        : 'no engine is configured for the browser station';
      for (const get of getters) {
        const t = performance.now();
        let candidate: Engine | undefined;
        try {
          candidate = await get();
          if (!candidate.info().loaded) await load(candidate, ctx);
          return { engine: candidate };
        } catch (err) {
          if (ctx.signal?.aborted) throw abortError(ctx.signal);
          const code = isEngineError(err) ? err.code : 'load-failed';
          lastError = errorMessage(err);
          if (candidate)
            ctx.rec.emit('model.failed', {
              station: 'browser',
              model: candidate.model,
              provider: candidate.kind,
              code,
              error: lastError.slice(0, 2000),
            });
          ctx.rec.brokeOff({
            station: 'browser',
            model: candidate?.model ?? 'unknown',
            ...(candidate ? { provider: candidate.kind } : {}),
            attempt: 0,
            repair: false,
            since: t,
            error: { code, message: lastError },
          });
        }
      }
      return { error: lastError };
    },
  };
}

async function load(engine: Engine, ctx: StationContext): Promise<void> {
  const left = ctx.remaining();
  ctx.rec.emit('model.loading', { station: 'browser', model: engine.model, provider: engine.kind });
  const t = performance.now();
  await engine.load({
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    ...(Number.isFinite(left) ? { timeoutMs: Math.max(1, Math.floor(left)) } : {}),
  });
  ctx.rec.emit('model.loaded', {
    station: 'browser',
    model: engine.model,
    provider: engine.kind,
    ms: performance.now() - t,
  });
}
