// ReplayEngine: a stand-in for a browser model's *output* in the line's path tests. It replays
// given texts (one per generate call, the last repeating), in chunks, so each path is deterministic.
// It honours the Engine contract: abort and time limits reject with EngineError, and it can be
// told to crash mid-stream or fail to load.
import {
  EngineError,
  createRun,
  linkSignal,
  type Engine,
  type EngineErrorCode,
  type EngineInfo,
  type GenerateRequest,
  type GenerateRun,
} from '../../../src/engines/engine.js';

export interface ReplayOptions {
  model?: string;
  /** Texts to answer with, one per call; the last repeats. */
  texts: string[];
  /** Characters per chunk. Default 32. */
  chunk?: number;
  /** Pause between chunks, to stand in for a model's pace. Default 0. */
  chunkDelayMs?: number;
  /** Fail the Nth call (1-based) after a few chunks with this code. */
  crash?: { call: number; afterChunks: number; code: EngineErrorCode };
  /** load() rejects with this code. */
  loadError?: EngineErrorCode;
  /** Tokens counted per call. */
  usage?: { inputTokens: number; outputTokens: number };
}

export class ReplayEngine implements Engine {
  readonly kind = 'wllama' as const;
  readonly model: string;
  calls: GenerateRequest[] = [];
  #loaded = false;
  #opts: ReplayOptions;

  constructor(opts: ReplayOptions) {
    this.#opts = opts;
    this.model = opts.model ?? 'replay';
  }

  async load(): Promise<void> {
    if (this.#opts.loadError)
      throw new EngineError(this.#opts.loadError, this.kind, `the replayed model ${this.model} did not load`);
    this.#loaded = true;
  }

  generate(req: GenerateRequest): GenerateRun {
    this.calls.push(req);
    const n = this.calls.length;
    const text = this.#opts.texts[Math.min(n - 1, this.#opts.texts.length - 1)] ?? '';
    const { run, push, end, fail } = createRun();
    const link = linkSignal(this.kind, 'generation', req.signal, req.timeoutMs);
    const size = this.#opts.chunk ?? 32;
    const t0 = performance.now();
    void (async () => {
      try {
        for (let i = 0, k = 0; i < text.length; i += size, k++) {
          if (link.signal.aborted) throw link.signal.reason;
          if (this.#opts.crash && this.#opts.crash.call === n && k === this.#opts.crash.afterChunks)
            throw new EngineError(this.#opts.crash.code, this.kind, 'the replayed model stopped mid-stream');
          if (this.#opts.chunkDelayMs) {
            await new Promise<void>((resolve, reject) => {
              const t = setTimeout(resolve, this.#opts.chunkDelayMs);
              link.signal.addEventListener(
                'abort',
                () => {
                  clearTimeout(t);
                  reject(link.signal.reason);
                },
                { once: true },
              );
            });
          } else await Promise.resolve();
          push(text.slice(i, i + size));
        }
        end({
          text,
          usage: this.#opts.usage ?? { inputTokens: 500, outputTokens: Math.ceil(text.length / 4) },
          ms: performance.now() - t0,
          model: this.model,
          finishReason: 'stop',
        });
      } catch (e) {
        fail(e instanceof EngineError ? e : new EngineError('bad-output', this.kind, String(e)));
      } finally {
        link.done();
      }
    })();
    return run;
  }

  async unload(): Promise<void> {
    this.#loaded = false;
  }

  info(): EngineInfo {
    return { kind: this.kind, model: this.model, loaded: this.#loaded, tokens: { input: 0, output: 0 } };
  }
}
