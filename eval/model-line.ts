// The line with a real cheap station: eval/intents.json (two rounds, as eval/run.ts) through the
// line in headless Chromium, with Jig's layout model in wllama as the browser station and the
// simulated premium behind it. Writes eval/model-line.json, which `npm run eval` reports first.
import { writeFileSync } from 'node:fs';
import { openEvalBrowser } from './support/browser.js';
import type { EngineAttempt, EvalRow } from './support/line.js';

const { server, url, browser } = await openEvalBrowser();
const started = Date.now();
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`${url}eval/model/line.html`);
  await page.waitForFunction(() => window.__modelLine || window.__modelLineError, undefined, {
    timeout: 3_600_000,
    polling: 5000,
  });
  const err = await page.evaluate(() => window.__modelLineError);
  if (err) throw new Error(err);
  const data = (await page.evaluate(() => window.__modelLine)) as {
    rounds: EvalRow[][];
    costs: number[];
    attempts: EngineAttempt[];
    premiumCalls: number;
  };
  writeFileSync(
    new URL('model-line.json', import.meta.url),
    JSON.stringify(
      { generatedAt: new Date().toISOString(), wallSeconds: Math.round((Date.now() - started) / 1000), ...data },
      null,
      1,
    ) + '\n',
  );
  const all = data.rounds.flat();
  console.log(
    `${all.length} requests; browser served ${all.filter((r) => r.station === 'browser').length}, premium ${all.filter((r) => r.station === 'premium').length}; ${data.attempts.filter((a) => a.ok).length}/${data.attempts.length} browser attempts passed; cost $${(data.costs[0]! + data.costs[1]!).toFixed(4)}`,
  );
} finally {
  await browser.close();
  await server.close();
}
