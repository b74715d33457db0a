// The eight newer components under the gates: each input's bind must hold its kind of value, a
// progress value read from data must be a number, an avatar picture passes the URL policy, a dialog
// takes no dialog, unknown props and icon names are refused — each with its code at its path.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { builtinCatalog, runGates, type LayoutDocument, type LayoutNode } from '../../../src/gates/index.js';

/** A page stack holding the first node; the rest are that node's own children. */
function doc(nodes: LayoutNode[], data: Record<string, unknown> = {}): LayoutDocument {
  return {
    version: 1,
    root: 'page',
    data,
    nodes: [{ id: 'page', type: 'stack', props: {}, children: [nodes[0]!.id] }, ...nodes],
  };
}

const codes = (d: LayoutDocument) => {
  const r = runGates(d);
  return r.ok ? [] : r.issues.map((i) => `${i.code} ${i.path}`);
};

describe('the newer inputs bind their own kind of value', () => {
  const cases: [string, Record<string, unknown>, unknown, unknown][] = [
    ['slider', { label: 'Volume', bind: '/v' }, 40, 'loud'],
    ['switch', { label: 'Dark', bind: '/v' }, false, 'yes'],
    ['radio-group', { label: 'Plan', bind: '/v', options: [{ value: 'a', label: 'A' }] }, 'a', { plan: 'a' }],
  ];
  for (const [type, props, good, bad] of cases) {
    test(`${type} passes with ${JSON.stringify(good)} and is refused with ${JSON.stringify(bad)} at its bind`, () => {
      assert.deepEqual(codes(doc([{ id: 'x', type, props }], { v: good })), []);
      assert.deepEqual(codes(doc([{ id: 'x', type, props }], { v: bad })), ['type_mismatch /nodes/1/props/bind']);
    });
  }
});

describe('display props of the newer components', () => {
  test('progress reads a number from data, and nothing else', () => {
    const node = { id: 'p', type: 'progress', props: { label: 'Done', value: { $data: '/done' } } };
    assert.deepEqual(codes(doc([node], { done: 3 })), []);
    assert.deepEqual(codes(doc([node], { done: '3' })), ['type_mismatch /nodes/1/props/value/$data']);
    assert.deepEqual(codes(doc([node], {})), ['unresolved_pointer /nodes/1/props/value/$data']);
  });

  test('an avatar picture must pass the URL policy for images', () => {
    const avatar = (src: string) => doc([{ id: 'a', type: 'avatar', props: { name: 'Ada', src } }]);
    assert.deepEqual(codes(avatar('https://example.com/ada.jpg')), []);
    assert.deepEqual(codes(avatar('javascript:alert(1)')), ['unsafe_url /nodes/1/props/src']);
  });

  test('an icon must be one of the set, and props it does not know are refused', () => {
    assert.deepEqual(codes(doc([{ id: 'i', type: 'icon', props: { name: 'star' } }])), []);
    assert.deepEqual(codes(doc([{ id: 'i', type: 'icon', props: { name: 'skull' } }])), [
      'invalid_prop /nodes/1/props/name',
    ]);
    assert.deepEqual(codes(doc([{ id: 'i', type: 'icon', props: { name: 'star', svg: '<script>' } }])), [
      'unknown_prop /nodes/1/props/svg',
    ]);
  });
});

describe('children of the newer containers', () => {
  test('a dialog holds a form but not another dialog; an accordion holds anything', () => {
    const dialog = (child: LayoutNode) =>
      doc([{ id: 'd', type: 'dialog', props: { trigger: 'Open', title: 'T' }, children: [child.id] }, child]);
    assert.deepEqual(codes(dialog({ id: 'f', type: 'form', props: { action: 'send' } })), []);
    assert.deepEqual(codes(dialog({ id: 'd2', type: 'dialog', props: { trigger: 'Again', title: 'T' } })), [
      'child_type_not_allowed /nodes/1/children/0',
    ]);
    assert.deepEqual(
      codes(
        doc([
          { id: 'a', type: 'accordion', props: { title: 'More' }, children: ['t'] },
          { id: 't', type: 'table', props: { columns: [{ key: 'k', label: 'K' }], rows: [] } },
        ]),
      ),
      [],
    );
  });

  test('the newer inputs may sit in a form; a dialog may not', () => {
    const form = builtinCatalog.get('form')!.children;
    assert.ok(form.kind === 'only');
    for (const t of ['slider', 'radio-group', 'switch', 'icon', 'progress', 'accordion'])
      assert.ok(form.types.includes(t), t);
    assert.ok(!form.types.includes('dialog'));
  });

  test('the prompt a model reads names each newer type with its props', () => {
    const prompt = builtinCatalog.prompt();
    for (const t of ['icon', 'dialog', 'accordion', 'slider', 'radio-group', 'switch', 'progress', 'avatar'])
      assert.match(prompt, new RegExp(`^- ${t}: .+ Props: `, 'm'), t);
    assert.match(prompt, /^- icon: .*"calendar"/m);
  });
});
