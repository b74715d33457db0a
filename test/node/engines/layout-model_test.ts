// Jig's layout model: the entry the engine code carries agrees with the shipped file and its
// catalog entry, and the prompt is the one the model was trained on.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { JIG_LAYOUT_V1, layoutPrompt } from '../../../src/engines/wllama/layout-model.js';

const models = new URL('../../../models/', import.meta.url);

test('JIG_LAYOUT_V1 mirrors models/jig-layout-v1.json and the GGUF file itself', () => {
  const json = JSON.parse(readFileSync(new URL('jig-layout-v1.json', models), 'utf8')) as Record<string, unknown>;
  for (const key of [
    'name',
    'file',
    'bytes',
    'sha256',
    'contextSize',
    'vocabSize',
    'trainedOn',
    'promptFormat',
  ] as const) {
    assert.deepEqual(JIG_LAYOUT_V1[key], json[key], key);
  }
  const file = readFileSync(new URL(JIG_LAYOUT_V1.file, models));
  assert.equal(file.length, JIG_LAYOUT_V1.bytes);
  assert.equal(createHash('sha256').update(file).digest('hex'), JIG_LAYOUT_V1.sha256);
});

test('layoutPrompt writes the trained prompt, one line of intent', () => {
  assert.equal(layoutPrompt('Newsletter signup for a bakery'), 'Intent: Newsletter signup for a bakery\nLayout: ');
  assert.equal(layoutPrompt('  two\nlines\t here '), 'Intent: two lines here\nLayout: ');
  assert.equal(layoutPrompt('x'.repeat(500)).length, 'Intent: \nLayout: '.length + 300);
});
