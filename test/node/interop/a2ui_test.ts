// fromA2UI: v0.8 and v0.9 streams become Jig documents that pass the gates; what Jig cannot
// express refuses the surface with a code naming the feature at its path; bad lines are counted.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fromA2UI, A2UIReader } from '../../../src/interop/index.js';
import { BASIC, gardenClub, v08Library, v09 } from './corpus.js';

const jsonl = (msgs: unknown[]) => msgs.map((m) => JSON.stringify(m)).join('\n');
const codes = (r: { issues: { code: string }[] }) => r.issues.map((i) => i.code);
const surface = (msgs: unknown[]) => {
  const r = fromA2UI(msgs as unknown[]);
  assert.equal(r.surfaces.length, 1, JSON.stringify(r.issues));
  return { r, s: r.surfaces[0]! };
};

describe('A2UI v0.9', () => {
  test('every mapped basic-catalog component becomes its Jig type and the surface passes the gates', () => {
    const { r, s } = surface(gardenClub);
    assert.ok(r.ok, JSON.stringify([...r.issues, ...s.issues], null, 1));
    const types = Object.fromEntries(s.layout!.nodes.map((n) => [n.id, n.type]));
    assert.deepEqual(
      {
        title: types.title,
        intro: types.intro,
        photo: types.photo,
        pin: types.pin,
        plots: types.plots,
        plot: types.plot,
        card: types['form-card'],
        name: types.name,
        size: types.size,
        start: types.start,
        soil: types.soil,
        send: types.send,
        rules: types.rules,
        line: types.line,
        help: types.help,
      },
      {
        title: 'heading',
        intro: 'text',
        photo: 'image',
        pin: 'icon',
        plots: 'stack',
        plot: 'checkbox',
        card: 'card',
        name: 'text-field',
        size: 'slider',
        start: 'date-field',
        soil: 'radio-group',
        send: 'button',
        rules: 'tabs',
        line: 'divider',
        help: 'dialog',
      },
    );
    const byId = (id: string) => s.layout!.nodes.find((n) => n.id === id)!;
    assert.equal(byId('plot').repeat, '/plots');
    assert.equal(byId('plot').props!.bind, 'watered', 'an item-relative path stays relative');
    assert.deepEqual(byId('send').props, { label: 'Join the club', action: 'join', variant: 'primary' });
    assert.equal(byId('name').props!.required, true);
    assert.equal(byId('notes').props!.multiline, true);
    assert.deepEqual(byId('intro').props!.text, { $data: '/club/motto' }, 'a text path stays live as $data');
    assert.equal(byId('soil').props!.bind, '/member/soil/0', 'a one-of choice binds the first item of its list');
    assert.deepEqual(byId('help').props, { trigger: 'Need help?', title: 'Need help?' });
    assert.ok(
      !s.layout!.nodes.some((n) => n.id === 'send-label' || n.id === 'help-open'),
      'button labels and modal triggers are folded in',
    );
    assert.deepEqual(s.actions.send, {
      name: 'join',
      context: { who: { pointer: '/member/name' }, club: { literal: 'north' } },
    });
    assert.ok(
      s.warnings.some((w) => w.code === 'ignored_hint' && w.message.includes('justify')),
      'presentation hints are reported, not dropped silently',
    );
  });

  test("JSONL text, a JSON array, the samples' wrapper and an async stream give the same surface", async () => {
    const a = fromA2UI(jsonl(gardenClub)).surfaces[0]!.layout;
    const b = fromA2UI(JSON.stringify(gardenClub)).surfaces[0]!.layout;
    const c = fromA2UI({ name: 'Garden', description: 'a test', messages: gardenClub }).surfaces[0]!.layout;
    async function* chunks() {
      const t = jsonl(gardenClub);
      for (let i = 0; i < t.length; i += 37) yield t.slice(i, i + 37);
    }
    const d = (await fromA2UI(chunks())).surfaces[0]!.layout;
    assert.ok(a);
    assert.deepEqual(b, a);
    assert.deepEqual(c, a);
    assert.deepEqual(d, a);
  });

  test('messages in any order: components before data, data before components', () => {
    const reordered = [gardenClub[2], gardenClub[0], gardenClub[1]];
    const r = fromA2UI(reordered as unknown[]);
    assert.ok(r.ok, JSON.stringify(r.surfaces[0]?.issues));
  });

  test('several surfaces are projected separately, and deleteSurface removes one', () => {
    const two = [
      ...v09('a', [{ id: 'root', component: 'Text', text: 'A' }]),
      ...v09('b', [{ id: 'root', component: 'Text', text: 'B' }]),
      { version: 'v0.9', deleteSurface: { surfaceId: 'a' } },
    ];
    const r = fromA2UI(two);
    assert.deepEqual(
      r.surfaces.map((s) => s.surfaceId),
      ['b'],
    );
    assert.deepEqual(r.deleted, ['a']);
    assert.ok(r.ok);
  });

  test('a display path that does not resolve is refused as the bindings gate refuses it', () => {
    const { s } = surface(v09('x', [{ id: 'root', component: 'Text', text: { path: '/nowhere' } }], {}));
    assert.deepEqual(codes(s), ['unresolved_pointer']);
    assert.equal(s.issues[0]!.path, '/1/updateComponents/components/0/text');
  });

  test("a gate issue points back into the peer's message and keeps its layout path", () => {
    const { s } = surface(v09('x', [{ id: 'root', component: 'Image', url: 'javascript:alert(1)', description: 'x' }]));
    const i = s.issues.find((x) => x.code === 'unsafe_url')!;
    assert.equal(i.gate, 'policy');
    assert.equal(i.path, '/1/updateComponents/components/0');
    assert.equal(i.layoutPath, '/nodes/0/props/src');
  });
});

describe('A2UI v0.8', () => {
  test('wrapped components, literal/path values, adjacency-list data and beginRendering', () => {
    const { r, s } = surface(v08Library);
    assert.ok(r.ok, JSON.stringify(s.issues, null, 1));
    assert.equal(s.version, 'v0.8');
    const byId = (id: string) => s.layout!.nodes.find((n) => n.id === id)!;
    assert.deepEqual(byId('head').props, { text: 'Your loans', level: 2 });
    assert.equal(s.layout!.data!.query, 'garden', 'path plus literal seeds the data model');
    assert.deepEqual(
      s.layout!.data!.loans,
      [{ returned: false }, { returned: true }],
      'a map keyed 0, 1 is read as an array for the template',
    );
    assert.equal(byId('loan').repeat, '/loans');
    assert.deepEqual(s.actions.renew, { name: 'renew', context: { count: { literal: 2 }, q: { pointer: '/query' } } });
    assert.ok(s.warnings.some((w) => w.code === 'cleaned_up' && w.message.includes('map keyed')));
  });

  test('a surface without beginRendering cannot show: no_root', () => {
    const r = fromA2UI(v08Library.slice(0, 2));
    assert.deepEqual(codes(r.surfaces[0]!), ['no_root']);
    assert.equal(r.ok, false);
  });
});

describe('nothing dropped silently: each unsupported feature refuses the surface by name', () => {
  const cases: [string, unknown, RegExp][] = [
    [
      'formatString',
      { id: 'root', component: 'Text', text: { call: 'formatString', args: { value: 'Hi ${/name}' } } },
      /formatString/,
    ],
    ['a video player', { id: 'root', component: 'Video', url: 'https://example.org/v.mp4' }, /media player/],
    ['an audio player', { id: 'root', component: 'AudioPlayer', url: 'https://example.org/a.mp3' }, /media player/],
    [
      'a password field',
      { id: 'root', component: 'TextField', label: 'PIN', value: { path: '/pin' }, variant: 'obscured' },
      /password/,
    ],
    [
      'a multiple choice',
      {
        id: 'root',
        component: 'ChoicePicker',
        variant: 'multipleSelection',
        options: [{ label: 'A', value: 'a' }],
        value: { path: '/picks' },
      },
      /several options/,
    ],
    ['a time input', { id: 'root', component: 'DateTimeInput', value: { path: '/t' }, enableTime: true }, /time input/],
    ['a button without an action', { id: 'root', component: 'Button', child: 'l' }, /without an action/],
    [
      'a function-call action',
      {
        id: 'root',
        component: 'Button',
        child: 'l',
        action: { functionCall: { call: 'openUrl', args: { url: 'https://example.org' } } },
      },
      /client function/,
    ],
    ['an unknown icon', { id: 'root', component: 'Icon', name: 'camera' }, /camera/],
    ['an svg icon', { id: 'root', component: 'Icon', name: { svgPath: 'M0 0' } }, /svgPath/],
    ['a type outside the catalog', { id: 'root', component: 'Carousel' }, /Carousel/],
  ];
  for (const [name, root, feature] of cases) {
    test(name, () => {
      const comps = [root, { id: 'l', component: 'Text', text: 'Go' }];
      const { s } = surface(v09('x', comps, { pin: '', picks: [], t: '' }));
      const i = s.issues.find((x) => x.code === 'unsupported_feature');
      assert.ok(i, `${name}: ${JSON.stringify(s.issues)}`);
      assert.match(i.message, feature);
      assert.match(i.path, /^\/1\/updateComponents\/components\/0/);
      assert.equal(s.ok, false);
      assert.equal(s.layout, undefined);
    });
  }

  test('a catalog Jig does not know: unknown_catalog', () => {
    const r = fromA2UI([
      { version: 'v0.9', createSurface: { surfaceId: 'x', catalogId: 'https://shop.example/catalog.json' } },
      {
        version: 'v0.9',
        updateComponents: { surfaceId: 'x', components: [{ id: 'root', component: 'Text', text: 'Hi' }] },
      },
    ]);
    assert.ok(codes(r).includes('unknown_catalog'));
    assert.equal(r.ok, false);
    const ok = fromA2UI(
      [
        { version: 'v0.9', createSurface: { surfaceId: 'x', catalogId: 'https://shop.example/catalog.json' } },
        {
          version: 'v0.9',
          updateComponents: { surfaceId: 'x', components: [{ id: 'root', component: 'Text', text: 'Hi' }] },
        },
      ],
      { catalogIds: ['https://shop.example/catalog.json'] },
    );
    assert.ok(ok.ok, 'a catalog the site lists is accepted');
  });

  test('a v0.8 message without surfaceId', () => {
    const r = fromA2UI([
      { surfaceUpdate: { components: [{ id: 'root', component: { Text: { text: { literalString: 'x' } } } }] } },
    ]);
    assert.deepEqual(codes(r), ['unsupported_feature']);
    assert.match(r.issues[0]!.message, /surfaceId/);
  });

  test('versions other than v0.8 and v0.9: unsupported_version', () => {
    const r = fromA2UI([{ version: 'v0.10', createSurface: { surfaceId: 'x', catalogId: BASIC } }]);
    assert.deepEqual(codes(r), ['unsupported_version']);
  });

  test('an unsafe validation pattern is refused; a safe one is set aside with a warning', () => {
    const field = (pattern: string) =>
      v09(
        'x',
        [
          {
            id: 'root',
            component: 'TextField',
            label: 'Code',
            value: { path: '/c' },
            checks: [{ condition: { call: 'regex', args: { value: { path: '/c' }, pattern } }, message: 'no' }],
          },
        ],
        { c: '' },
      );
    const bad = surface(field('^(a+)+$')).s;
    assert.deepEqual(codes(bad), ['unsafe_pattern']);
    const good = surface(field('^\\d{5}$')).s;
    assert.ok(good.ok);
    assert.ok(good.warnings.some((w) => w.code === 'dropped_check'));
  });
});

describe('streams with bad lines', () => {
  test('malformed lines are counted and reported with their line, never skipped quietly', () => {
    const text = [
      JSON.stringify(gardenClub[0]),
      '{"version": "v0.9", "updateComp',
      'not json at all',
      JSON.stringify(gardenClub[1]),
      JSON.stringify(gardenClub[2]),
    ].join('\n');
    const r = fromA2UI(text);
    assert.deepEqual(r.lines, { read: 5, malformed: 2 });
    assert.deepEqual(
      r.issues.map((i) => [i.code, i.path]),
      [
        ['malformed_line', '/1'],
        ['malformed_line', '/2'],
      ],
    );
    assert.equal(r.ok, false, 'a stream with a bad line is not ok, even though its surface is');
    assert.ok(r.surfaces[0]!.ok);
  });

  test('prototype keys, duplicate keys and depth bombs in a line are refused', () => {
    const r = fromA2UI(
      ['{"version":"v0.9","__proto__":{"x":1}}', '{"a":1,"a":2}', '['.repeat(5000) + ']'.repeat(5000)].join('\n'),
    );
    assert.deepEqual(codes(r), ['forbidden_key', 'duplicate_key', 'too_deep']);
  });

  test('an endless stream is read up to its message limit, reported once, then cancelled', {
    timeout: 20_000,
  }, async () => {
    let pulled = 0;
    let closed = false;
    async function* endless() {
      try {
        for (;;) {
          pulled++;
          yield `${JSON.stringify({ version: 'v0.9', createSurface: { surfaceId: `s${pulled}`, catalogId: BASIC } })}\n`;
        }
      } finally {
        closed = true;
      }
    }
    const r = await fromA2UI(endless(), { stream: { maxMessages: 50 } });
    assert.deepEqual(
      r.issues.map((i) => [i.code, i.path]),
      [['too_many_messages', '/50']],
    );
    assert.equal(r.lines.read, 51);
    assert.ok(closed, 'the source is closed once the limit is passed');
    assert.ok(pulled < 60, `read ${pulled} chunks of an endless stream`);
  });

  test('a message that is not A2UI is bad_message', () => {
    const r = fromA2UI([
      { version: 'v0.9', createSurface: { surfaceId: 'x', catalogId: BASIC }, updateComponents: {} },
      { hello: 1 },
    ]);
    assert.deepEqual(codes(r), ['bad_message', 'bad_message']);
  });
});

describe("A2UIReader (the peer's state, for a renderer)", () => {
  test('a surface is complete only once every component reachable from the root is defined', () => {
    const reader = new A2UIReader();
    reader.apply({ version: 'v0.9', createSurface: { surfaceId: 's', catalogId: BASIC } }, '/0');
    reader.apply(
      {
        version: 'v0.9',
        updateComponents: {
          surfaceId: 's',
          components: [
            { id: 'root', component: 'Column', children: ['a', 'b'] },
            { id: 'a', component: 'Text', text: 'A' },
          ],
        },
      },
      '/1',
    );
    assert.equal(reader.complete('s'), false);
    reader.apply(
      {
        version: 'v0.9',
        updateComponents: { surfaceId: 's', components: [{ id: 'b', component: 'Text', text: 'B' }] },
      },
      '/2',
    );
    assert.equal(reader.complete('s'), true);
    assert.ok(reader.project('s')!.ok);
  });
});
