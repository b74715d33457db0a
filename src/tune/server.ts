// The server's line versions (/v1/lines) from the browser: read the state, deploy a version
// (as a canary share or current), promote, roll back. Errors come back as data, never thrown.

export interface ServerVersion {
  version: number;
  config: Record<string, unknown>;
}

export interface ServerLineState {
  id: string;
  current: (ServerVersion & { deployedAt: string }) | null;
  canary: (ServerVersion & { share: number }) | null;
  history: Array<{
    action: string;
    version: number;
    previous: number | null;
    share?: number;
    reason?: string;
    at: string;
  }>;
}

export type ServerAnswer<T> = { ok: true; value: T } | { ok: false; status: number; code: string; message: string };

export interface LineServer {
  readonly base: string;
  get(id: string, signal?: AbortSignal): Promise<ServerAnswer<ServerLineState>>;
  deploy(
    id: string,
    config: Record<string, unknown>,
    canaryShare?: number,
  ): Promise<ServerAnswer<{ version: number; line: ServerLineState }>>;
  promote(id: string): Promise<ServerAnswer<{ version: number; line: ServerLineState }>>;
  rollback(id: string, reason?: string): Promise<ServerAnswer<{ version: number; line: ServerLineState }>>;
}

export interface LineServerOptions {
  /** The server's origin and prefix, e.g. "https://jig.example.com" or "" for this origin. Paths add `/v1/lines/…`. */
  base: string;
  fetch?: typeof fetch;
  /** JIG_ADMIN_TOKEN, when the server asks for one to change versions. */
  token?: string;
}

export function lineServer(opts: LineServerOptions): LineServer {
  const f = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const base = opts.base.replace(/\/+$/, '');
  const url = (id: string, tail = '') => `${base}/v1/lines/${encodeURIComponent(id)}${tail}`;
  async function call<T>(
    method: 'GET' | 'POST',
    u: string,
    body?: unknown,
    signal?: AbortSignal,
  ): Promise<ServerAnswer<T>> {
    let res: Response;
    try {
      res = await f(u, {
        method,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(opts.token && method === 'POST' ? { authorization: `Bearer ${opts.token}` } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        ...(signal ? { signal } : {}),
      });
    } catch (err) {
      return {
        ok: false,
        status: 0,
        code: 'unreachable',
        message: `the line server at ${base || 'this origin'} did not answer: ${err instanceof Error ? err.message : String(err)}`,
      };
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (!res.ok) {
      const e = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
      return {
        ok: false,
        status: res.status,
        code: e?.code ?? `http_${res.status}`,
        message: e?.message ?? `the line server answered ${res.status}`,
      };
    }
    if (json === undefined || json === null || typeof json !== 'object')
      return {
        ok: false,
        status: res.status,
        code: 'bad_answer',
        message: 'the line server answered with something other than JSON',
      };
    return { ok: true, value: json as T };
  }
  return {
    base,
    get: (id, signal) => call('GET', url(id), undefined, signal),
    deploy: (id, config, canaryShare) =>
      call('POST', url(id, '/versions'), { config, ...(canaryShare !== undefined ? { canaryShare } : {}) }),
    promote: (id) => call('POST', url(id, '/promote')),
    rollback: (id, reason) =>
      call('POST', url(id, '/rollback'), reason === undefined ? {} : { reason: reason.slice(0, 2000) }),
  };
}
