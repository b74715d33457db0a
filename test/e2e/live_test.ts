// The live dashboard end to end: figures and order cards change through setData every second
// while their elements stay, the switch hides and shows a notice, and refine requests become
// patches the gates pass (the chart goes weekly) or refuse (a script link, a cycle) with nothing changed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, type Demo } from './harness.js';

let demo: Demo;
before(async () => {
  demo = await startDemo();
});
after(async () => {
  await demo?.close();
});

test('the live dashboard updates in place, hides on data and refines through gated patches', async () => {
  const { context, page } = await demo.page();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(`${demo.url}#live`);
    await page.getByRole('heading', { name: 'Live layouts' }).waitFor();
    const surface = page.locator('jig-surface');
    await surface.locator('jig-stat[node-id="revenue"]').waitFor();
    const revenue = () =>
      surface
        .locator('jig-stat[node-id="revenue"]')
        .evaluate((e) => e.shadowRoot!.textContent!.replace(/\D+/g, ' ').trim());
    // Tag the elements, so a re-render that replaced them would show.
    await page.evaluate(() => {
      for (const e of document.querySelectorAll('jig-surface [node-id]')) (e as HTMLElement).dataset.seen = '1';
    });
    const first = await revenue();
    await page.waitForFunction(
      (v) =>
        document.querySelector('jig-stat[node-id="revenue"]')!.shadowRoot!.textContent!.replace(/\D+/g, ' ').trim() !==
        v,
      first,
      { timeout: 10_000 },
    );
    assert.equal(
      await surface.locator('jig-stat[node-id="revenue"]').getAttribute('data-seen'),
      '1',
      'the stat element stayed',
    );
    assert.equal(
      await surface.locator('jig-card[node-id="order"]').first().getAttribute('data-seen'),
      '1',
      'the first order card stayed',
    );
    // A new order arrives every third second.
    const cards = await surface.locator('jig-card[node-id="order"]').count();
    await page.waitForFunction((n) => document.querySelectorAll('jig-card[node-id="order"]').length > n, cards, {
      timeout: 10_000,
    });

    // visible follows data: pausing shows the notice and stops the figures.
    await surface.locator('jig-switch').getByRole('switch').click();
    await surface.locator('jig-callout[node-id="paused"]').waitFor();
    const paused = await revenue();
    await page.waitForTimeout(1500);
    assert.equal(await revenue(), paused);

    const refine = page.getByRole('textbox', { name: 'Refine' });
    await refine.fill('make the chart weekly');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('Passed all seven gates').waitFor();
    assert.match((await page.locator('pre[aria-label="The patch"]').textContent()) ?? '', /"\/weekly"/);
    assert.equal(
      await surface.locator('jig-chart').evaluate((e) => (e as unknown as { props: { title: string } }).props.title),
      'Revenue per week',
    );

    await refine.fill('add a script link');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText(/Refused: policy · unsafe_url at \/ops\/0\/value\/props\/href/).waitFor();
    assert.equal(await surface.locator('jig-link').count(), 0, 'nothing of the refused patch is on the page');

    await refine.fill('something broken');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText(/Refused: graph/).waitFor();
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
