// fromJsonRender: specs, SpecStreams and inline prose with a ```spec fence become Jig documents;
// every unsupported feature refuses by name; hostile inputs are refused fast.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fromJsonRender } from '../../../src/interop/index.js';
import { pantrySpec } from './corpus.js';

const codes = (r: { issues: { code: string }[] }) => r.issues.map((i) => i.code);
const one = (el: Record<string, unknown>, state: Record<string, unknown> = {}) =>
  fromJsonRender({ root: 'x', state, elements: { x: el } });

describe('json-render specs', () => {
  test('every mapped shadcn component becomes its Jig type, with state bindings, repeat, visible and params', () => {
    const r = fromJsonRender(pantrySpec);
    assert.ok(r.ok, JSON.stringify(r.issues, null, 1));
    const byId = (id: string) => r.layout!.nodes.find((n) => n.id === id)!;
    const types = Object.fromEntries(r.layout!.nodes.map((n) => [n.id, n.type]));
    assert.deepEqual(
      {
        page: types.page,
        top: types.top,
        who: types.who,
        tag: types.tag,
        grid: types.grid,
        h: types.h,
        p: types.p,
        packed: types.packed,
        note: types.note,
        bar: types.bar,
        email: types.email,
        qty: types.qty,
        pickup: types.pickup,
        slot: types.slot,
        size: types.size,
        vol: types.vol,
        sep: types.sep,
        send: types.send,
        more: types.more,
      },
      {
        page: 'card',
        top: 'stack',
        who: 'avatar',
        tag: 'badge',
        grid: 'grid',
        h: 'heading',
        p: 'text',
        packed: 'checkbox',
        note: 'callout',
        bar: 'progress',
        email: 'text-field',
        qty: 'number-field',
        pickup: 'switch',
        slot: 'radio-group',
        size: 'select',
        vol: 'slider',
        sep: 'divider',
        send: 'button',
        more: 'link',
      },
    );
    assert.deepEqual(byId('page').props, { title: 'Food bank order', subtitle: 'Pick up on Fridays' });
    assert.deepEqual(byId('items').children, ['items-each']);
    assert.equal(byId('items-each').repeat, '/items', 'json-render repeats children: they sit in a repeated stack');
    assert.equal(byId('packed').props!.bind, 'packed');
    assert.deepEqual(byId('note').visible, { $data: '/showNote', eq: true });
    assert.deepEqual(byId('bar').props!.value, { $data: '/progress' });
    assert.deepEqual(byId('email').props, {
      label: 'Email',
      bind: '/order/email',
      placeholder: 'you@example.org',
      inputType: 'email',
      required: true,
    });
    assert.equal(byId('qty').props!.min, 1);
    assert.deepEqual(byId('slot').props!.options, [
      { value: 'am', label: 'am' },
      { value: 'pm', label: 'pm' },
    ]);
    assert.deepEqual(r.actions.send, {
      name: 'order',
      context: { email: { pointer: '/order/email' }, source: { literal: 'web' } },
    });
    assert.ok(
      r.warnings.some((w) => w.code === 'ignored_hint' && w.path === '/elements/page'),
      'maxWidth is reported as a hint set aside',
    );
  });

  test('a SpecStream (JSONL patches, parents created as json-render does) builds the same document as the spec', () => {
    const ops = [
      { op: 'add', path: '/root', value: 'page' },
      { op: 'add', path: '/state', value: pantrySpec.state },
      ...Object.entries(pantrySpec.elements).map(([k, v]) => ({ op: 'add', path: `/elements/${k}`, value: v })),
    ];
    const r = fromJsonRender(ops.map((o) => JSON.stringify(o)).join('\n'));
    assert.ok(r.ok, JSON.stringify(r.issues));
    assert.deepEqual(r.layout, fromJsonRender(pantrySpec).layout);
    assert.deepEqual(r.lines, { read: ops.length, malformed: 0, prose: 0 });
  });

  test('inline mode: prose around a ```spec fence; only the fence is read', () => {
    const text = [
      'Here is your form.',
      '```spec',
      '{"op":"add","path":"/root","value":"t"}',
      '{"op":"add","path":"/elements/t","value":{"type":"Text","props":{"text":"Hello {friend}"}}}',
      '```',
      'Anything else?',
    ].join('\n');
    const r = fromJsonRender(text);
    assert.ok(r.ok, JSON.stringify(r.issues));
    assert.deepEqual(r.layout!.nodes, [{ id: 't', type: 'text', props: { text: 'Hello {friend}' } }]);
  });

  test('an async stream of chunks gives the same result as the text', async () => {
    const text = [
      '{"op":"add","path":"/root","value":"t"}',
      'Some prose.',
      '{"op": "add", broken',
      '{"op":"add","path":"/elements/t","value":{"type":"Heading","props":{"text":"Hi","level":"h2"}}}',
    ].join('\n');
    async function* chunks() {
      for (let i = 0; i < text.length; i += 7) yield text.slice(i, i + 7);
    }
    const a = fromJsonRender(text);
    const b = await fromJsonRender(chunks());
    assert.deepEqual(b.layout ?? b.projected, a.layout ?? a.projected);
    assert.deepEqual(b.lines, { read: 3, malformed: 1, prose: 1 });
    assert.deepEqual(a.lines, b.lines);
    assert.deepEqual(codes(b), ['malformed_line']);
    assert.equal(b.ok, false, 'a malformed line is reported and the result is not ok');
  });

  test('a site maps its own component onto a Jig type; without the table it is refused', () => {
    const spec = {
      root: 'x',
      state: { price: 3 },
      elements: { x: { type: 'PriceStat', props: { title: 'Price', amount: { $state: '/price' } } } },
    };
    assert.deepEqual(codes(fromJsonRender(spec)), ['unsupported_feature']);
    const r = fromJsonRender(spec, {
      components: { PriceStat: { type: 'stat', props: { title: 'label', amount: 'value' } } },
    });
    assert.ok(r.ok, JSON.stringify(r.issues));
    assert.deepEqual(r.layout!.nodes[0]!.props, { label: 'Price', value: { $data: '/price' } });
  });
});

describe('nothing dropped silently: each unsupported json-render feature refuses by name', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['$computed', { type: 'Text', props: { text: { $computed: 'fullName' } } }, /\$computed/],
    ['$cond', { type: 'Text', props: { text: { $cond: { $state: '/a' }, $then: 'x', $else: 'y' } } }, /\$cond/],
    ['$template', { type: 'Text', props: { text: { $template: 'Hi ${/name}' } } }, /\$template/],
    [
      'setState',
      {
        type: 'Button',
        props: { label: 'Go' },
        on: { press: { action: 'setState', params: { statePath: '/a', value: 1 } } },
      },
      /setState/,
    ],
    ['pushState', { type: 'Button', props: { label: 'Go' }, on: { press: { action: 'pushState' } } }, /pushState/],
    ['watch', { type: 'Text', props: { text: 'x' }, watch: { '/a': { action: 'load' } } }, /watch/],
    [
      'confirm',
      {
        type: 'Button',
        props: { label: 'Go' },
        on: { press: { action: 'del', confirm: { title: 'Sure?', message: 'Really' } } },
      },
      /confirm/,
    ],
    [
      'onSuccess',
      { type: 'Button', props: { label: 'Go' }, on: { press: { action: 'save', onSuccess: { navigate: '/done' } } } },
      /onSuccess/,
    ],
    ['a button without an action', { type: 'Button', props: { label: 'Go' } }, /without an on\.press/],
    ['a type outside the profile', { type: 'Carousel', props: { items: [] } }, /Carousel/],
    [
      'a password input',
      { type: 'Input', props: { label: 'PIN', name: 'pin', type: 'password', value: { $bindState: '/pin' } } },
      /password/,
    ],
    ['$index', { type: 'Text', props: { text: { $index: true } } }, /index/],
  ];
  for (const [name, el, feature] of cases) {
    test(name, () => {
      const r = one(el, { a: 1, name: 'x', pin: '' });
      const i = r.issues.find((x) => x.code === 'unsupported_feature');
      assert.ok(i, `${name}: ${JSON.stringify(r.issues)}`);
      assert.match(i.message, feature);
      assert.match(i.path, /^\/elements\/x/);
      assert.equal(r.ok, false);
      assert.equal(r.layout, undefined);
    });
  }
});

describe('hostile json-render input', () => {
  test("script URLs, prototype keys in state and in patch paths are refused like Jig's own", () => {
    assert.deepEqual(codes(one({ type: 'Link', props: { label: 'x', href: 'JaVaScRiPt:alert(1)' } })), ['unsafe_url']);
    assert.deepEqual(
      codes(
        fromJsonRender(
          '{"root":"x","state":{"__proto__":{"polluted":1}},"elements":{"x":{"type":"Text","props":{"text":"x"}}}}',
        ),
      ),
      ['forbidden_key'],
    );
    const r = fromJsonRender('{"op":"add","path":"/elements/__proto__/polluted","value":1}');
    assert.ok(
      r.issues.some((i) => /__proto__/.test(i.message)),
      JSON.stringify(r.issues),
    );
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test('a regex bomb in a check is refused; a bounded pattern is set aside with a warning', () => {
    const input = (pattern: string) => ({
      type: 'Input',
      props: {
        label: 'Code',
        name: 'c',
        value: { $bindState: '/c' },
        checks: [{ type: 'pattern', args: { pattern }, message: 'no' }],
      },
    });
    assert.deepEqual(codes(one(input('^(\\w+\\s?)*$'), { c: '' })), ['unsafe_pattern']);
    const ok = one(input('^[A-Z]{2}\\d{4}$'), { c: '' });
    assert.ok(ok.ok, JSON.stringify(ok.issues));
    assert.ok(ok.warnings.some((w) => w.code === 'dropped_check'));
  });

  test('size and depth bombs are refused, each in well under a second of CPU', () => {
    const deep = '{"root":"x","elements":' + '{"a":'.repeat(20000) + '1' + '}'.repeat(20000) + '}';
    const big = JSON.stringify({
      root: 'x',
      elements: { x: { type: 'Text', props: { text: 'x'.repeat(600 * 1024) } } },
    });
    const many = Array.from(
      { length: 20000 },
      (_, i) => `{"op":"add","path":"/elements/e${i}","value":{"type":"Text","props":{"text":"x"}}}`,
    ).join('\n');
    for (const [name, text, code] of [
      ['deep', deep, 'too_deep'],
      ['big', big, 'too_large'],
      ['many', many, 'too_many_messages'],
    ] as const) {
      const start = process.cpuUsage();
      const r = fromJsonRender(text);
      const used = process.cpuUsage(start);
      assert.ok(codes(r).includes(code), `${name}: ${codes(r).slice(0, 3)}`);
      // Recorded, not asserted as a duration: the refusal is what is tested; the bench times it.
      void used;
    }
  });
});
