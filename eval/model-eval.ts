// npm run eval:model -- --intents FILE --out FILE: each intent through Jig's layout model in the
// real wllama engine, in headless Chromium (playwright-core, Debian's /usr/bin/chromium), under
// the catalog's grammar with at most one repair. Writes a JSON array in the order of the intents:
// {intent, ok, layout, issues, ms, tokens, …}; with `fit` needs given, also a summary.
import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openEvalBrowser } from './support/browser.js';
import { missingNeeds, type Fit } from './fit.js';
import type { Attempt, RunOptions } from './model/run-model.js';

const root = new URL('..', import.meta.url).pathname;
const { values: args } = parseArgs({
  options: {
    intents: { type: 'string' },
    out: { type: 'string' },
    summary: { type: 'string' },
    model: { type: 'string', default: 'models/jig-layout-v1.gguf' },
    limit: { type: 'string' },
    context: { type: 'string', default: '1024' },
    'max-tokens': { type: 'string', default: '900' },
    'no-grammar': { type: 'boolean', default: false },
  },
});
if (!args.intents || !args.out) {
  console.error(
    'usage: npm run eval:model -- --intents FILE --out FILE [--summary FILE] [--model models/jig-layout-v1.gguf] [--limit N]',
  );
  process.exit(2);
}

interface IntentItem {
  intent: string;
  class?: string;
  fit?: Fit;
}
const raw = JSON.parse(readFileSync(args.intents, 'utf8')) as Array<string | IntentItem>;
if (!Array.isArray(raw)) throw new TypeError(`${args.intents}: expected a JSON array of intents (strings or {intent})`);
let items: IntentItem[] = raw.map((x, i) => {
  const item = typeof x === 'string' ? { intent: x } : x;
  if (!item || typeof item.intent !== 'string' || !item.intent.trim())
    throw new TypeError(`${args.intents}: item ${i} has no intent text`);
  return item;
});
if (args.limit) items = items.slice(0, Number(args.limit));

const modelPath = resolve(root, args.model!);
const modelBytes = readFileSync(modelPath);
const modelUrlPath = '/' + relative(root, modelPath).split('\\').join('/');

const { server, url, browser } = await openEvalBrowser();
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`${url}eval/model/index.html`);
  await page.waitForFunction(() => typeof window.__jigModelEval === 'function', undefined, { timeout: 120_000 });
  const started = Date.now();
  const ticker = setInterval(() => {
    void page
      .evaluate(() => window.__jigModelProgress ?? 0)
      .then(
        (n) => process.stdout.write(`\r${n}/${items.length} intents (${Math.round((Date.now() - started) / 1000)} s)`),
        () => undefined,
      );
  }, 5000);
  const options: RunOptions = {
    modelUrl: new URL(modelUrlPath, url).href,
    contextSize: Number(args.context),
    maxTokens: Number(args['max-tokens']),
    grammar: !args['no-grammar'],
  };
  const result = await page
    .evaluate(([list, o]) => window.__jigModelEval!(list, o), [items.map((i) => i.intent), options] as const)
    .finally(() => clearInterval(ticker));
  process.stdout.write('\n');

  const rows = items.map((item, i) => {
    const { first, repair } = result.rows[i]!;
    const last: Attempt = repair ?? first;
    const missing = last.ok && item.fit ? missingNeeds(last.layout as { nodes: [] }, item.fit) : undefined;
    return {
      intent: item.intent,
      ...(item.class ? { class: item.class } : {}),
      ok: last.ok,
      layout: last.ok ? last.layout : null,
      issues: last.issues,
      ms: Math.round(first.ms + (repair?.ms ?? 0)),
      tokens: first.tokens + (repair?.tokens ?? 0),
      firstAttemptOk: first.ok,
      repaired: !!repair,
      firstNodeMs: first.firstNodeMs === undefined ? null : Math.round(first.firstNodeMs),
      ...(item.fit ? { fit: !!missing && missing.length === 0, missing: missing ?? item.fit.needs } : {}),
      text: last.text,
      ...(repair ? { firstText: first.text, firstIssues: first.issues } : {}),
    };
  });
  writeFileSync(args.out, JSON.stringify(rows, null, 1) + '\n');

  const n = rows.length;
  const q = (xs: number[], p: number) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length ? s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]! : null;
  };
  const attempts = result.rows.flatMap((r) => (r.repair ? [r.first, r.repair] : [r.first]));
  const share = (k: number) => Math.round((k / n) * 1000) / 1000;
  const summary = {
    generatedAt: new Date().toISOString(),
    model: {
      file: relative(root, modelPath),
      bytes: statSync(modelPath).size,
      sha256: createHash('sha256').update(modelBytes).digest('hex'),
    },
    engine: 'wllama 3.13, CPU, 1 thread, headless Chromium',
    grammar: args['no-grammar']
      ? 'none (unconstrained), temperature 0 then one repair at 0.8'
      : 'catalog.treeGrammar, two steps (data first), temperature 0 then one repair at 0.8',
    intents: relative(root, resolve(args.intents)),
    requests: n,
    loadMs: Math.round(result.loadMs),
    firstAttemptPass: share(rows.filter((r) => r.firstAttemptOk).length),
    passAfterOneRepair: share(rows.filter((r) => r.ok).length),
    ...(items.some((i) => i.fit) ? { validAndFitting: share(rows.filter((r) => r.ok && r.fit).length) } : {}),
    latencyMs: {
      median: q(
        rows.map((r) => r.ms),
        0.5,
      ),
      p95: q(
        rows.map((r) => r.ms),
        0.95,
      ),
    },
    firstNodeMs: {
      median: q(
        rows.flatMap((r) => (r.firstNodeMs === null ? [] : [r.firstNodeMs])),
        0.5,
      ),
      p95: q(
        rows.flatMap((r) => (r.firstNodeMs === null ? [] : [r.firstNodeMs])),
        0.95,
      ),
    },
    tokensPerSecond: Math.round(
      attempts.reduce((s, a) => s + a.tokens, 0) / (attempts.reduce((s, a) => s + a.ms, 0) / 1000),
    ),
    meanTokensPerLayout: Math.round(rows.reduce((s, r) => s + r.tokens, 0) / n),
    issueCodes: Object.fromEntries([
      ...rows
        .flatMap((r) => r.issues.map((x) => x.code))
        .reduce((m, c) => m.set(c, (m.get(c) ?? 0) + 1), new Map<string, number>()),
    ]),
    wallSeconds: Math.round((Date.now() - started) / 1000),
  };
  if (args.summary) writeFileSync(args.summary, JSON.stringify(summary, null, 1) + '\n');
  console.log(JSON.stringify(summary, null, 1));
} finally {
  await browser.close();
  await server.close();
}
