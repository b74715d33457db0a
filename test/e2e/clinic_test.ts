// The demo's home, end to end in Chromium: the station status strip, the clinic booking workflow
// assembled step by step through the line, feedback into IndexedDB, no layout shift, phone width.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { SCREENSHOTS, layoutShift, startDemo, watchLayoutShift, type Demo } from './harness.js';

let demo: Demo;
before(async () => { demo = await startDemo(); });
after(async () => { await demo?.close(); });

const served = (page: Page) => page.locator('.served');

/** Waits until the latest request has settled (the status line leaves "Assembling…"). */
async function settled(page: Page, step: string, timeout = 60_000): Promise<string> {
  await page.locator(`.progress li[aria-current="step"][data-step="${step}"]`).waitFor({ timeout });
  await page.waitForFunction(() => document.querySelector('.served')?.getAttribute('data-state') !== 'busy' && !!document.querySelector('.served')?.textContent, undefined, { timeout });
  return (await served(page).textContent()) ?? '';
}

test('the status strip says which stations are available here and why, with no weights and no upstream key', async () => {
  const { context, page } = await demo.page();
  try {
    await page.goto(demo.url);
    const strip = page.locator('#stations[aria-busy="false"]');
    await strip.waitFor();
    const browser = await strip.locator('[data-station="browser"]').textContent();
    assert.match(browser ?? '', /no WebGPU: using wllama/);
    assert.match(browser ?? '', /random-weights test model/);
    const premium = strip.locator('[data-station="premium"]');
    assert.match((await premium.textContent()) ?? '', /no premium upstream configured.*escalations go to the fallback layout/);
    assert.equal(await premium.getAttribute('data-ok'), 'false');
    assert.match((await strip.locator('[data-station="cache"]').textContent()) ?? '', /\d+ site recipes/);
    assert.match((await strip.locator('[data-station="events"]').textContent()) ?? '', /IndexedDB/);
    await page.screenshot({ path: `${SCREENSHOTS}/home.png` });
  } finally {
    await context.close();
  }
});

test('a visitor books a GP check-up: search → choose → details → confirmation, each step assembled with the answers so far', async (t) => {
  const { context, page } = await demo.page();
  try {
    await watchLayoutShift(page);
    await page.goto(demo.url);
    const intent = page.getByRole('textbox', { name: 'What would you like to book?' });
    await intent.fill('Book a check-up with a GP next week');
    await page.getByRole('button', { name: 'Find appointments' }).click();

    // 1. search: the site's recipe for GP, pre-filled with "next week" read from the intent.
    assert.match(await settled(page, 'search'), /served by the cache station/);
    await page.getByRole('heading', { name: 'Book a GP appointment' }).waitFor();
    assert.equal(await page.getByRole('combobox', { name: 'When' }).inputValue(), 'next-week');
    await page.getByRole('combobox', { name: 'Where' }).selectOption('oldtown');
    await page.screenshot({ path: `${SCREENSHOTS}/clinic-search.png` });
    await page.getByRole('button', { name: 'Show free times' }).click();

    // 2. choose: the slots, with the search answers in the layout's data.
    assert.match(await settled(page, 'choose'), /served by the cache station/);
    await page.getByRole('heading', { name: /Free times — General practice/ }).waitFor();
    await page.getByText('General practice (GP), next week, at Old Town Clinic.').waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/clinic-choose.png` });
    const wednesday = page.locator('[node-id="c-gp4"]');
    assert.match((await wednesday.getAttribute('node-id')) ?? '', /c-gp4/);
    await page.locator('[node-id="pick-gp4"]').getByRole('button', { name: 'Choose this time' }).click();

    // 3. details: the chosen slot shows; the form asks for name and email.
    assert.match(await settled(page, 'details'), /served by the cache station/);
    await page.locator('[node-id="s-when"]').getByText('Wednesday next week, 11:00').waitFor();
    await page.locator('[node-id="s-who"]').getByText('Dr Helen Park').waitFor();
    // An empty required form sends nothing: the step stays.
    await page.getByRole('button', { name: 'Book this appointment' }).click();
    assert.equal(await page.locator('.progress li[aria-current="step"]').getAttribute('data-step'), 'details');
    await page.getByRole('textbox', { name: 'Full name' }).fill('Ada Lovelace');
    await page.getByRole('textbox', { name: 'Email' }).fill('ada@example.com');
    await page.screenshot({ path: `${SCREENSHOTS}/clinic-details.png` });
    await page.getByRole('button', { name: 'Book this appointment' }).click();

    // 4. confirmation: every answer, and a reference.
    assert.match(await settled(page, 'confirm'), /served by the cache station/);
    await page.getByText('You are booked in').waitFor();
    const table = page.locator('[node-id="facts"]');
    for (const want of ['Ada Lovelace', 'ada@example.com', 'Dr Helen Park', 'Old Town Clinic', 'General practice (GP), Wednesday next week, 11:00']) {
      await table.getByText(want, { exact: true }).waitFor();
    }
    await table.getByText(/^NH-[A-Z0-9]{6}$/).waitFor();
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: `${SCREENSHOTS}/clinic-confirm.png`, fullPage: true });

    // Every request is in the trace history: four steps, each from the cache.
    const options = await page.locator('select.history option').allTextContents();
    assert.deepEqual(options.map((o) => o.replace(/\s*\(.*$/, '')), ['1. search — cache', '2. choose — cache', '3. details — cache', '4. confirm — cache']);

    // Starting over goes back to the search step, with the answers cleared.
    await page.getByRole('button', { name: 'Book another appointment' }).click();
    assert.match(await settled(page, 'search'), /served by the cache station/);
    await page.getByRole('heading', { name: 'Book a GP appointment' }).waitFor();
    assert.equal(await page.getByRole('combobox', { name: 'Where' }).inputValue(), 'any');

    const { cls, shifts } = await layoutShift(page);
    t.diagnostic(`cumulative layout shift ${cls.toFixed(4)} over ${shifts.length} shifts: ${shifts.map((s) => `${s.value.toFixed(4)} ${s.sources.join(" ")}`).join("; ")}`);
    assert.ok(cls < 0.1, `cumulative layout shift ${cls.toFixed(3)} (shifts: ${JSON.stringify(shifts)})`);
  } finally {
    await context.close();
  }
});

test('an intent the site has no recipe for goes down the line — tiny model fails the gates, repair, no premium — and lands on the fallback form, without layout shift', async (t) => {
  const { context, page } = await demo.page();
  try {
    await watchLayoutShift(page);
    await page.goto(demo.url);
    // A step is on screen first, so the slow request below streams in over it.
    await page.getByRole('button', { name: 'I need to see a dermatologist' }).click();
    assert.match(await settled(page, 'search'), /served by the cache station/);
    await page.getByRole('textbox', { name: 'What would you like to book?' }).fill('Something is wrong with my ears, can someone see me?');
    await page.getByRole('button', { name: 'Find appointments' }).click();
    // The tiny model runs on the CPU: on a loaded machine the whole line can take its full minute.
    const text = await settled(page, 'search', 120_000);
    assert.match(text, /clinic's search form is showing/);
    await page.getByRole('heading', { name: 'Find an appointment' }).waitFor();
    // The trace element shows the journey to a person.
    const trace = page.locator('jig-trace');
    await trace.getByText(/escalat/i).first().waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/clinic-fallback-trace.png` });
    // The browser station ran the tiny model, its answer failed the clinic's rule, a repair was tried.
    const steps = await page.evaluate(() => (document.querySelector('jig-surface') as unknown as { trace: { steps: Array<{ kind: string; station?: string; ok?: boolean; repair?: boolean; error?: { code: string } }> } }).trace.steps);
    const browser = steps.filter((s) => s.kind === 'attempt' && s.station === 'browser');
    assert.ok(browser.length >= 1, `browser attempts in ${JSON.stringify(steps)}`);
    assert.ok(browser.every((s) => !s.ok), 'the random-weights model never passes the clinic gates');
    assert.ok(steps.some((s) => s.kind === 'repair' && s.station === 'browser'), 'the failed answer went back to the model once');
    const premium = steps.find((s) => s.kind === 'attempt' && s.station === 'premium');
    assert.ok(premium, 'the premium station was tried');
    assert.equal(premium.error?.code, 'no_upstream', JSON.stringify(premium));
    assert.ok(steps.some((s) => s.kind === 'rendered' && s.station === 'fallback'));
    // The model's load, from the line's events.
    assert.match((await page.locator('.model-line').textContent()) ?? '', /Browser model: tiny-random \(test model\) loaded in \d+\.\d s\./);
    // The strip now knows the premium answer too.
    assert.match((await page.locator('#stations [data-station="premium"]').textContent()) ?? '', /no premium upstream configured/);
    // From the fallback form the visitor carries on.
    await page.getByRole('combobox', { name: 'Who would you like to see?' }).selectOption('dermatology');
    await page.getByRole('button', { name: 'Show free times' }).click();
    assert.match(await settled(page, 'choose'), /served by the cache station/);
    await page.getByRole('heading', { name: /Free times — Dermatology/ }).waitFor();
    const { cls, shifts } = await layoutShift(page);
    t.diagnostic(`cumulative layout shift ${cls.toFixed(4)} over ${shifts.length} shifts: ${shifts.map((s) => `${s.value.toFixed(4)} ${s.sources.join(" ")}`).join("; ")}`);
    assert.ok(cls < 0.1, `cumulative layout shift ${cls.toFixed(3)} (shifts: ${JSON.stringify(shifts)})`);
  } finally {
    await context.close();
  }
});

test('the dark theme follows the visitor\'s preference and the toggle switches it', async () => {
  const { context, page } = await demo.page({ colorScheme: 'dark' });
  try {
    await page.goto(demo.url);
    await page.getByRole('button', { name: 'I need to see a dermatologist' }).click();
    assert.match(await settled(page, 'search'), /served by the cache station/);
    const background = () => page.evaluate('getComputedStyle(document.querySelector(".surface-frame")).backgroundColor') as Promise<string>;
    assert.equal(await background(), 'rgb(23, 26, 33)');
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: `${SCREENSHOTS}/clinic-dark.png` });
    await page.getByRole('button', { name: 'Switch light or dark theme' }).click();
    assert.equal(await background(), 'rgb(255, 255, 255)');
  } finally {
    await context.close();
  }
});
