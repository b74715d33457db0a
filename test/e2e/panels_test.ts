// The demo's other views end to end: feedback on a clinic step exported as NDJSON from the
// analytics panel, a canary deployed and rolled back in the line versions panel, the site
// developer's snippet, dark theme, and a phone's width with no horizontal scroll.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { SCREENSHOTS, startDemo, type Demo } from './harness.js';

let demo: Demo;
before(async () => {
  demo = await startDemo();
});
after(async () => {
  await demo?.close();
});

async function firstStep(page: Page, intent = 'I need to see a dermatologist'): Promise<void> {
  await page.getByRole('textbox', { name: 'What would you like to book?' }).fill(intent);
  await page.getByRole('button', { name: 'Find appointments' }).click();
  await page.waitForFunction(() => document.querySelector('.served')?.getAttribute('data-state') === 'ok');
}

interface Line {
  type: string;
  line: string;
  lineVersion: string;
  session: string;
  trace: string;
  attrs: Record<string, unknown>;
}

test('feedback on a clinic step lands in IndexedDB and the analytics panel exports it as NDJSON with its attrs', async () => {
  const { context, page } = await demo.page();
  try {
    await page.goto(demo.url);
    await firstStep(page);
    await page.getByRole('heading', { name: 'Book a dermatology appointment' }).waitFor();
    const layoutId = await page.evaluate(
      () =>
        (
          document.querySelector('jig-surface') as unknown as {
            trace: { steps: Array<{ kind: string; layoutId?: string }> };
          }
        ).trace.steps.find((s) => s.kind === 'rendered')!.layoutId!,
    );
    await page.locator('jig-feedback').getByRole('button', { name: 'Yes, helpful' }).click();
    assert.equal(
      await page.locator('jig-feedback').getByRole('button', { name: 'Yes, helpful' }).getAttribute('aria-pressed'),
      'true',
    );

    await page.getByRole('link', { name: 'Analytics' }).click();
    const exporter = page.locator('jig-export');
    await exporter.waitFor();
    // The analytics panel reads the same store: the clinic's events are counted.
    await page.getByRole('img', { name: 'Events by type' }).waitFor();
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: `${SCREENSHOTS}/analytics.png`, fullPage: true });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      exporter.getByRole('button', { name: 'NDJSON', exact: true }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^jig-events-.*\.ndjson$/);
    const text = await readFile((await download.path())!, 'utf8');
    const events = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Line);
    const clinic = events.filter((e) => e.line === 'clinic');
    const types = new Set(clinic.map((e) => e.type));
    for (const t of ['layout.requested', 'station.attempted', 'layout.rendered', 'feedback.given'])
      assert.ok(types.has(t), `${t} in ${[...types].join(', ')}`);

    const requested = clinic.find((e) => e.type === 'layout.requested')!;
    assert.equal(requested.attrs.intentClass, 'clinic.search.dermatology');
    assert.equal(requested.attrs.intent, 'I need to see a dermatologist');
    const attempt = clinic.find((e) => e.type === 'station.attempted')!;
    assert.equal(attempt.attrs.station, 'cache');
    assert.equal(attempt.attrs.ok, true);
    assert.equal(attempt.trace, requested.trace, 'one trace per request');
    const feedback = clinic.find((e) => e.type === 'feedback.given')!;
    assert.equal(feedback.attrs.rating, 'up');
    assert.equal(feedback.attrs.layoutId, layoutId);
    assert.equal(feedback.attrs.station, 'cache');
    assert.equal(feedback.lineVersion, '1');
    assert.ok(
      clinic.every((e) => e.session === clinic[0]!.session),
      'one visitor session',
    );
  } finally {
    await context.close();
  }
});

test('a canary is deployed from a tuning proposal and rolled back in the line versions panel', async () => {
  const { context, page } = await demo.page();
  try {
    await page.goto(`${demo.url}#tuning`);
    const status = page.locator('section[data-panel="tuning"] p[role="status"]');
    await status.filter({ hasNotText: 'Opening the stores…' }).waitFor();
    const press = async (name: string) => {
      await page.getByRole('button', { name, exact: true }).click();
      await page.locator('section[data-panel="tuning"] button:disabled').first().waitFor({ state: 'detached' });
      return (await status.textContent()) ?? '';
    };
    assert.match(await press('Simulate 300 visitors'), /300 simulated visits recorded/);
    assert.match(await press('Tune now'), /Proposal ready: \d+ changes/);
    assert.match(await press('Deploy as canary'), /Version \S+ runs as a canary on 30% of visitors/);
    const roles = () => page.locator('table.versions tbody tr td:nth-child(2)').allTextContents();
    assert.ok((await roles()).includes('canary 30%'), `roles: ${(await roles()).join(', ')}`);
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: `${SCREENSHOTS}/tuning-canary.png`, fullPage: true });
    assert.match(await press('Roll back'), /Rolled back: version \S+ serves everyone/);
    assert.ok(
      !(await roles()).some((r) => r.startsWith('canary')),
      `roles after rollback: ${(await roles()).join(', ')}`,
    );
  } finally {
    await context.close();
  }
});

test('the site developer view shows the HTML and JS that embed the step on screen', async () => {
  const { context, page } = await demo.page();
  try {
    await page.goto(demo.url);
    await firstStep(page, 'Book a check-up with a GP next week');
    await page.getByRole('combobox', { name: 'Where' }).selectOption('riverside');
    await page.getByRole('button', { name: 'Site developer' }).click();
    const html = (await page.locator('[data-snippet="static"] pre').textContent()) ?? '';
    const js = (await page.locator('[data-snippet="line"] pre').textContent()) ?? '';
    assert.match(html, /<script type="module" src="\/src\/index.ts"><\/script>/);
    assert.match(html, /<jig-surface actions="search choose-slot confirm-details back start-over"/);
    const attr = /layout='([^']*)'/.exec(html)?.[1] ?? '';
    const layout = JSON.parse(attr.replace(/&#39;/g, "'").replace(/&amp;/g, '&')) as {
      title: string;
      nodes: unknown[];
      data: { booking: Record<string, string> };
    };
    assert.equal(layout.title, 'Find an appointment');
    // With the data as the visitor sees it: the specialty and time read from the intent.
    assert.equal(layout.data.booking.specialty, 'gp');
    assert.equal(layout.data.booking.when, 'next-week');
    assert.equal(layout.data.booking.site, 'riverside', 'an edit the visitor made is in the snippet');
    assert.ok(layout.nodes.length > 3);
    assert.match(js, /import \{ createLine \} from '\/src\/line\/index.ts'/);
    assert.match(js, /"endpoint": "\/v1\/assemble"/);
    assert.match(js, /intent: "Book a check-up with a GP next week"/);
    await page.screenshot({ path: `${SCREENSHOTS}/developer.png` });

    // The HTML snippet works as is in a page served by the demo's server.
    const embed = await context.newPage();
    await embed.goto(new URL('/demo/', demo.url).href);
    await embed.setContent(`<!doctype html><html><body>${html}</body></html>`, { waitUntil: 'load' });
    await embed.getByRole('heading', { name: 'Book a GP appointment' }).waitFor();
    assert.equal(await embed.getByRole('combobox', { name: 'Where' }).inputValue(), 'riverside');
  } finally {
    await context.close();
  }
});

test('at a phone width (375 px) the clinic, analytics and line views have no horizontal scroll, in light and dark', async () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    const { context, page } = await demo.page({ width: 375, height: 812, colorScheme });
    try {
      await page.goto(demo.url);
      await firstStep(page, 'Physio for my knee this week');
      await page.getByRole('button', { name: 'Show free times' }).click();
      await page.getByRole('heading', { name: /Free times — Physiotherapy/ }).waitFor();
      const overflow = () =>
        page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.equal(await overflow(), 0, `clinic (${colorScheme}) overflows by ${await overflow()} px`);
      await page.evaluate('window.scrollTo(0, 0)');
      await page.screenshot({ path: `${SCREENSHOTS}/phone-${colorScheme}.png`, fullPage: false });
      for (const view of ['analytics', 'tuning', 'line', 'gallery']) {
        await page.goto(`${demo.url}#${view}`);
        await page.locator(`section[data-panel="${view}"] h2`).first().waitFor();
        assert.equal(await overflow(), 0, `${view} (${colorScheme}) overflows by ${await overflow()} px`);
      }
    } finally {
      await context.close();
    }
  }
});

test("the production line's browser station is Jig's own layout model by default, and it serves a request", async () => {
  const { context, page } = await demo.page();
  try {
    // The engine's module arrives late (as on a loaded machine): Assemble waits for the line it builds.
    await page.route(/wllama-engine/, async (route) => {
      await new Promise((r) => setTimeout(r, 2000));
      await route.continue();
    });
    await page.goto(new URL('#line', demo.url).href);
    const panel = page.locator('section.panel[data-panel="line"]');
    await panel.getByRole('button', { name: 'Assemble' }).waitFor({ timeout: 60_000 });
    assert.ok(
      await panel.getByRole('button', { name: 'Assemble' }).isDisabled(),
      'Assemble is enabled before the line is built',
    );
    assert.equal(await panel.getByLabel('Browser station').inputValue(), 'jig');
    await panel.getByRole('textbox', { name: 'Intent' }).fill('newsletter signup for a pottery studio');
    // Enabled once the line is built (the engine's module loads after the view shows).
    await panel.getByRole('button', { name: 'Assemble' }).click();
    const status = panel.locator('p.verdict');
    // Whatever ends the request (served, the fallback, a failure) ends the wait; the assertions say which.
    await panel
      .getByText(/^Served by the|^The fallback layout is showing|^The line failed/)
      .waitFor({ timeout: 120_000 });
    const steps = await panel
      .locator('jig-surface')
      .evaluate(
        (s) =>
          (s as unknown as { trace?: { steps: Array<{ kind: string; station?: string; model?: string }> } }).trace
            ?.steps ?? [],
      );
    assert.match((await status.textContent()) ?? '', /^Served by the browser station/, JSON.stringify(steps));
    const attempts = steps.filter((s) => s.kind === 'attempt' && s.station === 'browser');
    assert.ok(attempts.length >= 1 && attempts.every((a) => a.model === 'jig-layout-v1'), JSON.stringify(steps));
    // Its layout is a real page, with fields to fill (the random-weights model writes only noise text).
    assert.equal(steps.find((s) => s.kind === 'rendered')?.station, 'browser', JSON.stringify(steps));
    await panel.locator('jig-surface input').first().waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/line-jig-model.png`, fullPage: true });
  } finally {
    await context.close();
  }
});
