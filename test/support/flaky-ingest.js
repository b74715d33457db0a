// A deliberately unreliable event receiver for the browser tests, served by the test runner's
// dev server: it speaks the server's batch (`POST .../v1/events`), dedupes by id, and fails.
//
// Paths (one independent receiver per <bucket>; `/__test/ingest/v1/events` uses "default"):
//   POST /__test/ingest/<bucket>/v1/events   body: JSON array of events
//        → 200 {accepted, duplicates, rejected:[{index, code, message}]}
//   GET  /__test/ingest/<bucket>/state       → {requests, failed, dropped, beacons, received, unique, duplicates, ids}
//   POST /__test/ingest/<bucket>/reset       body (optional): {mode: 'flaky'|'ok'|'down', retryAfter?: seconds}
// In 'flaky' mode (the default) every other batch gets a 503 (with Retry-After when set), and
// every third of the rest has its socket destroyed: half before the batch is stored, half after
// (so the sender never hears of events that did arrive, and sends them again).
// An event whose attrs has `reject: true` is refused with code "rejected_by_test".

const PREFIX = '/__test/ingest';

function newBucket(mode = 'flaky', retryAfter) {
  return {
    mode,
    retryAfter,
    n: 0,
    requests: 0,
    failed: 0,
    dropped: 0,
    beacons: 0,
    received: 0,
    duplicates: 0,
    ids: new Set(),
  };
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > 8 * 1024 * 1024) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Closes the connection without an answer (the status only names it in the server's own log). */
function drop(ctx) {
  ctx.status = 599;
  ctx.respond = false;
  ctx.req.socket.destroy();
}

export function flakyIngest() {
  const buckets = new Map();
  const bucket = (name) => {
    if (!buckets.has(name)) buckets.set(name, newBucket());
    return buckets.get(name);
  };

  return async function flakyIngestMiddleware(ctx, next) {
    if (!ctx.path.startsWith(PREFIX)) return next();
    const rest = ctx.path.slice(PREFIX.length).split('/').filter(Boolean);
    const [name, ...tail] =
      rest[0] === 'v1' || rest[0] === 'state' || rest[0] === 'reset' ? ['default', ...rest] : rest;
    const action = tail.join('/');
    const b = bucket(name);

    if (ctx.method === 'GET' && action === 'state') {
      ctx.type = 'application/json';
      ctx.set('Cache-Control', 'no-store');
      ctx.body = JSON.stringify({
        mode: b.mode,
        requests: b.requests,
        failed: b.failed,
        dropped: b.dropped,
        beacons: b.beacons,
        received: b.received,
        unique: b.ids.size,
        duplicates: b.duplicates,
        ids: [...b.ids],
      });
      return;
    }
    if (ctx.method === 'POST' && action === 'reset') {
      const text = await readBody(ctx.req);
      const opts = text ? JSON.parse(text) : {};
      buckets.set(name, newBucket(opts.mode, opts.retryAfter));
      ctx.type = 'application/json';
      ctx.body = '{"ok":true}';
      return;
    }
    if (ctx.method !== 'POST' || action !== 'v1/events') return next();

    b.requests++;
    // The shipper's beacon sends text/plain (a CORS-safelisted type, so no preflight); fetch sends JSON.
    if (ctx.get('content-type').startsWith('text/plain')) b.beacons++;
    if (b.mode === 'down') {
      b.failed++;
      ctx.status = 503;
      ctx.body = '{"error":"down"}';
      return;
    }
    const flaky = b.mode === 'flaky';
    const turn = b.n++;
    if (flaky && turn % 2 === 1) {
      b.failed++;
      if (b.retryAfter !== undefined) ctx.set('Retry-After', String(b.retryAfter));
      ctx.status = 503;
      ctx.type = 'application/json';
      ctx.body = '{"error":"unavailable"}';
      return;
    }
    const dropKind = flaky && turn % 6 === 2 ? 'before' : flaky && turn % 6 === 4 ? 'after' : null;
    let text;
    try {
      text = await readBody(ctx.req);
    } catch {
      ctx.status = 413;
      ctx.body = '{"error":"too large"}';
      return;
    }
    if (dropKind === 'before') {
      b.dropped++;
      drop(ctx);
      return;
    }
    let batch;
    try {
      batch = JSON.parse(text);
    } catch {
      ctx.status = 400;
      ctx.body = '{"error":"invalid JSON"}';
      return;
    }
    if (!Array.isArray(batch)) {
      ctx.status = 400;
      ctx.body = '{"error":"expected an array"}';
      return;
    }
    let accepted = 0,
      duplicates = 0;
    const rejected = [];
    batch.forEach((e, index) => {
      if (!e || typeof e.id !== 'string' || typeof e.type !== 'string') {
        rejected.push({ index, code: 'bad_event', message: 'expected an event with an id and a type' });
        return;
      }
      if (e.attrs && e.attrs.reject === true) {
        rejected.push({ index, code: 'rejected_by_test', message: 'this receiver refuses events marked reject' });
        return;
      }
      b.received++;
      if (b.ids.has(e.id)) {
        duplicates++;
        b.duplicates++;
      } else {
        b.ids.add(e.id);
        accepted++;
      }
    });
    if (dropKind === 'after') {
      b.dropped++;
      drop(ctx);
      return;
    }
    ctx.type = 'application/json';
    ctx.body = JSON.stringify({ accepted, duplicates, rejected });
  };
}
