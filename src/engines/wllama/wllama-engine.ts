// wllama: llama.cpp compiled to WebAssembly, on the CPU, for browsers without WebGPU. Loads a
// GGUF by URL with download progress, and streams JSON-schema-constrained chat completions.
// A namespace import: a site's vite build without the optional peer then builds, and this chunk fails to load instead.
import * as wllamaPackage from '@wllama/wllama';
import type { ChatCompletionChunk, ChatCompletionMessage, RawCompletionChunk } from '@wllama/wllama';
import { layoutPrompt } from './layout-model.js';
import { singleFlight } from '../../util/single-flight.js';
import {
  EngineError,
  classifyError,
  errorText,
  failedRun,
  generation,
  joinPrompt,
  linkSignal,
  raceSignal,
  type Engine,
  type EngineInfo,
  type GenerateRequest,
  type GenerateRun,
  type GenerationOutcome,
  type LoadOptions,
} from '../engine.js';

const { Wllama, WllamaAbortError } = wllamaPackage;
type Wllama = wllamaPackage.Wllama;

export interface WllamaEngineOptions {
  /** URL of the GGUF file (or its shards, in order). */
  modelUrl: string | string[];
  /** A name for traces and events. Default: the file name of the URL. */
  model?: string;
  /**
   * URL of wllama.wasm (10 MB, in the npm package). Default: the copy in node_modules, found
   * from this module's URL, which works where node_modules is served (vite's dev server,
   * @web/test-runner). A built site passes its own, e.g. with vite
   * `import wasmUrl from '@wllama/wllama/esm/wasm/wllama.wasm?url'`.
   */
  wasmUrl?: string;
  /** Context window in tokens. Default 1024 (capped by the model's own). */
  contextSize?: number;
  /** CPU threads. More than one needs cross-origin isolation. Default 1. */
  threads?: number;
  /** Reuse a copy in wllama's browser cache. false: drop any cached copy and download again. Default true. */
  useCache?: boolean;
  /** Expected download size, shown before the download starts. */
  downloadBytes?: number;
  /** Print llama.cpp's native log to the console. Default false. */
  debug?: boolean;
  /**
   * How the model reads a request. 'jig-layout-v1' (Jig's own model): the request's intent in
   * the prompt it was trained on, as a raw completion; the line's prompt text is not sent.
   */
  promptFormat?: 'chat' | 'jig-layout-v1';
}

// Kept out of bundlers' sight on purpose: a literal here makes vite's library build inline the
// 10 MB wasm as base64 into the engine chunk.
const WASM_FROM_HERE = ['..', '..', '..', 'node_modules', '@wllama', 'wllama', 'esm', 'wasm', 'wllama.wasm'].join('/');

export function defaultWasmUrl(): string {
  return new URL(WASM_FROM_HERE, import.meta.url).href;
}

const quiet = {
  debug: () => undefined,
  log: () => undefined,
  warn: () => undefined,
  error: console.error.bind(console),
};

export class WllamaEngine implements Engine {
  readonly kind = 'wllama' as const;
  readonly model: string;
  #opts: WllamaEngineOptions;
  #wllama: Wllama | undefined;
  #contextSize: number | undefined;
  #downloadBytes: number | undefined;
  #tokens = { input: 0, output: 0 };
  #busy: Promise<void> = Promise.resolve();
  #hasChatTemplate = false;

  constructor(opts: WllamaEngineOptions) {
    this.#opts = opts;
    const first = Array.isArray(opts.modelUrl) ? (opts.modelUrl[0] ?? '') : opts.modelUrl;
    this.model = opts.model ?? (first.split('/').pop()?.split('?')[0] || 'gguf');
    this.#downloadBytes = opts.downloadBytes;
  }

  readonly #loadOnce = singleFlight((opts: LoadOptions) => this.#load(opts));

  /** Loads the model. A call while a load runs shares that load (its progress, its cancel). */
  load(opts: LoadOptions = {}): Promise<void> {
    return this.#loadOnce(opts);
  }

  async #load({ signal, onProgress, timeoutMs }: LoadOptions): Promise<void> {
    if (this.#wllama) return;
    const link = linkSignal(this.kind, `loading ${this.model}`, signal, timeoutMs);
    const progress = onProgress ?? (() => undefined);
    const wllama = new Wllama(
      { default: this.#opts.wasmUrl ?? defaultWasmUrl() },
      { suppressNativeLog: !this.#opts.debug, logger: this.#opts.debug ? console : quiet, allowOffline: true },
    );
    try {
      progress({ phase: 'checking', text: `Checking ${this.model}…`, total: this.#downloadBytes });
      if (link.signal.aborted) throw link.signal.reason;
      const wasmUrl = this.#opts.wasmUrl ?? defaultWasmUrl();
      // Without its wasm, wllama fails later with an unreadable message; say it plainly now.
      const wasm = await fetch(wasmUrl, { method: 'HEAD', signal: link.signal }).catch((e: unknown) => e as Error);
      if (link.signal.aborted) throw link.signal.reason;
      if (wasm instanceof Error || !wasm.ok) {
        throw new EngineError(
          'load-failed',
          this.kind,
          `wllama.wasm could not be fetched from ${wasmUrl} (${wasm instanceof Error ? errorText(wasm) : `HTTP ${wasm.status}`})`,
          wasm,
          "Serve wllama.wasm from @wllama/wllama/esm/wasm/ and pass its URL as wasmUrl (with vite: import wasmUrl from '@wllama/wllama/esm/wasm/wllama.wasm?url').",
        );
      }
      if (this.#opts.useCache === false) {
        // wllama reuses a cached copy even when asked not to read the cache; remove it first.
        for (const url of Array.isArray(this.#opts.modelUrl) ? this.#opts.modelUrl : [this.#opts.modelUrl])
          await wllama.cacheManager.delete(url);
      }
      await raceSignal(
        wllama.loadModelFromUrl(this.#opts.modelUrl as string, {
          n_gpu_layers: 0,
          n_ctx: this.#opts.contextSize ?? 1024,
          n_threads: this.#opts.threads ?? 1,
          useCache: this.#opts.useCache ?? true,
          signal: link.signal,
          progressCallback: ({ loaded, total }) => {
            if (total > 0) this.#downloadBytes = total;
            const fraction = total > 0 ? Math.min(1, loaded / total) : undefined;
            progress({
              phase: 'downloading',
              loaded,
              total: total || undefined,
              fraction,
              text: describeBytes(loaded, total, this.model),
            });
            if (total > 0 && loaded >= total)
              progress({ phase: 'loading', fraction: 1, text: `Starting ${this.model} on the CPU…` });
          },
        }),
        link.signal,
      );
      const ctx = wllama.getLoadedContextInfo();
      // wllama can resolve although llama.cpp refused the file; an empty vocabulary tells.
      if (!(ctx.n_vocab > 0))
        throw new EngineError(
          'load-failed',
          this.kind,
          `${this.model} did not load (the file is not a model llama.cpp can read)`,
        );
      this.#contextSize = ctx.n_ctx;
      this.#hasChatTemplate = !!wllama.getChatTemplate();
      this.#wllama = wllama;
      progress({
        phase: 'ready',
        fraction: 1,
        loaded: this.#downloadBytes,
        total: this.#downloadBytes,
        text: `${this.model} is ready (CPU, ${ctx.n_ctx} tokens of context)`,
      });
    } catch (e) {
      void wllama.exit().catch(() => undefined);
      throw classifyError(e, this.kind, `loading ${this.model}`, link.signal);
    } finally {
      link.done();
    }
  }

  generate(req: GenerateRequest): GenerateRun {
    const wllama = this.#wllama;
    if (!wllama)
      return failedRun(new EngineError('unavailable', this.kind, `${this.model} is not loaded; call load() first`));
    const spec = {
      kind: this.kind,
      model: this.model,
      during: `generating with ${this.model}`,
      tokens: this.#tokens,
      classify: (e: unknown, signal: AbortSignal) => classifyGenerateError(e, this.kind, this.model, signal),
      // llama.cpp serves one request at a time per engine here; the rest wait their turn.
      after: this.#busy,
    };
    const { run, settled } = generation(spec, req, (signal, push) => this.#decode(wllama, req, signal, push));
    this.#busy = settled;
    return run;
  }

  async #decode(
    wllama: Wllama,
    req: GenerateRequest,
    signal: AbortSignal,
    push: (t: string) => void,
  ): Promise<GenerationOutcome> {
    let usage = { inputTokens: 0, outputTokens: 0 };
    let finish: 'stop' | 'length' | 'unknown' = 'unknown';
    let budget = req.maxTokens ?? 512;
    if (this.#opts.promptFormat === 'jig-layout-v1') {
      const { system: _system, ...rest } = req;
      req = { ...rest, raw: true, prompt: layoutPrompt(req.intent ?? req.prompt) };
    }
    // A completion model reads the prompt as written; a chat model gets its messages. Without a
    // template of its own, llama.cpp's fallback formatting rejects a system message ("Failed to
    // format input"); such a model gets one user message instead.
    const raw = !!req.raw;
    const messages: ChatCompletionMessage[] =
      this.#hasChatTemplate && req.system
        ? [
            { role: 'system', content: req.system },
            { role: 'user', content: req.prompt },
          ]
        : [{ role: 'user', content: joinPrompt(req) }];
    const decode = async (grammar: string | undefined, quiet = false, cap = Infinity): Promise<string> => {
      const common = {
        stream: true as const,
        max_tokens: Math.min(budget, cap),
        temperature: req.temperature ?? 0.7,
        ...(req.seed !== undefined ? { seed: req.seed } : {}),
        abortSignal: signal,
      };
      const constraint = grammar
        ? { grammar }
        : !raw && req.schema
          ? {
              response_format: {
                type: 'json_schema' as const,
                json_schema: { name: 'layout', schema: req.schema, strict: true },
              },
            }
          : {};
      const stream = raw
        ? await wllama.createCompletion({ prompt: joinPrompt(req), ...common, ...constraint })
        : // Passed through to llama.cpp, which then sends token counts in a last chunk.
          await wllama.createChatCompletion({
            messages,
            ...({ stream_options: { include_usage: true } } as object),
            ...common,
            ...constraint,
          });
      let part = '';
      let reason: string | null | undefined;
      let used: { inputTokens: number; outputTokens: number } | undefined;
      for await (const chunk of stream as AsyncIterable<RawCompletionChunk | ChatCompletionChunk>) {
        const choice = chunk.choices[0] as
          | { text?: string; delta?: { content?: string | null }; finish_reason?: string | null }
          | undefined;
        const piece = (raw ? choice?.text : choice?.delta?.content) ?? '';
        if (piece) {
          part += piece;
          if (!quiet) push(piece);
        }
        reason = choice?.finish_reason ?? reason;
        if (chunk.usage) used = { inputTokens: chunk.usage.prompt_tokens, outputTokens: chunk.usage.completion_tokens };
        else if (chunk.timings && !used)
          used = {
            inputTokens: chunk.timings.prompt_n + chunk.timings.cache_n,
            outputTokens: chunk.timings.predicted_n,
          };
      }
      // A second step's prompt holds the first step's choice: count the request's own prompt once.
      usage = {
        inputTokens: usage.inputTokens || (used?.inputTokens ?? 0),
        outputTokens: usage.outputTokens + (used?.outputTokens ?? 0),
      };
      budget -= used?.outputTokens ?? 0;
      finish = reason === 'length' ? 'length' : reason === 'stop' ? 'stop' : 'unknown';
      return part;
    };
    let text = '';
    if (typeof req.grammar === 'object') {
      // Two steps: the first only chooses (e.g. the data); the answer is decoded again from the
      // same prompt under the grammar that choice makes, so the model never resumes mid-token.
      const first = await decode(req.grammar.first, true, req.grammar.firstTokens);
      if (budget > 0) text = await decode(req.grammar.then(first));
    } else {
      text = await decode(req.grammar);
    }
    return { text, usage, finishReason: finish };
  }

  async unload(): Promise<void> {
    const w = this.#wllama;
    this.#wllama = undefined;
    await this.#busy;
    await w?.exit();
  }

  info(): EngineInfo {
    return {
      kind: this.kind,
      model: this.model,
      loaded: !!this.#wllama,
      contextSize: this.#contextSize,
      downloadBytes: this.#downloadBytes,
      tokens: { ...this.#tokens },
      details: {
        device: 'cpu',
        threads: this.#opts.threads ?? 1,
        chatTemplate: this.#hasChatTemplate,
        promptFormat: this.#opts.promptFormat ?? 'chat',
      },
    };
  }
}

function classifyGenerateError(e: unknown, kind: 'wllama', model: string, signal?: AbortSignal): EngineError {
  if (e instanceof EngineError) return e;
  const during = `generating with ${model}`;
  if (e instanceof WllamaAbortError || signal?.aborted) return classifyError(e, kind, during, signal);
  const text = errorText(e);
  if (/exceeds the available context|context size/i.test(text)) {
    return new EngineError(
      'bad-output',
      kind,
      `the prompt does not fit ${model}'s context (${text})`,
      e,
      'Shorten the prompt (a narrower catalog, fewer examples) or load the model with a larger contextSize.',
    );
  }
  if (/format input|tokeni[sz]/i.test(text)) {
    return new EngineError(
      'bad-output',
      kind,
      `${model} could not read the prompt (${text})`,
      e,
      'The prompt has characters or roles this model cannot take; simplify it or use another model.',
    );
  }
  // After load, a failure is the model's or the grammar's, not the network's.
  return new EngineError('bad-output', kind, `${during} failed (${text})`, e);
}

function describeBytes(loaded: number, total: number, model: string): string {
  const mb = (n: number) => (n / 1_048_576).toFixed(n < 10_485_760 ? 2 : 0);
  return total > 0
    ? `Downloading ${model}: ${mb(loaded)} of ${mb(total)} MB`
    : `Downloading ${model}: ${mb(loaded)} MB`;
}
