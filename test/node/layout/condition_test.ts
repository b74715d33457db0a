// `visible` conditions: their shape is checked with a path to each problem, and they evaluate
// as plain comparisons on data — never as code.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkCondition, evaluateCondition, type Condition } from '../../../src/layout/condition.js';

const data: Record<string, unknown> = { agree: true, n: 5, plan: 'pro', tags: [], name: '' };
const read = (p: string) => data[p.slice(1)];
const ev = (c: unknown) => {
  assert.deepEqual(checkCondition(c).problems, [], JSON.stringify(c));
  return evaluateCondition(c as Condition, read);
};

describe('evaluateCondition', () => {
  test('compares with eq, neq, gt, gte, lt, lte and in', () => {
    assert.equal(ev({ $data: '/agree', eq: true }), true);
    assert.equal(ev({ $data: '/plan', neq: 'pro' }), false);
    assert.equal(ev({ $data: '/n', gt: 4 }), true);
    assert.equal(ev({ $data: '/n', gte: 6 }), false);
    assert.equal(ev({ $data: '/n', lt: 5 }), false);
    assert.equal(ev({ $data: '/n', lte: 5 }), true);
    assert.equal(ev({ $data: '/plan', in: ['free', 'pro'] }), true);
    assert.equal(ev({ $data: '/plan', gt: 5 }), false, 'a string never orders against a number');
  });

  test('combines with and, or and not; a bare pointer tests truthiness', () => {
    assert.equal(ev({ and: [{ $data: '/agree' }, { $data: '/n', gt: 1 }] }), true);
    assert.equal(ev({ or: [{ $data: '/tags' }, { $data: '/name' }] }), false);
    assert.equal(ev({ not: { $data: '/missing' } }), true);
  });
});

describe('checkCondition', () => {
  test('says where a condition is malformed', () => {
    const paths = (c: unknown) => checkCondition(c).problems.map((p) => p.path);
    assert.deepEqual(paths('x'), ['']);
    assert.deepEqual(paths({ and: [] }), ['/and']);
    assert.deepEqual(paths({ and: [{ $data: '/a', eq: 1, gt: 2 }] }), ['/and/0']);
    assert.deepEqual(paths({ $data: '/a', matches: '.*' }), ['/matches']);
    assert.deepEqual(paths({ $data: '/a', eq: { deep: 1 } }), ['/eq']);
    assert.deepEqual(paths({ $data: '/a', in: 'x' }), ['/in']);
    assert.deepEqual(paths({ not: { $data: '/a' }, and: [] }), ['', '/and']);
  });

  test('bounds nesting and size, and lists every pointer for the bindings gate', () => {
    let deep: unknown = { $data: '/a' };
    for (let i = 0; i < 12; i++) deep = { not: deep };
    assert.ok(checkCondition(deep).problems.length > 0);
    const wide = { or: Array.from({ length: 40 }, () => ({ $data: '/a' })) };
    assert.ok(checkCondition(wide).problems.some((p) => p.message.includes('terms')));
    assert.deepEqual(checkCondition({ and: [{ $data: '/a' }, { not: { $data: 'b', eq: 1 } }] }).pointers, [
      { pointer: '/a', path: '/and/0/$data' },
      { pointer: 'b', path: '/and/1/not/$data' },
    ]);
  });
});
