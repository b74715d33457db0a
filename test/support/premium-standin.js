// A stand-in for the premium station's server (POST /v1/assemble) in the browser tests, served by
// the test runner's dev server. It answers like src/server/assemble.ts — JSON, or SSE with
// `event: chunk` {text, attempt} and a final `event: verdict` — without any upstream model.
//
// Paths (one independent stand-in per <bucket>):
//   POST /__test/premium/<bucket>/v1/assemble   → the answer, by the bucket's mode
//   GET  /__test/premium/<bucket>/state         → {mode, requests, bodies: [request bodies]}
//   POST /__test/premium/<bucket>/reset         body: {mode?, layout?, ops?, delayMs?, model?, usage?}
// A request with mode "patch" (a refine) is answered {ops: the bucket's ops, …} in modes ok and slow.
// Modes: 'ok' (default: answers `layout`, or a small valid layout titled by the intent),
//   'down' (503 no_upstream), 'error' (500 internal), 'slow' (like ok, each SSE chunk `delayMs`
//   apart, default 200), 'invalid' (422 layout_invalid with issues, as after a failed repair).

const PREFIX = '/__test/premium';

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function defaultLayout(intent) {
  const title = String(intent).slice(0, 80) || 'Page';
  return {
    version: 1,
    title,
    root: 'page',
    data: { form: { email: '' } },
    nodes: [
      { id: 'page', type: 'stack', children: ['h', 'f'] },
      { id: 'h', type: 'heading', props: { text: title, level: 1 } },
      { id: 'f', type: 'form', props: { action: 'submit', submitLabel: 'Send' }, children: ['email'] },
      { id: 'email', type: 'text-field', props: { label: 'Email', bind: '/form/email', inputType: 'email' } },
    ],
  };
}

const newBucket = (o = {}) => ({
  mode: o.mode ?? 'ok',
  layout: o.layout,
  ops: o.ops,
  delayMs: o.delayMs ?? 200,
  model: o.model ?? 'standin-premium',
  usage: o.usage ?? { inputTokens: 1200, outputTokens: 300 },
  requests: 0,
  bodies: [],
});
const wait = (ms) => new Promise((r) => setTimeout(r, ms));

export function premiumStandin() {
  const buckets = new Map();
  const bucket = (name) => {
    if (!buckets.has(name)) buckets.set(name, newBucket());
    return buckets.get(name);
  };

  return async function premiumStandinMiddleware(ctx, next) {
    if (!ctx.path.startsWith(PREFIX + '/')) return next();
    const [name = 'default', ...tail] = ctx.path.slice(PREFIX.length + 1).split('/');
    const action = tail.join('/');
    const b = bucket(name);
    ctx.set('Cache-Control', 'no-store');

    if (ctx.method === 'GET' && action === 'state') {
      ctx.type = 'application/json';
      ctx.body = JSON.stringify({ mode: b.mode, requests: b.requests, bodies: b.bodies });
      return;
    }
    if (ctx.method === 'POST' && action === 'reset') {
      const text = await readBody(ctx.req);
      buckets.set(name, newBucket(text ? JSON.parse(text) : {}));
      ctx.type = 'application/json';
      ctx.body = '{"ok":true}';
      return;
    }
    if (ctx.method !== 'POST' || action !== 'v1/assemble') return next();

    b.requests++;
    let body;
    try {
      body = JSON.parse(await readBody(ctx.req));
    } catch {
      ctx.status = 400;
      ctx.type = 'application/json';
      ctx.body = JSON.stringify({ error: { code: 'bad_json', message: 'The body is not valid JSON.' } });
      return;
    }
    b.bodies.push(body);
    ctx.type = 'application/json';
    if (b.mode === 'down') {
      ctx.status = 503;
      ctx.body = JSON.stringify({
        error: { code: 'no_upstream', message: 'no upstream model is configured; set JIG_UPSTREAM_URL' },
      });
      return;
    }
    if (b.mode === 'error') {
      ctx.status = 500;
      ctx.body = JSON.stringify({ error: { code: 'internal', message: 'An unexpected server error.' } });
      return;
    }
    if (b.mode === 'invalid') {
      ctx.status = 422;
      ctx.body = JSON.stringify({
        error: { code: 'layout_invalid', message: 'the layout failed the gates after one repair (1 issues)' },
        layout: null,
        model: b.model,
        usage: b.usage,
        repaired: true,
        issues: [
          { gate: 'catalog', code: 'unknown_type', path: '/nodes/0/type', message: 'unknown component "carousel"' },
        ],
      });
      return;
    }
    if (body.mode === 'patch') {
      // A refine (mode "patch"): the bucket's `ops`, as a server that gated them would answer. The page
      // applies them to its own layout and gates them again, so a bucket may hold hostile ops on purpose.
      ctx.body = JSON.stringify({
        ops: b.ops ?? [],
        layout: body.layout,
        model: b.model,
        usage: b.usage,
        repaired: false,
      });
      return;
    }
    const layout = b.layout ?? defaultLayout(body.intent);
    const verdict = { layout, model: b.model, usage: b.usage, repaired: false };
    if (!(ctx.get('accept') || '').includes('text/event-stream')) {
      ctx.body = JSON.stringify(verdict);
      return;
    }

    const text = JSON.stringify(layout);
    const pieces = [];
    for (let i = 0; i < text.length; i += 40) pieces.push(text.slice(i, i + 40));
    const slow = b.mode === 'slow';
    const { Readable } = await import('node:stream');
    ctx.status = 200;
    ctx.type = 'text/event-stream; charset=utf-8';
    ctx.body = Readable.from(
      (async function* () {
        for (const p of pieces) {
          if (slow) await wait(b.delayMs);
          yield `event: chunk\ndata: ${JSON.stringify({ text: p, attempt: 1 })}\n\n`;
        }
        yield `event: verdict\ndata: ${JSON.stringify(verdict)}\n\n`;
      })(),
    );
  };
}
