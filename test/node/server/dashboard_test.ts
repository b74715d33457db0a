// The dashboard in real headless Chromium: its inline script runs under the page's CSP,
// fetches /v1/stats and draws the table and the SVG charts.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { chromium, type Browser } from 'playwright-core';
import { makeEvent, post, testServer, type TestServer } from './helpers.js';

const CHROMIUM = process.env.CHROME_PATH || '/usr/bin/chromium';

describe('dashboard in Chromium', { skip: existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}` }, () => {
  let server: TestServer;
  let browser: Browser;
  const now = Date.now();
  before(async () => {
    server = await testServer();
    const at = (hoursAgo: number, ms = 0) => new Date(now - hoursAgo * 3_600_000 + ms).toISOString();
    const evs = [];
    for (const [h, version] of [
      [5, '1'],
      [3, '1'],
      [1, '2'],
    ] as const) {
      evs.push(
        makeEvent('layout.requested', {}, { time: at(h), lineVersion: version }),
        makeEvent(
          'station.attempted',
          { station: 'browser', ms: 300 + h * 10, cost: 0 },
          { time: at(h, 1), lineVersion: version },
        ),
        makeEvent('gate.passed', { station: 'browser' }, { time: at(h, 2), lineVersion: version }),
        makeEvent(
          'station.attempted',
          { station: 'premium', ms: 1800, cost: 0.01 },
          { time: at(h, 3), lineVersion: version },
        ),
        makeEvent('feedback.given', { station: 'browser', rating: 'up' }, { time: at(h, 4), lineVersion: version }),
      );
    }
    await post(`${server.url}/v1/events`, evs);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  after(async () => {
    await browser?.close();
    await server.stop();
  });

  test('renders the totals per version and station and one SVG chart per metric, with no errors', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(server.url)) external.push(r.url());
    });
    await page.goto(`${server.url}/dashboard`);
    await page.waitForFunction(() => (document.getElementById('status')?.textContent ?? '').includes('events'));
    const rows = await page.$$eval('#totals tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 4).map((td) => td.textContent)),
    );
    assert.deepEqual(
      rows.map((r) => r.slice(1, 3)),
      [
        ['1', 'all stations'],
        ['1', 'browser'],
        ['1', 'premium'],
        ['2', 'all stations'],
        ['2', 'browser'],
        ['2', 'premium'],
      ],
    );
    assert.equal(rows[0]![3], '2', 'two requests on version 1');
    const charts = await page.$$eval('figure', (figs) =>
      figs.map((f) => ({
        title: f.querySelector('figcaption')?.textContent,
        lines: f.querySelectorAll('polyline').length,
      })),
    );
    assert.equal(charts.length, 8);
    assert.ok(charts.find((c) => c.title === 'Gate pass rate')!.lines >= 2);
    assert.ok(charts.find((c) => c.title === 'Requests per hour')!.lines === 2, 'one line per version');
    assert.deepEqual(problems, []);
    assert.deepEqual(external, []);
    await page.close();
  });

  test('poisoned rows in the database (a cost of 1e303, bodies that are not JSON) leave the page working', async () => {
    const poisoned = await testServer();
    try {
      await post(`${poisoned.url}/v1/events`, [
        makeEvent(
          'station.attempted',
          { station: 'browser', ms: 200, cost: 0.001 },
          { time: new Date(now - 60_000).toISOString() },
        ),
      ]);
      const db = new Database(poisoned.dbPath);
      const insert = db.prepare('INSERT INTO events (id, time_ms, type, line, body) VALUES (?, ?, ?, ?, ?)');
      const e = makeEvent('station.attempted', { station: 'premium' }, { time: new Date(now - 30_000).toISOString() });
      insert.run(
        e.id,
        now - 30_000,
        e.type,
        e.line,
        JSON.stringify({ ...e, attrs: { station: 'premium', cost: 1e303, ms: 1e308 } }),
      );
      insert.run('poisoned-2', now - 20_000, 'station.attempted', 'trip-planner', '{"attrs":');
      db.close();
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('pageerror', (err) => problems.push(err.message));
      await page.goto(`${poisoned.url}/dashboard`);
      await page.waitForFunction(() => (document.getElementById('status')?.textContent ?? '').includes('events'));
      const status = await page.textContent('#status');
      assert.match(status ?? '', /^3 events/);
      const costs = await page.$$eval('#totals tbody tr', (trs) =>
        trs.map((tr) => tr.querySelectorAll('td')[9]?.textContent),
      );
      assert.ok(
        costs.every((c) => c !== undefined && /^\d+\.\d{4}$/.test(c)),
        costs.join(', '),
      );
      assert.deepEqual(problems, []);
      await page.close();
    } finally {
      await poisoned.stop();
    }
  });

  test('the page survives a stats answer of any shape: nulls, strings and missing fields show as dashes', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    const hostile = {
      since: new Date(now - 86_400_000).toISOString(),
      until: new Date(now).toISOString(),
      events: null,
      truncated: false,
      lines: ['a', 7, null],
      groups: [
        {
          line: 'a',
          lineVersion: '1',
          station: '*',
          totals: { requests: null, cost: null, passRate: 'x', latencyP50: Infinity },
          series: [
            { start: 'never', cost: null },
            { start: new Date(now).toISOString(), cost: 1e308, requests: 'many' },
          ],
        },
        { line: null, lineVersion: 2, station: 'browser', totals: {}, series: null },
        null,
        'text',
        { totals: null },
      ],
    };
    await page.route('**/v1/stats?*', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(hostile) }),
    );
    await page.goto(`${server.url}/dashboard`);
    await page.waitForFunction(() => (document.getElementById('status')?.textContent ?? '').includes('events'));
    const rows = await page.$$eval('#totals tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
    );
    assert.equal(rows.length, 2);
    assert.equal(rows[0]![9], '—', 'a null cost is a dash');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('with an admin token, the page sends the token from its URL fragment', async () => {
    const guarded = await testServer({ JIG_ADMIN_TOKEN: 'dash-secret' });
    try {
      await post(`${guarded.url}/v1/events`, [
        makeEvent('layout.requested', {}, { time: new Date(now - 60_000).toISOString() }),
      ]);
      const page = await browser.newPage();
      await page.goto(`${guarded.url}/dashboard`);
      await page.waitForFunction(() => (document.getElementById('status')?.textContent ?? '').includes('admin token'));
      await page.goto(`${guarded.url}/dashboard#token=dash-secret`);
      await page.reload();
      await page.waitForFunction(() => (document.getElementById('status')?.textContent ?? '').includes('1 events'));
      await page.close();
    } finally {
      await guarded.stop();
    }
  });
});
