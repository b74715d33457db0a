// Ingest amplification over real HTTP: a junk body costs bounded work and a bounded answer,
// the server keeps answering /healthz meanwhile, and bodies are refused as the gates refuse them.
import assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { after, before, describe, test } from 'node:test';
import { makeEvent, post, testServer, type TestServer } from './helpers.js';

const MB = 1024 * 1024;

async function send(
  url: string,
  body: string,
  type: string | undefined,
): Promise<{ status: number; bytes: number; json: any }> {
  const res = await fetch(`${url}/v1/events`, {
    method: 'POST',
    headers: type === undefined ? {} : { 'content-type': type },
    body: new TextEncoder().encode(body),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, bytes: Buffer.byteLength(text), json };
}

describe('ingest work and answers are bounded', () => {
  let server: TestServer;
  before(async () => {
    server = await testServer({ JIG_RATE_EVENTS_BURST: '100000', JIG_RATE_READ_BURST: '100000' });
  });
  after(async () => {
    await server.stop();
  });

  test('a megabyte of tiny junk lines is refused whole with 413 too_many_events and a short answer', async () => {
    const r = await send(server.url, 'x\n'.repeat(MB / 2 - 1), 'application/x-ndjson');
    assert.equal(r.status, 413);
    assert.equal(r.json.error.code, 'too_many_events');
    assert.ok(r.bytes < 1024, `${r.bytes} bytes`);
  });

  test('a full batch of junk answers the first 200 rejections and the count, not one error per line', async () => {
    const line = `{"junk": "${'j'.repeat(900)}"}`;
    const r = await send(server.url, `${line}\n`.repeat(1000), 'application/x-ndjson');
    assert.equal(r.status, 200);
    assert.equal(r.json.accepted, 0);
    assert.equal(r.json.rejectedCount, 1000);
    assert.equal(r.json.rejected.length, 200);
    assert.deepEqual(
      r.json.rejected.slice(0, 2).map((x: { index: number }) => x.index),
      [0, 1],
    );
    assert.ok(r.bytes < 64 * 1024, `the answer is ${r.bytes} bytes for a ${line.length * 1000}-byte body`);
    // The same as a JSON array, and past the batch limit.
    const arr = await send(
      server.url,
      JSON.stringify(Array.from({ length: 1001 }, () => ({ junk: 1 }))),
      'application/json',
    );
    assert.equal(arr.status, 413);
    assert.equal(arr.json.error.code, 'too_many_events');
  });

  test('/healthz answers every probe while junk is ingested (its latency is printed and benched)', async () => {
    const junk = `${`{"junk": "${'j'.repeat(1000)}"}\n`.repeat(1000)}`;
    const tiny = 'x\n'.repeat(MB / 2 - 1);
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    let flooding = true;
    let junkRequests = 0;
    const flood = async (body: string) => {
      while (flooding) {
        await send(server.url, body, 'application/x-ndjson');
        junkRequests++;
      }
    };
    const floods = [flood(junk), flood(tiny)];
    const samples: number[] = [];
    for (let i = 0; i < 40; i++) {
      const t = performance.now();
      const r = await fetch(`${server.url}/healthz`);
      await r.text();
      samples.push(performance.now() - t);
      assert.equal(r.status, 200);
    }
    flooding = false;
    await Promise.all(floods);
    delay.disable();
    samples.sort((a, b) => a - b);
    const p99 = samples[Math.ceil(0.99 * samples.length) - 1]!;
    const p50 = samples[Math.ceil(0.5 * samples.length) - 1]!;
    console.log(
      `# /healthz under junk ingest: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms over ${samples.length} probes, ${junkRequests} junk requests of ~1 MB; event-loop delay max ${(delay.max / 1e6).toFixed(1)} ms (client and server share this process)`,
    );
    assert.ok(junkRequests >= 3, 'the junk was really being sent');
    // Before the limits, one such request held the loop for 4 to 7 s. The probes' latency is
    // reported above and measured by `npm run bench -- server` (goal p99 < 100 ms), not asserted.
  });
});

describe('what a body may be', () => {
  let server: TestServer;
  before(async () => {
    server = await testServer();
  });
  after(async () => {
    await server.stop();
  });

  test('events come as JSON, NDJSON or text/plain (sendBeacon); any other content type is 415', async () => {
    const ok = (e = makeEvent()) => JSON.stringify([e]);
    for (const type of [
      'application/json',
      'application/json; charset=utf-8',
      'application/x-ndjson',
      'text/plain;charset=UTF-8',
    ]) {
      const r = await send(server.url, ok(), type);
      assert.equal(r.status, 200, type);
      assert.equal(r.json.accepted, 1, type);
    }
    for (const type of [
      undefined,
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'text/html',
      'application/jsonp',
      'image/png',
    ]) {
      const r = await send(server.url, ok(), type);
      assert.equal(r.status, 415, String(type));
      assert.equal(r.json.error.code, 'unsupported_media_type');
    }
  });

  test('a key written twice is refused: the event that holds it in a batch, the whole body elsewhere', async () => {
    const a = makeEvent();
    const b = makeEvent();
    const twice = JSON.stringify(b).replace(
      '"type":"layout.requested"',
      '"type":"layout.requested","type":"gate.failed"',
    );
    const arr = await post(`${server.url}/v1/events`, `[${JSON.stringify(a)},${twice}]`);
    assert.equal(arr.json.accepted, 1);
    assert.deepEqual(
      arr.json.rejected.map((x: { index: number; code: string }) => [x.index, x.code]),
      [[1, 'duplicate_key']],
    );
    const attrTwice = JSON.stringify(makeEvent('ui.action', { action: 'a' })).replace(
      '"action":"a"',
      '"action":"a","action":"b"',
    );
    const nd = await send(server.url, `${JSON.stringify(makeEvent())}\n${attrTwice}\n`, 'application/x-ndjson');
    assert.deepEqual(
      nd.json.rejected.map((x: { index: number; code: string; message: string }) => [
        x.index,
        x.code,
        x.message.split(':')[0],
      ]),
      [[1, 'duplicate_key', '/attrs/action']],
    );
    for (const [path, body] of [
      ['/v1/lines/l1/versions', '{"config": {"a": 1}, "config": {"a": 2}}'],
      ['/v1/lines/l1/versions', '{"config": {"deep": {"x": 1, "\\u0078": 2}}}'],
      ['/v1/assemble', '{"intent": "a", "intent": "b"}'],
    ] as const) {
      const r = await post(`${server.url}${path}`, body);
      assert.equal(r.status, 400, `${path} ${body}`);
      assert.equal(r.json.error.code, 'duplicate_key', body);
    }
  });
});
