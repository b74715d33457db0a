// WebLLM on WebGPU, in a dedicated worker so tokenising, grammar and GPU work never block the
// page. The page side is small: it spawns the worker, watches that it stays alive, and types
// every failure (a dead worker, a lost device, no network) as an EngineError.
import {
  EngineError,
  classifyError,
  failedRun,
  generation,
  linkSignal,
  now,
  raceSignal,
  type Engine,
  type EngineInfo,
  type GenerateRequest,
  type GenerateRun,
  type LoadOptions,
  type LoadProgress,
} from '../engine.js';
import { mapWorkerError } from './errors.js';
import { mapWebLLMProgress } from './progress.js';
import { workerRequest } from './request.js';
import type { CacheBackend, FromWorker, ToWorker, WebLLMModelRecord, WorkerDone, WorkerProgress } from './protocol.js';
import { singleFlight } from '../../util/single-flight.js';

export interface WebLLMEngineOptions {
  /** A prebuilt web-llm model id, or a record with the site's own weights and library URLs. */
  model: string | WebLLMModelRecord;
  /** Where downloaded weights are kept: the Cache API (default), IndexedDB or OPFS. */
  cacheBackend?: CacheBackend;
  /** Makes the worker; by default the bundled webllm.worker. Sites with strict CSP or their own bundling pass theirs. */
  createWorker?: () => Worker;
  /** How often a busy worker is asked whether it is alive. Default 1000 ms. */
  heartbeatMs?: number;
  /** A busy worker silent this long is declared crashed. Default 15000 ms. */
  crashAfterMs?: number;
  /** Time the worker may take to start (its script is large). Default 60000 ms. */
  bootTimeoutMs?: number;
}

interface Pending {
  resolve: (v: WorkerDone | undefined) => void;
  reject: (e: EngineError) => void;
  onProgress?: (r: WorkerProgress) => void;
  onChunk?: (t: string) => void;
}

function defaultWorker(): Worker {
  return new Worker(new URL('./webllm.worker.ts', import.meta.url), { type: 'module', name: 'jig-webllm' });
}

export class WebLLMEngine implements Engine {
  readonly kind = 'webllm' as const;
  readonly model: string;
  #record: WebLLMModelRecord;
  #opts: WebLLMEngineOptions;
  #worker: Worker | undefined;
  #booting: Promise<void> | undefined;
  #pending = new Map<number, Pending>();
  #nextId = 1;
  #lastHeard = 0;
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  #loaded = false;
  #contextSize: number | undefined;
  #downloadBytes: number | undefined;
  #gpu = '';
  #tokens = { input: 0, output: 0 };

  constructor(opts: WebLLMEngineOptions) {
    this.#opts = opts;
    this.#record = typeof opts.model === 'string' ? { id: opts.model } : opts.model;
    this.model = this.#record.id;
    this.#downloadBytes = this.#record.downloadBytes;
  }

  readonly #loadOnce = singleFlight((opts: LoadOptions) => this.#load(opts));

  /** Loads the model. A call while a load runs shares that load (its progress, its cancel). */
  load(opts: LoadOptions = {}): Promise<void> {
    return this.#loadOnce(opts);
  }

  async #load({ signal, onProgress, timeoutMs }: LoadOptions): Promise<void> {
    if (this.#loaded) return;
    const during = `loading ${this.model}`;
    const link = linkSignal(this.kind, during, signal, timeoutMs);
    const progress = onProgress ?? (() => undefined);
    try {
      await raceSignal(this.#spawn(), link.signal);
      progress({
        phase: 'checking',
        text: `Looking for a WebGPU adapter for ${this.model}…`,
        total: this.#downloadBytes,
      });
      const done = await raceSignal(
        this.#call(
          { type: 'load', id: 0, record: this.#record, cacheBackend: this.#opts.cacheBackend ?? 'cache' },
          { onProgress: (r) => progress(this.#mapProgress(r)) },
        ),
        link.signal,
      );
      this.#loaded = true;
      this.#contextSize = done?.contextSize ?? this.#record.contextWindow;
      this.#gpu = done?.gpu ?? '';
      progress({
        phase: 'ready',
        fraction: 1,
        loaded: this.#downloadBytes,
        total: this.#downloadBytes,
        text: `${this.model} is ready on WebGPU${this.#gpu ? ` (${this.#gpu})` : ''}`,
      });
    } catch (e) {
      // A load cannot be stopped half-way inside web-llm; ending the worker is what cancels it.
      if (link.signal.aborted) {
        this.#terminate(link.signal.reason as EngineError);
        throw link.signal.reason;
      }
      throw e instanceof EngineError ? e : classifyError(e, this.kind, during);
    } finally {
      link.done();
    }
  }

  generate(req: GenerateRequest): GenerateRun {
    if (!this.#loaded || !this.#worker)
      return failedRun(new EngineError('unavailable', this.kind, `${this.model} is not loaded; call load() first`));
    const during = `generating with ${this.model}`;
    const spec = { kind: this.kind, model: this.model, during, tokens: this.#tokens };
    return generation(spec, req, async (signal, push) => {
      let text = '';
      let chunks = 0;
      const onChunk = (t: string) => {
        text += t;
        chunks++;
        push(t);
      };
      const call = this.#call({ type: 'generate', id: 0, request: workerRequest(req) }, { onChunk });
      const done = await raceSignal(call, signal).catch((e) => {
        if (signal.aborted) this.#post({ type: 'interrupt' });
        throw e;
      });
      const f = done?.finishReason;
      return {
        text,
        usage: done?.usage ?? { inputTokens: 0, outputTokens: chunks },
        finishReason: f === 'stop' || f === 'length' || f === 'abort' ? f : 'unknown',
      };
    }).run;
  }

  async unload(): Promise<void> {
    if (this.#worker && this.#loaded) {
      const stop = AbortSignal.timeout(5000);
      await raceSignal(this.#call({ type: 'unload', id: 0 }), stop).catch(() => undefined);
    }
    this.#loaded = false;
    this.#terminate(new EngineError('aborted', this.kind, `${this.model} was unloaded`));
  }

  info(): EngineInfo {
    return {
      kind: this.kind,
      model: this.model,
      loaded: this.#loaded,
      contextSize: this.#contextSize,
      downloadBytes: this.#downloadBytes,
      tokens: { ...this.#tokens },
      details: {
        cacheBackend: this.#opts.cacheBackend ?? 'cache',
        gpu: this.#gpu,
        selfHosted: !!this.#record.modelLib,
      },
    };
  }

  /** Starts the worker once and resolves when it says it is ready. */
  #spawn(): Promise<void> {
    if (this.#booting) return this.#booting;
    let worker: Worker;
    try {
      worker = (this.#opts.createWorker ?? defaultWorker)();
    } catch (e) {
      return Promise.reject(
        new EngineError('worker-crashed', this.kind, `the WebLLM worker could not be created (${String(e)})`, e),
      );
    }
    this.#worker = worker;
    this.#booting = new Promise<void>((resolve, reject) => {
      const bootTimer = setTimeout(() => {
        this.#crash('the WebLLM worker did not start in time');
      }, this.#opts.bootTimeoutMs ?? 60_000);
      const boot: Pending = {
        resolve: () => {
          clearTimeout(bootTimer);
          resolve();
        },
        reject: (e) => {
          clearTimeout(bootTimer);
          reject(e);
        },
      };
      this.#pending.set(-1, boot);
      worker.addEventListener('message', (ev: MessageEvent<FromWorker>) => this.#onMessage(ev.data));
      worker.addEventListener('error', (ev) => {
        ev.preventDefault();
        this.#crash(
          `the WebLLM worker stopped with an error (${ev.message || 'no message; often its script failed to load or ran out of memory'})`,
        );
      });
      worker.addEventListener('messageerror', () =>
        this.#crash('the WebLLM worker sent a message that could not be read'),
      );
    });
    // Callers race this with their signal; a rejection nobody awaits must not surface globally.
    this.#booting.catch(() => undefined);
    return this.#booting;
  }

  #onMessage(msg: FromWorker) {
    this.#lastHeard = now();
    switch (msg.type) {
      case 'ready':
        this.#settle(-1, (p) => p.resolve(undefined));
        return;
      case 'pong':
        return;
      case 'progress':
        this.#pending.get(msg.id)?.onProgress?.(msg.report);
        return;
      case 'chunk':
        this.#pending.get(msg.id)?.onChunk?.(msg.text);
        return;
      case 'done':
        this.#settle(msg.id, (p) => p.resolve(msg.value));
        return;
      case 'error':
        this.#settle(msg.id, (p) => p.reject(mapWorkerError(msg.error, this.model)));
        return;
    }
  }

  #settle(id: number, fn: (p: Pending) => void) {
    const p = this.#pending.get(id);
    if (!p) return;
    this.#pending.delete(id);
    fn(p);
    if (this.#pending.size === 0) this.#stopHeartbeat();
  }

  #post(msg: ToWorker) {
    this.#worker?.postMessage(msg);
  }

  /** Sends a request and waits for its `done` or `error`, watching that the worker stays alive. */
  #call<M extends Extract<ToWorker, { id: number }>>(
    msg: M,
    hooks: Pick<Pending, 'onProgress' | 'onChunk'> = {},
  ): Promise<WorkerDone | undefined> {
    if (!this.#worker)
      return Promise.reject(new EngineError('worker-crashed', this.kind, 'the WebLLM worker is not running'));
    const id = this.#nextId++;
    const p = new Promise<WorkerDone | undefined>((resolve, reject) =>
      this.#pending.set(id, { resolve, reject, ...hooks }),
    );
    p.catch(() => undefined);
    this.#startHeartbeat();
    this.#post({ ...msg, id });
    return p;
  }

  #startHeartbeat() {
    if (this.#heartbeat) return;
    this.#lastHeard = now();
    const every = this.#opts.heartbeatMs ?? 1000;
    const limit = this.#opts.crashAfterMs ?? 15_000;
    this.#heartbeat = setInterval(() => {
      if (now() - this.#lastHeard > limit)
        this.#crash(
          `the WebLLM worker stopped answering for ${limit} ms (it was terminated, or crashed, often out of memory)`,
        );
      else this.#post({ type: 'ping' });
    }, every);
  }

  #stopHeartbeat() {
    clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
  }

  #crash(what: string) {
    this.#loaded = false;
    this.#terminate(new EngineError('worker-crashed', this.kind, what));
  }

  /** Ends the worker and fails whatever was waiting on it with `reason`. */
  #terminate(reason: EngineError) {
    this.#stopHeartbeat();
    this.#worker?.terminate();
    this.#worker = undefined;
    this.#booting = undefined;
    this.#loaded = false;
    const waiting = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of waiting) p.reject(reason);
  }

  #mapProgress(r: WorkerProgress): LoadProgress {
    const p = mapWebLLMProgress(r, this.#downloadBytes);
    if (p.total) this.#downloadBytes ??= p.total;
    // The engine says 'ready' itself once the worker answers; web-llm's last report is still loading.
    return p.phase === 'ready' ? { ...p, phase: 'loading' } : p;
  }
}
