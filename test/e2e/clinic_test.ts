// The demo's home, end to end in Chromium: the station status strip, the clinic booking workflow
// assembled step by step through the line, feedback into IndexedDB, no layout shift, phone width.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { DOCS_SCREENSHOTS, SCREENSHOTS, layoutShift, startDemo, watchLayoutShift, type Demo } from './harness.js';

let demo: Demo;
before(async () => {
  demo = await startDemo();
});
after(async () => {
  await demo?.close();
});

const served = (page: Page) => page.locator('.served');

/** Waits until the latest request has settled (the status line leaves "Assembling…"). */
async function settled(page: Page, step: string, timeout = 60_000): Promise<string> {
  await page.locator(`.progress li[aria-current="step"][data-step="${step}"]`).waitFor({ timeout });
  await page.waitForFunction(
    () =>
      document.querySelector('.served')?.getAttribute('data-state') !== 'busy' &&
      !!document.querySelector('.served')?.textContent,
    undefined,
    { timeout },
  );
  return (await served(page).textContent()) ?? '';
}

test('the status strip says which stations are available here and why, with no weights and no upstream key', async () => {
  const { context, page } = await demo.page();
  try {
    await page.goto(demo.url);
    const strip = page.locator('#stations[aria-busy="false"]');
    await strip.waitFor();
    const browser = await strip.locator('[data-station="browser"]').textContent();
    assert.match(browser ?? '', /wllama on the CPU with Jig's own layout model, jig-layout-v1/);
    const premium = strip.locator('[data-station="premium"]');
    assert.match(
      (await premium.textContent()) ?? '',
      /no premium upstream configured.*escalations go to the fallback layout/,
    );
    assert.equal(await premium.getAttribute('data-ok'), 'false');
    assert.match((await strip.locator('[data-station="cache"]').textContent()) ?? '', /\d+ site recipes/);
    assert.match((await strip.locator('[data-station="events"]').textContent()) ?? '', /IndexedDB/);
    await page.screenshot({ path: `${SCREENSHOTS}/home.png` });
    // The root URL sends visitors to the demo instead of an empty 404.
    const root = await fetch(new URL('/', demo.url), { redirect: 'manual' });
    assert.equal(root.status, 302);
    assert.equal(root.headers.get('location'), '/demo/');
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
    // Only Old Town's times, as asked.
    const cards = await page.locator('jig-card').evaluateAll((els) => els.map((e) => e.getAttribute('node-id')));
    assert.ok(cards.length > 0);
    assert.equal(
      await page
        .locator('jig-surface')
        .getByText(/Riverside Clinic/)
        .count(),
      0,
      `cards ${cards.join(', ')}`,
    );
    // Focus moved to the new step's heading, and it is in view.
    await page.waitForFunction(() => document.activeElement?.tagName === 'JIG-HEADING');
    assert.match(
      await page.evaluate(() => document.activeElement!.shadowRoot!.activeElement?.textContent ?? ''),
      /Free times — General practice/,
    );
    await page.screenshot({ path: `${DOCS_SCREENSHOTS}/demo-clinic-choose.png` });
    await page.screenshot({ path: `${SCREENSHOTS}/clinic-choose.png` });
    const wednesday = page.locator('[node-id="c-gp4"]');
    assert.match((await wednesday.getAttribute('node-id')) ?? '', /c-gp4/);
    await page.locator('[node-id="pick-gp4"]').getByRole('button', { name: 'Choose this time' }).click();
    assert.match(await settled(page, 'details'), /served by the cache station/);
    // Steps are history entries: Back returns to the choice, Forward to the details.
    await page.goBack();
    assert.match(await settled(page, 'choose'), /served by the cache station/);
    await page.getByRole('heading', { name: /Free times — General practice/ }).waitFor();
    assert.ok(page.url().startsWith(demo.url), 'Back stays in the demo');
    await page.goForward();

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
    for (const want of [
      'Ada Lovelace',
      'ada@example.com',
      'Dr Helen Park',
      'Old Town Clinic',
      'General practice (GP), Wednesday next week, 11:00',
    ]) {
      await table.getByText(want, { exact: true }).waitFor();
    }
    await table.getByText(/^NH-[A-Z0-9]{6}$/).waitFor();
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: `${SCREENSHOTS}/clinic-confirm.png`, fullPage: true });
    await page.screenshot({ path: `${DOCS_SCREENSHOTS}/demo-clinic-confirm.png` });

    // Every request is in the trace history: four steps, each from the cache.
    const options = await page.locator('select.history option').allTextContents();
    assert.deepEqual(
      options.map((o) => o.replace(/\s*\(.*$/, '')),
      [
        '1. search — cache',
        '2. choose — cache',
        '3. details — cache',
        '4. choose — cache',
        '5. details — cache',
        '6. confirm — cache',
      ],
    );

    // Starting over goes back to the search step, with the answers cleared.
    await page.getByRole('button', { name: 'Book another appointment' }).click();
    assert.match(await settled(page, 'search'), /served by the cache station/);
    await page.getByRole('heading', { name: 'Book a GP appointment' }).waitFor();
    assert.equal(await page.getByRole('combobox', { name: 'Where' }).inputValue(), 'any');

    const { cls, shifts } = await layoutShift(page);
    t.diagnostic(
      `cumulative layout shift ${cls.toFixed(4)} over ${shifts.length} shifts: ${shifts.map((s) => `${s.value.toFixed(4)} ${s.sources.join(' ')}`).join('; ')}`,
    );
    assert.ok(cls < 0.1, `cumulative layout shift ${cls.toFixed(3)} (shifts: ${JSON.stringify(shifts)})`);
  } finally {
    await context.close();
  }
});

test("a request no recipe knows is assembled by Jig's own model in the browser, streamed in, with progress, elapsed time and the submit disabled", async (t) => {
  const { context, page } = await demo.page();
  try {
    await watchLayoutShift(page);
    await page.goto(demo.url);
    // A step is on screen first, so the slow request below streams in over it.
    await page.getByRole('button', { name: 'I need to see a dermatologist' }).click();
    assert.match(await settled(page, 'search'), /served by the cache station/);
    await page.evaluate(() => {
      const w = window as unknown as { __painted: number; __rendered: number };
      w.__painted = 0;
      const s = document.querySelector('jig-surface')!;
      s.addEventListener('jig-node', () => {
        w.__painted++;
      });
      s.addEventListener('jig-render', () => {
        w.__rendered = w.__painted;
      });
    });
    await page.getByRole('textbox', { name: 'What would you like to book?' }).fill('cancel my appointment');
    await page.getByRole('button', { name: 'Find appointments' }).click();
    // While it runs: what is happening, for how long, a way out; the submit waits.
    const working = page.locator('.working');
    await working.waitFor();
    assert.equal(await page.getByRole('button', { name: 'Find appointments' }).isDisabled(), true);
    await working.getByRole('button', { name: 'Cancel' }).waitFor();
    await page.waitForFunction(() => /\d+\.\d s/.test(document.querySelector('.working .elapsed')?.textContent ?? ''));
    await page.waitForFunction(() =>
      /browser|model/.test(document.querySelector('.working .activity')?.textContent ?? ''),
    );
    let text = await settled(page, 'search', 180_000);
    assert.equal(await page.getByRole('button', { name: 'Find appointments' }).isDisabled(), false);
    // Jig's own model ran in the browser for each of these; its layout renders when it passes the
    // clinic's gates (its rule asks every page for a way forward), else the clinic's own page shows —
    // never the booking search form. At least one of these requests gets a model-assembled page.
    const outcomes: string[] = [];
    let hero = false;
    let asked = 'cancel my appointment';
    for (const next of [
      'what are your opening hours?',
      'Something is wrong with my ears, can someone see me?',
      'do you have parking at the clinic?',
      null,
    ]) {
      const steps = await page.evaluate(
        () =>
          (
            document.querySelector('jig-surface') as unknown as {
              trace: {
                steps: Array<{
                  kind: string;
                  station?: string;
                  ok?: boolean;
                  model?: string;
                  tokensOut?: number;
                  issues?: unknown;
                }>;
              };
            }
          ).trace.steps,
      );
      const attempts = steps.filter((s) => s.kind === 'attempt' && s.station === 'browser');
      assert.ok(
        attempts.length >= 1 && attempts.every((a) => a.model === 'jig-layout-v1' && (a.tokensOut ?? 0) > 0),
        JSON.stringify(steps),
      );
      const rendered = steps.find((s) => s.kind === 'rendered');
      outcomes.push(`${rendered?.station}`);
      t.diagnostic(
        `${text} · steps ${steps.map((s) => `${s.kind}:${s.station ?? ''}:${s.ok ?? ''}:${Array.isArray(s.issues) ? s.issues.map((i: { code: string }) => i.code).join('+') : ''}`).join(' ')}`,
      );
      assert.equal(await page.getByRole('heading', { name: 'Find an appointment' }).count(), 0);
      if (rendered?.station === 'browser') {
        assert.match(text, /Assembled for this request by jig-layout-v1/);
        // Streamed: nodes painted one by one before the whole layout rendered.
        assert.ok(
          (await page.evaluate(() => (window as unknown as { __rendered: number }).__rendered)) > 1,
          'nodes painted while the model wrote',
        );
        // The README's hero: a model-assembled page (the opening-hours one when it renders).
        if (!hero || asked === 'what are your opening hours?') {
          hero = true;
          await page.evaluate('window.scrollTo(0, 0)');
          await page.screenshot({ path: `${DOCS_SCREENSHOTS}/demo-clinic-assembled.png` });
        }
      } else {
        assert.equal(rendered?.station, 'fallback');
        await page.getByRole('heading', { name: 'How can we help?' }).waitFor();
      }
      if (!next) break;
      await page.evaluate(() => {
        (window as unknown as { __painted: number }).__painted = 0;
      });
      asked = next;
      await page.getByRole('textbox', { name: 'What would you like to book?' }).fill(next);
      await page.getByRole('button', { name: 'Find appointments' }).click();
      text = await settled(page, 'search', 180_000);
    }
    t.diagnostic(`served: ${outcomes.join(', ')}`);
    assert.ok(hero, `no request was served by the browser model: ${outcomes.join(', ')}`);
    assert.match(
      (await page.locator('.model-line').textContent()) ?? '',
      /Browser model: jig-layout-v1 loaded in \d+\.\d s\./,
    );
    const { cls, shifts } = await layoutShift(page);
    t.diagnostic(`cumulative layout shift ${cls.toFixed(4)} over ${shifts.length} shifts`);
    assert.ok(cls < 0.1, `cumulative layout shift ${cls.toFixed(3)} (shifts: ${JSON.stringify(shifts)})`);
  } finally {
    await context.close();
  }
});

test('a running request can be cancelled; an over-long request is refused before it is sent', async () => {
  const { context, page } = await demo.page();
  try {
    await page.goto(demo.url);
    await page.getByRole('button', { name: 'I need to see a dermatologist' }).click();
    assert.match(await settled(page, 'search'), /served by the cache station/);
    await page
      .getByRole('textbox', { name: 'What would you like to book?' })
      .fill('Something is wrong with my ears, can someone see me?');
    await page.getByRole('button', { name: 'Find appointments' }).click();
    await page.locator('.working').getByRole('button', { name: 'Cancel' }).click();
    await page.getByText('Cancelled: the page is as it was.').waitFor();
    await page.getByRole('heading', { name: 'Book a dermatology appointment' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Find appointments' }).isDisabled(), false);
    const before = await page.locator('select.history option').count();
    // The input stops at 200 characters; a longer value set by script is refused, not sent.
    assert.equal(
      await page.getByRole('textbox', { name: 'What would you like to book?' }).getAttribute('maxlength'),
      '200',
    );
    await page.evaluate(() => {
      const i = document.querySelector<HTMLInputElement>('input[name="intent"]')!;
      i.removeAttribute('maxlength');
      i.value = 'x'.repeat(2000);
      i.form!.requestSubmit();
    });
    await page.getByText('That request is 2000 characters long; please say it in 200 or fewer.').waitFor();
    assert.equal(await page.locator('select.history option').count(), before, 'nothing was sent');
  } finally {
    await context.close();
  }
});

test('the booking honours the day and the clinic asked for', async () => {
  const { context, page } = await demo.page();
  try {
    await page.goto(demo.url);
    await page
      .getByRole('textbox', { name: 'What would you like to book?' })
      .fill('flu shot for my two kids on Saturday');
    await page.getByRole('button', { name: 'Find appointments' }).click();
    assert.match(await settled(page, 'search'), /served by the cache station/);
    await page.getByRole('button', { name: 'Show free times' }).click();
    assert.match(await settled(page, 'choose'), /served by the cache station/);
    await page.getByText('Paediatrics, next week, on Saturday, at either clinic.').waitFor();
    // Only the Saturday times (paed7 and paed8 are the Saturday slots in demo/scenario/clinic.ts).
    const cards = await page
      .locator('jig-surface [node-id^="c-"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('node-id')));
    assert.deepEqual(cards.sort(), ['c-paed7', 'c-paed8']);

    await page
      .getByRole('textbox', { name: 'What would you like to book?' })
      .fill('GP this week at Old Town Clinic on Friday');
    await page.getByRole('button', { name: 'Find appointments' }).click();
    assert.match(await settled(page, 'search'), /served by the cache station/);
    assert.equal(await page.getByRole('combobox', { name: 'Where' }).inputValue(), 'oldtown');
    await page.getByRole('button', { name: 'Show free times' }).click();
    assert.match(await settled(page, 'choose'), /served by the cache station/);
    // Old Town has no Friday GP time: the page says so and offers its other days.
    await page.getByText('No Friday times at Old Town Clinic: here are the other days.').waitFor();
    assert.equal(
      await page
        .locator('jig-surface')
        .getByText(/Riverside Clinic/)
        .count(),
      0,
    );
  } finally {
    await context.close();
  }
});

test("the dark theme follows the visitor's preference and the toggle switches it", async () => {
  const { context, page } = await demo.page({ colorScheme: 'dark' });
  try {
    await page.goto(demo.url);
    await page.getByRole('button', { name: 'I need to see a dermatologist' }).click();
    assert.match(await settled(page, 'search'), /served by the cache station/);
    const background = () =>
      page.evaluate('getComputedStyle(document.querySelector(".surface-frame")).backgroundColor') as Promise<string>;
    assert.equal(await background(), 'rgb(23, 26, 33)');
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: `${SCREENSHOTS}/clinic-dark.png` });
    await page.screenshot({ path: `${DOCS_SCREENSHOTS}/demo-clinic-dark.png` });
    await page.locator('#theme').click();
    assert.equal(await page.locator('#theme').textContent(), 'Theme: Light');
    assert.equal(await background(), 'rgb(255, 255, 255)');
  } finally {
    await context.close();
  }
});
