import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { get, makeEvent, post, testServer, type TestServer } from './helpers.js';

describe('POST /v1/events', () => {
  let server: TestServer;
  before(async () => {
    server = await testServer();
  });
  after(async () => {
    await server.stop();
  });

  test('a JSON array batch is stored; ids already stored count as duplicates', async () => {
    const evs = [makeEvent(), makeEvent('gate.passed', { station: 'browser' })];
    const r = await post(`${server.url}/v1/events`, evs);
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { accepted: 2, duplicates: 0, rejected: [], rejectedCount: 0 });
    const again = await post(`${server.url}/v1/events`, [evs[0], makeEvent()]);
    assert.deepEqual(again.json, { accepted: 1, duplicates: 1, rejected: [], rejectedCount: 0 });
  });

  test('an NDJSON batch works too, a bad line rejected alone with its index', async () => {
    const a = makeEvent();
    const b = makeEvent();
    const body = `${JSON.stringify(a)}\n{not json\n\n${JSON.stringify(b)}\n`;
    const r = await post(`${server.url}/v1/events`, body, { 'content-type': 'application/x-ndjson' });
    assert.equal(r.status, 200);
    assert.equal(r.json.accepted, 2);
    assert.deepEqual(
      r.json.rejected.map((x: any) => [x.index, x.code]),
      [[1, 'bad_json']],
    );
  });

  test('invalid events are rejected one by one with a code; the good ones in the batch are kept', async () => {
    const good = makeEvent();
    const batch = [
      good,
      { ...makeEvent(), id: 'not-a-uuid' },
      { ...makeEvent(), type: 'Nope' },
      'str',
      { ...makeEvent(), extra: 1 },
      makeEvent(),
    ];
    const r = await post(`${server.url}/v1/events`, batch);
    assert.equal(r.status, 200);
    assert.equal(r.json.accepted, 2);
    assert.deepEqual(
      r.json.rejected.map((x: any) => [x.index, x.code]),
      [
        [1, 'bad_id'],
        [2, 'bad_type'],
        [3, 'not_an_object'],
        [4, 'unknown_field'],
      ],
    );
    for (const x of r.json.rejected) assert.equal(typeof x.message, 'string');
    const stored = await get(`${server.url}/v1/events?limit=1000`);
    assert.ok(stored.text.includes(good.id));
  });

  test('text/plain bodies (as sendBeacon sends them) are accepted', async () => {
    const r = await post(`${server.url}/v1/events`, [makeEvent()], { 'content-type': 'text/plain;charset=UTF-8' });
    assert.equal(r.status, 200);
    assert.equal(r.json.accepted, 1);
  });
});

describe('GET /v1/events', () => {
  let server: TestServer;
  const base = Date.UTC(2026, 10, 1, 8, 0, 0);
  const at = (min: number) => new Date(base + min * 60_000).toISOString();
  const evs = [
    makeEvent('layout.requested', {}, { time: at(0) }),
    makeEvent(
      'station.attempted',
      { station: 'premium', model: 'm', tokensIn: 10, tokensOut: 20, ms: 300 },
      { time: at(1) },
    ),
    makeEvent('gate.failed', { station: 'browser', gate: 'catalog' }, { time: at(2), line: 'other' }),
    makeEvent('feedback.given', { rating: 'up' }, { time: at(3) }),
  ];
  before(async () => {
    server = await testServer();
    await post(`${server.url}/v1/events`, evs);
  });
  after(async () => {
    await server.stop();
  });

  test('exports NDJSON by default, filtered by since, until, type and line', async () => {
    const all = await get(`${server.url}/v1/events`);
    assert.equal(all.status, 200);
    assert.match(all.headers.get('content-type')!, /application\/x-ndjson/);
    assert.deepEqual(
      all.text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
      evs,
    );
    const since = await get(`${server.url}/v1/events?since=${at(1)}&until=${base + 3 * 60_000}`);
    assert.deepEqual(
      since.text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).id),
      [evs[1]!.id, evs[2]!.id],
    );
    const typed = await get(`${server.url}/v1/events?type=gate.failed,feedback.given`);
    assert.deepEqual(
      typed.text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).type),
      ['gate.failed', 'feedback.given'],
    );
    const lined = await get(`${server.url}/v1/events?line=other`);
    assert.equal(lined.text.trim().split('\n').length, 1);
  });

  test('exports OTLP logs, OTLP traces and a Segment batch', async () => {
    const otlp = await get(`${server.url}/v1/events?format=otlp`);
    assert.equal(otlp.json.resourceLogs[0].scopeLogs[0].logRecords.length, 4);
    const attempted = otlp.json.resourceLogs[0].scopeLogs[0].logRecords[1];
    assert.ok(attempted.attributes.some((a: any) => a.key === 'gen_ai.usage.input_tokens'));
    const traces = await get(`${server.url}/v1/events?format=otlp-traces&limit=10`);
    assert.equal(traces.json.resourceSpans[0].scopeSpans[0].spans.length, 4);
    const seg = await get(`${server.url}/v1/events?format=segment`);
    assert.equal(seg.json.batch.length, 4);
    assert.equal(seg.json.batch[0].type, 'track');
    const bad = await get(`${server.url}/v1/events?format=csv`);
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.code, 'bad_query');
  });

  test('limit pages through the export with a cursor header', async () => {
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r = await get(`${server.url}/v1/events?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      ids.push(
        ...r.text
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l).id),
      );
      cursor = r.headers.get('x-jig-next-cursor');
      pages++;
    } while (cursor && pages < 5);
    assert.equal(pages, 2);
    assert.deepEqual(
      ids,
      evs.map((e) => e.id),
    );
  });

  test('a bad time is 400 with a message naming the parameter', async () => {
    const r = await get(`${server.url}/v1/events?since=yesterday`);
    assert.equal(r.status, 400);
    assert.match(r.json.error.message, /since/);
  });
});

describe('durability and the admin token', () => {
  test('events survive a server restart on the same database file', async () => {
    const first = await testServer();
    const evs = Array.from({ length: 50 }, () => makeEvent());
    assert.equal((await post(`${first.url}/v1/events`, evs)).json.accepted, 50);
    await first.close();
    const second = await testServer({}, { dir: first.dir });
    try {
      const r = await get(`${second.url}/v1/events`);
      assert.equal(r.text.trim().split('\n').length, 50);
      assert.deepEqual((await post(`${second.url}/v1/events`, evs)).json, {
        accepted: 0,
        duplicates: 50,
        rejected: [],
        rejectedCount: 0,
      });
    } finally {
      await second.stop();
    }
  });

  test('with JIG_ADMIN_TOKEN set, exports, stats and line changes need the bearer token; ingest and line reads do not', async () => {
    const server = await testServer({ JIG_ADMIN_TOKEN: 'admin-secret' });
    try {
      assert.equal((await post(`${server.url}/v1/events`, [makeEvent()])).status, 200);
      const denied = await get(`${server.url}/v1/events`);
      assert.equal(denied.status, 401);
      assert.equal(denied.json.error.code, 'unauthorized');
      assert.equal((await get(`${server.url}/v1/events`, { authorization: 'Bearer admin-secret' })).status, 200);
      assert.equal((await post(`${server.url}/v1/lines/a/versions`, { config: {} })).status, 401);
      assert.equal(
        (await post(`${server.url}/v1/lines/a/versions`, { config: {} }, { authorization: 'Bearer wrong' })).status,
        401,
      );
      assert.equal(
        (await post(`${server.url}/v1/lines/a/versions`, { config: {} }, { authorization: 'Bearer admin-secret' }))
          .status,
        201,
      );
      assert.equal((await get(`${server.url}/v1/lines/a`)).status, 200, 'browsers read versions without the token');
      assert.equal((await get(`${server.url}/v1/stats`)).status, 401);
      assert.equal((await get(`${server.url}/v1/stats`, { authorization: 'Bearer admin-secret' })).status, 200);
    } finally {
      await server.stop();
    }
  });
});
