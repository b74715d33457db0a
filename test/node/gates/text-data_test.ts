// Text props that read data (heading, text, badge, callout, card, link, button): the pointer must
// resolve to text (a number or boolean shows as written), what it shows meets the literal's limits
// at the gates, per repeat item and on a data update, and the fast path says the same.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { builtinCatalog } from '../../../src/catalog/builtin.js';
import { checkDataChange } from '../../../src/gates/data-limits.js';
import { passesFast } from '../../../src/gates/fast.js';
import { resolveLimits, runFullGates, runGates, type GateResult } from '../../../src/gates/run.js';
import type { LayoutDocument } from '../../../src/layout/document.js';

const at = (r: GateResult) => (r.ok ? [] : r.issues.map((i) => `${i.code} ${i.path}`));
const fast = (doc: unknown) => passesFast(doc, builtinCatalog, resolveLimits(), {}, false);

/** A list of cards whose title, subtitle and text come from each item, with a badge and a button. */
function cards(items: unknown[], extra: Partial<LayoutDocument> = {}): LayoutDocument {
  return {
    version: 1,
    root: 'p',
    data: { items, heading: 'Plants' },
    nodes: [
      { id: 'p', type: 'stack', children: ['h', 'c'] },
      { id: 'h', type: 'heading', props: { text: { $data: '/heading' } } },
      {
        id: 'c',
        type: 'card',
        repeat: '/items',
        props: { title: { $data: 'name' }, subtitle: { $data: 'kind' } },
        children: ['t', 'b', 'go'],
      },
      { id: 't', type: 'text', props: { text: { $data: 'note' } } },
      { id: 'b', type: 'badge', props: { text: { $data: 'stock' } } },
      { id: 'go', type: 'button', props: { label: { $data: 'name' }, action: 'pick' } },
    ],
    ...extra,
  };
}
const item = (name: string, stock: unknown = 3) => ({ name, kind: 'Herb', note: `${name} likes sun.`, stock });

describe('text props read data', () => {
  test('absolute and item-relative text pointers pass; numbers and booleans show as written', () => {
    assert.deepEqual(at(runGates(cards([item('Basil'), item('Mint', true)]))), []);
  });

  test('every text prop a peer binds takes $data; URLs, actions and input labels do not', () => {
    const takes = (type: string) =>
      builtinCatalog
        .get(type)!
        .roles.filter(([, r]) => r.role === 'data')
        .map(([p]) => p)
        .sort();
    assert.deepEqual(takes('heading'), ['text']);
    assert.deepEqual(takes('text'), ['text']);
    assert.deepEqual(takes('badge'), ['text']);
    assert.deepEqual(takes('callout'), ['text', 'title']);
    assert.deepEqual(takes('card'), ['subtitle', 'title']);
    assert.deepEqual(takes('link'), ['text']);
    assert.deepEqual(takes('button'), ['label']);
    for (const type of ['text-field', 'checkbox', 'image', 'tab', 'dialog']) assert.deepEqual(takes(type), [], type);
  });

  test('an item whose text breaks the literal limits is refused at the template prop', () => {
    const long = cards([item('Basil'), item('x'.repeat(201))]);
    assert.deepEqual(at(runGates(long)), [
      'data_limit /nodes/2/props/title/$data',
      'data_limit /nodes/5/props/label/$data',
    ]);
    const object = cards([item('Basil', { n: 3 })]);
    assert.deepEqual(at(runGates(object)), ['type_mismatch /nodes/4/props/text/$data']);
    const nothing = cards([item('Basil', null)]);
    assert.deepEqual(at(runGates(nothing)), ['type_mismatch /nodes/4/props/text/$data']);
  });

  test('a data update that would show too long or empty text is refused; a fitting one passes', () => {
    const doc = cards([item('Basil'), item('Mint')]);
    const change = (pointer: string, value: unknown) => {
      const data = structuredClone(doc.data) as Record<string, unknown>;
      const segs = pointer.slice(1).split('/');
      let cur = data as Record<string, unknown>;
      for (const s of segs.slice(0, -1)) cur = cur[s] as Record<string, unknown>;
      cur[segs.at(-1)!] = value;
      return checkDataChange(doc, data, pointer, value, 100).map((i) => `${i.code} ${i.path}`);
    };
    assert.deepEqual(change('/items/1/name', 'Lemon balm'), []);
    assert.deepEqual(change('/items/1/stock', 12), []);
    assert.deepEqual(change('/items/1/name', 'y'.repeat(61)), ['data_limit /nodes/5/props/label/$data']);
    assert.deepEqual(change('/heading', ''), ['data_limit /nodes/1/props/text/$data']);
  });

  test('an input may write what a text shows: no bind_conflict for a text field or a checkbox', () => {
    const doc: LayoutDocument = {
      version: 1,
      root: 'p',
      data: { name: 'Ada', vip: false },
      nodes: [
        { id: 'p', type: 'stack', children: ['h', 'n', 'v', 'vt'] },
        { id: 'h', type: 'heading', props: { text: { $data: '/name' } } },
        { id: 'n', type: 'text-field', props: { label: 'Name', bind: '/name' } },
        { id: 'v', type: 'checkbox', props: { label: 'VIP', bind: '/vip' } },
        { id: 'vt', type: 'text', props: { text: { $data: '/vip' } } },
      ],
    };
    assert.deepEqual(at(runGates(doc)), []);
    assert.equal(fast(doc), true);
  });

  test('the fast path passes what the full path passes and refuses what it refuses', () => {
    const flat = (data: Record<string, unknown>): LayoutDocument => ({
      version: 1,
      root: 'p',
      data,
      nodes: [
        { id: 'p', type: 'card', props: { title: { $data: '/t' }, subtitle: { $data: '/s' } }, children: ['x'] },
        { id: 'x', type: 'callout', props: { title: { $data: '/t' }, text: { $data: '/s' } } },
      ],
    });
    for (const [data, ok] of [
      [{ t: 'Title', s: 'Sub' }, true],
      [{ t: 42, s: false }, true],
      [{ t: 'x'.repeat(121), s: 'Sub' }, false],
      [{ t: 'Title', s: '' }, false],
      [{ t: 'Title', s: ['a'] }, false],
      [{ t: 'Title' }, false],
    ] as const) {
      const doc = flat(data);
      assert.equal(runFullGates(doc).ok, ok, JSON.stringify(data));
      assert.equal(fast(doc), ok, `fast: ${JSON.stringify(data)}`);
    }
  });
});
