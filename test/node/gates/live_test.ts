// Repeat and visible at the gates (docs/format.md §8), and planPatch/planData, in Node.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runGates, checkDataLimits } from '../../../src/gates/index.js';
import { planData, planPatch } from '../../../src/layout/live.js';
import type { LayoutDocument } from '../../../src/layout/document.js';

const list = (items: unknown[]): LayoutDocument => ({
  version: 1,
  root: 'page',
  data: { items, show: true },
  nodes: [
    { id: 'page', type: 'stack', children: ['row'] },
    { id: 'row', type: 'card', repeat: '/items', props: { title: 'Item' }, children: ['tags', 'n'] },
    { id: 'tags', type: 'list', repeat: 'groups', props: { items: { $data: 'tags' } } },
    {
      id: 'n',
      type: 'stat',
      visible: { and: [{ $data: '/show' }, { $data: 'n', gt: 0 }] },
      props: { label: 'N', value: { $data: 'n' } },
    },
  ],
});
const codes = (r: ReturnType<typeof runGates>) => (r.ok ? [] : r.issues.map((i) => [i.code, i.path]));

describe('repeat and visible at the gates', () => {
  test('a nested repeat checks each inner item under its outer item', () => {
    const ok = list([
      { n: 1, groups: [{ tags: ['a'] }, { tags: ['b', 'c'] }] },
      { n: 0, groups: [] },
    ]);
    assert.deepEqual(codes(runGates(ok)), []);
    const bad = list([{ n: 1, groups: [{ tags: ['a'] }, { tags: 'b' }] }]);
    assert.deepEqual(codes(runGates(bad)), [['type_mismatch', '/nodes/2/props/items/$data']]);
  });

  test('the nested generation form carries repeat and visible, and issues point into the tree', () => {
    const tree = {
      version: 1,
      data: { items: [{ n: 'x' }] },
      tree: {
        type: 'stack',
        children: [
          {
            type: 'stat',
            repeat: '/items',
            visible: { $data: 'n', neq: null },
            props: { label: 'N', value: { $data: 'n' } },
          },
        ],
      },
    };
    assert.deepEqual(codes(runGates(tree)), []);
    const broken = { ...tree, data: { items: [{ n: [] }] } };
    assert.deepEqual(codes(runGates(broken)), [['type_mismatch', '/tree/children/0/props/value/$data']]);
  });

  test('a data update is held to the same rules: item types, list shape and the expansion limit', () => {
    const doc = list([{ n: 1, groups: [] }]);
    assert.deepEqual(checkDataLimits(doc, { items: [{ n: 2, groups: [] }], show: false }), []);
    assert.deepEqual(
      checkDataLimits(doc, { items: { n: 2 }, show: true }).map((i) => i.code),
      ['repeat_not_list'],
    );
    assert.deepEqual(
      checkDataLimits(doc, { items: [], show: 'yes' }).map((i) => i.code),
      [],
    );
    const many = Array.from({ length: 600 }, () => ({ n: 1, groups: [] }));
    assert.deepEqual(
      checkDataLimits(doc, { items: many, show: true }).map((i) => [i.code, i.path]),
      [['repeat_too_large', '/nodes/1/repeat']],
    );
  });
});

describe('applyPatch copies on write', () => {
  test('the document given is never changed, and what no op touched is shared', async () => {
    const { applyPatch } = await import('../../../src/layout/patch.js');
    const doc = list([{ n: 1, groups: [] }]);
    const before = JSON.stringify(doc);
    const r = applyPatch(doc, [
      { op: 'replace', path: '/nodes/1/props/title', value: 'Order' },
      { op: 'move', from: '/data/items/0/n', path: '/data/first' },
      { op: 'add', path: '/nodes/0/children/-', value: 'row' },
      { op: 'remove', path: '/data/show' },
    ]);
    assert.ok(r.ok);
    assert.equal(JSON.stringify(doc), before);
    const out = r.document as LayoutDocument;
    assert.equal(out.nodes[2], doc.nodes[2]);
    assert.equal(out.nodes[3], doc.nodes[3]);
    assert.notEqual(out.nodes[1], doc.nodes[1]);
    assert.equal(out.nodes[1]!.props!.title, 'Order');
    assert.deepEqual(out.data, { items: [{ groups: [] }], first: 1 });
    assert.deepEqual(out.nodes[0]!.children, ['row', 'row']);
  });
});

describe('planPatch and planData', () => {
  const doc = list([{ n: 1, groups: [] }]);
  test('a passing patch keeps every node it did not touch as the same object', () => {
    const r = planPatch(doc, doc.data!, [{ op: 'replace', path: '/nodes/1/props/title', value: 'Order' }], {});
    assert.ok(r.ok);
    assert.equal(r.plan.nodesChanged, true);
    r.plan.layout.nodes.forEach((n, i) => (i === 1 ? assert.notEqual(n, doc.nodes[i]) : assert.equal(n, doc.nodes[i])));
  });

  test('issues from the gates point into the patch where the patch wrote the value', () => {
    const r = planPatch(
      doc,
      doc.data!,
      [
        { op: 'test', path: '/root', value: 'page' },
        { op: 'add', path: '/nodes/3/visible', value: { $data: 'n', like: 1 } },
      ],
      {},
    );
    assert.ok(!r.ok);
    assert.deepEqual(
      r.issues.map((i) => [i.code, i.path]),
      [['bad_condition', '/ops/1/value/like']],
    );
  });

  test('a data patch names the pointers it changed; an append names the list', () => {
    const r = planPatch(
      doc,
      doc.data!,
      [
        { op: 'add', path: '/data/items/-', value: { n: 3, groups: [] } },
        { op: 'replace', path: '/data/show', value: false },
      ],
      {},
    );
    assert.ok(r.ok);
    assert.deepEqual(r.plan.changedData, ['/items', '/show']);
    assert.equal(r.plan.nodesChanged, false);
    const d = planData(doc, doc.data!, '/items/-', { n: 2, groups: [] }, {});
    assert.ok(d.ok);
    assert.deepEqual(d.plan.changedData, ['/items']);
    assert.equal((doc.data!.items as unknown[]).length, 1, 'the layout on screen is not changed by planning');
  });

  test('planData refuses what is not JSON, a prototype path and an index past the end', () => {
    const codesOf = (p: string, v: unknown) => {
      const r = planData(doc, doc.data!, p, v, {});
      return r.ok ? [] : r.issues.map((i) => i.code);
    };
    assert.deepEqual(codesOf('/show', undefined), ['not_json']);
    assert.deepEqual(
      codesOf('/show', () => 1),
      ['not_json'],
    );
    assert.deepEqual(codesOf('/constructor/x', 1), ['forbidden_segment']);
    assert.deepEqual(codesOf('/items/5', {}), ['bad_array_index']);
    assert.deepEqual(codesOf('/nope/x', 1), ['unresolved_pointer']);
  });
});
