// Chrome's built-in Prompt API (`LanguageModel`, Gemini Nano): nothing to download from the
// site, output constrained by `responseConstraint`. Where it is absent or refused, says why.
import {
  EngineError,
  classifyError,
  failedRun,
  generation,
  linkSignal,
  raceSignal,
  type Engine,
  type EngineInfo,
  type GenerateRequest,
  type GenerateRun,
  type LoadOptions,
} from '../engine.js';
import { api, promptApiAvailability, TEXT_IO, type LanguageModelSession } from './availability.js';
import { promptOptions } from './request.js';
import { singleFlight } from '../../util/single-flight.js';

export interface PromptApiEngineOptions {
  /** A name for traces. Default "chrome-built-in". */
  model?: string;
}

export class PromptApiEngine implements Engine {
  readonly kind = 'prompt-api' as const;
  readonly model: string;
  #session: LanguageModelSession | undefined;
  #tokens = { input: 0, output: 0 };

  constructor(opts: PromptApiEngineOptions = {}) {
    this.model = opts.model ?? 'chrome-built-in';
  }

  readonly #loadOnce = singleFlight((opts: LoadOptions) => this.#load(opts));

  /** Loads the model. A call while a load runs shares that load (its progress, its cancel). */
  load(opts: LoadOptions = {}): Promise<void> {
    return this.#loadOnce(opts);
  }

  async #load({ signal, onProgress, timeoutMs }: LoadOptions): Promise<void> {
    if (this.#session) return;
    const during = "starting Chrome's built-in model";
    const link = linkSignal(this.kind, during, signal, timeoutMs);
    const progress = onProgress ?? (() => undefined);
    try {
      progress({ phase: 'checking', text: 'Asking the browser about its built-in model…' });
      const { availability, reason } = await raceSignal(promptApiAvailability(), link.signal);
      if (availability === 'unavailable') throw new EngineError('unavailable', this.kind, reason);
      const LM = api()!;
      const session = await raceSignal(
        LM.create({
          ...TEXT_IO,
          signal: link.signal,
          monitor: (m) =>
            m.addEventListener('downloadprogress', (e) => {
              const fraction = Math.max(0, Math.min(1, Number((e as ProgressEvent).loaded) || 0));
              progress({
                phase: 'downloading',
                fraction,
                text: `The browser is downloading its built-in model: ${Math.round(fraction * 100)}%`,
              });
            }),
        }),
        link.signal,
      );
      this.#session = session;
      progress({ phase: 'ready', fraction: 1, text: "Chrome's built-in model is ready" });
    } catch (e) {
      if (e instanceof DOMException && e.name === 'NotAllowedError') {
        throw new EngineError(
          'unavailable',
          this.kind,
          'the browser needs a click (user activation) before it downloads its built-in model',
          e,
        );
      }
      throw classifyError(e, this.kind, during, link.signal);
    } finally {
      link.done();
    }
  }

  generate(req: GenerateRequest): GenerateRun {
    const base = this.#session;
    if (!base)
      return failedRun(
        new EngineError('unavailable', this.kind, 'the built-in model is not started; call load() first'),
      );
    const during = "generating with Chrome's built-in model";
    const spec = { kind: this.kind, model: this.model, during, tokens: this.#tokens };
    return generation(spec, req, async (signal, push) => {
      // A system prompt must open a session, so each request with one gets its own session.
      const session = req.system
        ? await api()!.create({ ...TEXT_IO, initialPrompts: [{ role: 'system', content: req.system }], signal })
        : await base.clone({ signal });
      try {
        const before = session.contextUsage ?? session.inputUsage ?? 0;
        const inputTokens =
          (await (session.measureContextUsage ?? session.measureInputUsage)
            ?.call(session, req.prompt)
            .catch(() => 0)) ?? 0;
        let text = '';
        let chunks = 0;
        const reader = session.promptStreaming(req.prompt, promptOptions(req, signal)).getReader();
        for (;;) {
          const { value, done } = await raceSignal(reader.read(), signal);
          if (done) break;
          if (!value) continue;
          text += value;
          chunks++;
          push(value);
        }
        const after = session.contextUsage ?? session.inputUsage;
        const outputTokens = after !== undefined && after > before ? Math.max(0, after - before - inputTokens) : chunks;
        return { text, usage: { inputTokens, outputTokens }, finishReason: 'stop' };
      } finally {
        session.destroy();
      }
    }).run;
  }

  async unload(): Promise<void> {
    this.#session?.destroy();
    this.#session = undefined;
  }

  info(): EngineInfo {
    const s = this.#session;
    return {
      kind: this.kind,
      model: this.model,
      loaded: !!s,
      contextSize: s?.contextWindow ?? s?.inputQuota,
      tokens: { ...this.#tokens },
      details: { device: 'browser' },
    };
  }
}
