#!/usr/bin/env node
// How fast `jig check` starts and answers on one file from the built CLI, beside a bare `node -e 0`
// (alternating runs, median and spread): the CLI's own cost is the difference. `npm run build` first.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

if (!existsSync('dist/cli/main.js')) {
  console.error('bench-cli: run `npm run build` first (dist/cli/main.js is missing)');
  process.exit(2);
}
const file = join(mkdtempSync(join(tmpdir(), 'jig-bench-cli-')), 'ok.json');
writeFileSync(
  file,
  JSON.stringify({ version: 1, root: 'b', nodes: [{ id: 'b', type: 'button', props: { label: 'Go', action: 'go' } }] }),
);
const runs = Number(process.env.RUNS ?? 15);

const cases = {
  'node -e 0': [process.execPath, ['-e', '0']],
  // The built CLI as bin/jig.js runs it in an installed package (in a checkout, bin/jig.js may pick the sources).
  'jig check (built)': [
    process.execPath,
    [
      '--input-type=module',
      '-e',
      "const { main } = await import('./dist/cli/main.js'); process.exitCode = await main(process.argv.slice(1));",
      'check',
      file,
    ],
  ],
};
const wall = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let i = 0; i < runs; i++) {
  for (const [name, [cmd, args]] of Object.entries(cases)) {
    const t = performance.now();
    const res = spawnSync(cmd, args, { encoding: 'utf8' });
    wall[name].push(performance.now() - t);
    if (res.status !== 0) {
      console.error(`${name} exited ${res.status}: ${res.stderr}`);
      process.exit(1);
    }
  }
}
const q = (xs, p) => [...xs].sort((a, b) => a - b)[Math.floor(p * (xs.length - 1))];
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}; ${runs} alternating runs each`,
);
for (const [name, xs] of Object.entries(wall))
  console.log(
    `${name.padEnd(20)} median ${q(xs, 0.5).toFixed(0)} ms (p10 ${q(xs, 0.1).toFixed(0)}, p90 ${q(xs, 0.9).toFixed(0)})`,
  );
console.log(
  `jig check beyond node's own start: ${(q(wall['jig check (built)'], 0.5) - q(wall['node -e 0'], 0.5)).toFixed(0)} ms (median difference)`,
);
