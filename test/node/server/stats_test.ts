import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { aggregate, ALL_STATIONS, percentile } from '../../../src/server/stats.js';
import { get, makeEvent, post, testServer, type TestServer } from './helpers.js';

const HOUR = 3_600_000;
const t0 = Date.UTC(2026, 10, 24, 10, 0, 0);
const at = (ms: number) => new Date(t0 + ms).toISOString();

/** Two requests on v1 in hour 0 (one served by the browser, one escalated to premium), one on v2 in hour 1. */
function scenario() {
  const v1 = { lineVersion: '1' };
  const v2 = { lineVersion: '2' };
  return [
    makeEvent('layout.requested', {}, { ...v1, time: at(0) }),
    makeEvent(
      'station.attempted',
      { station: 'browser', model: 'small', tokensIn: 100, tokensOut: 50, ms: 400, cost: 0 },
      { ...v1, time: at(1) },
    ),
    makeEvent('gate.passed', { station: 'browser' }, { ...v1, time: at(2) }),
    makeEvent('feedback.given', { rating: 'up', station: 'browser' }, { ...v1, time: at(3) }),
    makeEvent('layout.requested', {}, { ...v1, time: at(10) }),
    makeEvent(
      'station.attempted',
      { station: 'browser', model: 'small', tokensIn: 100, tokensOut: 60, ms: 600, cost: 0 },
      { ...v1, time: at(11) },
    ),
    makeEvent('gate.failed', { station: 'browser', gate: 'catalog' }, { ...v1, time: at(12) }),
    makeEvent('repair.attempted', { station: 'browser' }, { ...v1, time: at(13) }),
    makeEvent('gate.failed', { station: 'browser', gate: 'catalog' }, { ...v1, time: at(14) }),
    makeEvent('layout.escalated', { station: 'browser' }, { ...v1, time: at(15) }),
    makeEvent(
      'station.attempted',
      { station: 'premium', model: 'big', tokensIn: 900, tokensOut: 300, ms: 2000, cost: 0.012 },
      { ...v1, time: at(16) },
    ),
    makeEvent('gate.passed', { station: 'premium' }, { ...v1, time: at(17) }),
    makeEvent('feedback.given', { rating: 'down', station: 'premium' }, { ...v1, time: at(18) }),
    makeEvent('layout.requested', {}, { ...v2, time: at(HOUR + 5) }),
    makeEvent(
      'station.attempted',
      { station: 'browser', model: 'small', ms: 300, cost: 0 },
      { ...v2, time: at(HOUR + 6) },
    ),
    makeEvent('gate.passed', { station: 'browser' }, { ...v2, time: at(HOUR + 7) }),
    makeEvent('ui.action', { action: 'reserve' }, { ...v2, time: at(HOUR + 8) }),
  ];
}

describe('stats', () => {
  test('percentile uses the nearest rank', () => {
    assert.equal(percentile([], 0.5), null);
    assert.equal(percentile([5], 0.95), 5);
    assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.5), 5);
    assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95), 10);
  });

  test('aggregates per line version and station: rates, latency, cost and feedback', () => {
    const s = aggregate(scenario(), t0, t0 + 2 * HOUR);
    const find = (v: string, st: string) => s.groups.find((g) => g.lineVersion === v && g.station === st)!;
    const all1 = find('1', ALL_STATIONS).totals;
    assert.equal(all1.requests, 2);
    assert.equal(all1.attempts, 3);
    assert.equal(all1.passRate, 2 / 4);
    assert.equal(all1.repairRate, 1 / 2);
    assert.equal(all1.escalationRate, 1 / 2);
    assert.equal(all1.latencyP50, 600);
    assert.equal(all1.latencyP95, 2000);
    assert.equal(all1.cost, 0.012);
    assert.equal(all1.inputTokens, 1100);
    assert.equal(all1.positiveRate, 1 / 2);
    const browser = find('1', 'browser').totals;
    assert.equal(browser.requests, 2, 'a station row counts its attempts');
    assert.equal(browser.passRate, 1 / 3);
    assert.equal(browser.escalationRate, 1 / 2);
    assert.equal(browser.positiveRate, 1);
    const premium = find('1', 'premium').totals;
    assert.equal(premium.passRate, 1);
    assert.equal(premium.positiveRate, 0);
    assert.equal(premium.cost, 0.012);
    const all2 = find('2', ALL_STATIONS);
    assert.equal(all2.totals.requests, 1);
    assert.equal(all2.totals.passRate, 1);
    assert.equal(all2.totals.positiveRate, null, 'no feedback: no rate, not zero');
    assert.deepEqual(
      find('1', ALL_STATIONS).series.map((b) => b.start),
      [at(0)],
    );
    assert.deepEqual(
      all2.series.map((b) => b.start),
      [at(HOUR)],
    );
  });

  describe('over HTTP', () => {
    let server: TestServer;
    before(async () => {
      server = await testServer({}, { now: () => t0 + 3 * HOUR });
      await post(`${server.url}/v1/events`, [
        ...scenario(),
        makeEvent('layout.requested', {}, { line: 'elsewhere', time: at(20) }),
      ]);
    });
    after(async () => {
      await server.stop();
    });

    test('GET /v1/stats filters by line and time', async () => {
      const r = await get(`${server.url}/v1/stats?line=trip-planner&since=${t0}`);
      assert.equal(r.status, 200);
      assert.deepEqual(r.json.lines, ['trip-planner']);
      assert.equal(r.json.events, 16, 'ui.action is not read');
      assert.equal(
        r.json.groups.find((g: any) => g.lineVersion === '1' && g.station === ALL_STATIONS).totals.requests,
        2,
      );
      const everything = await get(`${server.url}/v1/stats?since=${at(0)}`);
      assert.deepEqual(everything.json.lines, ['elsewhere', 'trip-planner']);
      const later = await get(`${server.url}/v1/stats?since=${at(HOUR)}`);
      assert.deepEqual(
        later.json.groups.map((g: any) => g.lineVersion),
        ['2', '2'],
      );
      assert.equal((await get(`${server.url}/v1/stats?since=${at(HOUR)}&until=${at(0)}`)).status, 400);
    });

    test('GET /dashboard is one HTML page with inline script and style only, no external assets', async () => {
      const r = await get(`${server.url}/dashboard`);
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type')!, /text\/html/);
      assert.match(r.text, /<svg|createElementNS/);
      assert.match(r.text, /\/v1\/stats/);
      assert.doesNotMatch(r.text, /<script[^>]+src=|<link[^>]+href=|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
      const csp = r.headers.get('content-security-policy')!;
      assert.match(csp, /default-src 'none'/);
      const nonce = /nonce-([^']+)'/.exec(csp)![1]!;
      assert.ok(r.text.includes(`<script nonce="${nonce}">`), 'the inline script carries the CSP nonce');
    });

    test('GET /healthz reports the database kind', async () => {
      const r = await get(`${server.url}/healthz`);
      assert.deepEqual(r.json, { ok: true, db: 'sqlite', upstream: 'none' });
    });
  });
});
