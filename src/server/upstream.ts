// The premium model behind the server: any OpenAI-compatible chat completions API, called
// with a JSON-schema response format. Bounded retries with backoff on 429/5xx (honouring a
// capped Retry-After), a timeout per attempt, and the circuit breaker in front.
import { builtinCatalog } from '../catalog/builtin.js';
import type { JsonSchema } from '../catalog/catalog.js';
import { treeJsonSchema } from '../catalog/tree-constraints.js';
import type { ServerConfig } from './config.js';
import type { CircuitBreaker } from './breaker.js';
import { HttpError } from './errors.js';
import { chunksOf } from '../util/streams.js';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
}

export interface Completion {
  text: string;
  model: string;
  usage: Usage;
}

/** An upstream call whose response has started: read it to the end, text pieces as they come. */
export interface OpenCall {
  read(onText?: (text: string) => void): Promise<Completion>;
  /** Stops reading and frees the connection. */
  cancel(): void;
}

/**
 * What the upstream is asked to write. `nested`: the built-in catalog's tree schema (docs/engines.md, "The nested form"),
 * which an upstream that enforces schemas holds by construction; its answer is flattened before
 * the gates. `flat`: the layout document itself, for a site's own catalog schema or when
 * JIG_UPSTREAM_FORM=flat. Either answer passes the gates, since an upstream may ignore the schema.
 */
export interface LayoutAsk {
  /** `patch`: RFC 6902 ops against the layout on screen (assemble-patch.ts), asked as `{ops: […]}`. */
  form: 'nested' | 'flat' | 'patch';
  schema: Record<string, unknown>;
}

let treeSchema: JsonSchema | undefined;

/**
 * The schema of a premium call: the nested form for the built-in catalog unless the server is
 * told otherwise; a site's own schema (`custom`) stays flat, since its tree form is not known here.
 */
export function layoutAsk(config: Pick<ServerConfig, 'upstreamForm'>, custom?: Record<string, unknown>): LayoutAsk {
  if (custom) return { form: 'flat', schema: custom };
  if (config.upstreamForm === 'flat') return { form: 'flat', schema: builtinCatalog.jsonSchema() };
  // A premium model writes longer text than a browser model: the catalog's own caps, not the grammar's default 80.
  treeSchema ??= treeJsonSchema(builtinCatalog, { maxText: 2000 });
  return { form: 'nested', schema: treeSchema };
}

/** The most text one completion may return; past it the call fails (a runaway model). */
const MAX_TEXT = 1024 * 1024;

export interface UpstreamOptions {
  config: ServerConfig;
  fetch: typeof fetch;
  breaker: CircuitBreaker;
  /** Sleeps between retries; tests may pass a faster one. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Retry-After as milliseconds (seconds or an HTTP date), or undefined. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export class Upstream {
  private readonly sleep: NonNullable<UpstreamOptions['sleep']>;

  constructor(private readonly options: UpstreamOptions) {
    this.sleep = options.sleep ?? defaultSleep;
  }

  get breaker(): CircuitBreaker {
    return this.options.breaker;
  }

  get model(): string {
    return this.options.config.upstream?.model ?? '';
  }

  /** What a call for the built-in catalog asks for, or for a site's own schema. */
  ask(custom?: Record<string, unknown>): LayoutAsk {
    return layoutAsk(this.options.config, custom);
  }

  /**
   * Sends one completion request, retrying 429/5xx and connection failures a bounded number
   * of times; resolves once a 2xx response has begun. Throws HttpError 502/503/504.
   */
  async open(
    messages: ChatMessage[],
    ask: LayoutAsk,
    opts: { stream: boolean; signal?: AbortSignal },
  ): Promise<OpenCall> {
    const { config, breaker } = this.options;
    const up = config.upstream;
    if (!up)
      throw new HttpError(
        503,
        'no_upstream',
        'no upstream model is configured; set JIG_UPSTREAM_URL (and JIG_UPSTREAM_MODEL, JIG_UPSTREAM_KEY)',
      );
    if (!breaker.allow())
      throw new HttpError(
        503,
        'upstream_unavailable',
        `the upstream failed ${config.breakerThreshold} times in a row; calls resume after a cool-down`,
        { 'Retry-After': String(breaker.retryAfterSeconds()) },
      );
    const body = JSON.stringify({
      model: up.model,
      messages,
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: ask.form === 'nested' ? 'jig_layout_tree' : ask.form === 'patch' ? 'jig_layout_patch' : 'jig_layout',
          schema: ask.schema,
          strict: false,
        },
      },
      ...(config.upstreamMaxTokens ? { max_tokens: config.upstreamMaxTokens } : {}),
      ...(opts.stream ? { stream: true, stream_options: { include_usage: true } } : {}),
    });
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: opts.stream ? 'text/event-stream' : 'application/json',
    };
    if (up.key) headers.authorization = `Bearer ${up.key}`;

    let last = '';
    let settled = false;
    try {
      for (let attempt = 0; ; attempt++) {
        const timer = new AbortController();
        const timeout = setTimeout(() => timer.abort(new Error('timeout')), config.upstreamTimeoutMs);
        const signal = opts.signal ? AbortSignal.any([timer.signal, opts.signal]) : timer.signal;
        let res: Response;
        try {
          res = await this.options.fetch(up.url, { method: 'POST', headers, body, signal });
        } catch (err) {
          clearTimeout(timeout);
          if (opts.signal?.aborted) throw err;
          breaker.failure();
          if (timer.signal.aborted) {
            settled = true;
            throw new HttpError(
              504,
              'upstream_timeout',
              `the upstream did not answer within ${config.upstreamTimeoutMs} ms (JIG_UPSTREAM_TIMEOUT_MS)`,
            );
          }
          last = 'the connection failed';
          if (attempt >= config.upstreamRetries) break;
          await this.sleep(this.backoff(attempt), opts.signal);
          continue;
        }
        if (res.ok) {
          settled = true;
          return this.reader(res, opts.stream, timer, timeout, opts.signal);
        }
        await res.body?.cancel().catch(() => {});
        clearTimeout(timeout);
        if (res.status !== 429 && res.status < 500) {
          // A refusal (bad key, bad model name) is a configuration problem, not an outage: no retry.
          settled = true;
          breaker.release();
          throw new HttpError(
            502,
            'upstream_error',
            `the upstream refused the request with status ${res.status}; check JIG_UPSTREAM_MODEL and JIG_UPSTREAM_KEY`,
          );
        }
        breaker.failure();
        last = `status ${res.status}`;
        if (attempt >= config.upstreamRetries) break;
        const asked = retryAfterMs(res.headers.get('retry-after'));
        await this.sleep(
          asked === undefined ? this.backoff(attempt) : Math.min(asked, config.upstreamRetryAfterCapMs),
          opts.signal,
        );
      }
      settled = true;
      throw new HttpError(
        502,
        'upstream_error',
        `the upstream failed after ${config.upstreamRetries + 1} attempts (last: ${last})`,
      );
    } finally {
      if (!settled) breaker.release();
    }
  }

  private backoff(attempt: number): number {
    const base = this.options.config.upstreamBackoffMs * 2 ** attempt;
    return base / 2 + Math.random() * (base / 2);
  }

  private reader(
    res: Response,
    stream: boolean,
    timer: AbortController,
    timeout: NodeJS.Timeout,
    clientSignal?: AbortSignal,
  ): OpenCall {
    const { breaker, config } = this.options;
    const fallbackModel = config.upstream?.model ?? '';
    const isSse = stream && (res.headers.get('content-type') ?? '').includes('text/event-stream');
    let done = false;
    let cancelled = false;
    const finish = () => {
      done = true;
      clearTimeout(timeout);
    };
    return {
      cancel: () => {
        if (done) return;
        cancelled = true;
        finish();
        breaker.release();
        timer.abort(new Error('cancelled'));
        res.body?.cancel().catch(() => {});
      },
      read: async (onText) => {
        try {
          const result = isSse
            ? await readSse(res, fallbackModel, onText)
            : await readJsonCompletion(res, fallbackModel, onText);
          finish();
          breaker.success();
          return result;
        } catch (err) {
          const timedOut = timer.signal.aborted && !done;
          finish();
          // The caller went away: not the upstream's failure.
          if (cancelled || (clientSignal?.aborted && !timedOut)) {
            breaker.release();
            throw err;
          }
          if (timedOut) {
            breaker.failure();
            throw new HttpError(
              504,
              'upstream_timeout',
              `the upstream did not finish within ${config.upstreamTimeoutMs} ms (JIG_UPSTREAM_TIMEOUT_MS)`,
            );
          }
          if (err instanceof HttpError) {
            breaker.failure();
            throw err;
          }
          breaker.failure();
          throw new HttpError(502, 'upstream_error', 'the upstream connection broke while answering');
        }
      },
    };
  }
}

async function* textChunks(res: Response): AsyncGenerator<string> {
  if (!res.body) return;
  const decoder = new TextDecoder();
  let total = 0;
  for await (const part of chunksOf(res.body)) {
    total += part.byteLength;
    if (total > MAX_TEXT * 2)
      throw new HttpError(502, 'upstream_error', 'the upstream answer is larger than the limit');
    yield decoder.decode(part, { stream: true });
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}

function usageOf(u: unknown): Usage {
  const o = (u ?? {}) as Record<string, unknown>;
  const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  return { inputTokens: n(o.prompt_tokens ?? o.input_tokens), outputTokens: n(o.completion_tokens ?? o.output_tokens) };
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  // Some APIs answer with content parts.
  if (Array.isArray(content))
    return content
      .map((p) =>
        p && typeof p === 'object' && typeof (p as { text?: unknown }).text === 'string'
          ? (p as { text: string }).text
          : '',
      )
      .join('');
  return '';
}

async function readJsonCompletion(
  res: Response,
  fallbackModel: string,
  onText?: (t: string) => void,
): Promise<Completion> {
  let raw = '';
  for await (const t of textChunks(res)) raw += t;
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    throw new HttpError(502, 'upstream_error', 'the upstream answered with something other than JSON');
  }
  const choice = (Array.isArray(data.choices) ? data.choices[0] : undefined) as
    | { message?: { content?: unknown } }
    | undefined;
  const text = contentText(choice?.message?.content);
  if (!text) throw new HttpError(502, 'upstream_error', 'the upstream answer has no message content');
  if (text.length > MAX_TEXT)
    throw new HttpError(502, 'upstream_error', 'the upstream answer is larger than the limit');
  onText?.(text);
  return { text, model: typeof data.model === 'string' ? data.model : fallbackModel, usage: usageOf(data.usage) };
}

/** Reads an OpenAI-style SSE stream: `data: {json}` events, `data: [DONE]` at the end. */
async function readSse(res: Response, fallbackModel: string, onText?: (t: string) => void): Promise<Completion> {
  let buffer = '';
  let text = '';
  let model = fallbackModel;
  let usage: Usage = { inputTokens: 0, outputTokens: 0 };
  let data: string[] = [];
  const dispatch = () => {
    const payload = data.join('\n');
    data = [];
    if (!payload || payload === '[DONE]') return;
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(payload) as Record<string, unknown>;
    } catch {
      throw new HttpError(502, 'upstream_error', 'the upstream stream held an event that is not JSON');
    }
    if (msg.error) throw new HttpError(502, 'upstream_error', 'the upstream reported an error mid-stream');
    if (typeof msg.model === 'string') model = msg.model;
    if (msg.usage) usage = usageOf(msg.usage);
    const choice = (Array.isArray(msg.choices) ? msg.choices[0] : undefined) as
      | { delta?: { content?: unknown } }
      | undefined;
    const piece = contentText(choice?.delta?.content);
    if (piece) {
      text += piece;
      if (text.length > MAX_TEXT)
        throw new HttpError(502, 'upstream_error', 'the upstream answer is larger than the limit');
      onText?.(piece);
    }
  };
  for await (const chunk of textChunks(res)) {
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl).replace(/\r$/, '');
      buffer = buffer.slice(nl + 1);
      if (line === '') dispatch();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
  }
  if (buffer.startsWith('data:')) data.push(buffer.slice(5).replace(/^ /, ''));
  dispatch();
  if (!text) throw new HttpError(502, 'upstream_error', 'the upstream stream ended without any text');
  return { text, model, usage };
}
