// The browser station: a small model in the visitor's browser writes the layout under the
// catalog's grammar; the gates judge each text, samples vote, and gate issues come back as repairs.
import type { Catalog } from '../../catalog/catalog.js';
import type { Engine } from '../../engines/engine.js';
import { isEngineError } from '../../engines/engine.js';
import { repairPrompt, type Issue } from '../../gates/issue.js';
import { runGates } from '../../gates/run.js';
import type { LayoutDocument } from '../../layout/document.js';
import { abortError, brokeOff, errorMessage, layoutId } from '../attempt.js';
import { textChannel } from '../../util/channel.js';
import type { EnginePlanData, LineConfig } from '../config.js';
import { estimateCost } from '../cost.js';
import type { EngineShop } from '../engines.js';
import { buildPrompt, generationConstraint, type BuiltPrompt } from '../prompt.js';
import { vote } from '../similarity.js';
import type { AssemblyEvent, AttemptInfo, Outcome, Station, StationContext, StationRun } from '../station.js';

export interface BrowserStationOptions {
  /** The line's config: prompts, exemplars, generation, vote, repair, budgets, prices. */
  config: LineConfig;
  /** The catalog prompts describe and the grammar is made from. */
  catalog: Catalog;
  engines: EngineShop;
  /** Plans the station's config names (may be empty). */
  plans?: readonly EnginePlanData[];
  /** Random source in [0, 1) for prompt variants. */
  random: () => number;
}

export interface BrowserStation extends Station {
  readonly kind: 'browser';
}

type Generated =
  | { ok: true; layout: LayoutDocument; text: string }
  | { ok: false; issues: Issue[]; layout?: unknown; text: string }
  | { error: { code: string; message: string } };

export function browserStation(o: BrowserStationOptions): BrowserStation {
  const { config, catalog } = o;
  const gen = config.generation ?? {};
  const actions = config.gates?.actions;
  // The grammar depends on the config alone: made once, not per request.
  let constraint: ReturnType<typeof generationConstraint> | undefined;
  const grammar = () =>
    (constraint ??= generationConstraint(gen.components ? catalog.narrow({ only: gen.components }) : catalog, {
      ...gen,
      ...(actions ? { actions } : {}),
    }));

  /** One generation: its text streams to the reader, then the gates' verdict on it. */
  async function* generate(
    engine: Engine,
    ctx: StationContext,
    prompt: BuiltPrompt,
    text: string,
    info: AttemptInfo,
  ): AsyncGenerator<AssemblyEvent, Generated, undefined> {
    const t = performance.now();
    const left = ctx.remaining();
    const channel = textChannel();
    let result: Promise<{ text: string; model: string; usage: { inputTokens: number; outputTokens: number } }>;
    try {
      const handle = engine.generate({
        system: prompt.system,
        prompt: text,
        intent: ctx.intent,
        ...grammar(),
        ...(gen.maxTokens ? { maxTokens: gen.maxTokens } : {}),
        ...(gen.temperature !== undefined ? { temperature: gen.temperature } : {}),
        ...(ctx.signal ? { signal: ctx.signal } : {}),
        ...(Number.isFinite(left) ? { timeoutMs: Math.max(1, Math.floor(left)) } : {}),
      });
      // The text flows while the reader holds the attempt event; the verdict waits for its end.
      result = (async () => {
        for await (const chunk of handle.chunks) channel.push(chunk);
        return handle.result;
      })();
    } catch (err) {
      result = Promise.reject(err);
    }
    result.catch(() => undefined);
    yield { kind: 'attempt', attempt: info, text: channel.stream };
    try {
      const r = await result;
      channel.end();
      const verdict = runGates(r.text, ctx.gates);
      const cost = estimateCost(config.prices, r.model, r.usage.inputTokens, r.usage.outputTokens);
      ctx.tally('browser', verdict.ok);
      ctx.rec.attempt({
        station: 'browser',
        model: r.model,
        provider: engine.kind,
        attempt: info.attempt,
        repair: info.repair,
        ...(info.sample !== undefined ? { sample: info.sample } : {}),
        tokensIn: r.usage.inputTokens,
        tokensOut: r.usage.outputTokens,
        ms: performance.now() - t,
        cost,
        ok: verdict.ok,
        ...(verdict.ok ? {} : { issues: verdict.issues }),
        promptVersion: prompt.promptVersion,
        prompt: text,
        exemplarVersion: prompt.exemplarVersion,
        layoutText: r.text,
        ...(verdict.ok ? { layoutId: layoutId(verdict.layout) } : {}),
      });
      yield { kind: 'verdict', attempt: info, verdict };
      return verdict.ok
        ? { ok: true, layout: verdict.layout, text: r.text }
        : { ok: false, issues: verdict.issues, layout: verdict.layout, text: r.text };
    } catch (err) {
      channel.fail(err);
      if (ctx.signal?.aborted) throw abortError(ctx.signal);
      const code = isEngineError(err) ? err.code : 'crashed';
      const message = errorMessage(err);
      ctx.tally('browser', false);
      ctx.rec.brokeOff({
        station: 'browser',
        model: engine.model,
        provider: engine.kind,
        attempt: info.attempt,
        repair: info.repair,
        since: t,
        error: { code, message },
      });
      yield { kind: 'verdict', attempt: info, verdict: brokeOff(`${code}: ${message}`) };
      return { error: { code, message } };
    }
  }

  // A timeout inside a finite budget is the budget running out, not the engine failing.
  const engineFailed = (ctx: StationContext, error: { code: string; message: string }) =>
    error.code === 'timeout' && Number.isFinite(ctx.remaining())
      ? ('latency_budget' as const)
      : ('engine_failed' as const);

  return {
    kind: 'browser',
    async *run(ctx: StationContext): StationRun {
      const opened = await o.engines.open(o.plans ?? [], ctx);
      if ('error' in opened) return { ok: false, reason: 'no_engine', detail: opened.error };
      const engine = opened.engine;
      const prompt = buildPrompt(
        config,
        catalog,
        { intent: ctx.intent, context: ctx.context, intentClass: ctx.cls },
        o.random,
      );
      const samples = config.vote?.samples ?? 1;
      const results: Array<Exclude<Generated, { error: unknown }>> = [];
      for (let s = 0; s < samples; s++) {
        const r = yield* generate(engine, ctx, prompt, prompt.prompt, {
          station: 'browser',
          model: engine.model,
          attempt: 1,
          repair: false,
          ...(samples > 1 ? { sample: s + 1 } : {}),
        });
        if ('error' in r)
          return { ok: false, reason: engineFailed(ctx, r.error), detail: `${r.error.code}: ${r.error.message}` };
        results.push(r);
      }
      const decided = samples > 1 ? decide(results, samples, ctx, engine, prompt) : null;
      if (decided) return decided;
      let current = results[0]!;
      let attempt = 1;
      const maxRepairs = config.repair?.max ?? 1;
      while (!current.ok) {
        const failed = { layout: current.layout ?? current.text, issues: current.issues };
        if (attempt - 1 >= maxRepairs)
          return {
            ok: false,
            reason: 'gates_failed',
            detail: `${current.issues.length} issues after ${attempt - 1} repairs`,
            failed,
          };
        if (ctx.repairsUsed >= (config.budgets?.maxRepairs ?? Infinity))
          return {
            ok: false,
            reason: 'repair_budget',
            detail: `the request used its ${ctx.repairsUsed} repairs`,
            failed,
          };
        if (ctx.remaining() <= 0)
          return { ok: false, reason: 'latency_budget', detail: 'no time left for a repair', failed };
        ctx.repairsUsed++;
        attempt++;
        ctx.rec.repair('browser', attempt, current.issues, engine.model);
        const text = `${prompt.prompt}\n\nYour previous answer:\n${current.text}\n\n${repairPrompt(current.issues)}`;
        const r = yield* generate(engine, ctx, prompt, text, {
          station: 'browser',
          model: engine.model,
          attempt,
          repair: true,
        });
        if ('error' in r)
          return {
            ok: false,
            reason: engineFailed(ctx, r.error),
            detail: `${r.error.code}: ${r.error.message}`,
            failed,
          };
        current = r;
      }
      return { ok: true, layout: current.layout, model: engine.model, prompt };
    },
  };

  /**
   * With several samples, the medoid of those that passed serves when they agree enough. With
   * none passing there is nothing to vote on (null): the first sample goes on to repair.
   */
  function decide(
    results: Array<Exclude<Generated, { error: unknown }>>,
    samples: number,
    ctx: StationContext,
    engine: Engine,
    prompt: BuiltPrompt,
  ): Outcome | null {
    const passing = results.filter((r): r is Extract<typeof r, { ok: true }> => r.ok);
    const v = vote(
      passing.map((r) => r.layout),
      samples,
    );
    const threshold = config.vote!.threshold;
    if (!v) {
      ctx.rec.vote({ station: 'browser', samples, passed: 0, agreement: 0, threshold, medoid: -1, ok: false });
      return null;
    }
    const ok = v.agreement >= threshold;
    const medoid = passing[v.medoid]!;
    ctx.rec.vote({
      station: 'browser',
      samples,
      passed: passing.length,
      agreement: v.agreement,
      threshold,
      medoid: results.indexOf(medoid),
      ok,
    });
    if (ok) return { ok: true, layout: medoid.layout, model: engine.model, prompt };
    return {
      ok: false,
      reason: 'low_confidence',
      detail: `${samples} samples agreed ${v.agreement.toFixed(2)} (needs ${threshold})`,
      failed: {
        layout: medoid.layout,
        issues: [
          {
            gate: 'domain',
            code: 'low_confidence',
            path: '',
            message: `independent samples agreed only ${v.agreement.toFixed(2)} on the structure`,
          },
        ],
      },
    };
  }
}
