// The validation-pattern checker: accepts only patterns that cannot backtrack catastrophically,
// and its own work is one pass (a long hostile pattern is refused by length, not by running it).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_PATTERN_LENGTH, patternProblem } from '../../../src/interop/index.js';

test('common safe patterns pass', () => {
  for (const p of [
    '^\\d{5}$',
    '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
    '^\\+?[0-9 ]{6,20}$',
    '\\d+\\.\\d+',
    '^(?:[A-Z]{2})-(\\d{4})$',
    '^\\p{L}+$',
    'colou?r',
  ]) {
    assert.equal(patternProblem(p), undefined, p);
  }
});

test('patterns that can backtrack badly are refused, each with a reason', () => {
  const bad: [string, RegExp][] = [
    ['(a+)+$', /repeated group/],
    ['(a|aa)*b', /repeated group/],
    ['^(\\w+\\s?)*$', /repeated group/],
    ['(.*a){12}', /repeated group/],
    ['\\d*\\d*x', /side by side/],
    ['(a)\\1', /backreference/],
    ['(?<n>a)\\k<n>', /backreference/],
    ['(?=a)a', /lookaround/],
    ['(?<!a)b', /lookaround/],
    ['a**', /quantifier on a quantifier/],
    ['a+-b+-c+-d+', /more than three/],
    ['[a-z]+[0-9]+', /side by side/],
    ['x{1,5000}', /over 1000/],
    ['x'.repeat(MAX_PATTERN_LENGTH + 1), /characters/],
    ['[abc', /unclosed/],
    ['(ab', /unclosed/],
    ['ab)', /unmatched/],
  ];
  for (const [p, why] of bad) assert.match(patternProblem(p) ?? 'accepted', why, p);
});

test('the accepted ones really are fast on their worst inputs (checked by running them once here)', () => {
  // A sanity check of the rules, not a timing assertion: each accepted pattern must finish at all.
  for (const p of ['^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$', '^\\+?[0-9 ]{6,20}$']) {
    assert.equal(new RegExp(p).test('a'.repeat(20000) + '!'), false);
  }
});
