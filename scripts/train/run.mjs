#!/usr/bin/env node
// `npm run train`: dataset → tokenizer → train → export, then the browser test's fixture and the
// model card. Arguments after `--` go to the training step (e.g. `-- --minutes 10` or `--steps 1390`);
// `--from FILE` goes to the dataset step. CI never runs this: it tests the committed model.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PY = '/usr/bin/python3'; // Debian's interpreter has python3-torch; another python3 on PATH may not
const args = process.argv.slice(2);
const from = args.indexOf('--from');
const datasetArgs = from >= 0 ? ['--from', args[from + 1]] : [];
const trainArgs = from >= 0 ? [...args.slice(0, from), ...args.slice(from + 2)] : args;

function step(cmd, argv) {
  console.log(`\n$ ${cmd} ${argv.join(' ')}`);
  const r = spawnSync(cmd, argv, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

step(process.execPath, ['--import', 'tsx', 'scripts/train/dataset.ts', ...datasetArgs]);
step(PY, ['scripts/train/tokenizer.py']);
step(PY, ['scripts/train/train.py', ...trainArgs]);
step(PY, ['scripts/train/fixture.py']);
step(PY, ['scripts/train/card.py']);
