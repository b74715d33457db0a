// The mappings the main corpora do not reach: json-render Tabs, Accordion, Table, Dialog, Collapsible
// and item conditions; A2UI v0.8 tabItems, Modal, MultipleChoice and TextField types; drift clean-ups.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fromA2UI, fromJsonRender } from '../../../src/interop/index.js';

describe('json-render', () => {
  test('Tabs pair labels with children; Accordion items become sections; Table rows become records', () => {
    const r = fromJsonRender({
      root: 'p',
      state: { rows: [{ done: true }] },
      elements: {
        p: { type: 'Stack', props: { direction: 'vertical' }, children: ['t', 'a', 'tbl', 'd', 'c'] },
        t: {
          type: 'Tabs',
          props: {
            tabs: [
              { label: 'One', value: '1' },
              { label: 'Two', value: '2' },
            ],
            defaultValue: '1',
            value: null,
          },
          children: ['x', 'y'],
        },
        x: { type: 'Text', props: { text: 'first' } },
        y: { type: 'Text', props: { text: 'second' } },
        a: {
          type: 'Accordion',
          props: {
            items: [
              { title: 'Q1', content: 'A1' },
              { title: 'Q2', content: 'A2' },
            ],
            type: 'single',
          },
        },
        tbl: { type: 'Table', props: { columns: ['Name', 'Role'], rows: [['Ada', 'admin']], caption: null } },
        d: { type: 'Dialog', props: { title: 'Details', description: 'More here', openPath: '/open' } },
        c: { type: 'Collapsible', props: { title: 'More', defaultOpen: true }, children: ['z'] },
        z: { type: 'Text', props: { text: 'hidden' } },
      },
    });
    assert.ok(r.ok, JSON.stringify(r.issues, null, 1));
    const byId = (id: string) => r.layout!.nodes.find((n) => n.id === id)!;
    assert.deepEqual(byId('t').children, ['t-tab-1', 't-tab-2']);
    assert.deepEqual(byId('t-tab-2'), { id: 't-tab-2', type: 'tab', props: { label: 'Two' }, children: ['y'] });
    assert.equal(byId('a').type, 'stack');
    assert.deepEqual(byId('a-item-1').props, { title: 'Q1', group: 'acc-a' });
    assert.deepEqual(byId('tbl').props, {
      columns: [
        { key: 'c0', label: 'Name' },
        { key: 'c1', label: 'Role' },
      ],
      rows: [{ c0: 'Ada', c1: 'admin' }],
    });
    assert.deepEqual(byId('d').props, { trigger: 'Details', title: 'Details' });
    assert.deepEqual(byId('c').props, { title: 'More', open: true });
    assert.ok(r.warnings.some((w) => w.path === '/elements/d/props/openPath'));
  });

  test('an $item condition inside a repeat is a relative condition; $and/$or/not map over', () => {
    const r = fromJsonRender({
      root: 'l',
      state: { todos: [{ done: false, n: 2 }], show: 1 },
      elements: {
        l: { type: 'Stack', props: {}, repeat: { statePath: '/todos' }, children: ['t'] },
        t: {
          type: 'Text',
          props: { text: 'open item' },
          visible: {
            $or: [
              { $item: 'done', eq: false },
              {
                $and: [
                  { $state: '/show', gt: 0 },
                  { $item: 'n', lt: 3, not: true },
                ],
              },
            ],
          },
        },
      },
    });
    assert.ok(r.ok, JSON.stringify(r.issues, null, 1));
    assert.deepEqual(r.layout!.nodes.find((n) => n.id === 't')!.visible, {
      or: [{ $data: 'done', eq: false }, { and: [{ $data: '/show', gt: 0 }, { not: { $data: 'n', lt: 3 } }] }],
    });
  });

  test('$state on a text prop stays live as $data; on a literal-only prop it is read now; one that does not resolve is refused', () => {
    const ok = fromJsonRender({
      root: 's',
      state: { title: 'Hello', trigger: 'Open' },
      elements: {
        s: { type: 'Stack', props: {}, children: ['h', 'd'] },
        h: { type: 'Heading', props: { text: { $state: '/title' }, level: 'h1' } },
        d: { type: 'Dialog', props: { title: { $state: '/trigger' } } },
      },
    });
    assert.ok(ok.ok, JSON.stringify(ok.issues));
    assert.deepEqual(ok.layout!.nodes.find((n) => n.type === 'heading')!.props, {
      text: { $data: '/title' },
      level: 1,
    });
    assert.equal(ok.layout!.nodes.find((n) => n.type === 'dialog')!.props!.title, 'Open');
    const bad = fromJsonRender({
      root: 'h',
      state: {},
      elements: { h: { type: 'Heading', props: { text: { $state: '/title' } } } },
    });
    assert.deepEqual(
      bad.issues.map((i) => [i.gate, i.code, i.path]),
      [['bindings', 'unresolved_pointer', '/elements/h/props/text']],
    );
  });

  test('visible inside props is read from there (drift), reported', () => {
    const r = fromJsonRender({
      root: 'x',
      state: { on: true },
      elements: { x: { type: 'Text', props: { text: 'x', visible: { $state: '/on', eq: true } } } },
    });
    assert.ok(r.ok);
    assert.deepEqual(r.layout!.nodes[0]!.visible, { $data: '/on', eq: true });
    assert.ok(r.warnings.some((w) => w.code === 'cleaned_up' && w.path === '/elements/x/props/visible'));
  });
});

describe('A2UI v0.8 shapes and drift', () => {
  const surface = (components: unknown[], contents: unknown[] = []) => [
    { surfaceUpdate: { surfaceId: 's', components } },
    { dataModelUpdate: { surfaceId: 's', contents } },
    { beginRendering: { surfaceId: 's', root: 'root' } },
  ];

  test('tabItems, Modal entryPoint/content, a one-selection MultipleChoice, a date TextField', () => {
    const r = fromA2UI(
      surface(
        [
          { id: 'root', component: { Column: { children: { explicitList: ['tabs', 'modal', 'pick', 'day'] } } } },
          { id: 'tabs', component: { Tabs: { tabItems: [{ title: { literalString: 'A' }, child: 'ta' }] } } },
          { id: 'ta', component: { Text: { text: { literalString: 'in A' } } } },
          { id: 'modal', component: { Modal: { entryPointChild: 'open', contentChild: 'inside' } } },
          { id: 'open', component: { Text: { text: { literalString: 'Open terms' } } } },
          { id: 'inside', component: { Text: { text: { literalString: 'The terms.' } } } },
          {
            id: 'pick',
            component: {
              MultipleChoice: {
                selections: { path: '/size' },
                options: [{ label: { literalString: 'Small' }, value: 's' }],
                maxAllowedSelections: 1,
              },
            },
          },
          {
            id: 'day',
            component: {
              TextField: { label: { literalString: 'Day' }, text: { path: '/day' }, textFieldType: 'date' },
            },
          },
        ],
        [{ key: 'day', valueString: '' }],
      ),
    );
    const s = r.surfaces[0]!;
    assert.ok(r.ok, JSON.stringify(s.issues, null, 1));
    const byId = (id: string) => s.layout!.nodes.find((n) => n.id === id)!;
    assert.deepEqual(byId('tabs-tab-1').props, { label: 'A' });
    assert.deepEqual(byId('modal').props, { trigger: 'Open terms', title: 'Open terms' });
    assert.equal(byId('pick').props!.bind, '/size/0');
    assert.deepEqual(s.layout!.data!.size, [''], 'an empty choice list is seeded so its item can be bound');
    assert.equal(byId('day').type, 'date-field');
  });

  test('a v0.9 message without "version", a path without "/", an unknown catalog alias: cleaned up and reported', () => {
    const r = fromA2UI([
      { createSurface: { surfaceId: 'd', catalogId: 'https://a2ui.org/specification/v0_9/basic_catalog.json' } },
      { version: 'v0.9', updateDataModel: { surfaceId: 'd', path: 'user', value: { name: 'Ada' } } },
      {
        version: 'v0.9',
        updateComponents: {
          surfaceId: 'd',
          components: [{ id: 'root', component: 'Text', text: { path: 'user/name' } }],
        },
      },
    ]);
    assert.ok(r.ok, JSON.stringify([r.issues, r.surfaces[0]?.issues]));
    assert.deepEqual(r.surfaces[0]!.layout!.nodes[0]!.props!.text, { $data: '/user/name' });
    assert.equal(r.warnings.filter((w) => w.code === 'cleaned_up').length, 3);
  });
});
