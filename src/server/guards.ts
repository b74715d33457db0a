// The checks in front of every route: the Host allowlist, origin allowlist with CORS, per-client
// token buckets, the premium station's origin-or-site-token rule, and the admin token.
import { getConnInfo } from '@hono/node-server/conninfo';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { RateBudget, ServerConfig } from './config.js';
import { HttpError } from './errors.js';

const ALLOW_METHODS = 'GET, POST, OPTIONS';
const ALLOW_HEADERS = 'Content-Type, Accept, Authorization, Last-Event-ID';
const EXPOSE_HEADERS = 'Retry-After, X-Jig-Next-Cursor';

/** "Example.com:8787" → "example.com"; "[::1]:80" → "[::1]"; undefined for a value that is no host. */
export function hostName(host: string): string | undefined {
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::(\d{1,5}))?$/i.exec(host.trim());
  return m ? m[1]!.toLowerCase().replace(/\.$/, '') : undefined;
}

/**
 * Requests must name a host on the allowlist (JIG_ALLOWED_HOSTS, loopback by default). Without
 * this, DNS rebinding turns any web page into a same-origin caller of a server on 127.0.0.1.
 */
export function hostGuard(allowed: readonly string[]): MiddlewareHandler {
  const any = allowed.includes('*');
  const exact = new Set(allowed.map((h) => h.toLowerCase()));
  return async (c, next) => {
    if (any) return next();
    const host = (c.req.header('host') ?? '').toLowerCase();
    const name = hostName(host);
    if (name === undefined || !(exact.has(host) || exact.has(name))) {
      throw new HttpError(
        403,
        'host_not_allowed',
        `requests to the host ${JSON.stringify(host.slice(0, 100))} are not accepted; add it to JIG_ALLOWED_HOSTS`,
      );
    }
    return next();
  };
}

/** Compares secrets in time that does not depend on where they differ. */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (v: string) => createHash('sha256').update(v).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * The premium station spends the operator's upstream key, so it serves only pages from an
 * allowed origin (the origin guard has already refused any other Origin) and callers holding
 * a site token (JIG_SITE_TOKENS) — never an anonymous tool on the open internet.
 */
export function premiumGuard(siteTokens: readonly string[]): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'OPTIONS' || c.req.header('origin') !== undefined) return next();
    const given = c.req.header('authorization') ?? '';
    if (siteTokens.some((t) => sameSecret(given, `Bearer ${t}`))) return next();
    throw new HttpError(
      403,
      'premium_not_allowed',
      'the premium station answers pages from an allowed origin (JIG_ALLOWED_ORIGINS) and callers with a site token (Authorization: Bearer <one of JIG_SITE_TOKENS>)',
    );
  };
}

/** True when the Origin names this server itself (scheme, host and port as the request reached us). */
function sameOrigin(origin: string, c: Context): boolean {
  try {
    const o = new URL(origin);
    const host = c.req.header('host');
    return host !== undefined && o.host === host;
  } catch {
    return false;
  }
}

/**
 * No Origin header (a tool, a same-origin GET) or our own origin: allowed. Any other origin
 * must be listed; listed origins get CORS headers and preflights. Everything else: 403.
 */
export function originGuard(config: ServerConfig): MiddlewareHandler {
  const any = config.allowedOrigins.includes('*');
  const listed = new Set(config.allowedOrigins);
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin === undefined) return next();
    const allowed = sameOrigin(origin, c) || any || listed.has(origin);
    if (!allowed)
      throw new HttpError(
        403,
        'origin_not_allowed',
        `the origin ${JSON.stringify(origin.slice(0, 200))} is not allowed; add it to JIG_ALLOWED_ORIGINS`,
      );
    c.header('Access-Control-Allow-Origin', origin);
    c.header('Vary', 'Origin', { append: true });
    c.header('Access-Control-Expose-Headers', EXPOSE_HEADERS);
    if (c.req.method === 'OPTIONS') {
      c.header('Access-Control-Allow-Methods', ALLOW_METHODS);
      c.header('Access-Control-Allow-Headers', ALLOW_HEADERS);
      c.header('Access-Control-Max-Age', '600');
      return c.body(null, 204);
    }
    return next();
  };
}

/** The client's address: the socket's, or the last X-Forwarded-For hop when a trusted proxy sits in front. */
export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const hops = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const last = hops[hops.length - 1];
    if (last) return last;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Token buckets keyed by client; idle full buckets are dropped so memory stays bounded. */
export class TokenBuckets {
  private buckets = new Map<string, { tokens: number; at: number }>();
  private lastSweep: number;

  constructor(
    private readonly budget: RateBudget,
    private readonly now: () => number,
    private readonly maxKeys = 100_000,
  ) {
    this.lastSweep = now();
  }

  /** Takes one token; returns 0 when granted, else the seconds until one is available. */
  take(key: string): number {
    const t = this.now();
    this.sweep(t);
    const { perSecond, burst } = this.budget;
    const b = this.buckets.get(key) ?? { tokens: burst, at: t };
    b.tokens = Math.min(burst, b.tokens + ((t - b.at) / 1000) * perSecond);
    b.at = t;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return perSecond > 0 ? Math.max(1, Math.ceil((1 - b.tokens) / perSecond)) : 3600;
  }

  get size(): number {
    return this.buckets.size;
  }

  private sweep(t: number): void {
    if (t - this.lastSweep < 60_000 && this.buckets.size < this.maxKeys) return;
    this.lastSweep = t;
    const { perSecond, burst } = this.budget;
    for (const [k, b] of this.buckets) {
      if (b.tokens + ((t - b.at) / 1000) * perSecond >= burst) this.buckets.delete(k);
    }
    // Still too many (a flood of distinct addresses): forget the oldest; they start full again.
    if (this.buckets.size >= this.maxKeys) {
      let drop = this.buckets.size - Math.floor(this.maxKeys / 2);
      for (const k of this.buckets.keys()) {
        if (drop-- <= 0) break;
        this.buckets.delete(k);
      }
    }
  }
}

export function rateLimit(buckets: TokenBuckets, trustProxy: boolean): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return next();
    const wait = buckets.take(clientIp(c, trustProxy));
    if (wait > 0)
      throw new HttpError(429, 'rate_limited', `too many requests from this client; retry in ${wait} s`, {
        'Retry-After': String(wait),
      });
    return next();
  };
}

/** When JIG_ADMIN_TOKEN is set, the guarded routes need `Authorization: Bearer <token>`. */
export function adminGuard(token: string | undefined): MiddlewareHandler {
  return async (c, next) => {
    if (token === undefined || c.req.method === 'OPTIONS') return next();
    const given = c.req.header('authorization') ?? '';
    if (!sameSecret(given, `Bearer ${token}`))
      throw new HttpError(401, 'unauthorized', 'this endpoint needs Authorization: Bearer <JIG_ADMIN_TOKEN>', {
        'WWW-Authenticate': 'Bearer',
      });
    return next();
  };
}
