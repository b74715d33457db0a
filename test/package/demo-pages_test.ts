// Every demo page, every panel of the demo and the components page, loads in Chromium without a
// console error or warning (a missing favicon or a failed request counts), served as `npm start` does.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startDemo, type Demo } from '../e2e/harness.js';

const PANELS = ['clinic', 'line', 'model', 'analytics', 'tuning', 'gallery', 'live', 'interop'];

/**
 * Warnings this test machine causes, not the demo: Lit's notice under the dev server (gone in a
 * production build), and Chromium's own notes when capability detection finds no GPU adapter and no
 * built-in model here. Every other warning, and every error, fails the test.
 */
const MACHINE_NOTICES = [
  /^warning: Lit is in dev mode\./,
  /^warning: No available adapters\./,
  /^warning: Unable to create a text session because the service is not running\./,
  // The dev server found a dependency to pre-bundle on first use and reloaded the page; not a page fault.
  /^request failed: \S+\/node_modules\/\.vite\/deps\/\S+ net::ERR_ABORTED/,
];
const worth = (noise: string[]) => noise.filter((n) => !MACHINE_NOTICES.some((re) => re.test(n)));

describe('demo pages', () => {
  let demo: Demo;
  before(async () => {
    demo = await startDemo();
  });
  after(async () => {
    await demo?.close();
  });

  async function visit(path: string, ready: string): Promise<string[]> {
    const { context, page } = await demo.page();
    const noise: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') noise.push(`${m.type()}: ${m.text()} (${m.location().url})`);
    });
    page.on('pageerror', (e) => noise.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => noise.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
    page.on('response', (r) => {
      if (r.status() >= 400 && !r.url().includes('/v1/')) noise.push(`HTTP ${r.status()}: ${r.url()}`);
    });
    await page.goto(new URL(path, demo.url).href);
    await page.locator(ready).first().waitFor({ timeout: 60_000 });
    // Let late requests (icons, lazily loaded panels) finish before judging.
    await page.waitForLoadState('networkidle');
    await context.close();
    return noise;
  }

  for (const panel of PANELS) {
    test(`the ${panel} view has no console errors or warnings`, async () => {
      assert.deepEqual(worth(await visit(`#${panel}`, `section.panel[data-panel="${panel}"] > *`)), []);
    });
  }

  test('the production line escalating to a server without an upstream logs nothing to the console', async () => {
    const { context, page } = await demo.page();
    const noise: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') noise.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => noise.push(`page error: ${e.message}`));
    await page.goto(new URL('#line', demo.url).href);
    const panel = page.locator('section.panel[data-panel="line"]');
    await panel.getByRole('button', { name: 'Assemble' }).waitFor({ timeout: 60_000 });
    await panel.getByLabel('Browser station').selectOption('scripted');
    await panel.getByLabel('Browser output fails the gates').selectOption('always');
    for (let i = 0; i < 2; i++) {
      await panel.getByRole('button', { name: 'Assemble' }).click();
      await panel.getByText(/The fallback layout is showing/).waitFor({ timeout: 60_000 });
      await panel.getByText(/The premium station is not available here \(no_upstream\)/).waitFor();
    }
    await page.waitForLoadState('networkidle');
    assert.deepEqual(worth(noise), []);
    await context.close();
  });

  test('the components page shows every built-in component with a rendered example, and no console errors', async () => {
    const { context, page } = await demo.page();
    const noise: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') noise.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => noise.push(`page error: ${e.message}`));
    await page.goto(new URL('components.html', demo.url).href);
    await page.locator('section.component').first().waitFor({ timeout: 60_000 });
    const sections = await page.locator('section.component').evaluateAll((list) =>
      list.map((s) => {
        const surface = s.querySelector('jig-surface') as
          | (Element & { layout: unknown; lastVerdict?: { ok: boolean } | null })
          | null;
        return {
          type: (s as HTMLElement).dataset.type,
          rendered: Boolean(surface?.layout),
          props: s.querySelectorAll('tbody tr').length,
        };
      }),
    );
    const { builtinCatalog } = await import('../../src/catalog/builtin.js');
    assert.deepEqual(
      sections.map((s) => s.type),
      [...builtinCatalog.types],
    );
    assert.deepEqual(
      sections.filter((s) => !s.rendered).map((s) => s.type),
      [],
      'components whose example did not render',
    );
    // Events and parts come from the manifest: the button's jig-action and its base part are listed.
    const button = page.locator('section#button');
    assert.match((await button.textContent()) ?? '', /jig-action[\s\S]*base/);
    await page.waitForLoadState('networkidle');
    assert.deepEqual(worth(noise), []);
    await context.close();
  });
});
