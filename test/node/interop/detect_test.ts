// Telling the formats apart from text: a whole JSON object is told by its top-level keys, read by a
// scan that never builds the object. It must answer as parsing the object would, on every corpus
// document and on fuzzed ones, and leave text that is not one object to its head.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { detectFormat } from '../../../src/interop/detect.js';
import { seededRandom } from '../../../src/util/random.js';
import { invalidFiles, validFiles } from '../gates/corpus.js';
import { gardenClub, pantrySpec, v08Library } from './corpus.js';

/** What parsing the whole object gives; text that is not one object is told by its head alone. */
function byParsing(text: string) {
  const t = text.trim();
  if (t.startsWith('{') && t.endsWith('}') && t.length <= 1 << 20) {
    try {
      const v: unknown = JSON.parse(t);
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) return detectFormat(v);
    } catch {
      // the head decides
    }
  }
  // The same head, with an end that is no object's.
  return detectFormat(`${text}\n//`);
}

const KEYS = [
  'version',
  'root',
  'nodes',
  'tree',
  'elements',
  'op',
  'messages',
  'surfaceId',
  'createSurface',
  'surfaceUpdate',
  'data',
  '__proto__',
  'x"y',
  'a\\b',
];

function fuzzValue(r: () => number, depth: number): unknown {
  const k = r();
  if (depth > 3 || k < 0.3) {
    const leaves = [1, 0, -2.5, 1, 'v0.9', '}{', '"quoted"', '\\', true, null, '[', 'version'];
    return leaves[Math.floor(r() * leaves.length)];
  }
  if (k < 0.55) return Array.from({ length: Math.floor(r() * 3) }, () => fuzzValue(r, depth + 1));
  const o: Record<string, unknown> = {};
  for (let i = Math.floor(r() * 4); i > 0; i--)
    Object.defineProperty(o, KEYS[Math.floor(r() * KEYS.length)]!, {
      value: fuzzValue(r, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return o;
}

describe('detectFormat reads a whole object by its top-level keys', () => {
  test('as parsing would, on every layout of the gate corpus, valid and invalid', () => {
    for (const f of [...validFiles, ...invalidFiles]) assert.equal(detectFormat(f.text), byParsing(f.text), f.name);
  });

  test('as parsing would, on A2UI and json-render documents and their deeper keys', () => {
    const docs = [
      JSON.stringify({ messages: gardenClub }),
      JSON.stringify(gardenClub[0]),
      JSON.stringify(v08Library[0]),
      JSON.stringify(pantrySpec),
      // Keys deeper down do not decide: a Jig layout whose data holds "elements" and "op".
      JSON.stringify({ version: 1, root: 'a', nodes: [], data: { elements: 1, op: 'add' } }),
      // Escaped keys, strings with braces and quotes, numbers written another way.
      '{"\\u0076ersion": 1, "root": "a", "nodes": []}',
      '{"title": "a } and a \\" and a {", "version": 10e-1}',
      '{"version": "1"}',
      '{"messages": {"0": 1}}',
      '{"messages": [], "surfaceId": "s"}',
      '{"a": 1}\n{"createSurface": {"surfaceId": "s"}}',
      '{"elements": {"a": {}}, "root": "a"',
      '  {"op": "add", "path": "/root", "value": "a"}  ',
      '{"tree": {"type": "stack"}, "version": 1, "version": 2}',
    ];
    for (const d of docs) assert.equal(detectFormat(d), byParsing(d), d);
    assert.equal(detectFormat(docs[4]!), 'jig');
    assert.equal(detectFormat(docs[5]!), 'jig');
    assert.equal(detectFormat(docs[3]!), 'json-render');
  });

  test('as parsing would, on 3,000 fuzzed objects and their cut-short texts', () => {
    const r = seededRandom(20261207);
    let decided = 0;
    for (let i = 0; i < 3000; i++) {
      const v = fuzzValue(r, 0);
      const text = JSON.stringify(v !== null && typeof v === 'object' && !Array.isArray(v) ? v : { version: v });
      assert.equal(detectFormat(text), byParsing(text), text);
      if (detectFormat(text)) decided++;
      const cut = text.slice(0, Math.floor(r() * text.length));
      assert.equal(detectFormat(cut), byParsing(cut), cut);
    }
    // The fuzz reaches every answer, not only "none".
    assert.ok(decided > 300, `${decided}`);
  });
});
