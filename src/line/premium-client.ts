// The premium station's client of the Jig server: POST {intent, context, line, catalogSchema, failed?}
// to /v1/assemble, reading the layout as SSE chunks or one JSON answer.
import type { Issue } from '../gates/issue.js';

export interface PremiumRequest {
  intent: string;
  context?: unknown;
  line: { id: string; version: string };
  catalogSchema: Record<string, unknown> | string;
  failed?: { layout: unknown; issues: Issue[] };
}

export interface PremiumAnswer {
  ok: boolean;
  /** The layout the server accepted (it ran the gates too), or null. */
  layout: unknown;
  /** Raw text of the last attempt, as streamed. */
  text: string;
  model: string;
  usage: { inputTokens: number; outputTokens: number };
  /** The server repaired once itself. */
  repaired: boolean;
  /** Why it failed: the server's error code (`no_upstream`, `layout_invalid`, `http_500`, `network`…). */
  error?: { code: string; message: string; status?: number };
  issues?: Issue[];
}

export interface PremiumHandlers {
  /** A new attempt's text begins (1, then 2 after the server's own repair). */
  onAttempt?(attempt: number): void;
  onText?(text: string, attempt: number): void;
  onRepair?(issues: Issue[]): void;
}

const fail = (code: string, message: string, status?: number): PremiumAnswer => ({
  ok: false,
  layout: null,
  text: '',
  model: 'premium',
  usage: { inputTokens: 0, outputTokens: 0 },
  repaired: false,
  error: { code, message, ...(status ? { status } : {}) },
});

/**
 * A browser hides a cross-origin refusal behind the same TypeError as a server that is down. A
 * no-cors request tells them apart: it resolves (opaquely) whenever the server answers at all.
 */
async function answersOpaquely(fetcher: typeof fetch, endpoint: string, signal?: AbortSignal): Promise<boolean> {
  const page = globalThis.location?.origin;
  if (!page || page === 'null') return false;
  let target: URL;
  try {
    target = new URL(endpoint, page);
  } catch {
    return false;
  }
  if (target.origin === page) return false;
  try {
    await fetcher(target.href, { method: 'GET', mode: 'no-cors', cache: 'no-store', signal });
    return true;
  } catch {
    return false;
  }
}

/** Calls the premium endpoint. Never throws except for an abort (rethrown as is). */
export async function callPremium(
  fetcher: typeof fetch,
  endpoint: string,
  body: PremiumRequest,
  opts: { stream: boolean; signal?: AbortSignal },
  h: PremiumHandlers = {},
): Promise<PremiumAnswer> {
  let res: Response;
  try {
    res = await fetcher(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: opts.stream ? 'text/event-stream' : 'application/json' },
      body: JSON.stringify(body),
      signal: opts.signal,
    });
  } catch (err) {
    if (opts.signal?.aborted) throw opts.signal.reason ?? err;
    const why = err instanceof Error ? err.message : String(err);
    if (await answersOpaquely(fetcher, endpoint, opts.signal)) {
      const page = globalThis.location!.origin;
      return fail(
        'origin_not_allowed',
        `the server at ${new URL(endpoint, page).origin} is up but did not allow this page's origin (${page}): add it to JIG_ALLOWED_ORIGINS (the browser hid its answer: ${why})`,
      );
    }
    return fail('network', `the premium endpoint could not be reached (${why})`);
  }
  const type = res.headers.get('content-type') ?? '';
  if (!res.ok || !type.includes('text/event-stream')) {
    let json: Record<string, unknown> = {};
    try {
      json = (await res.json()) as Record<string, unknown>;
    } catch (err) {
      if (opts.signal?.aborted) throw opts.signal.reason ?? err;
      return fail(
        `http_${res.status}`,
        `the premium endpoint answered ${res.status} with a body that is not JSON`,
        res.status,
      );
    }
    return fromVerdict(json, '', res.status, h);
  }
  // SSE: `event: chunk` {text, attempt}, `event: repair` {issues}, `event: verdict` {...}.
  let text = '';
  let attempt = 0;
  let verdict: Record<string, unknown> | undefined;
  try {
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buf = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += value;
      let cut: number;
      while ((cut = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, cut);
        buf = buf.slice(cut + 2);
        const name = /^event: ?(.*)$/m.exec(block)?.[1]?.trim() ?? 'message';
        const data = block
          .split('\n')
          .filter((l) => l.startsWith('data:'))
          .map((l) => l.slice(5).replace(/^ /, ''))
          .join('\n');
        let parsed: Record<string, unknown>;
        try {
          parsed = JSON.parse(data) as Record<string, unknown>;
        } catch {
          continue;
        } // a comment or keep-alive line
        if (name === 'chunk') {
          const n = typeof parsed.attempt === 'number' ? parsed.attempt : 1;
          if (n !== attempt) {
            attempt = n;
            text = '';
            h.onAttempt?.(n);
          }
          const t = String(parsed.text ?? '');
          text += t;
          h.onText?.(t, n);
        } else if (name === 'repair') h.onRepair?.((parsed.issues as Issue[]) ?? []);
        else if (name === 'verdict') verdict = parsed;
      }
    }
  } catch (err) {
    if (opts.signal?.aborted) throw opts.signal.reason ?? err;
    return {
      ...fail('stream_broken', `the premium stream broke off (${err instanceof Error ? err.message : String(err)})`),
      text,
    };
  }
  if (!verdict) return { ...fail('stream_broken', 'the premium stream ended without a verdict'), text };
  return fromVerdict(verdict, text, res.status, h);
}

function fromVerdict(json: Record<string, unknown>, text: string, status: number, h: PremiumHandlers): PremiumAnswer {
  const usage = (json.usage as PremiumAnswer['usage'] | undefined) ?? { inputTokens: 0, outputTokens: 0 };
  const model = typeof json.model === 'string' ? json.model : 'premium';
  const err = json.error as { code?: string; message?: string } | undefined;
  if (err || json.layout === null || json.layout === undefined) {
    const code = err?.code ?? `http_${status}`;
    return {
      ok: false,
      layout: null,
      text,
      model,
      usage,
      repaired: !!json.repaired,
      error: { code, message: err?.message ?? `the premium endpoint answered ${status} without a layout`, status },
      ...(Array.isArray(json.issues) ? { issues: json.issues as Issue[] } : {}),
    };
  }
  if (!text) {
    text = JSON.stringify(json.layout);
    h.onAttempt?.(1);
    h.onText?.(text, 1);
  }
  return { ok: true, layout: json.layout, text, model, usage, repaired: !!json.repaired };
}

/** A refine: the layout on screen and what to change in it (POST /v1/assemble with mode "patch"). */
export interface RefineRequest {
  intent: string;
  context?: unknown;
  line: { id: string; version: string };
  /** The layout on screen, with its live data. */
  layout: unknown;
}

export interface RefineAnswer {
  ok: boolean;
  /** The RFC 6902 ops the server gated (the page applies and gates them again), or null. */
  ops: unknown[] | null;
  model: string;
  usage: { inputTokens: number; outputTokens: number };
  repaired: boolean;
  error?: { code: string; message: string; status?: number };
  issues?: Issue[];
}

/** Asks the server for a patch to the layout on screen. Never throws except for an abort (rethrown as is). */
export async function callRefine(
  fetcher: typeof fetch,
  endpoint: string,
  body: RefineRequest,
  opts: { signal?: AbortSignal } = {},
): Promise<RefineAnswer> {
  const failed = (code: string, message: string, status?: number): RefineAnswer => ({
    ok: false,
    ops: null,
    model: 'premium',
    usage: { inputTokens: 0, outputTokens: 0 },
    repaired: false,
    error: { code, message, ...(status ? { status } : {}) },
  });
  let res: Response;
  try {
    res = await fetcher(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ ...body, mode: 'patch' }),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  } catch (err) {
    if (opts.signal?.aborted) throw opts.signal.reason ?? err;
    return failed(
      'network',
      `the premium endpoint could not be reached (${err instanceof Error ? err.message : String(err)})`,
    );
  }
  let json: Record<string, unknown>;
  try {
    json = (await res.json()) as Record<string, unknown>;
  } catch (err) {
    if (opts.signal?.aborted) throw opts.signal.reason ?? err;
    return failed(
      `http_${res.status}`,
      `the premium endpoint answered ${res.status} with a body that is not JSON`,
      res.status,
    );
  }
  const usage = (json.usage as RefineAnswer['usage'] | undefined) ?? { inputTokens: 0, outputTokens: 0 };
  const model = typeof json.model === 'string' ? json.model : 'premium';
  const err = json.error as { code?: string; message?: string } | undefined;
  if (err || !res.ok || !Array.isArray(json.ops)) {
    return {
      ok: false,
      ops: null,
      model,
      usage,
      repaired: !!json.repaired,
      error: {
        code: err?.code ?? `http_${res.status}`,
        message: err?.message ?? `the premium endpoint answered ${res.status} without ops`,
        status: res.status,
      },
      ...(Array.isArray(json.issues) ? { issues: json.issues as Issue[] } : {}),
    };
  }
  return { ok: true, ops: json.ops, model, usage, repaired: !!json.repaired };
}
