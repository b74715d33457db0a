// npm run eval:clinic (or node --import tsx eval/clinic-model.ts [--out FILE] [--runs N]): the
// clinic demo's requests that no recipe knows, through the demo's own line in headless Chromium
// with Jig's layout model, and the share the model served (the rest end on the clinic's page).
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openEvalBrowser } from './support/browser.js';
import type { ClinicRow } from './clinic/run-clinic.js';

/** Requests a visitor might type that name no specialty: no recipe serves them. */
export const CLINIC_UNKNOWN = [
  'cancel my appointment',
  'what are your opening hours?',
  'Something is wrong with my ears, can someone see me?',
  'do you have parking at the clinic?',
  'I want to move my booking to another day',
  'can I get my test results?',
  'how much does a visit cost?',
  'I would like to talk to a nurse',
  'register as a new patient',
  'my eyes are sore and red',
  'I need a sick note for work',
  'where is the clinic and how do I get there?',
];

const { values: args } = parseArgs({
  options: {
    out: { type: 'string' },
    runs: { type: 'string', default: '1' },
    overrides: { type: 'string', default: '{}' },
  },
});

const { server, url, browser } = await openEvalBrowser({ hmr: false });
const started = Date.now();
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`${url}eval/clinic/index.html`);
  await page.waitForFunction(() => typeof window.__clinic === 'function', undefined, { timeout: 120_000 });
  const intents = Array.from({ length: Number(args.runs) }, () => CLINIC_UNKNOWN).flat();
  const rows = (await page.evaluate(([list, o]) => window.__clinic!(list, o), [
    intents,
    JSON.parse(args.overrides!),
  ] as const)) as ClinicRow[];
  const served = rows.filter((r) => r.station === 'browser').length;
  const codes = rows
    .flatMap((r) => r.attempts.flatMap((a) => a.codes.concat(a.error ? [a.error] : [])))
    .reduce((m, c) => ({ ...m, [c]: (m[c] ?? 0) + 1 }), {} as Record<string, number>);
  const summary = {
    requests: rows.length,
    servedByModel: served,
    share: Math.round((served / rows.length) * 1000) / 1000,
    firstAttempt: rows.filter((r) => r.attempts[0]?.ok).length,
    issueCodes: codes,
    wallSeconds: Math.round((Date.now() - started) / 1000),
  };
  if (args.out)
    writeFileSync(args.out, JSON.stringify({ generatedAt: new Date().toISOString(), summary, rows }, null, 1) + '\n');
  for (const r of rows)
    console.log(
      `${r.station === 'browser' ? 'model   ' : 'fallback'} ${r.intent} · ${r.attempts.map((a) => (a.ok ? 'ok' : a.codes.join('+') || a.error)).join(' → ')}`,
    );
  console.log(JSON.stringify(summary));
} finally {
  await browser.close();
  await server.close();
}
