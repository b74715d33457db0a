// The premium station: the site's own Jig server asks the paid model (it gates and repairs once
// itself); the answer streams to the reader and is gated here with the site's catalog, actions and rules.
import { builtinCatalog } from '../../catalog/builtin.js';
import type { Catalog } from '../../catalog/catalog.js';
import type { Issue } from '../../gates/issue.js';
import { runGates } from '../../gates/run.js';
import { abortError, brokeOff, errorMessage, layoutId } from '../attempt.js';
import { channel, textChannel, type Channel } from '../../util/channel.js';
import type { LineConfig, StationConfig } from '../config.js';
import { estimateCost } from '../cost.js';
import { callPremium, callRefine, type RefineAnswer } from '../premium-client.js';
import type { AssemblyEvent, AttemptInfo, FailedAttempt, Station, StationContext, StationRun } from '../station.js';

export interface PremiumStationOptions {
  station: Extract<StationConfig, { kind: 'premium' }>;
  /** The line's id, version and price table. */
  config: LineConfig;
  /** The site's catalog: the server is told which components exist. */
  catalog: Catalog;
  /** Default: globalThis.fetch. */
  fetch?: typeof fetch;
}

export interface PremiumStation extends Station {
  readonly kind: 'premium';
  /** The model the server is expected to use. */
  readonly model: string;
  /** What one call is expected to cost, for the request's cost budget (0 without `expectTokens`). */
  expectedCost(): number;
  /** One call: the events a reader sees (pushed as the server answers), then the outcome. */
  call(ctx: StationContext, options?: { stream?: boolean }): StationRun;
  /** Asks the server for a patch to the layout on screen (mode "patch"); line.refine gates it here. */
  refine(req: { intent: string; context?: unknown; layout: unknown; signal?: AbortSignal }): Promise<RefineAnswer>;
}

export function premiumStation(o: PremiumStationOptions): PremiumStation {
  const st = o.station;
  const model = st.model ?? 'premium';
  const version = String(o.config.version);
  // The built-in catalog is known to the server by its hash; anything else goes as its schema.
  const catalogSchema = () => (o.catalog.hash() === builtinCatalog.hash() ? o.catalog.hash() : o.catalog.jsonSchema());

  async function* call(ctx: StationContext, options: { stream?: boolean } = {}): StationRun {
    const signal = ctx.signal;
    if (signal?.aborted) throw abortError(signal);
    const left = ctx.remaining();
    const ctrl = new AbortController();
    const onAbort = () => ctrl.abort(abortError(signal!));
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = Number.isFinite(left)
      ? setTimeout(() => ctrl.abort(new DOMException('latency budget spent', 'TimeoutError')), Math.max(1, left))
      : undefined;
    const t = performance.now();
    const fetcher = o.fetch ?? globalThis.fetch.bind(globalThis);
    // The client answers through callbacks as the server streams; they become events here.
    const events: Channel<AssemblyEvent> = channel();
    let text: Channel<string> | undefined;
    let info: AttemptInfo | undefined;
    const answering = callPremium(
      fetcher,
      st.endpoint,
      {
        intent: ctx.intent,
        ...(ctx.context !== undefined ? { context: ctx.context } : {}),
        line: { id: o.config.id, version },
        catalogSchema: catalogSchema(),
        ...(ctx.failed ? { failed: fitFailed(ctx.failed) } : {}),
      },
      { stream: options.stream ?? st.stream ?? true, signal: ctrl.signal },
      {
        onAttempt: (n) => {
          text?.end();
          text = textChannel();
          info = { station: 'premium', model, attempt: n, repair: n > 1 };
          events.push({ kind: 'attempt', attempt: info, text: text.stream });
        },
        onText: (chunk) => text?.push(chunk),
        onRepair: (issues) => {
          // The server's gates refused its first answer: that is the verdict on the text shown so far.
          if (info) events.push({ kind: 'verdict', attempt: info, verdict: { ok: false, issues } });
          ctx.rec.repair('premium', (info?.attempt ?? 0) + 1, issues, model);
        },
      },
    );
    void answering.then(
      () => events.end(),
      (err: unknown) => events.fail(err),
    );
    try {
      yield* events.stream;
      const answer = await answering;
      text?.end();
      const ms = performance.now() - t;
      const attempt = Math.max(1, info?.attempt ?? 0);
      const cost = estimateCost(o.config.prices, answer.model, answer.usage.inputTokens, answer.usage.outputTokens);
      if (!answer.ok) {
        const error = answer.error ?? {
          code: 'premium_failed',
          message: 'the premium station answered without a layout',
        };
        ctx.tally('premium', false);
        ctx.rec.attempt({
          station: 'premium',
          model: answer.model,
          provider: 'server',
          attempt,
          repair: attempt > 1,
          tokensIn: answer.usage.inputTokens,
          tokensOut: answer.usage.outputTokens,
          ms,
          cost,
          ok: false,
          ...(answer.issues ? { issues: answer.issues } : {}),
          error,
        });
        if (info)
          yield {
            kind: 'verdict',
            attempt: info,
            verdict: answer.issues?.length
              ? { ok: false, issues: answer.issues }
              : brokeOff(`${error.code}: ${error.message}`),
          };
        return {
          ok: false,
          reason: 'premium_failed',
          detail: `${error.code}: ${error.message}`,
          ...(answer.issues ? { failed: { layout: answer.text, issues: answer.issues } } : {}),
        };
      }
      // The server ran its gates; the site's catalog, actions and rules are checked here.
      const verdict = runGates(answer.layout, ctx.gates);
      ctx.tally('premium', verdict.ok);
      ctx.rec.attempt({
        station: 'premium',
        model: answer.model,
        provider: 'server',
        attempt,
        repair: answer.repaired,
        tokensIn: answer.usage.inputTokens,
        tokensOut: answer.usage.outputTokens,
        ms,
        cost,
        ok: verdict.ok,
        ...(verdict.ok ? { layoutId: layoutId(verdict.layout) } : { issues: verdict.issues }),
        layoutText: JSON.stringify(answer.layout),
      });
      yield {
        kind: 'verdict',
        attempt: info ?? { station: 'premium', model, attempt, repair: answer.repaired },
        verdict,
      };
      if (!verdict.ok)
        return {
          ok: false,
          reason: 'premium_failed',
          detail: `the premium layout failed this site's gates (${verdict.issues.map((i) => i.code).join(', ')})`,
          failed: { layout: answer.layout, issues: verdict.issues },
        };
      return { ok: true, layout: verdict.layout, model: answer.model };
    } catch (err) {
      text?.fail(err);
      if (signal?.aborted) throw abortError(signal);
      const timedOut = ctrl.signal.aborted;
      const code = timedOut ? 'timeout' : 'crashed';
      const message = errorMessage(err);
      ctx.tally('premium', false);
      ctx.rec.brokeOff({
        station: 'premium',
        model,
        provider: 'server',
        attempt: Math.max(1, info?.attempt ?? 0),
        repair: false,
        since: t,
        error: { code, message },
      });
      if (info) yield { kind: 'verdict', attempt: info, verdict: brokeOff(`${code}: ${message}`) };
      return { ok: false, reason: timedOut ? 'latency_budget' : 'premium_failed', detail: `${code}: ${message}` };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  return {
    kind: 'premium',
    model,
    expectedCost() {
      const expect = st.expectTokens ?? { input: 0, output: 0 };
      return estimateCost(o.config.prices, st.model ?? '', expect.input, expect.output);
    },
    call,
    run: (ctx) => call(ctx),
    refine: (req) =>
      callRefine(
        o.fetch ?? globalThis.fetch.bind(globalThis),
        st.endpoint,
        {
          intent: req.intent,
          ...(req.context !== undefined ? { context: req.context } : {}),
          line: { id: o.config.id, version },
          layout: req.layout,
        },
        req.signal ? { signal: req.signal } : {},
      ),
  };
}

/** The failed attempt as the server accepts it: at most 200 issues of 2,000 characters, a layout of 30,000. */
export function fitFailed(failed: FailedAttempt): FailedAttempt {
  const text = typeof failed.layout === 'string' ? failed.layout : JSON.stringify(failed.layout ?? null);
  const clip = (t: string) => (t.length > 2000 ? t.slice(0, 1999) + '…' : t);
  return {
    layout: text.length > 30_000 ? text.slice(0, 30_000) : failed.layout,
    issues: failed.issues
      .slice(0, 200)
      .map((i: Issue) => ({ gate: i.gate, code: clip(i.code), path: clip(i.path), message: clip(i.message) })),
  };
}
