#!/usr/bin/env node
// Runs every suite (lint and format check, type check, Node tests, browser tests, storage tests against PostgreSQL
// when one is reachable) and ends with one line that sums them: `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const only = process.argv.slice(2); // e.g. `node scripts/test.mjs node` or `browser`
const want = (name) => only.length === 0 || only.includes(name);
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function run(cmd, args, env = {}) {
  const res = spawnSync(cmd, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  process.stdout.write(res.stdout ?? '');
  return res;
}

function files(dir, suffix) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path, suffix) : path.endsWith(suffix) ? [path] : [];
    })
    .sort();
}

function nodeSuite(label, list, env = {}) {
  if (list.length === 0) return;
  console.log(`\n== ${label} (${list.length} files)`);
  const res = run(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...list],
    env,
  );
  const out = res.stdout ?? '';
  const num = (key) => Number((out.match(new RegExp(`^ℹ ${key} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
  const passed = num('pass'),
    failed = num('fail'),
    skipped = num('skipped') + num('todo');
  totals.passed += passed;
  totals.skipped += skipped;
  if (passed + failed === 0 || (res.status !== 0 && failed === 0)) {
    totals.failed++;
    failures.push(`${label}: runner exited ${res.status} without results`);
  } else {
    totals.failed += failed;
    if (failed) failures.push(`${label}: ${failed} failed`);
  }
}

if (want('lint')) {
  console.log('== lint and format check (biome check)');
  const res = run(process.execPath, ['node_modules/@biomejs/biome/bin/biome', 'check', '--reporter=summary', '.']);
  if (res.status === 0) totals.passed++;
  else {
    totals.failed++;
    failures.push('lint and format (npm run lint; npm run format writes the fixes)');
  }
}

if (want('types')) {
  console.log('== type check (tsc --noEmit)');
  const res = run(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.json']);
  if (res.status === 0) totals.passed++;
  else {
    totals.failed++;
    failures.push('type check');
  }
}

if (want('node')) nodeSuite('node tests', files('test/node', '_test.ts'));

// The same storage suite on the in-process store (`JIG_DATABASE=:memory:` without a driver).
if (want('node'))
  nodeSuite('storage tests on the in-process store', files('test/node/server', 'storage_test.ts'), {
    JIG_TEST_STORAGE: 'memory',
  });

if (want('postgres') && process.env.DATABASE_URL) {
  nodeSuite(
    'storage tests on PostgreSQL',
    files('test/node', '_pg_test.ts').length
      ? files('test/node', '_pg_test.ts')
      : files('test/node/server', 'storage_test.ts'),
    { JIG_TEST_PG: '1' },
  );
}

if (want('browser')) {
  console.log('\n== browser tests (headless Chromium)');
  const resultFile = join(mkdtempSync(join(tmpdir(), 'jig-test-')), 'wtr.json');
  const res = run(
    process.execPath,
    ['node_modules/@web/test-runner/dist/bin.js', '--config', 'web-test-runner.config.js'],
    { JIG_WTR_RESULTS: resultFile },
  );
  if (existsSync(resultFile)) {
    const r = JSON.parse(readFileSync(resultFile, 'utf8'));
    totals.passed += r.passed;
    totals.failed += r.failed;
    totals.skipped += r.skipped;
    failures.push(...r.failures.map((f) => `browser: ${f}`));
  } else {
    totals.failed++;
    failures.push(`browser tests: runner exited ${res.status} without results`);
  }
}

// The demo end to end: jig serve and vite started by each file, Debian's Chromium driven by playwright-core.
if (want('e2e')) nodeSuite('end-to-end tests (the demo in Chromium)', files('test/e2e', '_test.ts'));

// Jig as users get it: build, pack, offline install into a new project, a vite page in Chromium,
// the `jig` command, the React and Vue examples type-checked; and every demo page free of console errors.
if (want('package'))
  nodeSuite(
    'package tests (npm pack, offline install, vite, Chromium, jig check/serve)',
    files('test/package', '_test.ts'),
  );

if (failures.length) console.log(`\nFailures:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed ? 1 : 0);
