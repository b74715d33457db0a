// Poisoned analytics over real HTTP: hostile numbers and times are refused at ingest, and stats,
// exports and cursors hold up whatever the database holds, rows written around ingest included.
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { after, before, describe, test } from 'node:test';
import { validateEvent } from '../../../src/events/event.js';
import { get, makeEvent, post, testServer, type TestServer } from './helpers.js';

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
const recent = (ms: number) => new Date(NOW - 3_600_000 + ms).toISOString();

/** Every page of an export with `limit`, following X-Jig-Next-Cursor; fails rather than loop. */
async function pageAll(url: string, limit: number): Promise<Array<{ id: string; time: string }>> {
  const out: Array<{ id: string; time: string }> = [];
  let cursor: string | null = null;
  for (let pages = 0; ; pages++) {
    assert.ok(pages < 500, 'the cursor keeps returning pages');
    const r = await get(`${url}/v1/events?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(r.status, 200, r.text);
    out.push(
      ...r.text
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
    );
    cursor = r.headers.get('x-jig-next-cursor');
    if (!cursor) return out;
  }
}

describe('numbers and times at ingest', () => {
  let server: TestServer;
  before(async () => {
    server = await testServer({}, { now: () => NOW });
  });
  after(async () => {
    await server.stop();
  });

  test("a number out of its attribute's bounds is refused with bad_attr, one event at a time", async () => {
    const hostile: Array<[string, Record<string, unknown>]> = [
      ['station.attempted', { cost: 1e303 }],
      ['station.attempted', { cost: -1 }],
      ['station.attempted', { tokensIn: 1.5 }],
      ['station.attempted', { tokensOut: 1e12 }],
      ['station.attempted', { ms: 1e300 }],
      ['station.attempted', { ms: -5 }],
      ['feedback.given', { rating: 'sideways' }],
      ['feedback.given', { rating: 1 }],
      ['site.custom', { anything: 1e300 }],
      ['station.attempted', { cost: '0.5' }],
    ];
    const good = makeEvent(
      'station.attempted',
      { station: 'premium', cost: 0.01, tokensIn: 100, tokensOut: 50, ms: 1200 },
      { time: recent(0) },
    );
    const r = await post(`${server.url}/v1/events`, [
      good,
      ...hostile.map(([type, attrs]) => makeEvent(type, attrs as never, { time: recent(1) })),
    ]);
    assert.equal(r.status, 200);
    assert.equal(r.json.accepted, 1);
    assert.deepEqual(
      r.json.rejected.map((x: { index: number; code: string }) => [x.index, x.code]),
      hostile.map((_, i) => [i + 1, 'bad_attr']),
    );
    const stats = await get(`${server.url}/v1/stats`);
    assert.equal(stats.json.groups[0].totals.cost, 0.01);
  });

  test('times before 1970, impossible dates and out-of-range clock readings are refused with bad_time', async () => {
    for (const time of [
      '1969-12-31T23:59:59.999Z',
      '2026-02-30T10:00:00Z',
      '2025-02-29T10:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-11-24T24:00:00Z',
      '2026-11-24T10:60:00Z',
      '2026-11-24T10:00:60Z',
      '1970-01-01T00:30:00+01:00',
      '2026-11-24T10:00:00+24:00',
      '+002026-11-24T10:00:00Z',
      '2026-11-24 10:00:00Z',
    ]) {
      const v = validateEvent({ ...makeEvent(), time });
      assert.equal(v.ok, false, time);
      assert.equal(!v.ok && v.problem.code, 'bad_time', time);
    }
    // Real instants in any offset are kept, stored as the UTC millisecond they name.
    const leap = validateEvent({ ...makeEvent(), time: '2024-02-29T23:30:00.123456-01:00' });
    assert.ok(leap.ok);
    assert.equal(leap.event.time, '2024-03-01T00:30:00.123Z');
    const r = await post(`${server.url}/v1/events`, [
      makeEvent('layout.requested', {}, { time: '2026-02-30T10:00:00Z' }),
    ]);
    assert.deepEqual(
      r.json.rejected.map((x: { code: string }) => x.code),
      ['bad_time'],
    );
  });
});

describe('stats, exports and cursors over whatever is stored', () => {
  let server: TestServer;
  let written: string[] = [];
  before(async () => {
    server = await testServer({}, { now: () => NOW });
    // Valid events at the edges of what ingest takes: the first millisecond of 1970, the last of
    // year 9999, several in one millisecond, an offset time.
    const edge = [
      makeEvent('layout.requested', {}, { time: '1970-01-01T00:00:00.000Z' }),
      makeEvent('layout.requested', {}, { time: '9999-12-31T23:59:59.999Z' }),
      ...Array.from({ length: 5 }, () => makeEvent('gate.passed', { station: 'browser' }, { time: recent(500) })),
      makeEvent(
        'station.attempted',
        { station: 'browser', ms: 300, cost: 0.002 },
        { time: '2026-11-24T12:30:00.000+01:00' },
      ),
    ];
    assert.equal((await post(`${server.url}/v1/events`, edge)).json.accepted, edge.length);
    written = edge.map((e) => e.id);
    // Rows written straight into the database, around every check ingest makes.
    const db = new Database(server.dbPath);
    const insert = db.prepare('INSERT INTO events (id, time_ms, type, line, body) VALUES (?, ?, ?, ?, ?)');
    const t = NOW - 1_800_000;
    const row = (id: string, timeMs: unknown, type: string, body: unknown) => {
      insert.run(id, timeMs, type, 'trip-planner', typeof body === 'string' ? body : JSON.stringify(body));
      written.push(id);
    };
    const base = (id: string, attrs: unknown, time = new Date(t).toISOString()) => ({
      ...makeEvent('station.attempted', {}, { time }),
      id,
      attrs,
    });
    row(
      '00000000-0000-7000-8000-000000000001',
      t,
      'station.attempted',
      base('00000000-0000-7000-8000-000000000001', { station: 'premium', cost: 1e303, tokensIn: 1e308, ms: 1e300 }),
    );
    row('00000000-0000-7000-8000-000000000002', t, 'station.attempted', '{"not json');
    row(
      '00000000-0000-7000-8000-000000000003',
      t,
      'station.attempted',
      base('00000000-0000-7000-8000-000000000003', [1, 2, 3]),
    );
    row(
      '00000000-0000-7000-8000-000000000004',
      t,
      'feedback.given',
      base('00000000-0000-7000-8000-000000000004', { rating: { up: true } }),
    );
    row('00000000-0000-7000-8000-000000000005', t, 'station.attempted', 'null');
    row('NOT-A-UUID:with:colons', t + 1, 'gate.failed', base('x', { station: 42 }));
    row('UPPER-CASE-ID', t + 1, 'gate.passed', base('y', {}, '1950-01-01T00:00:00Z'));
    row(
      '00000000-0000-7000-8000-000000000008',
      t + 2,
      'station.attempted',
      base('00000000-0000-7000-8000-000000000008', { station: 'premium', cost: 'Infinity', ms: '12' }),
    );
    // Times ingest never takes: they stay out of every query rather than break paging.
    insert.run('00000000-0000-7000-8000-000000000009', -5, 'layout.requested', 'trip-planner', '{}');
    insert.run('00000000-0000-7000-8000-00000000000a', 'soon', 'layout.requested', 'trip-planner', '{}');
    insert.run('00000000-0000-7000-8000-00000000000b', t + 0.5, 'layout.requested', 'trip-planner', '{}');
    insert.run('00000000-0000-7000-8000-00000000000c', 9e15, 'layout.requested', 'trip-planner', '{}');
    db.close();
  });
  after(async () => {
    await server.stop();
  });

  test('stats answer finite numbers, with the poisoned values left out of the sums', async () => {
    const r = await get(`${server.url}/v1/stats`);
    assert.equal(r.status, 200, r.text);
    const walk = (v: unknown, path: string): void => {
      if (typeof v === 'number') assert.ok(Number.isFinite(v), `${path} is ${v}`);
      else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}/${i}`));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${path}/${k}`);
    };
    walk(r.json, '');
    const all = r.json.groups.find(
      (g: { station: string; lineVersion: string }) => g.station === '*' && g.lineVersion === '1',
    );
    assert.equal(typeof all.totals.cost, 'number');
    assert.equal(all.totals.cost, 0.002, 'only the sane cost counts');
    assert.equal(all.totals.inputTokens, 0);
    assert.ok(r.json.events >= 9);
  });

  test('an export pages through every stored event once, in order, with any page size', async () => {
    for (const limit of [1, 2, 3, 7, 1000]) {
      const seen = await pageAll(server.url, limit);
      const ids = seen.map((e) => e.id);
      assert.equal(new Set(ids).size, ids.length, `no event twice (limit ${limit})`);
      assert.deepEqual([...ids].sort(), [...written].sort(), `every readable event once (limit ${limit})`);
      const times = seen.map((e) => Date.parse(e.time));
      assert.deepEqual(
        times,
        [...times].sort((a, b) => a - b),
      );
      for (const e of seen)
        assert.equal(
          validateEvent({ ...e, id: '00000000-0000-7000-8000-000000000000' }).ok,
          true,
          'every exported event is one ingest would take',
        );
    }
    // The whole export, streamed without a limit, says the same.
    const whole = await get(`${server.url}/v1/events`);
    assert.equal(whole.text.split('\n').filter(Boolean).length, written.length);
  });

  test("every stored event's cursor leads to exactly the events after it", async () => {
    const seen = await pageAll(server.url, 1000);
    for (let i = 0; i < seen.length; i++) {
      const cursor = Buffer.from(`${Date.parse(seen[i]!.time)}:${seen[i]!.id}`).toString('base64url');
      const r = await get(`${server.url}/v1/events?limit=1000&cursor=${cursor}`);
      assert.equal(r.status, 200);
      assert.deepEqual(
        r.text
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l).id),
        seen.slice(i + 1).map((e) => e.id),
      );
    }
  });

  test('the other export formats and the stats by line survive the same rows', async () => {
    for (const format of ['otlp', 'otlp-traces', 'segment']) {
      const r = await get(`${server.url}/v1/events?format=${format}`);
      assert.equal(r.status, 200, `${format}: ${r.text.slice(0, 200)}`);
      assert.doesNotThrow(() => JSON.parse(r.text));
    }
    assert.equal((await get(`${server.url}/v1/stats?line=trip-planner`)).status, 200);
  });
});
