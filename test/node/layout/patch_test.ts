// JSON Patch (RFC 6902) on layout documents: every op, all-or-nothing batches, hardened paths,
// and issue paths that point back into the patch.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyPatch, checkPatch, mapIssuePath } from '../../../src/layout/patch.js';

const doc = () => ({
  version: 1,
  root: 'p',
  data: { kpi: { revenue: 10 }, rows: [1, 2, 3] },
  nodes: [
    { id: 'p', type: 'stack', children: ['h'] },
    { id: 'h', type: 'heading', props: { text: 'Hi' } },
  ],
});

describe('applyPatch', () => {
  test('applies add, replace, remove, move, copy and test in order (RFC 6902 §4)', () => {
    const r = applyPatch(doc(), [
      { op: 'test', path: '/nodes/1/props/text', value: 'Hi' },
      { op: 'replace', path: '/nodes/1/props/text', value: 'Hello' },
      { op: 'add', path: '/nodes/-', value: { id: 't', type: 'text', props: { text: 'x' } } },
      { op: 'add', path: '/nodes/0/children/-', value: 't' },
      { op: 'add', path: '/data/rows/0', value: 0 },
      { op: 'remove', path: '/data/rows/3' },
      { op: 'copy', from: '/data/kpi', path: '/data/kpi2' },
      { op: 'move', from: '/data/kpi2', path: '/data/kpi3' },
    ]);
    assert.ok(r.ok);
    const d = r.document as ReturnType<typeof doc> & { data: Record<string, unknown> };
    assert.equal(d.nodes[1]!.props!.text, 'Hello');
    assert.deepEqual(d.nodes[0]!.children, ['h', 't']);
    assert.equal(d.nodes.length, 3);
    assert.deepEqual(d.data.rows, [0, 1, 2]);
    assert.deepEqual(d.data.kpi3, { revenue: 10 });
    assert.equal('kpi2' in d.data, false);
  });

  test('a batch that fails half-way changes nothing, and the original is never mutated', () => {
    const original = doc();
    const before = JSON.stringify(original);
    const r = applyPatch(original, [
      { op: 'replace', path: '/nodes/1/props/text', value: 'changed' },
      { op: 'remove', path: '/nodes/9' },
    ]);
    assert.equal(r.ok, false);
    assert.equal(JSON.stringify(original), before);
    assert.ok(!r.ok && r.problems[0]!.path === '/ops/1/path' && r.problems[0]!.code === 'patch_failed');
  });

  test('a failed test op rejects its whole batch with patch_test_failed', () => {
    const r = applyPatch(doc(), [
      { op: 'add', path: '/title', value: 'x' },
      { op: 'test', path: '/data/kpi/revenue', value: 11 },
    ]);
    assert.ok(!r.ok && r.problems[0]!.code === 'patch_test_failed' && r.problems[0]!.path === '/ops/1/path');
  });

  test('refuses __proto__, constructor and prototype in paths, from and op keys', () => {
    for (const ops of [
      [{ op: 'add', path: '/data/__proto__/x', value: 1 }],
      [{ op: 'add', path: '/data/constructor', value: 1 }],
      [{ op: 'copy', from: '/data/prototype', path: '/data/x' }],
      [JSON.parse('{"op":"add","path":"/data/x","value":1,"__proto__":{"polluted":true}}')],
    ]) {
      const r = applyPatch(doc(), ops);
      assert.ok(!r.ok && r.problems.some((p) => p.code === 'forbidden_segment'), JSON.stringify(ops));
    }
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test('refuses malformed ops with a path to each, and bounds the op count', () => {
    const r = checkPatch([
      { op: 'explode', path: '/a' },
      { op: 'add', path: 'a', value: 1 },
      { op: 'add', path: '/a' },
      3,
      { op: 'remove', path: '/a', value: 1 },
    ]);
    assert.deepEqual(
      r.problems.map((p) => p.path),
      ['/ops/0/op', '/ops/1/path', '/ops/2', '/ops/3', '/ops/4/value'],
    );
    assert.equal(checkPatch({ op: 'add' }).problems[0]!.code, 'bad_patch');
    const many = Array.from({ length: 501 }, () => ({ op: 'test', path: '', value: null }));
    assert.equal(checkPatch(many).problems[0]!.code, 'too_many_ops');
  });

  test('refuses array positions that do not exist and a move into its own child', () => {
    assert.equal(applyPatch(doc(), [{ op: 'add', path: '/data/rows/5', value: 1 }]).ok, false);
    assert.equal(applyPatch(doc(), [{ op: 'replace', path: '/data/rows/-', value: 1 }]).ok, false);
    assert.equal(applyPatch(doc(), [{ op: 'add', path: '/data/rows/01', value: 1 }]).ok, false);
    assert.equal(applyPatch(doc(), [{ op: 'move', from: '/data', path: '/data/inner' }]).ok, false);
    assert.equal(applyPatch(doc(), [{ op: 'replace', path: '/data/missing', value: 1 }]).ok, false);
  });
});

describe('mapIssuePath', () => {
  test('maps an issue inside a value the patch wrote to /ops/N/value/…', () => {
    const r = applyPatch(doc(), [
      { op: 'add', path: '/title', value: 'T' },
      { op: 'add', path: '/nodes/-', value: { id: 'l', type: 'link', props: { href: 'javascript:x', text: 'x' } } },
    ]);
    assert.ok(r.ok);
    assert.equal(mapIssuePath('/nodes/2/props/href', r.applied), '/ops/1/value/props/href');
    assert.equal(mapIssuePath('/nodes/1/props/text', r.applied), '/nodes/1/props/text', 'untouched paths stay');
  });

  test('follows a written node that a later op shifted, and drops one a later op removed', () => {
    const r = applyPatch(doc(), [
      { op: 'add', path: '/nodes/-', value: { id: 'a', type: 'text', props: { text: 'a' } } },
      { op: 'add', path: '/nodes/-', value: { id: 'b', type: 'text', props: { text: 'b' } } },
      { op: 'remove', path: '/nodes/2' },
    ]);
    assert.ok(r.ok);
    assert.equal(mapIssuePath('/nodes/2/props/text', r.applied), '/ops/1/value/props/text');
  });
});
