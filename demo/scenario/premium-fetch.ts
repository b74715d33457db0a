// The demo's fetch for the premium station: once the Jig server has said it has no upstream model
// (its /healthz, or a 503 no_upstream), escalations get that answer here instead of a request the browser would log as failed.
/** How long a "no upstream" is trusted before /healthz is read again (a server restarted with a key is noticed). */
export const RECHECK_MS = 60_000;

export interface PremiumFetchOptions {
  /** What /healthz said at start: 'none' when the server has no upstream. */
  upstream?: string;
  /** Reads /healthz's `upstream` again; undefined when the server is not reachable. */
  recheck: () => Promise<string | undefined>;
  fetch?: typeof fetch;
  now?: () => number;
}

/** The answer the server itself gives, marked as given by the page from what it already knew. */
function known(since: number): Response {
  const message = `no upstream model is configured on the Jig server (known since ${new Date(since).toISOString().slice(11, 19)} UTC, so the page did not ask again); set JIG_UPSTREAM_URL (and JIG_UPSTREAM_MODEL, JIG_UPSTREAM_KEY)`;
  return new Response(JSON.stringify({ error: { code: 'no_upstream', message } }), {
    status: 503,
    headers: { 'content-type': 'application/json', 'x-jig-answered-by': 'page' },
  });
}

/**
 * A fetch for the line's premium station. Only the `no_upstream` answer is remembered: any other
 * failure (a broken upstream, an open circuit, a refused origin) goes to the server every time and shows as it is.
 */
export function premiumFetch(options: PremiumFetchOptions): typeof fetch & { readonly noUpstreamSince: number | null } {
  const send = options.fetch ?? globalThis.fetch.bind(globalThis);
  const now = options.now ?? Date.now;
  let since: number | null = options.upstream === 'none' ? now() : null;
  let checked = now();
  const f = (async (input: RequestInfo | URL, init?: RequestInit) => {
    if (since !== null && now() - checked >= RECHECK_MS) {
      checked = now();
      const upstream = await options.recheck().catch(() => undefined);
      if (upstream !== undefined && upstream !== 'none') since = null;
    }
    if (since !== null) return known(since);
    const res = await send(input, init);
    if (res.status === 503) {
      const body = (await res
        .clone()
        .json()
        .catch(() => null)) as { error?: { code?: string } } | null;
      if (body?.error?.code === 'no_upstream') {
        since = now();
        checked = since;
      }
    }
    return res;
  }) as typeof fetch & { noUpstreamSince: number | null };
  Object.defineProperty(f, 'noUpstreamSince', { get: () => since });
  return f;
}
