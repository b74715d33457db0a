// The server's configuration, read once from the environment (docs/server.md has the table).
// Every limit has a default that is safe for a public deployment.

export interface RateBudget {
  /** Tokens added per second. */
  perSecond: number;
  /** Bucket size: the burst a client may spend at once. */
  burst: number;
}

export interface ServerConfig {
  upstream: { url: string; model: string; key: string } | null;
  upstreamTimeoutMs: number;
  upstreamRetries: number;
  upstreamBackoffMs: number;
  upstreamRetryAfterCapMs: number;
  upstreamMaxTokens: number | undefined;
  /** What the upstream is asked to write for the built-in catalog: the nested form (default) or the flat one. */
  upstreamForm: 'nested' | 'flat';
  breakerThreshold: number;
  breakerCooldownMs: number;
  /** Origins allowed besides the server's own; '*' allows any. */
  allowedOrigins: string[];
  /**
   * Host names (optionally with a port) a request may be addressed to; '*' allows any. The
   * default, loopback only, stops DNS rebinding: a page on evil.example whose name now points
   * at 127.0.0.1 reaches this server under the Host "evil.example".
   */
  allowedHosts: string[];
  /** Tokens a site or a server sends as `Authorization: Bearer <token>` to use the premium station without an allowed Origin. */
  siteTokens: string[];
  bodyLimit: number;
  jsonMaxDepth: number;
  jsonMaxString: number;
  /** Events one ingest request may carry. */
  eventsMaxBatch: number;
  rateAssemble: RateBudget;
  rateEvents: RateBudget;
  /** Reads that cost the database (stats, export, line reads) and line changes. */
  rateRead: RateBudget;
  trustProxy: boolean;
  adminToken: string | undefined;
}

type Env = Record<string, string | undefined>;

/** Loopback names and addresses: the hosts a server that nobody configured answers to. */
export const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

const list = (raw: string | undefined) =>
  (raw ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

function num(env: Env, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min)
    throw new Error(`${name} must be a number ≥ ${min}; received ${JSON.stringify(raw)}`);
  return n;
}

function form(raw: string | undefined): 'nested' | 'flat' {
  const v = raw?.trim().toLowerCase();
  if (!v) return 'nested';
  if (v === 'nested' || v === 'flat') return v;
  throw new Error(`JIG_UPSTREAM_FORM must be "nested" or "flat"; received ${JSON.stringify(raw!.slice(0, 40))}`);
}

/** "https://api.example.com", ".../v1" or ".../v1/chat/completions" → the chat completions URL. */
export function chatCompletionsUrl(base: string): string {
  const trimmed = base.trim().replace(/\/+$/, '');
  if (/\/chat\/completions$/.test(trimmed)) return trimmed;
  if (/\/v\d+$/.test(trimmed)) return `${trimmed}/chat/completions`;
  return `${trimmed}/v1/chat/completions`;
}

export function readConfig(env: Env): ServerConfig {
  const url = env.JIG_UPSTREAM_URL?.trim();
  if (url) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      /* reported below */
    }
    if (!parsed || !/^https?:$/.test(parsed.protocol))
      throw new Error(
        `JIG_UPSTREAM_URL must be an http(s) URL such as https://api.openai.com/v1; received ${JSON.stringify(url.slice(0, 80))}`,
      );
  }
  const rate = (prefix: string, perMinute: number, burst: number): RateBudget => ({
    perSecond: num(env, `${prefix}_PER_MIN`, perMinute, 0) / 60,
    burst: num(env, `${prefix}_BURST`, burst, 1),
  });
  return {
    upstream: url
      ? {
          url: chatCompletionsUrl(url),
          model: env.JIG_UPSTREAM_MODEL?.trim() || 'gpt-4o-mini',
          key: env.JIG_UPSTREAM_KEY ?? '',
        }
      : null,
    upstreamTimeoutMs: num(env, 'JIG_UPSTREAM_TIMEOUT_MS', 60_000, 1),
    upstreamRetries: num(env, 'JIG_UPSTREAM_RETRIES', 2, 0),
    upstreamBackoffMs: num(env, 'JIG_UPSTREAM_BACKOFF_MS', 250, 0),
    upstreamRetryAfterCapMs: num(env, 'JIG_UPSTREAM_RETRY_AFTER_CAP_MS', 5_000, 0),
    upstreamMaxTokens: env.JIG_UPSTREAM_MAX_TOKENS ? num(env, 'JIG_UPSTREAM_MAX_TOKENS', 0, 1) : undefined,
    upstreamForm: form(env.JIG_UPSTREAM_FORM),
    breakerThreshold: num(env, 'JIG_BREAKER_THRESHOLD', 5, 1),
    breakerCooldownMs: num(env, 'JIG_BREAKER_COOLDOWN_MS', 30_000, 0),
    allowedOrigins: list(env.JIG_ALLOWED_ORIGINS).map((o) => o.replace(/\/+$/, '')),
    allowedHosts: env.JIG_ALLOWED_HOSTS?.trim()
      ? list(env.JIG_ALLOWED_HOSTS).map((h) => h.toLowerCase())
      : [...LOOPBACK_HOSTS],
    siteTokens: list(env.JIG_SITE_TOKENS),
    bodyLimit: num(env, 'JIG_BODY_LIMIT', 1024 * 1024, 1),
    jsonMaxDepth: num(env, 'JIG_JSON_MAX_DEPTH', 32, 1),
    jsonMaxString: num(env, 'JIG_JSON_MAX_STRING', 64 * 1024, 1),
    eventsMaxBatch: num(env, 'JIG_EVENTS_MAX_BATCH', 1000, 1),
    rateAssemble: rate('JIG_RATE_ASSEMBLE', 60, 20),
    rateEvents: rate('JIG_RATE_EVENTS', 1200, 200),
    rateRead: rate('JIG_RATE_READ', 600, 100),
    trustProxy: env.JIG_TRUST_PROXY === '1' || env.JIG_TRUST_PROXY === 'true',
    adminToken: env.JIG_ADMIN_TOKEN || undefined,
  };
}
