// Hostile input to the retraining, model-serving and line-version endpoints, over real HTTP on
// 127.0.0.1: every refusal has a code (and the path of the field at fault), nothing stored changes.
// Where a test needs a training run, the interpreter (JIG_PYTHON) is a stand-in script that answers
// the import check and writes a small .gguf, the way stand-in.ts stands in for the paid upstream.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { requestEvents, simLayout } from '../../../eval/replay-sim.js';
import { get, post, testServer, type TestServer } from './helpers.js';

const ADMIN = { authorization: 'Bearer admin-secret' };
const REPO = join(import.meta.dirname, '..', '..', '..');
const WORK = join(REPO, 'scripts', 'train', 'work');

/** A JSON answer as the tests read it: an error's code and path, or whatever else it holds. */
type Answer = { error?: { code?: string; path?: string; message?: string } } & Record<string, unknown>;

/** A request with the path sent byte for byte (fetch would normalise dot segments and encodings). */
function raw(
  url: string,
  path: string,
  method = 'GET',
  headers: Record<string, string> = {},
): Promise<{
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: Answer | undefined;
}> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: Answer | undefined;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode!, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

async function withPython<T>(python: string, env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved: Record<string, string | undefined> = { JIG_PYTHON: process.env.JIG_PYTHON };
  for (const k of Object.keys(env)) saved[k] = process.env[k];
  process.env.JIG_PYTHON = python;
  Object.assign(process.env, env);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

// ---------------------------------------------------------------------------------------------
describe('hostile input: GET /v1/models/:file', () => {
  let s: TestServer;
  let models: string;
  const body = Buffer.from('GGUF model bytes for the probe');
  const sha = createHash('sha256').update(body).digest('hex');
  before(async () => {
    s = await testServer();
    models = join(s.dir, 'models');
    mkdirSync(models, { recursive: true });
    writeFileSync(join(models, 'good.gguf'), body);
    writeFileSync(join(s.dir, 'secret.gguf'), 'outside the models folder');
  });
  after(async () => {
    await s.stop();
  });

  test('serves a stored model with its sha256 ETag', async () => {
    const r = await raw(s.url, '/v1/models/good.gguf');
    assert.equal(r.status, 200);
    assert.equal(r.text, body.toString());
    assert.equal(r.headers.etag, `"${sha}"`);
    assert.equal(r.headers['x-content-sha256'], sha);
  });

  test('traversal, encoded slashes, NUL, malformed escapes and long names never reach a file or a 500', async () => {
    for (const path of [
      '/v1/models/..%2fsecret.gguf',
      '/v1/models/%2e%2e%2fsecret.gguf',
      '/v1/models/%2E%2E%2Fsecret.gguf',
      '/v1/models/..%5csecret.gguf',
      '/v1/models/%2e%2e',
      '/v1/models/..',
      '/v1/models/good.gguf%2f..%2f..%2fsecret.gguf',
      '/v1/models/a%00.gguf',
      '/v1/models/good.gguf%00',
      '/v1/models/%E0%A4%A.gguf',
      '/v1/models/%',
      `/v1/models/${'a'.repeat(70)}.gguf`,
      `/v1/models/${'a'.repeat(20_000)}.gguf`,
      '/v1/models/.gguf',
      '/v1/models/-x.gguf',
      '/v1/models/good.GGUF',
      '/v1/models/good.gguf.',
    ]) {
      const r = await raw(s.url, path);
      assert.notEqual(r.status, 200, path);
      assert.ok(r.status < 500, `${path.slice(0, 60)} → ${r.status} ${r.text.slice(0, 200)}`);
      if (r.status !== 431 && r.status !== 414)
        assert.ok(r.json?.error?.code, `${path.slice(0, 60)}: ${r.text.slice(0, 200)}`);
      assert.ok(!r.text.includes('outside the models folder'), path);
    }
  });

  test('a name that fits the pattern but is a directory answers 404 no_model, not 500', async () => {
    mkdirSync(join(models, 'folder.gguf'), { recursive: true });
    const r = await raw(s.url, '/v1/models/folder.gguf');
    assert.equal(r.status, 404, `${r.status} ${r.text}`);
    assert.equal(r.json?.error?.code, 'no_model');
  });

  test('If-None-Match with the exact ETag answers 304', async () => {
    const r = await raw(s.url, '/v1/models/good.gguf', 'GET', { 'if-none-match': `"${sha}"` });
    assert.equal(r.status, 304);
    assert.equal(r.text, '');
  });

  test('If-None-Match with a list that holds the ETag answers 304 (RFC 9110 §13.1.2)', async () => {
    const r = await raw(s.url, '/v1/models/good.gguf', 'GET', { 'if-none-match': `"other", "${sha}"` });
    assert.equal(r.status, 304, `got ${r.status}`);
  });

  test('If-None-Match with the weak form W/"<etag>" answers 304 (weak comparison)', async () => {
    const r = await raw(s.url, '/v1/models/good.gguf', 'GET', { 'if-none-match': `W/"${sha}"` });
    assert.equal(r.status, 304, `got ${r.status}`);
  });

  test('If-None-Match: * on a stored model answers 304', async () => {
    const r = await raw(s.url, '/v1/models/good.gguf', 'GET', { 'if-none-match': '*' });
    assert.equal(r.status, 304, `got ${r.status}`);
  });

  test('If-None-Match that does not match answers 200 with the body', async () => {
    const r = await raw(s.url, '/v1/models/good.gguf', 'GET', { 'if-none-match': '"nope", W/"also-nope"' });
    assert.equal(r.status, 200);
    assert.equal(r.text, body.toString());
  });

  test('HEAD answers the headers without a body; HEAD of a missing model is 404', async () => {
    const r = await raw(s.url, '/v1/models/good.gguf', 'HEAD');
    assert.equal(r.status, 200);
    assert.equal(r.text, '');
    assert.equal(r.headers.etag, `"${sha}"`);
    const cond = await raw(s.url, '/v1/models/good.gguf', 'HEAD', { 'if-none-match': `"${sha}"` });
    assert.equal(cond.status, 304);
    const missing = await raw(s.url, '/v1/models/missing.gguf', 'HEAD');
    assert.equal(missing.status, 404);
  });

  test('other methods answer 405 with a code', async () => {
    for (const m of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const r = await raw(s.url, '/v1/models/good.gguf', m);
      assert.equal(r.status, 405, m);
      assert.equal(r.json?.error?.code, 'method_not_allowed');
    }
  });

  test('a model replaced on disk is served with its new ETag, not a cached one', async () => {
    writeFileSync(join(models, 'swap.gguf'), 'first');
    const a = await raw(s.url, '/v1/models/swap.gguf');
    await new Promise((r) => setTimeout(r, 20));
    writeFileSync(join(models, 'swap.gguf'), 'second');
    const b = await raw(s.url, '/v1/models/swap.gguf');
    assert.equal(b.text, 'second');
    assert.equal(b.headers['x-content-sha256'], createHash('sha256').update('second').digest('hex'));
    assert.notEqual(a.headers.etag, b.headers.etag);
  });
});

// ---------------------------------------------------------------------------------------------
describe('hostile input: POST /v1/lines/:id/retrain before training', () => {
  let s: TestServer;
  const savedPython = process.env.JIG_PYTHON;
  before(async () => {
    // No interpreter: whatever passes validation answers 503 no_pytorch, nothing trains.
    process.env.JIG_PYTHON = '/nonexistent/python3';
    s = await testServer({ JIG_ADMIN_TOKEN: 'admin-secret' });
  });
  after(async () => {
    await s.stop();
    if (savedPython === undefined) delete process.env.JIG_PYTHON;
    else process.env.JIG_PYTHON = savedPython;
  });
  const retrain = (id: string, body: unknown, headers: Record<string, string> = ADMIN) =>
    post(`${s.url}/v1/lines/${id}/retrain`, body, headers);

  test('a bad field is refused with a code AND the JSON Pointer of the field (path)', async () => {
    for (const [body, path] of [
      [{ steps: 0 }, '/steps'],
      [{ canaryShare: 2 }, '/canaryShare'],
      [{ name: '../evil' }, '/name'],
      [{ extra: 1 }, '/extra'],
    ] as const) {
      const r = await retrain('shop', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.json.error.code, 'bad_request');
      assert.equal(r.json.error.path, path, `${JSON.stringify(body)} → ${JSON.stringify(r.json)}`);
    }
  });

  test('a long line id that LINE_ID accepts is not refused for a "name" the client never sent', async () => {
    // "jig-layout-" + id + "-" + 8 base-36 digits passes the 64-character name limit only up to 44.
    const id = 'a'.repeat(45);
    const sanity = await get(`${s.url}/v1/lines/${id}`);
    assert.equal(sanity.status, 200, 'the line id itself is valid');
    const r = await retrain(id, {});
    assert.notEqual(r.status, 400, `${r.status} ${r.text}`);
    assert.equal(r.json.error.code, 'no_pytorch');
  });

  test('prototype keys, duplicate keys and deep nesting are refused with their codes', async () => {
    for (const [text, code] of [
      ['{"__proto__": {"steps": 1}}', 'forbidden_key'],
      ['{"\\u005f_proto__": {"steps": 1}}', 'forbidden_key'],
      ['{"constructor": {"prototype": 1}}', 'forbidden_key'],
      ['{"steps": 1, "steps": 2}', 'duplicate_key'],
      ['{"steps": 1, "st\\u0065ps": 2}', 'duplicate_key'],
      ['['.repeat(40) + ']'.repeat(40), 'too_deep'],
      ['{"steps": NaN}', 'bad_json'],
      ['{"steps": Infinity}', 'bad_json'],
      ['{"steps": 1,}', 'bad_json'],
      ['\u0000', 'bad_json'],
    ] as const) {
      const r = await retrain('shop', text);
      assert.equal(r.status, 400, `${text.slice(0, 40)} → ${r.status} ${r.text}`);
      assert.equal(r.json.error.code, code, `${text.slice(0, 40)} → ${r.text}`);
    }
  });

  test('wrong types, huge numbers and out-of-range values are refused 400 bad_request', async () => {
    for (const body of [
      null,
      [],
      '"steps"',
      42,
      { steps: '5' },
      '{"steps": 1e400}',
      '{"steps": -1e400}',
      { steps: 1.5 },
      { steps: 5001 },
      { steps: 1e21 },
      { minPairs: 1e300 },
      { minPairs: 0.5 },
      { canaryShare: -1e-300 },
      { canaryShare: 1.0000001 },
      { canaryShare: '0.5' },
      '{"canaryShare": 1e400}',
      { name: 5 },
      { name: '' },
      { name: 'a'.repeat(65) },
      { name: 'a/b' },
      { name: 'a\u0000b' },
      { name: 'é' },
      '{"mode": "scratch", "minutes": 1e400}',
      { mode: 'scratch', minutes: -0 },
      '{"mode": "scratch", "repeat": 1e400}',
    ]) {
      const r = await retrain('shop', body);
      assert.equal(r.status, 400, `${JSON.stringify(body)} → ${r.status} ${r.text}`);
      // 1e400 in the text is refused by the body reader, where it stands, before the fields are read.
      const infinite = typeof body === 'string' && body.includes('1e400');
      assert.equal(r.json.error.code, infinite ? 'bad_number' : 'bad_request', JSON.stringify(body));
    }
  });

  test('null for a field is refused like any other wrong type, not read as "use the default"', async () => {
    for (const body of [{ steps: null }, { canaryShare: null }, { name: null }, { mode: null }, { minPairs: null }]) {
      const r = await retrain('shop', body);
      assert.equal(r.status, 400, `${JSON.stringify(body)} → ${r.status} ${r.json?.error?.code}`);
      assert.equal(r.json.error.code, 'bad_request');
    }
  });

  test('valid bodies pass validation (and then find no PyTorch: 503)', async () => {
    for (const body of [
      '',
      {},
      { steps: 1 },
      { steps: 5000, canaryShare: 0, minPairs: 100000, name: 'A' },
      { canaryShare: 1, name: 'a'.repeat(64) },
      { canaryShare: -0 },
      { mode: 'scratch', minutes: 600, repeat: 64 },
      { mode: 'scratch', minutes: 1e-9, repeat: 'balanced' },
    ]) {
      const r = await retrain('shop', body);
      assert.equal(r.status, 503, `${JSON.stringify(body)} → ${r.status} ${r.text}`);
      assert.equal(r.json.error.code, 'no_pytorch');
    }
  });

  test('hostile line ids answer 400 bad_request (or 404), never 500', async () => {
    for (const id of [
      '..%2f..%2fetc',
      '%2e%2e',
      '.hidden',
      '-x',
      'a%00b',
      'a%2fb',
      '%E0%A4%A',
      'a'.repeat(129),
      '%C3%A9',
      'a%20b',
    ]) {
      const r = await raw(s.url, `/v1/lines/${id}/retrain`, 'POST', { ...ADMIN, 'content-type': 'application/json' });
      assert.ok(r.status === 400 || r.status === 404, `${id.slice(0, 40)} → ${r.status} ${r.text}`);
      assert.ok(r.json?.error?.code, `${id.slice(0, 40)} → ${r.text}`);
    }
  });

  test('a query string, a wrong method and a missing token are refused with codes', async () => {
    const q = await post(`${s.url}/v1/lines/shop/retrain?steps=1`, {}, ADMIN);
    assert.equal(q.status, 400);
    assert.equal(q.json.error.code, 'bad_query');
    const m = await get(`${s.url}/v1/lines/shop/retrain`, ADMIN);
    assert.equal(m.status, 405);
    const u = await post(`${s.url}/v1/lines/shop/retrain`, {}, { authorization: 'Bearer wrong' });
    assert.equal(u.status, 401);
    assert.equal(u.json.error.code, 'unauthorized');
  });

  test('a body over the limit answers 413 body_too_large', async () => {
    const r = await retrain('shop', JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) }));
    assert.equal(r.status, 413);
    assert.equal(r.json.error.code, 'body_too_large');
  });
});

// ---------------------------------------------------------------------------------------------
describe('hostile input: POST /v1/lines/:id/retrain with a stand-in interpreter', () => {
  let s: TestServer;
  let python: string;
  let calls: string;
  const standinDir = join(tmpdir(), `jig-attack-standin-${process.pid}`);
  const hadWork = existsSync(WORK);
  const names = [
    'probe-ok',
    'probe-hang',
    'probe-after',
    'keep',
    'probe-busy',
    'probe-busy2',
    'probe-busy3',
    'probe-nopairs',
    'probe-hostile',
  ];

  before(async () => {
    mkdirSync(standinDir, { recursive: true });
    python = join(standinDir, 'python3');
    calls = join(standinDir, 'calls.log');
    // Answers `-c "import torch, numpy"`, prints fine-tune progress and writes --out (or hangs until killed).
    writeFileSync(
      python,
      `#!${process.execPath}
const fs = require('fs');
const args = process.argv.slice(2);
if (process.env.JIG_STANDIN_LOG) fs.appendFileSync(process.env.JIG_STANDIN_LOG, JSON.stringify(args) + '\\n');
if (args[0] === '-c') process.exit(0);
const get = (f) => args[args.indexOf(f) + 1];
const emit = (o) => process.stdout.write(JSON.stringify(o) + '\\n');
emit({ phase: 'loaded', pairs: 1, base: 'base', params: 1, samples: 1 });
emit({ step: 1, steps: 1, loss: 1, etaSeconds: 0 });
const finish = () => {
  const data = Buffer.from('GGUF stand-in ' + (process.env.JIG_STANDIN_TAG || '') + ' ' + get('--name'));
  fs.writeFileSync(get('--out'), data);
  emit({ phase: 'done', name: get('--name'), file: get('--out'), bytes: data.length, sha256: 'x', steps: 1, batch: 1, lr: 1, seed: 1, threads: 1, lossBefore: 1, lossAfter: 1, config: { ctx: 64, vocab: 64 } });
};
const mode = process.env.JIG_STANDIN_MODE || 'ok';
if (mode === 'hang') setInterval(() => emit({ step: 1, steps: 1, loss: 1, etaSeconds: 1 }), 100);
else if (mode === 'slow') setTimeout(finish, Number(process.env.JIG_STANDIN_MS || 1500));
else finish();
`,
    );
    chmodSync(python, 0o755);
    // The base rows a fine-tune mixes in, so the stand-in run does not build the whole data set.
    for (const n of names) {
      const base = join(WORK, `retrain-${n}`, 'base');
      mkdirSync(base, { recursive: true });
      const rows = Array.from({ length: 40 }, (_, i) =>
        JSON.stringify({ intent: `row ${i}`, class: 'c', text: 'stack' }),
      );
      writeFileSync(join(base, 'train.jsonl'), rows.join('\n') + '\n');
      writeFileSync(join(base, 'valid.jsonl'), rows.slice(0, 2).join('\n') + '\n');
    }
    s = await testServer({ JIG_ADMIN_TOKEN: 'admin-secret' });
    const events = ['Newsletter sign-up', 'Team page', 'Sales dashboard'].flatMap((intent, i) =>
      requestEvents({
        line: 'shop',
        version: '1',
        session: `s${i}`,
        intent,
        intentClass: 'c',
        attempts: [
          { station: 'browser', ok: false },
          { station: 'premium', ok: true, cost: 0.002 },
        ],
        rendered: { station: 'premium', layout: simLayout(`${intent} layout`) },
        rating: 'up',
      }),
    );
    const ing = await fetch(`${s.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: events.map((e) => JSON.stringify(e)).join('\n'),
    });
    assert.ok(ing.ok, await ing.text());
  });
  after(async () => {
    await s.stop();
    for (const n of names) rmSync(join(WORK, `retrain-${n}`), { recursive: true, force: true });
    if (!hadWork && existsSync(WORK) && readdirSync(WORK).length === 0) rmSync(WORK, { recursive: true });
    rmSync(standinDir, { recursive: true, force: true });
  });

  const start = (body: unknown, signal?: AbortSignal) =>
    fetch(`${s.url}/v1/lines/shop/retrain`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...ADMIN },
      body: JSON.stringify(body),
      ...(signal ? { signal } : {}),
    });
  const ndjson = async (res: Response) =>
    (await res.text())
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));

  test('a stand-in run streams progress and finishes', async () => {
    await withPython(python, { JIG_STANDIN_MODE: 'ok' }, async () => {
      const res = await start({ name: 'probe-ok', minPairs: 1, steps: 1 });
      assert.equal(res.status, 200);
      const lines = await ndjson(res);
      assert.equal(lines.at(-1).phase, 'finished', JSON.stringify(lines));
      const m = await raw(s.url, '/v1/models/probe-ok.gguf');
      assert.equal(m.status, 200);
      assert.match(m.text, /GGUF stand-in/);
    });
  });

  test('a second job while one runs answers 409 retrain_running; the first still finishes', async () => {
    await withPython(python, { JIG_STANDIN_MODE: 'slow', JIG_STANDIN_MS: '1500' }, async () => {
      // The answer's head arrives once the job holds the slot.
      const first = await start({ name: 'probe-busy', minPairs: 1, steps: 1 });
      assert.equal(first.status, 200);
      const second = await post(`${s.url}/v1/lines/shop/retrain`, { name: 'probe-busy2', minPairs: 1 }, ADMIN);
      assert.equal(second.status, 409, second.text);
      assert.equal(second.json.error.code, 'retrain_running');
      const lines = await ndjson(first);
      assert.equal(lines.at(-1).phase, 'finished', JSON.stringify(lines.at(-1)));
    });
  });

  test('refusing a second job while one runs does not start another interpreter each time', async () => {
    await withPython(python, { JIG_STANDIN_MODE: 'slow', JIG_STANDIN_MS: '2500', JIG_STANDIN_LOG: calls }, async () => {
      rmSync(calls, { force: true });
      const first = await start({ name: 'probe-busy3', minPairs: 1, steps: 1 });
      assert.equal(first.status, 200);
      const checks = () =>
        readFileSync(calls, 'utf8')
          .trim()
          .split('\n')
          .filter((l) => l.startsWith('["-c"')).length;
      // Past its own checks: the stand-in is "training".
      while (!readFileSync(calls, 'utf8').includes('finetune.py')) await new Promise((r) => setTimeout(r, 50));
      const before = checks();
      const refused = await Promise.all(
        Array.from({ length: 8 }, () =>
          post(`${s.url}/v1/lines/shop/retrain`, { name: 'probe-busy2', minPairs: 1 }, ADMIN),
        ),
      );
      for (const r of refused) assert.equal(r.status, 409);
      const afterCount = checks();
      await first.text();
      assert.equal(
        afterCount - before,
        0,
        `8 refused requests started ${afterCount - before} "import torch, numpy" interpreter processes`,
      );
    });
  });

  test('a client that disconnects mid-stream releases the job: the next one is not refused 409', async () => {
    await withPython(python, { JIG_STANDIN_MODE: 'hang' }, async () => {
      const ac = new AbortController();
      const res = await start({ name: 'probe-hang', minPairs: 1, steps: 1 }, ac.signal);
      assert.equal(res.status, 200);
      const reader = res.body!.getReader();
      let seen = '';
      while (!seen.includes('"step"')) {
        const { value, done } = await reader.read();
        if (done) break;
        seen += new TextDecoder().decode(value);
      }
      ac.abort();
      await reader.cancel().catch(() => {});
    });
    await withPython(python, { JIG_STANDIN_MODE: 'ok' }, async () => {
      let last: { status: number; text: string } = { status: 0, text: '' };
      for (let i = 0; i < 30; i++) {
        const res = await start({ name: 'probe-after', minPairs: 1, steps: 1 });
        last = { status: res.status, text: await res.text() };
        if (res.status !== 409) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      assert.equal(last.status, 200, `still ${last.status} 6 s after the client went away: ${last.text}`);
      assert.match(last.text, /"phase":"finished"/);
    });
  });

  test('a job that fails for want of pairs ends with an error line and releases the job', async () => {
    await withPython(python, { JIG_STANDIN_MODE: 'ok' }, async () => {
      const res = await start({ name: 'probe-nopairs', minPairs: 100000, steps: 1 });
      assert.equal(res.status, 200);
      const last = (await ndjson(res)).at(-1);
      assert.equal(last.phase, 'error');
      assert.equal(last.code, 'no_pairs');
      const again = await start({ name: 'probe-nopairs', minPairs: 100000, steps: 1 });
      assert.equal(again.status, 200);
      assert.equal((await ndjson(again)).at(-1).code, 'no_pairs');
    });
  });

  test('a hostile stored config does not break a finished job or get changed by it', async () => {
    const hostile = { stations: { kind: 'browser' }, version: 'x'.repeat(1000), nested: [[[[[[[[[[[]]]]]]]]]]] };
    assert.equal((await post(`${s.url}/v1/lines/shop/versions`, { config: hostile }, ADMIN)).status, 201);
    const stored = (await get(`${s.url}/v1/lines/shop`)).json;
    await withPython(python, { JIG_STANDIN_MODE: 'ok' }, async () => {
      const res = await start({ name: 'probe-hostile', minPairs: 1, steps: 1 });
      const last = (await ndjson(res)).at(-1);
      assert.equal(last.phase, 'finished', JSON.stringify(last));
      assert.equal(last.version, null);
      assert.match(last.note, /does not pass the config check/);
    });
    assert.deepEqual((await get(`${s.url}/v1/lines/shop`)).json, stored);
  });

  test('retraining under the name of a stored model does not overwrite it (models are immutable under their name)', async () => {
    const models = join(s.dir, 'models');
    mkdirSync(models, { recursive: true });
    const original = Buffer.from('the model the current version serves');
    const sha = createHash('sha256').update(original).digest('hex');
    writeFileSync(join(models, 'keep.gguf'), original);
    const config = {
      id: 'shop',
      stations: [
        {
          kind: 'browser',
          engines: [
            {
              kind: 'wllama',
              model: 'keep',
              options: { modelUrl: '/v1/models/keep.gguf', promptFormat: 'jig-layout-v1', sha256: sha },
            },
          ],
        },
        { kind: 'fallback', layout: simLayout('Sorry') },
      ],
    };
    assert.equal((await post(`${s.url}/v1/lines/shop/versions`, { config }, ADMIN)).status, 201);
    const cached = await raw(s.url, '/v1/models/keep.gguf');
    assert.equal(cached.headers.etag, `"${sha}"`);
    await withPython(python, { JIG_STANDIN_MODE: 'ok', JIG_STANDIN_TAG: 'REPLACEMENT' }, async () => {
      const res = await start({ name: 'keep', minPairs: 1, steps: 1 });
      const text = await res.text();
      assert.equal(res.status, 409, text);
      assert.equal(JSON.parse(text).error.code, 'model_exists');
      assert.equal(JSON.parse(text).error.path, '/name');
      const now = readFileSync(join(models, 'keep.gguf'));
      assert.equal(
        now.toString(),
        original.toString(),
        `the stored keep.gguf was overwritten (answer ${res.status}: ${text.split('\n').filter(Boolean).at(-1)?.slice(0, 200)})`,
      );
    });
  });
});

// ---------------------------------------------------------------------------------------------
describe('hostile input: line versions with hostile configs', () => {
  let s: TestServer;
  before(async () => {
    s = await testServer({ JIG_ADMIN_TOKEN: 'admin-secret' });
  });
  after(async () => {
    await s.stop();
  });
  const deploy = (id: string, body: unknown) => post(`${s.url}/v1/lines/${id}/versions`, body, ADMIN);
  const read = async (id: string) => (await get(`${s.url}/v1/lines/${id}`)).json;

  test('hostile deploys are refused with a code and leave the stored line exactly as it was', async () => {
    assert.equal((await deploy('keep', { config: { prompt: 'v1' } })).status, 201);
    assert.equal((await deploy('keep', { config: { prompt: 'v2' }, canaryShare: 0.3 })).status, 201);
    const stored = await read('keep');
    const deep = (n: number): unknown => (n === 0 ? 1 : { a: deep(n - 1) });
    for (const [text, code, path] of [
      [JSON.stringify({ config: deep(40) }), 'too_deep', undefined],
      ['{"config": {"__proto__": {"polluted": true}}}', 'forbidden_key', undefined],
      ['{"config": {"a": {"constructor": {"prototype": {}}}}}', 'forbidden_key', undefined],
      ['{"config": {"a": 1, "a": 2}}', 'duplicate_key', undefined],
      [JSON.stringify({ config: { big: Array.from({ length: 60_000 }, (_, i) => i) } }), 'bad_request', '/config'],
      [JSON.stringify({ config: {}, canaryShare: 1.5 }), 'bad_request', '/canaryShare'],
      [JSON.stringify({ config: {}, canaryShare: '0.5' }), 'bad_request', '/canaryShare'],
      ['{"config": {}, "canaryShare": 1e400}', 'bad_number', '/canaryShare'],
      [JSON.stringify({ config: [] }), 'bad_request', '/config'],
      [JSON.stringify({ config: null }), 'bad_request', '/config'],
      [JSON.stringify({ config: {}, extra: 1 }), 'bad_request', '/extra'],
      [JSON.stringify({}), 'bad_request', '/config'],
      ['[]', 'bad_request', ''],
      ['not json', 'bad_json', undefined],
      [JSON.stringify({ config: { s: 'x'.repeat(70_000) } }), 'string_too_long', undefined],
    ] as const) {
      const r = await deploy('keep', text);
      assert.equal(r.status, 400, `${text.slice(0, 50)} → ${r.status} ${r.text.slice(0, 200)}`);
      assert.equal(r.json.error.code, code, `${text.slice(0, 50)} → ${r.text.slice(0, 200)}`);
      if (path !== undefined) assert.equal(r.json.error.path, path, `${text.slice(0, 50)} → ${r.text.slice(0, 200)}`);
    }
    assert.deepEqual(await read('keep'), stored);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test('a number too large for a double is refused, not stored silently as null', async () => {
    const r = await deploy('numbers', '{"config": {"limit": 1e400, "ok": 1}}');
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.error.code, 'bad_number');
    assert.equal(r.json.error.path, '/config/limit');
    assert.equal((await get(`${s.url}/v1/lines/numbers`)).json.current, null);
  });

  test('lone surrogates, odd keys and a config at the size limit round-trip unchanged', async () => {
    const config = {
      'a/b~c': '\ud800',
      '': 'empty key',
      é: ['\u0000', '\u2028'],
      nested: { deep: { deeper: [1, -0.5, 1e-300, 1.7976931348623157e308] } },
    };
    const r = await deploy('odd', { config });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual((await read('odd')).current.config, config);
    const big = { fill: 'x'.repeat(60_000), more: Array.from({ length: 20_000 }, () => 'y') };
    const b = await deploy('odd', { config: big });
    assert.equal(b.status, 201, b.text);
    assert.deepEqual((await read('odd')).current.config, big);
  });

  test('twenty deploys at once get twenty distinct versions; none is lost', async () => {
    const rs = await Promise.all(Array.from({ length: 20 }, (_, i) => deploy('race', { config: { n: i } })));
    for (const r of rs) assert.equal(r.status, 201, r.text);
    const versions = rs.map((r) => r.json.version).sort((a, b) => a - b);
    assert.deepEqual(
      versions,
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    const line = await read('race');
    assert.equal(line.history.length, 20);
  });

  test('promote and rollback with hostile bodies answer codes and change nothing', async () => {
    assert.equal((await deploy('pr', { config: { v: 1 } })).status, 201);
    assert.equal((await deploy('pr', { config: { v: 2 } })).status, 201);
    const stored = await read('pr');
    for (const [text, code] of [
      ['{"reason": 5}', 'bad_request'],
      [JSON.stringify({ reason: 'r'.repeat(2001) }), 'bad_request'],
      ['[]', 'bad_request'],
      ['"reason"', 'bad_request'],
      ['{"__proto__": {}}', 'forbidden_key'],
      ['{"reason": "a", "reason": "b"}', 'duplicate_key'],
      ['{', 'bad_json'],
    ] as const) {
      const r = await post(`${s.url}/v1/lines/pr/rollback`, text, ADMIN);
      assert.equal(r.status, 400, `${text.slice(0, 40)} → ${r.status} ${r.text}`);
      assert.equal(r.json.error.code, code, `${text.slice(0, 40)} → ${r.text}`);
    }
    const p = await post(`${s.url}/v1/lines/pr/promote`, '', ADMIN);
    assert.equal(p.status, 409);
    assert.equal(p.json.error.code, 'no_canary');
    assert.deepEqual(await read('pr'), stored);
  });

  test('hostile line ids on the version endpoints answer 400 with a code', async () => {
    for (const id of ['..%2fkeep', '%2e%2e', 'a%00', 'a'.repeat(129), '%E0%A4%A']) {
      for (const [method, path] of [
        ['GET', `/v1/lines/${id}`],
        ['POST', `/v1/lines/${id}/versions`],
        ['POST', `/v1/lines/${id}/promote`],
        ['POST', `/v1/lines/${id}/rollback`],
      ] as const) {
        const r = await raw(s.url, path, method, { ...ADMIN, 'content-type': 'application/json' });
        assert.ok(r.status === 400 || r.status === 404, `${method} ${path.slice(0, 50)} → ${r.status} ${r.text}`);
        assert.ok(r.json?.error?.code, `${method} ${path.slice(0, 50)} → ${r.text}`);
      }
    }
  });
});
