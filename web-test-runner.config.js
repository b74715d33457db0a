// Browser tests run in Debian's Chromium (no browser download), headless, through @web/test-runner.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { defaultReporter } from '@web/test-runner';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flakyIngest } from './test/support/flaky-ingest.js';
import { premiumStandin } from './test/support/premium-standin.js';

const executablePath = process.env.CHROME_PATH || '/usr/bin/chromium';
const userDataDir = mkdtempSync(join(tmpdir(), 'jig-wtr-'));
process.env.XDG_CONFIG_HOME ??= join(userDataDir, 'config');
process.env.XDG_CACHE_HOME ??= join(userDataDir, 'cache');

export const chromeArgs = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-angle=swiftshader',
];

// Counts every test of every session and writes the totals where scripts/test.mjs reads them.
function countingReporter() {
  return {
    onTestRunFinished({ sessions }) {
      const totals = { passed: 0, failed: 0, skipped: 0, failures: [] };
      const walk = (suite, trail) => {
        for (const t of suite.tests) {
          const name = [...trail, t.name].join(' > ');
          if (t.skipped) totals.skipped++;
          else if (t.passed) totals.passed++;
          else {
            totals.failed++;
            totals.failures.push(name);
          }
        }
        for (const s of suite.suites) walk(s, [...trail, s.name]);
      };
      for (const session of sessions) {
        if (session.testResults) walk(session.testResults, [session.testFile]);
        // A file that failed to load has errors but no tests: count it as a failure.
        if (!session.passed && (!session.testResults || session.errors?.length)) {
          totals.failed++;
          totals.failures.push(
            `${session.testFile}: ${(session.errors ?? []).map((e) => e.message).join('; ') || 'failed to run'}`,
          );
        }
      }
      if (process.env.JIG_WTR_RESULTS) writeFileSync(process.env.JIG_WTR_RESULTS, JSON.stringify(totals));
    },
  };
}

export default {
  files: ['test/browser/**/*_test.ts'],
  nodeResolve: true,
  middleware: [flakyIngest(), premiumStandin()],
  reporters: [defaultReporter(), countingReporter()],
  concurrency: 1,
  testsFinishTimeout: 600_000,
  testFramework: { config: { timeout: 60_000 } },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' })],
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath, headless: true, args: chromeArgs, userDataDir },
    }),
  ],
};
