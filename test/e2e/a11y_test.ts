// Every demo tab for every visitor: axe-core (injected into the real page) finds no serious or
// critical violation, and at 390 px nothing is clipped sideways, in light and dark, toggled or
// from the system; the theme toggle has three states and says which.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { DOCS_SCREENSHOTS, SCREENSHOTS, startDemo, type Demo } from './harness.js';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const TABS = ['clinic', 'line', 'model', 'analytics', 'tuning', 'gallery', 'live'];

let demo: Demo;
before(async () => {
  demo = await startDemo();
});
after(async () => {
  await demo?.close();
});

async function open(page: Page, tab: string): Promise<void> {
  await page.goto(`${demo.url}#${tab}`);
  await page.locator(`section[data-panel="${tab}"] :is(h1, h2)`).first().waitFor();
  if (tab === 'clinic') {
    // A step on screen, so its form is checked too.
    await page.getByRole('button', { name: 'I need to see a dermatologist' }).click();
    await page.getByRole('heading', { name: 'Book a dermatology appointment' }).waitFor();
  }
}

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[] }>;
}

async function axe(page: Page): Promise<Violation[]> {
  await page.addScriptTag({ path: axePath });
  const r = await page.evaluate(async () => {
    const a = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: Violation[] }> } })
      .axe;
    return (await a.run(document, { resultTypes: ['violations'] })).violations;
  });
  return r.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`axe-core finds no serious or critical violation on any tab (${colorScheme})`, async () => {
    const { context, page } = await demo.page({ colorScheme });
    try {
      for (const tab of TABS) {
        await open(page, tab);
        const bad = await axe(page);
        if (tab === 'gallery' && colorScheme === 'light')
          await page.screenshot({ path: `${DOCS_SCREENSHOTS}/gallery.png` });
        assert.deepEqual(
          bad.map(
            (v) =>
              `${v.id}: ${v.help} at ${v.nodes
                .slice(0, 3)
                .map((n) => JSON.stringify(n.target))
                .join(', ')}`,
          ),
          [],
          `${tab} (${colorScheme})`,
        );
      }
    } finally {
      await context.close();
    }
  });
}

test('at 390 px every tab fits (no sideways scroll, nothing wider than the screen), in light and dark, from the system or toggled', async () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    const { context, page } = await demo.page({ width: 390, height: 844, colorScheme });
    try {
      for (const toggled of [false, true]) {
        for (const tab of TABS) {
          await open(page, tab);
          if (toggled) {
            // Toggle to the other theme than the system's.
            const want = colorScheme === 'light' ? 'Dark' : 'Light';
            while (!((await page.locator('#theme').textContent()) ?? '').includes(want))
              await page.locator('#theme').click();
          }
          const wide = await page.evaluate(() => {
            const vw = document.documentElement.clientWidth;
            const over = document.documentElement.scrollWidth - vw;
            // Elements sticking out past the right edge that are not inside a scroll container of their own.
            const clipped = [...document.querySelectorAll('body *')]
              .filter((e) => {
                const r = e.getBoundingClientRect();
                if (r.width === 0 || r.right <= vw + 1) return false;
                for (let p = e.parentElement; p; p = p.parentElement) {
                  const o = getComputedStyle(p).overflowX;
                  if (o === 'auto' || o === 'scroll' || o === 'hidden') return false;
                }
                return true;
              })
              .slice(0, 5)
              .map((e) => `${e.tagName.toLowerCase()}.${e.className}`);
            return { over, clipped };
          });
          assert.deepEqual(wide, { over: 0, clipped: [] }, `${tab} (${colorScheme}${toggled ? ', toggled' : ''})`);
          if (tab === 'clinic' || tab === 'line')
            await page.screenshot({
              path: `${SCREENSHOTS}/phone-${tab}-${colorScheme}${toggled ? '-toggled' : ''}.png`,
            });
        }
      }
    } finally {
      await context.close();
    }
  }
});

test('the theme toggle cycles system, light and dark, says which, and the trace follows it', async () => {
  const { context, page } = await demo.page({ colorScheme: 'light' });
  try {
    await open(page, 'clinic');
    const toggle = page.locator('#theme');
    const traceBg = () =>
      page.evaluate(() => {
        const t = document.querySelector('jig-trace')!;
        const li = t.shadowRoot!.querySelector('li') ?? t;
        return getComputedStyle(li).backgroundColor;
      });
    assert.equal(await toggle.textContent(), 'Theme: System');
    const light = await traceBg();
    await toggle.click();
    assert.equal(await toggle.textContent(), 'Theme: Light');
    await toggle.click();
    assert.equal(await toggle.textContent(), 'Theme: Dark');
    assert.notEqual(await traceBg(), light, 'the trace turns dark with the page, even with a light system setting');
    await page.reload();
    assert.equal(await page.locator('#theme').textContent(), 'Theme: Dark', 'the choice is remembered');
    await page.locator('#theme').click();
    assert.equal(await page.locator('#theme').textContent(), 'Theme: System');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme ?? null), null);
  } finally {
    await context.close();
  }
});
