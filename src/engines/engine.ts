// The one interface every browser model engine implements (WebLLM, Chrome's Prompt API,
// wllama), the typed failure they all throw, and the small helpers they share.
import { textChannel } from '../util/channel.js';

export type EngineKind = 'webllm' | 'prompt-api' | 'wllama';

export interface LoadProgress {
  phase: 'checking' | 'downloading' | 'compiling' | 'loading' | 'ready';
  /** Bytes done, when the engine knows. */
  loaded?: number;
  /** Bytes in all, when the engine knows. */
  total?: number;
  /** 0–1, when the engine knows. */
  fraction?: number;
  /** A sentence a person can read. */
  text: string;
}

export interface LoadOptions {
  signal?: AbortSignal;
  onProgress?: (p: LoadProgress) => void;
  /** Give up after this many ms (EngineError 'timeout'). Default: no limit. */
  timeoutMs?: number;
}

export interface GenerateRequest {
  system?: string;
  prompt: string;
  /** A JSON Schema the output must follow (constrained decoding). */
  schema?: object;
  /**
   * A GBNF grammar the output must follow, for engines that take one (wllama); it wins over
   * `schema` there. Two steps decode a first part, then the rest under a grammar chosen from it.
   */
  grammar?: string | GrammarSteps;
  /** Send the prompt as it is, with no chat template: for completion models such as Jig's own. */
  raw?: boolean;
  /** The visitor's request on its own, for a model that reads only that (Jig's layout model). */
  intent?: string;
  maxTokens?: number;
  temperature?: number;
  seed?: number;
  signal?: AbortSignal;
  /** Give up after this many ms (EngineError 'timeout'). Default: no limit. */
  timeoutMs?: number;
}

/**
 * Decoding in two steps: a first pass under `first` makes a choice (e.g. the data), then the
 * answer is decoded from the same prompt under `then(firstText)` (e.g. binds that match that data).
 */
export interface GrammarSteps {
  first: string;
  /** Most tokens the first pass may take (it needs only as far as its choice). Default: the request's maxTokens. */
  firstTokens?: number;
  then: (firstText: string) => string;
}

export interface GenerateResult {
  text: string;
  usage: { inputTokens: number; outputTokens: number };
  /** Wall time from the call to the last token. */
  ms: number;
  /** Time from the call to the first chunk, when there was one. */
  firstChunkMs?: number;
  model: string;
  finishReason?: 'stop' | 'length' | 'abort' | 'unknown';
}

export interface GenerateRun {
  /** Text as it is produced. Iterate once. Throws the run's EngineError on failure. */
  chunks: AsyncIterable<string>;
  /** Resolves when generation ends; rejects with EngineError. Reading `chunks` is optional. */
  result: Promise<GenerateResult>;
}

export interface EngineInfo {
  kind: EngineKind;
  model: string;
  loaded: boolean;
  /** Context window in tokens, once loaded. */
  contextSize?: number;
  /** Download size in bytes, when known. */
  downloadBytes?: number;
  /** Totals over this engine's life. */
  tokens: { input: number; output: number };
  /** Engine-specific facts (adapter, threads, cache backend…), flat. */
  details?: Record<string, string | number | boolean>;
}

export interface Engine {
  readonly kind: EngineKind;
  readonly model: string;
  load(opts?: LoadOptions): Promise<void>;
  generate(req: GenerateRequest): GenerateRun;
  unload(): Promise<void>;
  info(): EngineInfo;
}

export const ENGINE_ERROR_CODES = [
  'no-webgpu',
  'load-failed',
  'quota',
  'device-lost',
  'worker-crashed',
  'timeout',
  'aborted',
  'bad-output',
  'unavailable',
] as const;
export type EngineErrorCode = (typeof ENGINE_ERROR_CODES)[number];

/** What to do about each failure, in one place so messages stay consistent. */
const ADVICE: Record<EngineErrorCode, string> = {
  'no-webgpu': 'This browser offers no WebGPU adapter; use the wllama engine (CPU) or a browser with WebGPU.',
  'load-failed':
    'Check the network connection and that the model URL is reachable (and allows this origin), then retry.',
  quota: 'Free some browser storage for this site (or let it persist storage) and retry, or pick a smaller model.',
  'device-lost': 'The GPU was reset or ran out of memory; retry, or pick a smaller model.',
  'worker-crashed': "The engine's worker stopped (often out of memory); retry, or pick a smaller model.",
  timeout: 'The engine took longer than its time limit; retry, raise the limit, or pick a smaller model.',
  aborted: 'The operation was cancelled; retry when wanted.',
  'bad-output': 'The model produced output that breaks its constraints; retry or escalate to the next station.',
  unavailable: 'This engine cannot run in this browser; the line will use another station.',
};

export class EngineError extends Error {
  override name = 'EngineError';
  readonly code: EngineErrorCode;
  readonly engine: EngineKind;
  override readonly cause?: unknown;
  /** What a person can do next. */
  readonly advice: string;

  /** `advice` replaces the code's usual next step when the engine knows better. */
  constructor(code: EngineErrorCode, engine: EngineKind, what: string, cause?: unknown, advice?: string) {
    const next = advice ?? ADVICE[code];
    super(`${engine}: ${what}. ${next}`);
    this.code = code;
    this.engine = engine;
    this.cause = cause;
    this.advice = next;
  }
}

export function isEngineError(e: unknown): e is EngineError {
  return e instanceof EngineError;
}

export function errorText(e: unknown): string {
  if (e instanceof Error) return `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}`;
  return String(e);
}

/**
 * Turns any failure into an EngineError, by what it looks like. Engines map what they know
 * first; this handles what every engine meets (network, quota, abort).
 */
export function classifyError(e: unknown, engine: EngineKind, during: string, signal?: AbortSignal): EngineError {
  if (e instanceof EngineError) return e;
  const text = errorText(e);
  if (signal?.aborted) {
    const reason = signal.reason;
    if (reason instanceof EngineError) return reason;
    return new EngineError('aborted', engine, `${during} was cancelled`, reason ?? e);
  }
  const name = e instanceof Error || e instanceof DOMException ? e.name : '';
  if (name === 'AbortError' || /abort/i.test(name))
    return new EngineError('aborted', engine, `${during} was cancelled`, e);
  if (name === 'QuotaExceededError' || /quota|not enough (storage|space)|disk full/i.test(text)) {
    return new EngineError('quota', engine, `${during} ran out of storage (${text})`, e);
  }
  if (/device (is |was |has been )?lost|devicelost|GPUDevice.*lost/i.test(text))
    return new EngineError('device-lost', engine, `the GPU device was lost during ${during} (${text})`, e);
  if (
    /failed to fetch|networkerror|network error|load failed|ERR_|404|403|401|500|cannot find model|not found|fetch/i.test(
      text,
    )
  ) {
    return new EngineError('load-failed', engine, `${during} could not download the model (${text})`, e);
  }
  return new EngineError('load-failed', engine, `${during} failed (${text})`, e);
}

/**
 * One signal that fires on the caller's abort or after `timeoutMs`, with an EngineError as its
 * reason. Call `done()` to clear the timer.
 */
export function linkSignal(
  engine: EngineKind,
  during: string,
  signal?: AbortSignal,
  timeoutMs?: number,
): { signal: AbortSignal; done: () => void } {
  const ctrl = new AbortController();
  const onAbort = () => ctrl.abort(new EngineError('aborted', engine, `${during} was cancelled`, signal?.reason));
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  const timer =
    timeoutMs !== undefined && timeoutMs > 0
      ? setTimeout(
          () => ctrl.abort(new EngineError('timeout', engine, `${during} took longer than ${timeoutMs} ms`)),
          timeoutMs,
        )
      : undefined;
  return {
    signal: ctrl.signal,
    done: () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}

/** Rejects as soon as `signal` fires (with its EngineError reason), else follows `p`. */
export function raceSignal<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  // Whatever `p` does after losing the race is no longer anyone's concern.
  p.catch(() => undefined);
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/**
 * A GenerateRun fed by an engine: `push` text, then `end` or `fail`. Chunks wait in a queue
 * until read; a run nobody reads still completes through `result`.
 */
export function createRun(): {
  run: GenerateRun;
  push: (text: string) => void;
  end: (r: GenerateResult) => void;
  fail: (e: EngineError) => void;
} {
  const text = textChannel();
  let settle!: { resolve: (r: GenerateResult) => void; reject: (e: EngineError) => void };
  const result = new Promise<GenerateResult>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // The caller may read only `chunks`; the failure then reaches it there.
  result.catch(() => undefined);
  let finished = false;
  return {
    run: { chunks: text.stream, result },
    push: (t) => {
      if (!finished) text.push(t);
    },
    end: (r) => {
      if (finished) return;
      finished = true;
      text.end();
      settle.resolve(r);
    },
    fail: (e) => {
      if (finished) return;
      finished = true;
      text.fail(e);
      settle.reject(e);
    },
  };
}

/** What an engine's own work yields at the end of a generation; the run adds the times and the model. */
export interface GenerationOutcome {
  text: string;
  usage: GenerateResult['usage'];
  finishReason?: GenerateResult['finishReason'];
}

export interface GenerationSpec {
  kind: EngineKind;
  model: string;
  /** For errors: "generating with …". */
  during: string;
  /** The engine's running totals, which this run's tokens are added to. */
  tokens: { input: number; output: number };
  /** Types a failure that is not the run's own abort or timeout. Default: classifyError. */
  classify?: (e: unknown, signal: AbortSignal) => EngineError;
  /** Waited for before the clock and the timeout start (an engine that serves one request at a time). */
  after?: Promise<unknown>;
}

/**
 * One generation from request to result, the same for every engine: links the caller's signal
 * and timeout, times the first chunk and the whole, adds the tokens to the engine's totals and
 * types any failure as an EngineError. `work` pushes text as it comes and resolves with the
 * outcome. `settled` resolves when the run has ended either way (never rejects).
 */
export function generation(
  spec: GenerationSpec,
  req: Pick<GenerateRequest, 'signal' | 'timeoutMs'>,
  work: (signal: AbortSignal, push: (text: string) => void) => Promise<GenerationOutcome>,
): { run: GenerateRun; settled: Promise<void> } {
  const { run, push, end, fail } = createRun();
  const settled = (spec.after ?? Promise.resolve()).then(async () => {
    const link = linkSignal(spec.kind, spec.during, req.signal, req.timeoutMs);
    const start = now();
    let firstChunkMs: number | undefined;
    try {
      if (link.signal.aborted) throw link.signal.reason;
      const out = await work(link.signal, (text) => {
        firstChunkMs ??= now() - start;
        push(text);
      });
      if (link.signal.aborted) throw link.signal.reason;
      spec.tokens.input += out.usage.inputTokens;
      spec.tokens.output += out.usage.outputTokens;
      end({ ...out, ms: now() - start, firstChunkMs, model: spec.model });
    } catch (e) {
      // A timeout or a cancel may surface as the library's own abort error: report ours.
      if (link.signal.aborted && link.signal.reason instanceof EngineError) fail(link.signal.reason);
      else fail(spec.classify ? spec.classify(e, link.signal) : classifyError(e, spec.kind, spec.during, link.signal));
    } finally {
      link.done();
    }
  });
  return { run, settled };
}

/** A run that has already failed: the engine is not loaded, or was refused. */
export function failedRun(error: EngineError): GenerateRun {
  const { run, fail } = createRun();
  fail(error);
  return run;
}

export function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

/** The prompt a small model reads, when the engine takes one string. */
export function joinPrompt(req: GenerateRequest): string {
  return req.system ? `${req.system}\n\n${req.prompt}` : req.prompt;
}
