import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { retryAfterMs } from '../../../src/server/upstream.js';
import { startStandIn, type StandIn } from './stand-in.js';
import { get, makeEvent, post, SITE_AUTH, testServer, type TestServer } from './helpers.js';

const isJsonError = (json: any, code: string) => {
  assert.equal(typeof json?.error?.message, 'string', JSON.stringify(json));
  assert.equal(json.error.code, code);
};

describe('request limits', () => {
  let server: TestServer;
  before(async () => {
    server = await testServer({ JIG_BODY_LIMIT: '65536', JIG_JSON_MAX_DEPTH: '16', JIG_JSON_MAX_STRING: '4096' });
  });
  after(async () => {
    await server.stop();
  });

  test("the access log names each refused request's error code, and a successful one has none", async () => {
    const from = server.logs.length;
    await post(`${server.url}/v1/lines/log-check/versions`, '{"config": ');
    await get(`${server.url}/healthz`);
    const [refused, ok] = server.logs.slice(from);
    assert.equal(refused?.status, 400);
    assert.equal(refused?.code, 'bad_json');
    assert.equal(ok?.status, 200);
    assert.equal(ok?.code, undefined);
  });

  test('a body over JIG_BODY_LIMIT is 413, declared or streamed', async () => {
    const big = await post(`${server.url}/v1/lines/l1/versions`, { config: { blob: 'x'.repeat(100_000) } });
    assert.equal(big.status, 413);
    isJsonError(big.json, 'body_too_large');
    // Chunked, without a Content-Length: the limit applies while reading.
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 20; i++) c.enqueue(new Uint8Array(8192).fill(32));
        c.close();
      },
    });
    const res = await fetch(`${server.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    assert.equal(res.status, 413);
    isJsonError(await res.json(), 'body_too_large');
  });

  test('malformed JSON is 400 bad_json', async () => {
    for (const path of ['/v1/assemble', '/v1/events', '/v1/lines/l1/versions']) {
      const r = await post(`${server.url}${path}`, '{"intent": "x",');
      assert.equal(r.status, 400, path);
      isJsonError(r.json, 'bad_json');
    }
  });

  test('hostile bodies (prototype keys, deep nesting, huge strings) are 400 and the server carries on', async () => {
    const cases: Array<[string, string, string]> = [
      ['/v1/lines/l1/versions', '{"config": {"__proto__": {"polluted": true}}}', 'forbidden_key'],
      ['/v1/lines/l1/versions', '{"config": {"a": {"constructor": {"prototype": {}}}}}', 'forbidden_key'],
      ['/v1/assemble', `{"intent": "x", "context": ${'['.repeat(5000)}${']'.repeat(5000)}}`, 'too_deep'],
      ['/v1/events', `${'['.repeat(20000)}${']'.repeat(20000)}`, 'too_deep'],
      ['/v1/assemble', JSON.stringify({ intent: 'x', context: { note: 'y'.repeat(10_000) } }), 'string_too_long'],
    ];
    for (const [path, body, code] of cases) {
      const r = await post(`${server.url}${path}`, body);
      assert.equal(r.status, 400, `${path} ${code}`);
      isJsonError(r.json, code);
    }
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal((await get(`${server.url}/healthz`)).json.ok, true);
    // Hostile events are refused one by one; their good neighbours are kept.
    const good = makeEvent();
    const r = await post(
      `${server.url}/v1/events`,
      `[${JSON.stringify(good)}, {"__proto__": {"x": 1}, "id": "y"}, ${JSON.stringify({ ...makeEvent(), attrs: { big: 'z'.repeat(20_000) } })}]`,
    );
    assert.equal(r.status, 200);
    assert.equal(r.json.accepted, 1);
    assert.deepEqual(
      r.json.rejected.map((x: { index: number; code: string }) => [x.index, x.code]),
      [
        [1, 'forbidden_key'],
        [2, 'bad_attr'],
      ],
    );
  });

  test('unknown paths are 404 and wrong methods 405, both as JSON errors', async () => {
    const nf = await get(`${server.url}/nope`);
    assert.equal(nf.status, 404);
    isJsonError(nf.json, 'not_found');
    const na = await get(`${server.url}/v1/assemble`);
    assert.equal(na.status, 405);
    isJsonError(na.json, 'method_not_allowed');
  });

  test('assemble needs a JSON content type (so browsers must preflight it)', async () => {
    const r = await post(`${server.url}/v1/assemble`, '{"intent":"x"}', { 'content-type': 'text/plain' });
    assert.equal(r.status, 415);
    isJsonError(r.json, 'unsupported_media_type');
  });
});

describe('origins', () => {
  test('with JIG_ALLOWED_ORIGINS unset, only requests without an Origin or from the server itself pass', async () => {
    const server = await testServer({});
    try {
      assert.equal((await get(`${server.url}/healthz`)).status, 200);
      assert.equal((await get(`${server.url}/healthz`, { origin: server.url })).status, 200);
      const r = await post(`${server.url}/v1/events`, [makeEvent()], { origin: 'https://shop.example' });
      assert.equal(r.status, 403);
      isJsonError(r.json, 'origin_not_allowed');
    } finally {
      await server.stop();
    }
  });

  test('a listed origin gets CORS headers and its preflight; an unlisted one gets 403', async () => {
    const server = await testServer({ JIG_ALLOWED_ORIGINS: 'https://shop.example, https://other.example' });
    try {
      const pre = await fetch(`${server.url}/v1/assemble`, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://shop.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
      assert.equal(pre.status, 204);
      assert.equal(pre.headers.get('access-control-allow-origin'), 'https://shop.example');
      assert.match(pre.headers.get('access-control-allow-methods')!, /POST/);
      assert.match(pre.headers.get('access-control-allow-headers')!, /Content-Type/i);
      const ok = await post(`${server.url}/v1/events`, [makeEvent()], { origin: 'https://shop.example' });
      assert.equal(ok.status, 200);
      assert.equal(ok.headers.get('access-control-allow-origin'), 'https://shop.example');
      const badPre = await fetch(`${server.url}/v1/assemble`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      });
      assert.equal(badPre.status, 403);
      assert.equal(badPre.headers.get('access-control-allow-origin'), null);
      assert.equal(
        (await post(`${server.url}/v1/events`, [makeEvent()], { origin: 'https://evil.example' })).status,
        403,
      );
    } finally {
      await server.stop();
    }
  });
});

describe('rate limits', () => {
  test('each client has a token bucket per endpoint group; an empty one answers 429 with Retry-After', async () => {
    let clock = 1_000_000;
    const up = await startStandIn();
    const server = await testServer(
      {
        JIG_UPSTREAM_URL: up.url,
        JIG_RATE_ASSEMBLE_PER_MIN: '6',
        JIG_RATE_ASSEMBLE_BURST: '2',
        JIG_RATE_EVENTS_PER_MIN: '60',
        JIG_RATE_EVENTS_BURST: '3',
        JIG_RATE_READ_BURST: '2',
      },
      { now: () => clock },
    );
    try {
      assert.equal((await post(`${server.url}/v1/assemble`, { intent: 'x' })).status, 200);
      assert.equal((await post(`${server.url}/v1/assemble`, { intent: 'x' })).status, 200);
      const limited = await post(`${server.url}/v1/assemble`, { intent: 'x' });
      assert.equal(limited.status, 429);
      isJsonError(limited.json, 'rate_limited');
      assert.equal(limited.headers.get('retry-after'), '10', '6 a minute: one token every 10 s');
      // The events budget is separate: still full.
      for (let i = 0; i < 3; i++) assert.equal((await post(`${server.url}/v1/events`, [makeEvent()])).status, 200);
      const ev = await post(`${server.url}/v1/events`, [makeEvent()]);
      assert.equal(ev.status, 429);
      assert.equal(ev.headers.get('retry-after'), '1');
      // Reads (stats, export, lines) have a budget of their own too.
      assert.equal((await get(`${server.url}/v1/stats`)).status, 200);
      assert.equal((await get(`${server.url}/v1/lines/a`)).status, 200);
      const read = await get(`${server.url}/v1/events`);
      assert.equal(read.status, 429);
      isJsonError(read.json, 'rate_limited');
      // Time refills the bucket.
      clock += 10_000;
      assert.equal((await post(`${server.url}/v1/assemble`, { intent: 'x' })).status, 200);
      assert.equal((await post(`${server.url}/v1/assemble`, { intent: 'x' })).status, 429);
    } finally {
      await server.stop();
      await up.close();
    }
  });
});

describe('upstream failures', () => {
  let up: StandIn;
  before(async () => {
    up = await startStandIn();
  });
  after(async () => {
    await up.close();
  });

  test('an upstream slower than JIG_UPSTREAM_TIMEOUT_MS is 504 upstream_timeout', async () => {
    const server = await testServer({ JIG_UPSTREAM_URL: up.url, JIG_UPSTREAM_TIMEOUT_MS: '200' });
    try {
      up.script({ kind: 'hang' });
      const started = performance.now();
      const r = await post(`${server.url}/v1/assemble`, { intent: 'x' });
      assert.equal(r.status, 504);
      isJsonError(r.json, 'upstream_timeout');
      assert.ok(performance.now() - started < 5000);
    } finally {
      up.script({ kind: 'layout' });
      await server.stop();
    }
  });

  test('a client that goes away cancels its upstream call', { timeout: 10_000 }, async () => {
    const server = await testServer({ JIG_UPSTREAM_URL: up.url });
    try {
      up.script({ kind: 'hang' });
      const called = up.nextCall();
      const hungUp = up.nextHangup();
      const ac = new AbortController();
      const pending = fetch(`${server.url}/v1/assemble`, {
        method: 'POST',
        headers: { ...SITE_AUTH, 'content-type': 'application/json' },
        body: '{"intent":"x"}',
        signal: ac.signal,
      }).catch((e: Error) => e.name);
      await called;
      ac.abort();
      assert.equal(await pending, 'AbortError');
      await hungUp; // the server closed its upstream request: this resolves instead of hanging
      assert.equal(
        (await get(`${server.url}/healthz`)).json.upstream,
        'closed',
        'a client leaving is not an upstream failure',
      );
    } finally {
      up.script({ kind: 'layout' });
      await server.stop();
    }
  });

  test('a streaming client that disconnects mid-stream cancels the upstream stream', { timeout: 10_000 }, async () => {
    const server = await testServer({ JIG_UPSTREAM_URL: up.url, JIG_BREAKER_THRESHOLD: '1' });
    try {
      up.script({ kind: 'stall' });
      const hungUp = up.nextHangup();
      const ac = new AbortController();
      const res = await fetch(`${server.url}/v1/assemble`, {
        method: 'POST',
        headers: { ...SITE_AUTH, 'content-type': 'application/json', accept: 'text/event-stream' },
        body: '{"intent":"x"}',
        signal: ac.signal,
      });
      const reader = res.body!.getReader();
      const first = new TextDecoder().decode((await reader.read()).value);
      assert.match(first, /event: chunk/);
      ac.abort();
      await hungUp;
      up.script({ kind: 'layout' });
      assert.equal(
        (await get(`${server.url}/healthz`)).json.upstream,
        'closed',
        'with a threshold of 1, a counted failure would have opened it',
      );
    } finally {
      up.script({ kind: 'layout' });
      await server.stop();
    }
  });

  test('429 and 5xx are retried a bounded number of times, then 502; a success in between wins', async () => {
    const server = await testServer({
      JIG_UPSTREAM_URL: up.url,
      JIG_UPSTREAM_RETRIES: '2',
      JIG_UPSTREAM_BACKOFF_MS: '5',
      JIG_BREAKER_THRESHOLD: '100',
    });
    try {
      up.calls.length = 0;
      up.script({ kind: 'status', status: 503 });
      const r = await post(`${server.url}/v1/assemble`, { intent: 'x' });
      assert.equal(r.status, 502);
      isJsonError(r.json, 'upstream_error');
      assert.equal(up.calls.length, 3, 'one call and two retries');

      up.calls.length = 0;
      up.script({ kind: 'status', status: 429 }, { kind: 'status', status: 500 }, { kind: 'layout' });
      const ok = await post(`${server.url}/v1/assemble`, { intent: 'x' });
      assert.equal(ok.status, 200);
      assert.equal(up.calls.length, 3);

      // A refusal such as 400 is not retried.
      up.calls.length = 0;
      up.script({ kind: 'status', status: 400 });
      assert.equal((await post(`${server.url}/v1/assemble`, { intent: 'x' })).status, 502);
      assert.equal(up.calls.length, 1);
    } finally {
      up.script({ kind: 'layout' });
      await server.stop();
    }
  });

  test("the upstream's Retry-After is honoured, capped by JIG_UPSTREAM_RETRY_AFTER_CAP_MS", async () => {
    const server = await testServer({
      JIG_UPSTREAM_URL: up.url,
      JIG_UPSTREAM_RETRIES: '1',
      JIG_UPSTREAM_BACKOFF_MS: '1',
      JIG_UPSTREAM_RETRY_AFTER_CAP_MS: '400',
    });
    try {
      up.script({ kind: 'status', status: 429, retryAfter: '4' }, { kind: 'layout' });
      let t = performance.now();
      assert.equal((await post(`${server.url}/v1/assemble`, { intent: 'x' })).status, 200);
      const capped = performance.now() - t;
      assert.ok(capped >= 390 && capped < 3000, `waited ${capped} ms: the 4 s asked, capped at 400 ms`);
      up.script({ kind: 'status', status: 503, retryAfter: '0.15' }, { kind: 'layout' });
      t = performance.now();
      assert.equal((await post(`${server.url}/v1/assemble`, { intent: 'x' })).status, 200);
      const honoured = performance.now() - t;
      assert.ok(honoured >= 140, `waited ${honoured} ms for Retry-After 0.15 s (the backoff alone is ~1 ms)`);
    } finally {
      up.script({ kind: 'layout' });
      await server.stop();
    }
  });

  test('Retry-After is read as seconds or as an HTTP date', () => {
    const now = Date.UTC(2026, 10, 25, 12, 0, 0);
    assert.equal(retryAfterMs('3', now), 3000);
    assert.equal(retryAfterMs('0.5', now), 500);
    assert.equal(retryAfterMs(new Date(now + 7000).toUTCString(), now), 7000);
    assert.equal(retryAfterMs('soon', now), undefined);
    assert.equal(retryAfterMs(null, now), undefined);
  });

  test('an upstream that drops the connection is retried, then 502', async () => {
    const server = await testServer({
      JIG_UPSTREAM_URL: up.url,
      JIG_UPSTREAM_RETRIES: '1',
      JIG_UPSTREAM_BACKOFF_MS: '1',
    });
    try {
      up.calls.length = 0;
      up.script({ kind: 'die' });
      const r = await post(`${server.url}/v1/assemble`, { intent: 'x' });
      assert.equal(r.status, 502);
      isJsonError(r.json, 'upstream_error');
      assert.equal(up.calls.length, 2);
    } finally {
      up.script({ kind: 'layout' });
      await server.stop();
    }
  });

  test('the circuit breaker opens after N failures (503 upstream_unavailable, no upstream calls), half-opens after the cool-down', async () => {
    let clock = 5_000_000;
    const dead = await startStandIn();
    const deadUrl = dead.url;
    await dead.close(); // nothing listens there any more
    const server = await testServer(
      {
        JIG_UPSTREAM_URL: up.url,
        JIG_UPSTREAM_RETRIES: '0',
        JIG_BREAKER_THRESHOLD: '3',
        JIG_BREAKER_COOLDOWN_MS: '30000',
      },
      { now: () => clock },
    );
    const server2 = await testServer(
      {
        JIG_UPSTREAM_URL: deadUrl,
        JIG_UPSTREAM_RETRIES: '0',
        JIG_BREAKER_THRESHOLD: '2',
        JIG_BREAKER_COOLDOWN_MS: '30000',
      },
      { now: () => clock },
    );
    try {
      up.script({ kind: 'status', status: 500 });
      up.calls.length = 0;
      for (let i = 0; i < 3; i++) assert.equal((await post(`${server.url}/v1/assemble`, { intent: 'x' })).status, 502);
      assert.equal(up.calls.length, 3);
      const open = await post(`${server.url}/v1/assemble`, { intent: 'x' });
      assert.equal(open.status, 503);
      isJsonError(open.json, 'upstream_unavailable');
      assert.equal(open.headers.get('retry-after'), '30');
      assert.equal(up.calls.length, 3, 'no call while open');
      assert.equal((await get(`${server.url}/healthz`)).json.upstream, 'open');

      // After the cool-down one probe goes out; it fails, so the breaker opens again.
      clock += 30_000;
      assert.equal((await get(`${server.url}/healthz`)).json.upstream, 'half-open');
      assert.equal((await post(`${server.url}/v1/assemble`, { intent: 'x' })).status, 502);
      assert.equal(up.calls.length, 4);
      assert.equal((await post(`${server.url}/v1/assemble`, { intent: 'x' })).status, 503);
      // Next cool-down: the probe succeeds and the breaker closes.
      clock += 30_000;
      up.script({ kind: 'layout' });
      assert.equal((await post(`${server.url}/v1/assemble`, { intent: 'x' })).status, 200);
      assert.equal((await get(`${server.url}/healthz`)).json.upstream, 'closed');

      // A dead upstream (connection refused) opens it too.
      assert.equal((await post(`${server2.url}/v1/assemble`, { intent: 'x' })).status, 502);
      assert.equal((await post(`${server2.url}/v1/assemble`, { intent: 'x' })).status, 502);
      assert.equal((await post(`${server2.url}/v1/assemble`, { intent: 'x' })).status, 503);
    } finally {
      up.script({ kind: 'layout' });
      await server.stop();
      await server2.stop();
    }
  });
});
