// The nested generation form: flattening, deterministic ids, the mixed-form refusal, and
// issue paths that lead back into the tree the model wrote.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_LIMITS } from '../../../src/layout/document.js';
import { flattenTree, readTreePrefix, toTree, treePath } from '../../../src/layout/tree.js';
import { runGates } from '../../../src/gates/run.js';

const booking = () => ({
  version: 1,
  title: 'Book a table',
  data: { guest: { name: '', party: 2 } },
  tree: {
    type: 'stack',
    children: [
      { type: 'heading', props: { text: 'Book a table', level: 1 } },
      {
        type: 'form',
        props: { action: 'reserve', submitLabel: 'Reserve' },
        children: [
          { type: 'text-field', props: { label: 'Name', bind: '/guest/name', required: true } },
          { type: 'number-field', props: { label: 'Guests', bind: '/guest/party', min: 1, max: 12 } },
        ],
      },
    ],
  },
});

describe('flattenTree', () => {
  test('makes the flat document: parents before children, children by id, ids from type and a counter', () => {
    const r = flattenTree(booking(), DEFAULT_LIMITS);
    assert.ok(r.ok);
    assert.deepEqual(r.layout, {
      version: 1,
      title: 'Book a table',
      root: 'stack-1',
      data: { guest: { name: '', party: 2 } },
      nodes: [
        { id: 'stack-1', type: 'stack', children: ['heading-1', 'form-1'] },
        { id: 'heading-1', type: 'heading', props: { text: 'Book a table', level: 1 } },
        {
          id: 'form-1',
          type: 'form',
          props: { action: 'reserve', submitLabel: 'Reserve' },
          children: ['text-field-1', 'number-field-1'],
        },
        { id: 'text-field-1', type: 'text-field', props: { label: 'Name', bind: '/guest/name', required: true } },
        {
          id: 'number-field-1',
          type: 'number-field',
          props: { label: 'Guests', bind: '/guest/party', min: 1, max: 12 },
        },
      ],
    });
    assert.deepEqual(Object.keys(r.layout), ['version', 'title', 'root', 'data', 'nodes']);
    assert.deepEqual(r.treePaths, [
      '/tree',
      '/tree/children/0',
      '/tree/children/1',
      '/tree/children/1/children/0',
      '/tree/children/1/children/1',
    ]);
  });

  test('keeps ids the model gave, and made ids never take one of them, even one written later', () => {
    const doc = {
      version: 1,
      tree: {
        type: 'stack',
        children: [
          { type: 'text', props: { text: 'a' } },
          { type: 'text', id: 'text-1', props: { text: 'b' } },
          { type: 'text', props: { text: 'c' } },
        ],
      },
    };
    const r = flattenTree(doc, DEFAULT_LIMITS);
    assert.ok(r.ok);
    assert.deepEqual(
      r.layout.nodes.map((n) => n.id),
      ['stack-1', 'text-2', 'text-1', 'text-3'],
    );
    assert.deepEqual(r.layout.nodes[0]!.children, ['text-2', 'text-1', 'text-3']);
    // Deterministic: the same input gives the same document.
    assert.deepEqual(flattenTree(doc, DEFAULT_LIMITS), r);
  });

  test('carries repeat and visible along with the node', () => {
    const r = flattenTree(
      {
        version: 1,
        data: { items: [] },
        tree: { type: 'list', repeat: '/items', visible: { $data: '/items', neq: null }, props: {} },
      },
      DEFAULT_LIMITS,
    );
    assert.ok(r.ok);
    assert.deepEqual(r.layout.nodes[0], {
      id: 'list-1',
      type: 'list',
      repeat: '/items',
      visible: { $data: '/items', neq: null },
      props: {},
    });
  });

  test('refuses a document with both tree and root/nodes (mixed_forms, envelope gate)', () => {
    const doc = {
      version: 1,
      root: 'p',
      nodes: [{ id: 'p', type: 'text', props: { text: 'hi' } }],
      tree: { type: 'text', props: { text: 'hi' } },
    };
    const r = flattenTree(doc, DEFAULT_LIMITS);
    assert.equal(r.ok, false);
    const v = runGates(JSON.stringify(doc));
    assert.equal(v.ok, false);
    assert.ok(!v.ok && v.issues.some((i) => i.code === 'mixed_forms' && i.gate === 'envelope' && i.path === '/root'));
  });

  test('reports a child that is not a node object, and children that are not an array, at their tree paths', () => {
    const r = flattenTree(
      { version: 1, tree: { type: 'stack', children: ['h', { type: 'card', children: 'x' }] } },
      DEFAULT_LIMITS,
    );
    assert.equal(r.ok, false);
    assert.deepEqual(!r.ok && r.issues.map((i) => [i.code, i.path]), [
      ['wrong_type', '/tree/children/0'],
      ['wrong_type', '/tree/children/1/children'],
    ]);
    const top = flattenTree({ version: 1, tree: [] }, DEFAULT_LIMITS);
    assert.deepEqual(!top.ok && top.issues.map((i) => [i.code, i.path]), [['wrong_type', '/tree']]);
  });

  test('stops at the node limit instead of walking a huge tree', () => {
    const kids = Array.from({ length: 50 }, () => ({ type: 'text', props: { text: 'x' } }));
    const r = flattenTree({ version: 1, tree: { type: 'stack', children: kids } }, { maxNodes: 20, maxChildren: 200 });
    assert.deepEqual(!r.ok && r.issues.map((i) => i.code), ['too_many_nodes']);
  });

  test('treePath maps flat paths into the tree, and leaves data paths alone', () => {
    const paths = ['/tree', '/tree/children/0', '/tree/children/0/children/0'];
    assert.equal(treePath('/nodes/2/props/label', paths), '/tree/children/0/children/0/props/label');
    assert.equal(treePath('/nodes/1/children/0', paths), '/tree/children/0/children/0');
    assert.equal(treePath('/nodes', paths), '/tree');
    assert.equal(treePath('/root', paths), '/tree');
    assert.equal(treePath('/data/guest/name', paths), '/data/guest/name');
    assert.equal(treePath('', paths), '');
  });
});

describe('runGates on the nested form', () => {
  test('passes a sound nested document and hands back the flat form', () => {
    const v = runGates(JSON.stringify(booking()));
    assert.ok(v.ok, JSON.stringify(!v.ok && v.issues));
    assert.equal(v.layout.root, 'stack-1');
    assert.equal(v.layout.nodes.length, 5);
    assert.ok(!('tree' in v.layout));
  });

  test('issues point into the tree the model wrote', () => {
    const doc = booking();
    delete (doc.tree.children[1]!.children![0]!.props as Record<string, unknown>).label;
    (doc.tree.children[1]!.children![1]!.props as Record<string, unknown>).bind = '/nobody/party';
    (doc.tree.children[0] as Record<string, unknown>).style = 'bold';
    const v = runGates(doc);
    assert.equal(v.ok, false);
    const got = !v.ok ? v.issues.map((i) => `${i.code} ${i.path}`) : [];
    assert.ok(got.includes('missing_prop /tree/children/1/children/0/props/label'), got.join('\n'));
    assert.ok(got.includes('unresolved_pointer /tree/children/1/children/1/props/bind'), got.join('\n'));
    assert.ok(got.includes('unknown_key /tree/children/0/style'), got.join('\n'));
    assert.equal(
      !v.ok && v.layout,
      doc,
      'the failed verdict carries the document as written, so the paths resolve in it',
    );
  });

  test('catalog rules see the flattened children: a step outside steps is refused', () => {
    const v = runGates({ version: 1, tree: { type: 'stack', children: [{ type: 'step', props: { title: 'One' } }] } });
    assert.equal(v.ok, false);
    assert.ok(!v.ok && v.issues.some((i) => i.path.startsWith('/tree/children/0')), JSON.stringify(!v.ok && v.issues));
  });

  test('a repeated id the model gave is still a duplicate_id', () => {
    const v = runGates({
      version: 1,
      tree: { type: 'stack', id: 'a', children: [{ type: 'text', id: 'a', props: { text: 'x' } }] },
    });
    assert.ok(!v.ok && v.issues.some((i) => i.code === 'duplicate_id'));
  });
});

describe('readTreePrefix', () => {
  const text = JSON.stringify(booking());
  test('hands over a node once its own props are complete, parents first', () => {
    const typesAt = (n: number) => readTreePrefix(text.slice(0, n)).nodes.map((x) => x.type);
    assert.deepEqual(typesAt(text.indexOf('"tree"')), []);
    assert.deepEqual(typesAt(text.indexOf('"children"') + 12), ['stack']);
    // Cut inside the heading's props: the heading waits.
    assert.deepEqual(typesAt(text.indexOf('Book a table', text.indexOf('"tree"')) + 4), ['stack']);
    const whole = readTreePrefix(text);
    assert.deepEqual(
      whole.nodes.map((x) => [x.type, x.path, x.parent]),
      [
        ['stack', '/tree', -1],
        ['heading', '/tree/children/0', 0],
        ['form', '/tree/children/1', 0],
        ['text-field', '/tree/children/1/children/0', 2],
        ['number-field', '/tree/children/1/children/1', 2],
      ],
    );
    assert.deepEqual({ ...whole.nodes[3]!.props }, { label: 'Name', bind: '/guest/name', required: true });
  });

  test('data is handed over only once complete, and a number at the very end is not yet a value', () => {
    const d = text.indexOf('"data"');
    assert.equal(readTreePrefix(text.slice(0, d + 20)).dataDone, false);
    assert.equal(readTreePrefix(text.slice(0, text.indexOf('"tree"'))).dataDone, true);
    const cut = '{"version":1,"tree":{"type":"heading","props":{"text":"A","level":1';
    assert.deepEqual(readTreePrefix(cut).nodes, []);
    assert.equal(readTreePrefix(cut + '}').nodes.length, 1);
  });

  test('reads nothing from text that is not a document', () => {
    assert.deepEqual(readTreePrefix('no json here').nodes, []);
    assert.deepEqual(readTreePrefix('{"tree": [1, 2').nodes, []);
  });
});

describe('toTree', () => {
  test('is the inverse of flattenTree, ids left out', () => {
    const flat = flattenTree(booking(), DEFAULT_LIMITS);
    assert.ok(flat.ok);
    assert.deepEqual(toTree(flat.layout as never), booking());
  });
});
