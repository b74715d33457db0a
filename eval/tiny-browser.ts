// The eval's real-model part: wllama is browser-first, so the tiny random-weights model runs in
// headless Chromium (playwright-core, Debian's /usr/bin/chromium) on a page vite serves.
// Writes eval/tiny-browser.json, which `npm run eval` reports beside the simulated profiles.
import { writeFileSync } from 'node:fs';
import { openEvalBrowser } from './support/browser.js';
import type { EngineAttempt, EvalRow } from './support/line.js';

const { server, url, browser } = await openEvalBrowser();
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`${url}eval/tiny/index.html`);
  await page.waitForFunction(
    () =>
      (window as { __tiny?: unknown; __tinyError?: string }).__tiny || (window as { __tinyError?: string }).__tinyError,
    undefined,
    { timeout: 900_000, polling: 1000 },
  );
  const err = await page.evaluate(() => (window as { __tinyError?: string }).__tinyError);
  if (err) throw new Error(err);
  const data = (await page.evaluate(() => (window as { __tiny?: unknown }).__tiny)) as {
    rows: EvalRow[];
    attempts: EngineAttempt[];
    costUsd: number;
  };
  const n = data.rows.length;
  const share = (f: (r: (typeof data.rows)[number]) => boolean) => data.rows.filter(f).length / n;
  const sorted = data.rows.map((r) => r.ms).sort((a, b) => a - b);
  const q = (x: number) => Math.round(sorted[Math.min(n - 1, Math.ceil(x * n) - 1)]!);
  const am = data.attempts.map((a) => a.ms).sort((a, b) => a - b);
  const summary = {
    requests: n,
    served: {
      browser: share((r) => r.station === 'browser'),
      premium: share((r) => r.station === 'premium'),
      fallback: share((r) => r.station === 'fallback'),
    },
    browserAttempts: data.attempts.length,
    browserAttemptsPassing: data.attempts.filter((a) => a.ok).length,
    browserEngineFailures: data.attempts.filter((a) => a.code).length,
    browserAttemptMedianMs: Math.round(am[Math.floor(am.length / 2)] ?? 0),
    meanTokensOut: Math.round(data.attempts.reduce((s, a) => s + a.tokensOut, 0) / Math.max(1, data.attempts.length)),
    repairRate: share((r) => r.repaired),
    escalationRate: share((r) => r.escalated),
    renderedValid: share((r) => r.valid),
    costUsd: Math.round(data.costUsd * 1e6) / 1e6,
    p50Ms: q(0.5),
    p95Ms: q(0.95),
  };
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const text = `${n} requests: browser served ${pct(summary.served.browser)}, premium ${pct(summary.served.premium)}, fallback ${pct(summary.served.fallback)}; ${summary.browserAttemptsPassing}/${summary.browserAttempts} tiny-model attempts passed every gate (median ${summary.browserAttemptMedianMs} ms, ${summary.meanTokensOut} tokens out); rendered-valid ${pct(summary.renderedValid)}; cost $${summary.costUsd.toFixed(4)}; p50 ${summary.p50Ms} ms / p95 ${summary.p95Ms} ms (premium latency simulated)`;
  writeFileSync(
    new URL('tiny-browser.json', import.meta.url),
    JSON.stringify(
      { generatedAt: new Date().toISOString(), summary: text, figures: summary, rows: data.rows },
      null,
      2,
    ) + '\n',
  );
  console.log(text);
} finally {
  await browser.close();
  await server.close();
}
