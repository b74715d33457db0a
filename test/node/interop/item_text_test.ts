// Item-relative text in list templates: A2UI v0.9 and v0.8 Text {"path": "name"} and json-render
// {"$item": "name"} inside a repeat become Jig text props reading {"$data": "name"}, checked per
// item by the gates; a button's context keeps its item-relative pointers for the click to resolve.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fromA2UI, fromJsonRender, toA2UI } from '../../../src/interop/index.js';
import type { LayoutDocument } from '../../../src/layout/document.js';
import { a2uiV08Cards, a2uiV09Cards, jsonRenderCards, plants } from './item-corpus.js';

const props = (layout: LayoutDocument, id: string) => layout.nodes.find((n) => n.id === id)!.props;
const node = (layout: LayoutDocument, id: string) => layout.nodes.find((n) => n.id === id)!;

describe('A2UI list templates with item text', () => {
  test("v0.9: a Card template shows each item's name, note and stock through relative $data", () => {
    const r = fromA2UI(a2uiV09Cards());
    const s = r.surfaces[0]!;
    assert.ok(s.ok, JSON.stringify(s.issues));
    const l = s.layout!;
    assert.equal(node(l, 'plant').repeat, '/plants');
    assert.deepEqual(props(l, 'title'), { text: { $data: '/shop' }, level: 1 });
    assert.deepEqual(props(l, 'name'), { text: { $data: 'name' }, level: 2 });
    assert.deepEqual(props(l, 'note'), { text: { $data: 'note' } });
    assert.deepEqual(props(l, 'stock'), { text: { $data: 'stock' }, tone: 'muted' }, 'a number is shown as text');
    assert.deepEqual(props(l, 'pick'), { label: 'Choose', action: 'choose' });
    assert.deepEqual(s.actions.pick, {
      name: 'choose',
      context: { plant: { pointer: 'name' }, shop: { pointer: '/shop' } },
    });
    assert.deepEqual(
      s.warnings.map((w) => w.code),
      [],
    );
  });

  test('v0.8: the same list through dataBinding and a map keyed 0, 1, 2 (read as an array)', () => {
    const r = fromA2UI(a2uiV08Cards());
    const s = r.surfaces[0]!;
    assert.ok(s.ok, JSON.stringify(s.issues));
    assert.equal(s.version, 'v0.8');
    const l = s.layout!;
    assert.equal(node(l, 'plant').repeat, '/plants');
    assert.deepEqual(props(l, 'name'), { text: { $data: 'name' }, level: 2 });
    assert.deepEqual(props(l, 'note'), { text: { $data: 'note' } });
    assert.deepEqual(
      (l.data!.plants as { name: string }[]).map((p) => p.name),
      plants().map((p) => p.name),
    );
    assert.deepEqual(s.actions.pick!.context, { plant: { pointer: 'name' } });
    assert.deepEqual(
      s.warnings.map((w) => w.code),
      ['cleaned_up'],
    );
  });

  test('an item whose text breaks the limits of the literal prop is refused at its component', () => {
    const msgs = a2uiV09Cards();
    const data = (msgs[1] as { updateDataModel: { value: { plants: { name: string }[] } } }).updateDataModel.value;
    data.plants[2]!.name = 'F'.repeat(201);
    const s = fromA2UI(msgs).surfaces[0]!;
    assert.equal(s.ok, false);
    assert.deepEqual(
      s.issues.map((i) => [i.gate, i.code, i.path, i.layoutPath]),
      [['bindings', 'data_limit', '/2/updateComponents/components/5', '/nodes/5/props/text/$data']],
    );
  });

  test('an item field that is not text (an object) is refused as the bindings gate refuses it', () => {
    const msgs = a2uiV09Cards();
    const data = (msgs[1] as { updateDataModel: { value: { plants: Record<string, unknown>[] } } }).updateDataModel
      .value;
    data.plants[0]!.note = { en: 'Sun' };
    const s = fromA2UI(msgs).surfaces[0]!;
    assert.deepEqual(
      s.issues.map((i) => [i.code, i.path]),
      [['type_mismatch', '/2/updateComponents/components/6']],
    );
  });

  test('text Jig keeps literal (a tab title, a modal trigger) is still refused by name inside a template', () => {
    const s = fromA2UI([
      { version: 'v0.9', createSurface: { surfaceId: 't', catalogId: a2uiV09Cards()[0]!.createSurface!.catalogId } },
      { version: 'v0.9', updateDataModel: { surfaceId: 't', value: { plants: plants() } } },
      {
        version: 'v0.9',
        updateComponents: {
          surfaceId: 't',
          components: [
            { id: 'root', component: 'List', children: { componentId: 'm', path: '/plants' } },
            { id: 'm', component: 'Modal', trigger: 'open', content: 'body' },
            { id: 'open', component: 'Text', text: { path: 'name' } },
            { id: 'body', component: 'Text', text: { path: 'note' } },
          ],
        },
      },
    ]).surfaces[0]!;
    assert.equal(s.ok, false);
    assert.ok(
      s.issues.some((i) => i.code === 'unsupported_feature' && /repeated item/.test(i.message)),
      JSON.stringify(s.issues),
    );
  });

  test('Jig → A2UI → Jig keeps item text as relative paths (button labels and card titles too)', () => {
    const layout: LayoutDocument = {
      version: 1,
      root: 'root',
      data: { plants: plants() },
      nodes: [
        { id: 'root', type: 'stack', props: { direction: 'column' }, children: ['plant'] },
        { id: 'plant', type: 'card', repeat: '/plants', children: ['body'] },
        { id: 'body', type: 'stack', props: { direction: 'column' }, children: ['name', 'go'] },
        { id: 'name', type: 'heading', props: { text: { $data: 'name' }, level: 2 } },
        { id: 'go', type: 'button', props: { label: { $data: 'name' }, action: 'choose', variant: 'primary' } },
      ],
    };
    const out = toA2UI(layout);
    assert.ok(out.ok, JSON.stringify(out.issues));
    const back = fromA2UI(out.messages).surfaces[0]!;
    assert.ok(back.ok, JSON.stringify(back.issues));
    assert.deepEqual(back.layout, layout);
  });
});

describe('json-render repeat with $item text', () => {
  test('a repeated Card takes its title and description from the item; Text and Badge too', () => {
    const r = fromJsonRender(jsonRenderCards());
    assert.ok(r.ok, JSON.stringify(r.issues));
    const l = r.layout!;
    assert.equal(node(l, 'list-each').repeat, '/plants');
    assert.deepEqual(props(l, 'plant'), { title: { $data: 'name' }, subtitle: { $data: 'kind' } });
    assert.deepEqual(props(l, 'note'), { text: { $data: 'note' } });
    assert.deepEqual(props(l, 'stock'), { text: { $data: 'stock' }, tone: 'muted' });
    assert.deepEqual(props(l, 'title'), { text: { $data: '/shop' }, level: 1 });
    assert.deepEqual(r.actions.pick, {
      name: 'choose',
      context: { plant: { pointer: 'name' }, shop: { pointer: '/shop' } },
    });
  });

  test('$item text outside a repeat is refused by name; an empty item name is refused as a literal "" would be', () => {
    const spec = jsonRenderCards();
    const outside = fromJsonRender({ ...spec, root: 'note' });
    assert.ok(outside.issues.some((i) => i.code === 'unsupported_feature' && i.path === '/elements/note/props/text'));
    spec.state.plants[1]!.note = '';
    const empty = fromJsonRender(spec);
    assert.deepEqual(
      empty.issues.map((i) => [i.code, i.path]),
      [['data_limit', '/elements/note']],
    );
    spec.state.plants[1]!.note = 'Fine';
    spec.state.plants[1]!.name = '';
    assert.ok(fromJsonRender(spec).ok, 'an optional card title may be empty, as a literal one may');
  });
});
