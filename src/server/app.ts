// The routes and the checks in front of them, as one hono app over the storage and the upstream.
import { randomBytes } from 'node:crypto';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { handleAssemble } from './assemble.js';
import { readJson, readText, parseJson, type JsonLimits } from './body.js';
import type { ServerConfig } from './config.js';
import { dashboardHtml } from './dashboard.js';
import { errorBody, errorResponse, HttpError } from './errors.js';
import { handleExport, handleIngest, INGEST_DEFAULTS } from './events.js';
import { adminGuard, hostGuard, originGuard, premiumGuard, rateLimit, TokenBuckets } from './guards.js';
import { handleDeploy, handlePromote, handleRollback, lineId } from './lines.js';
import { parseName, parseTime, readQuery } from './query.js';
import { computeStats, HOUR } from './stats.js';
import type { Storage } from './storage/index.js';
import type { Upstream } from './upstream.js';
import { redactor, type Redact } from './redact.js';
import { registerRetrain } from './retrain.js';
import { registerGate } from './gate.js';

/** One line per request (and per unexpected error); never headers or bodies. */
export type LogFn = (entry: Record<string, unknown>) => void;

export interface AppDeps {
  config: ServerConfig;
  storage: Storage;
  upstream: Upstream;
  now: () => number;
  /** Removes the upstream key from answers (default: the configured key, if any). */
  redact?: Redact;
  log?: LogFn;
  /** Where retrained models are stored and served from (default ./.jig/models). */
  modelsDir?: string;
}

export function createApp(deps: AppDeps): Hono {
  const { config, storage, upstream, now } = deps;
  const log = deps.log ?? (() => {});
  const redact = deps.redact ?? redactor([config.upstream?.key ?? '']);
  const limits: JsonLimits = { maxDepth: config.jsonMaxDepth, maxString: config.jsonMaxString };
  const iso = () => new Date(now()).toISOString();
  const app = new Hono();
  // The error code of each answered request, for the access log.
  const errorCodes = new WeakMap<Request, string>();

  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    const entry: Record<string, unknown> = {
      time: iso(),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
    };
    const code = errorCodes.get(c.req.raw);
    if (code) entry.code = code;
    log(entry);
  });

  app.onError((err, c) => {
    if (err instanceof HttpError) {
      errorCodes.set(c.req.raw, err.code);
      return errorResponse(c, err, redact);
    }
    if (c.req.raw.signal.aborted) {
      // The client went away (its upstream call was cancelled with it): nobody reads this answer.
      errorCodes.set(c.req.raw, 'client_closed');
      return new Response(null, { status: 499 });
    }
    // Only the error's name and message are logged: never a request body or a header.
    log({
      time: iso(),
      level: 'error',
      path: c.req.path,
      error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
    });
    errorCodes.set(c.req.raw, 'internal');
    return c.json(errorBody('internal', 'an unexpected error occurred; the server logged it'), 500);
  });
  app.notFound((c) => c.json(errorBody('not_found', `no endpoint ${c.req.method} ${c.req.path}`), 404));

  app.use('*', hostGuard(config.allowedHosts));
  app.use('*', originGuard(config));

  app.get('/healthz', async (c) => {
    try {
      await storage.ping();
    } catch {
      return c.json(
        { ok: false, db: storage.kind, error: { code: 'internal', message: 'the database is not reachable' } },
        503,
      );
    }
    return c.json({ ok: true, db: storage.kind, upstream: config.upstream ? upstream.breaker.state : 'none' });
  });

  app.get('/dashboard', (c) => {
    const nonce = randomBytes(16).toString('base64');
    c.header(
      'Content-Security-Policy',
      `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    );
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Cache-Control', 'no-store');
    return c.html(dashboardHtml(nonce));
  });

  const assembleBuckets = new TokenBuckets(config.rateAssemble, now);
  const eventBuckets = new TokenBuckets(config.rateEvents, now);
  const readBuckets = new TokenBuckets(config.rateRead, now);
  const reads = rateLimit(readBuckets, config.trustProxy);
  const admin = adminGuard(config.adminToken);

  app.use('/v1/assemble', rateLimit(assembleBuckets, config.trustProxy));
  app.post('/v1/assemble', premiumGuard(config.siteTokens), noQuery, async (c) =>
    handleAssemble(c, upstream, await readJson(c.req.raw, config.bodyLimit, limits), redact),
  );

  const ingest = rateLimit(eventBuckets, config.trustProxy);
  const ingestLimits = {
    maxDepth: config.jsonMaxDepth,
    maxEvents: config.eventsMaxBatch,
    maxReported: INGEST_DEFAULTS.maxReported,
  };
  app.post('/v1/events', ingest, noQuery, (c) => handleIngest(c, storage, config.bodyLimit, ingestLimits));
  app.get('/v1/events', reads, admin, (c) => handleExport(c, storage));

  app.use('/v1/stats', reads, admin);
  app.use('/v1/lines/*', reads, noQuery);
  app.get('/v1/stats', async (c) => {
    const q = readQuery(c, ['since', 'until', 'line']);
    const until = parseTime(q.until, 'until') ?? now();
    const since = parseTime(q.since, 'since') ?? Math.max(0, until - 24 * HOUR);
    const line = parseName(q.line, 'line');
    if (until - since > 400 * 24 * HOUR || since > until)
      throw new HttpError(400, 'bad_query', '"since" must be before "until", at most 400 days apart');
    return c.json(await computeStats(storage, { since, until, ...(line ? { line } : {}) }));
  });

  app.get('/v1/lines/:id', async (c) => c.json(await storage.getLine(lineId(c))));
  app.post('/v1/lines/:id/versions', admin, async (c) =>
    handleDeploy(c, storage, await readJson(c.req.raw, config.bodyLimit, limits), iso()),
  );
  app.post('/v1/lines/:id/promote', admin, async (c) => handlePromote(c, storage, iso()));
  app.post('/v1/lines/:id/rollback', admin, async (c) =>
    handleRollback(c, storage, await optionalJson(c, config.bodyLimit, limits), iso()),
  );
  registerGate(app, { bodyLimit: config.bodyLimit, guard: reads });
  registerRetrain(app, {
    storage,
    admin,
    modelsDir: deps.modelsDir ?? '.jig/models',
    iso,
    readBody: (c) => optionalJson(c, config.bodyLimit, limits),
  });

  for (const path of [
    '/v1/assemble',
    '/v1/events',
    '/v1/stats',
    '/v1/lines/:id',
    '/v1/lines/:id/versions',
    '/v1/lines/:id/promote',
    '/v1/lines/:id/rollback',
    '/v1/lines/:id/retrain',
    '/v1/models/:file',
    '/v1/gate',
    '/healthz',
    '/dashboard',
  ]) {
    app.all(path, (c) =>
      c.json(errorBody('method_not_allowed', `${c.req.method} is not accepted on ${c.req.path}`), 405),
    );
  }
  return app;
}

/** Routes that take no query parameters refuse them, rather than ignore what a caller meant. */
const noQuery: MiddlewareHandler = async (c, next) => {
  readQuery(c, []);
  return next();
};

/** An optional JSON body: empty → undefined. */
async function optionalJson(c: Context, bodyLimit: number, limits: JsonLimits): Promise<unknown> {
  const text = await readText(c.req.raw, bodyLimit);
  return text.trim() === '' ? undefined : parseJson(text, limits);
}
