// The layout model's output text (models/README.md): compact, keys in a fixed order, and never a
// string or number the engine's contract leaves out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { toModelText } from '../../../scripts/train/tree-text.js';
import { flattenTree } from '../../../src/layout/tree.js';
import { DEFAULT_LIMITS } from '../../../src/layout/document.js';
import { runGates } from '../../../src/gates/run.js';

test('keys come in the contract order whatever order the object was built in', () => {
  const text = toModelText({
    tree: { children: [{ props: { level: 1, text: 'Hi' }, type: 'heading' }], type: 'stack' },
    data: { g: {} },
    title: 'T',
    version: 1,
  } as never);
  assert.equal(
    text,
    '{"version":1,"title":"T","data":{"g":{}},"tree":{"type":"stack","children":[{"type":"heading","props":{"level":1,"text":"Hi"}}]}}',
  );
});

test('empty props are left out and a node without children has no children key', () => {
  assert.equal(
    toModelText({ version: 1, tree: { type: 'tabs', props: {}, children: [{ type: 'tab', props: { label: 'A' } }] } }),
    '{"version":1,"tree":{"type":"tabs","children":[{"type":"tab","props":{"label":"A"}}]}}',
  );
});

test('strings that would need an escape, non-ASCII text and long decimals are refused', () => {
  for (const bad of ['say "hi"', 'back\\slash', 'caf\u00e9', 'line\nbreak']) {
    assert.throws(
      () => toModelText({ version: 1, tree: { type: 'text', props: { text: bad } } }),
      /escape or is not printable ASCII/,
    );
  }
  assert.throws(
    () => toModelText({ version: 1, tree: { type: 'stat', props: { label: 'x', value: 1.234 } } }),
    /more than two decimals/,
  );
  assert.equal(
    toModelText({ version: 1, tree: { type: 'stat', props: { label: 'x', value: 1.25 } } }),
    '{"version":1,"tree":{"type":"stat","props":{"label":"x","value":1.25}}}',
  );
});

test("the committed model's greedy layouts and the fixture texts are JSON the contract allows", () => {
  const fixture = JSON.parse(
    readFileSync(new URL('../../../models/jig-layout-v1.tokens.json', import.meta.url), 'utf8'),
  ) as { cases: { text: string }[] };
  const layouts = fixture.cases.map((c) => c.text).filter((t) => t.startsWith('{"version"') && t.length > 100);
  assert.ok(layouts.length >= 20);
  for (const t of layouts) {
    const doc = JSON.parse(t);
    assert.equal(toModelText(doc), t, 'written back identically');
    const flat = flattenTree(doc, DEFAULT_LIMITS);
    assert.ok(flat.ok);
    assert.ok(runGates(flat.layout).ok, t.slice(0, 80));
  }
});
