import { strict as assert } from 'node:assert';
import { it } from 'node:test';
import { byteLength } from '../../../src/gates/parse.js';

it('counts UTF-8 bytes as TextEncoder does, for pairs, lone surrogates and long texts', () => {
  const e = new TextEncoder();
  for (const t of [
    '',
    'abc',
    'é',
    '✓ Nom — prénom',
    '😀x',
    '\ud800x',
    'a\udc00',
    '\ud800',
    'x'.repeat(70_000) + '😀é\ud83d',
  ]) {
    assert.equal(byteLength(t), e.encode(t).length, JSON.stringify(t.slice(0, 12)));
  }
});
