// The training set for a model that knows only some kinds of page (dataset.ts --classes), and the
// rows a fine-tune of such a model mixes in (retrain's baseRows): both keep to those classes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baseRows } from '../../../scripts/train/retrain.js';

const DATASET = new URL('../../../scripts/train/dataset.ts', import.meta.url).pathname;
const run = (dir: string, ...argv: string[]) =>
  spawnSync(
    process.execPath,
    ['--import', 'tsx', DATASET, '--out', dir, '--heldout', join(dir, 'heldout.json'), ...argv],
    { encoding: 'utf8' },
  );
const classesIn = (file: string) =>
  new Set(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { class: string }).class),
  );

test('--classes builds training, validation and held-out rows of those classes only', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jig-dataset-'));
  try {
    const r = run(dir, '--classes', 'login,faq');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout.trim().split('\n').at(-1)!).classes, 2);
    assert.deepEqual([...classesIn(join(dir, 'train.jsonl'))].sort(), ['faq', 'login']);
    assert.deepEqual([...classesIn(join(dir, 'valid.jsonl'))].sort(), ['faq', 'login']);
    const held = JSON.parse(readFileSync(join(dir, 'heldout.json'), 'utf8')) as { class: string }[];
    assert.ok(held.length > 0);
    assert.deepEqual([...new Set(held.map((h) => h.class))].sort(), ['faq', 'login']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--classes with a name that is not a class exits non-zero and names it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jig-dataset-'));
  try {
    const r = run(dir, '--classes', 'login,weather');
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /no such class: weather/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a fine-tune of a model that knows some classes mixes in rows of those classes only', () => {
  const work = mkdtempSync(join(tmpdir(), 'jig-retrain-'));
  try {
    const rows = baseRows(work, 40, ['signup', 'search']) as Array<{ class: string; prefix?: boolean }>;
    assert.equal(rows.length, 40);
    assert.deepEqual([...new Set(rows.map((r) => r.class))].sort(), ['search', 'signup']);
    assert.ok(rows.every((r) => !r.prefix));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
