// The dashboard `npm start` prints, against the visit just made: its empty state says how events
// arrive, a clinic request reaches it through the demo's shipper, and simulated visitors stay apart.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { SCREENSHOTS, startDemo, type Demo } from './harness.js';

let demo: Demo;
before(async () => {
  demo = await startDemo();
});
after(async () => {
  await demo?.close();
});

interface Row {
  type: string;
  line: string;
  attrs: Record<string, unknown>;
}

/** Every event the server stored, through its own export. */
async function serverEvents(): Promise<Row[]> {
  const res = await fetch(`${demo.serverUrl}/v1/events?format=ndjson`);
  assert.equal(res.status, 200);
  const text = (await res.text()).trim();
  return text ? text.split('\n').map((l) => JSON.parse(l) as Row) : [];
}

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) assert.fail(`${what}: still ${JSON.stringify(v).slice(0, 300)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

test('with no events the dashboard explains how they arrive, and fits a 390 px phone', async () => {
  const { context, page } = await demo.page({ width: 390, height: 844 });
  try {
    await page.goto(`${demo.serverUrl}/dashboard`);
    const empty = page.locator('#empty');
    await empty.getByRole('heading', { name: 'No events in this range yet' }).waitFor();
    const text = (await empty.textContent()) ?? '';
    assert.match(text, /POST \/v1\/events/);
    assert.match(text, /npm start/);
    assert.match(text, /JIG_ALLOWED_ORIGINS/);
    assert.equal(await page.locator('#totals').isVisible(), false, 'no empty table beside the explanation');
    assert.equal(
      await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
      0,
    );
  } finally {
    await context.close();
  }
});

test('a visit to the demo shows on the dashboard; simulated visitors are marked and never reach the server', async () => {
  const { context, page } = await demo.page();
  try {
    await page.goto(demo.url);
    await page.getByRole('textbox', { name: 'What would you like to book?' }).fill('I need to see a dermatologist');
    await page.getByRole('button', { name: 'Find appointments' }).click();
    await page.getByRole('heading', { name: 'Book a dermatology appointment' }).waitFor();

    // The shipper sends the request's events right after it settles.
    const events = await until('clinic events on the server', serverEvents, (rows) =>
      rows.some((e) => e.line === 'clinic' && e.type === 'layout.rendered'),
    );
    assert.ok(
      events.some(
        (e) =>
          e.line === 'clinic' && e.type === 'layout.requested' && e.attrs.intentClass === 'clinic.search.dermatology',
      ),
    );

    const dash = await context.newPage();
    await dash.goto(`${demo.serverUrl}/dashboard`);
    await dash.locator('#totals tbody tr').first().waitFor();
    assert.equal(await dash.locator('#empty').isVisible(), false);
    const first = await dash.locator('#totals tbody tr').first().locator('td').allTextContents();
    assert.equal(first[0], 'clinic');
    assert.ok(Number(first[3]) >= 1, `requests: ${first.join(' | ')}`);
    assert.match((await dash.locator('#status').textContent()) ?? '', /^\d+ events/);
    await dash.screenshot({ path: `${SCREENSHOTS}/dashboard.png` });
    await dash.close();

    // Simulated visitors: their own store, each event marked, in the export too.
    await page.getByRole('link', { name: 'Analytics' }).click();
    await page.getByRole('button', { name: 'Simulate 12 visitors' }).click();
    assert.equal(await page.getByRole('button', { name: 'Simulated visitors' }).getAttribute('aria-pressed'), 'true');
    await page.locator('.event-stream li').nth(11).waitFor();
    const exporter = page.locator('jig-export');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      exporter.getByRole('button', { name: 'NDJSON', exact: true }).click(),
    ]);
    const simulated = (await readFile((await download.path())!, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Row);
    assert.ok(simulated.length >= 12, `${simulated.length} simulated events`);
    assert.deepEqual(
      simulated.filter((e) => e.attrs.simulated !== true),
      [],
      'every simulated event says so',
    );
    assert.ok(
      simulated.every((e) => e.line !== 'clinic'),
      'no clinic event in the simulated store',
    );

    // The real view shows the clinic's events and none of the simulated ones.
    await page.getByRole('button', { name: 'Real visits' }).click();
    const [realDownload] = await Promise.all([
      page.waitForEvent('download'),
      exporter.getByRole('button', { name: 'NDJSON', exact: true }).click(),
    ]);
    const real = (await readFile((await realDownload.path())!, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Row);
    assert.ok(real.some((e) => e.line === 'clinic'));
    assert.deepEqual(
      real.filter((e) => e.attrs.simulated !== undefined),
      [],
    );

    // A later request ships too, and still nothing simulated is on the server.
    await page.getByRole('link', { name: 'Clinic booking' }).click();
    await page.getByRole('textbox', { name: 'What would you like to book?' }).fill('Physio for my knee this week');
    await page.getByRole('button', { name: 'Find appointments' }).click();
    await page.getByRole('heading', { name: 'Book a physiotherapy appointment' }).waitFor();
    const after = await until('the second request on the server', serverEvents, (rows) =>
      rows.some((e) => e.attrs.intentClass === 'clinic.search.physio'),
    );
    assert.deepEqual(
      after.filter((e) => e.attrs.simulated !== undefined || e.line === 'simulated'),
      [],
    );
  } finally {
    await context.close();
  }
});
