// Limits hold for what a node shows, literal or read from data, at the gates and again on a data
// update (checkDataLimits); inputs edit arrays in place; nodes sharing data agree on its type;
// one verdict lists a bounded number of issues.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as z from 'zod/mini';
import {
  builtinCatalog,
  checkDataLimits,
  defineComponent,
  MAX_ISSUES,
  runGates,
  type GateResult,
  type LayoutDocument,
} from '../../../src/gates/index.js';
import { bind } from '../../../src/catalog/props.js';
import { isCalendarDate } from '../../../src/catalog/checks.js';
import { assertWellFormed } from './corpus.js';

const at = (r: GateResult) => (r.ok ? [] : r.issues.map((i) => `${i.code} ${i.path}`));

function dashboard(data: Record<string, unknown>): LayoutDocument {
  return {
    version: 1,
    root: 'p',
    data,
    nodes: [
      { id: 'p', type: 'stack', children: ['t', 's', 'l', 'c'] },
      { id: 't', type: 'table', props: { columns: [{ key: 'a', label: 'A' }], rows: { $data: '/rows' } } },
      { id: 's', type: 'stat', props: { label: 'Revenue', value: { $data: '/kpi' } } },
      { id: 'l', type: 'list', props: { items: { $data: '/items' } } },
      { id: 'c', type: 'chart', props: { kind: 'bar', series: { $data: '/sales' } } },
    ],
  };
}
const fine = () => ({ rows: [{ a: 1 }], kpi: '€1,200', items: ['a', 'b'], sales: [{ label: 'Mon', value: 3 }] });

describe('what a node shows from data meets the limits of the literal prop', () => {
  test('a document within the limits passes', () => {
    assert.deepEqual(at(runGates(dashboard(fine()))), []);
  });

  test('20,000 table rows, a 5,000-character stat and a 201-character list item are refused at the gates', () => {
    const data = {
      ...fine(),
      rows: Array.from({ length: 20_000 }, (_, i) => ({ a: i })),
      kpi: 'x'.repeat(5000),
      items: ['ok', 'y'.repeat(201)],
    };
    const r = runGates(dashboard(data), { limits: { maxBytes: 4 * 1024 * 1024 } });
    assert.deepEqual(at(r), [
      'data_limit /nodes/1/props/rows/$data',
      'data_limit /nodes/2/props/value/$data',
      'data_limit /nodes/3/props/items/$data',
    ]);
    assert.ok(!r.ok);
    assertWellFormed(r.issues, 'data limits');
    assert.match(r.issues[0]!.message, /expected at most 500 items, received 20000/);
    assert.match(r.issues[1]!.message, /expected at most 200 characters, received 5000/);
    assert.match(r.issues[2]!.message, /\/items\/1/, 'the message names the item');
  });

  test('the limits of the literal are the same ones: 500 rows pass, 501 do not', () => {
    const rows = (n: number) => ({ ...fine(), rows: Array.from({ length: n }, (_, i) => ({ a: i })) });
    assert.ok(runGates(dashboard(rows(500))).ok);
    assert.deepEqual(at(runGates(dashboard(rows(501)))), ['data_limit /nodes/1/props/rows/$data']);
  });

  test('a table row from data holding an object (which a literal row cannot) is refused', () => {
    assert.deepEqual(at(runGates(dashboard({ ...fine(), rows: [{ a: { nested: true } }] }))), [
      'data_limit /nodes/1/props/rows/$data',
    ]);
  });
});

describe('checkDataLimits: the same checks for a data update', () => {
  const layout = dashboard(fine());
  const codes = (issues: { code: string; path: string }[]) => issues.map((i) => `${i.code} ${i.path}`);

  test('passes data within the limits and changes neither the layout nor the data', () => {
    const before = JSON.stringify(layout);
    const data = fine();
    const copy = JSON.stringify(data);
    assert.deepEqual(checkDataLimits(layout, data), []);
    assert.equal(JSON.stringify(layout), before);
    assert.equal(JSON.stringify(data), copy);
  });

  test('refuses an update that the gates would refuse in a document: rows, long values, long keys, prototype keys', () => {
    const data: Record<string, unknown> = {
      ...fine(),
      rows: Array.from({ length: 20_000 }, (_, i) => ({ a: i })),
      kpi: 'x'.repeat(5000),
    };
    assert.deepEqual(codes(checkDataLimits(layout, data, { limits: { maxBytes: 4 * 1024 * 1024 } })), [
      'data_limit /nodes/1/props/rows/$data',
      'data_limit /nodes/2/props/value/$data',
    ]);
    assert.deepEqual(codes(checkDataLimits(layout, { ...fine(), ['k'.repeat(100_000)]: 1 })), ['key_too_long /data']);
    assert.deepEqual(codes(checkDataLimits(layout, { ...fine(), note: 'z'.repeat(6000) })), [
      'string_too_long /data/note',
    ]);
    assert.deepEqual(
      codes(
        checkDataLimits(layout, JSON.parse(`{"rows":[{"a":1}],"kpi":1,"items":[],"sales":[],"__proto__":{"x":1}}`)),
      ),
      ['forbidden_key /data/__proto__'],
    );
  });

  test('refuses data that is not plain JSON, too deep, too large, or not an object', () => {
    assert.deepEqual(codes(checkDataLimits(layout, { ...fine(), n: Number.NaN })), ['not_json /data/n']);
    let deep: unknown = 1;
    for (let i = 0; i < 80; i++) deep = [deep];
    assert.deepEqual(
      codes(checkDataLimits(layout, { ...fine(), deep })).map((c) => c.split(' ')[0]),
      ['too_deep'],
    );
    assert.ok(
      codes(checkDataLimits(layout, { ...fine(), big: Array.from({ length: 200_000 }, () => 'xxxx') })).includes(
        'too_large /data',
      ),
    );
    assert.deepEqual(codes(checkDataLimits(layout, [1, 2])), ['wrong_type /data']);
    assert.deepEqual(codes(checkDataLimits(layout, null)), ['wrong_type /data']);
  });

  test('refuses an update that leaves a binding without its value or with the wrong type', () => {
    const { kpi: _gone, ...rest } = fine();
    assert.deepEqual(codes(checkDataLimits(layout, rest)), ['unresolved_pointer /nodes/2/props/value/$data']);
    assert.deepEqual(codes(checkDataLimits(layout, { ...fine(), sales: [{ label: 'Mon', value: 'three' }] })), [
      'type_mismatch /nodes/4/props/series/$data',
    ]);
  });

  test('lists at most MAX_ISSUES issues, then counts the rest', () => {
    const wide: LayoutDocument = { version: 1, root: 'p', data: {}, nodes: [{ id: 'p', type: 'stack' }] };
    const data = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`s${i}`, 'q'.repeat(5001)]));
    const issues = checkDataLimits(wide, data, { limits: { maxBytes: 8 * 1024 * 1024 } });
    assert.equal(issues.length, MAX_ISSUES + 1);
    assert.equal(issues.at(-1)!.code, 'issues_truncated');
    assert.match(issues.at(-1)!.message, /100 more issues/);
  });
});

describe('keys and the issue list are bounded', () => {
  test('a data key of 100,000 characters is refused, pointing at the object that holds it', () => {
    const doc = dashboard({ ...fine(), ['k'.repeat(100_000)]: 1 });
    const r = runGates(doc);
    assert.deepEqual(at(r), ['key_too_long /data']);
    assert.ok(!r.ok && JSON.stringify(r.issues).length < 1000, 'the report stays small');
    assert.ok(runGates(dashboard({ ...fine(), ['k'.repeat(256)]: 1 })).ok, '256 characters is within the limit');
    assert.ok(
      runGates(dashboard({ ...fine(), ['k'.repeat(300)]: 1 }), { limits: { maxKeyLength: 300 } }).ok,
      'the limit moves',
    );
  });

  test('a document causing tens of thousands of issues gets the first MAX_ISSUES and a count, in a small report', () => {
    // 1,000 nodes, each with 60 prototype keys in its props: 120,000 issues uncapped.
    const props = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`p${i}`, { constructor: 1 }]));
    const ids = Array.from({ length: 999 }, (_, i) => `n${i}`);
    const groups = Array.from({ length: 5 }, (_, g) => ids.slice(g * 200, g * 200 + 200));
    const doc = {
      version: 1,
      root: 'p',
      nodes: [
        { id: 'p', type: 'stack', children: groups.map((_, g) => `g${g}`) },
        ...groups.map((kids, g) => ({ id: `g${g}`, type: 'stack', children: kids })),
        ...ids.map((id) => ({ id, type: 'divider', props })),
      ].slice(0, 1000),
    };
    const r = runGates(doc, { limits: { maxBytes: 64 * 1024 * 1024 } });
    assert.ok(!r.ok);
    assert.equal(r.issues.length, MAX_ISSUES + 1);
    const last = r.issues.at(-1)!;
    assert.equal(last.code, 'issues_truncated');
    const more = Number(/(\d+) more issues/.exec(last.message)?.[1]);
    assert.ok(more > 50_000, last.message);
    assert.ok(JSON.stringify(r.issues).length < 64 * 1024, `${JSON.stringify(r.issues).length} bytes of issues`);
    assertWellFormed(r.issues, 'capped');
  });
});

describe('inputs edit arrays in place', () => {
  const form = (bindTo: string, data: Record<string, unknown>): LayoutDocument => ({
    version: 1,
    root: 'f',
    data,
    nodes: [
      { id: 'f', type: 'form', props: { action: 'save' }, children: ['i'] },
      { id: 'i', type: 'text-field', props: { label: 'Tag', bind: bindTo } },
    ],
  });

  test('an existing index passes; "-", "length", past the end and a leading zero are refused', () => {
    const data = { tags: ['a', 'b'] };
    assert.ok(runGates(form('/tags/1', data)).ok);
    for (const p of ['/tags/-', '/tags/length', '/tags/2', '/tags/01'])
      assert.deepEqual(at(runGates(form(p, data))), ['bad_array_index /nodes/1/props/bind'], p);
    assert.deepEqual(at(runGates(form('/tags/0', { tags: [] }))), ['bad_array_index /nodes/1/props/bind']);
  });

  test('an item of an array of objects may still gain a field', () => {
    assert.ok(runGates(form('/people/0/name', { people: [{}] })).ok);
  });
});

describe('nodes sharing data agree on its type', () => {
  const doc = (nodes: LayoutDocument['nodes'], data: Record<string, unknown>): LayoutDocument => ({
    version: 1,
    root: 'f',
    data,
    nodes: [{ id: 'f', type: 'form', props: { action: 'save' }, children: nodes.map((n) => n.id) }, ...nodes],
  });
  const input = (id: string, type: string, ptr: string) => ({ id, type, props: { label: id, bind: ptr } });

  test('two inputs on one pointer with different value types are refused; the same type is fine', () => {
    assert.ok(
      at(runGates(doc([input('a', 'number-field', '/n'), input('b', 'checkbox', '/n')], { n: 1 }))).includes(
        'bind_conflict /nodes/2/props/bind',
      ),
    );
    const r = runGates(doc([input('a', 'number-field', '/n'), input('b', 'text-field', '/n')], { n: 1 }));
    assert.deepEqual(at(r), ['bind_conflict /nodes/2/props/bind']);
    assert.ok(!r.ok && /writes a string at \/n, where number-field "a" writes a number/.test(r.issues[0]!.message));
    assert.ok(runGates(doc([input('a', 'text-field', '/s'), input('b', 'text-field', '/s')], { s: '' })).ok);
  });

  test('an input writing into what a display shows must write what the display can show', () => {
    const sales = [{ label: 'Mon', value: 3 }];
    const chart = { id: 'c', type: 'chart', props: { kind: 'bar', series: { $data: '/sales' } } };
    const withChart = (n: LayoutDocument['nodes'][number]): LayoutDocument => {
      const d = doc([n], { sales });
      d.root = 'p';
      d.nodes.unshift({ id: 'p', type: 'stack', children: ['f', 'c'] }, chart);
      return d;
    };
    assert.deepEqual(at(runGates(withChart(input('e', 'text-field', '/sales/0/value')))), [
      'bind_conflict /nodes/3/props/bind',
    ]);
    assert.ok(runGates(withChart(input('e', 'number-field', '/sales/0/value'))).ok, 'a number into a value');
    assert.ok(runGates(withChart(input('e', 'text-field', '/sales/0/label'))).ok, 'text into a label');
    assert.ok(
      at(runGates(withChart(input('e', 'number-field', '/sales/0/label')))).includes(
        'bind_conflict /nodes/3/props/bind',
      ),
    );
  });

  test('a checkbox into a list of strings is refused; into a table row it is fine', () => {
    const shown = (
      type: string,
      prop: string,
      extra: Record<string, unknown>,
      ptr: string,
      data: Record<string, unknown>,
    ): LayoutDocument => {
      const d = doc([input('cb', 'checkbox', ptr)], data);
      d.root = 'p';
      d.nodes.unshift(
        { id: 'p', type: 'stack', children: ['f', 'v'] },
        { id: 'v', type, props: { ...extra, [prop]: { $data: '/xs' } } },
      );
      return d;
    };
    assert.deepEqual(
      at(runGates(shown('list', 'items', {}, '/xs/0', { xs: [true] }))).filter((c) => c.startsWith('bind_conflict')),
      ['bind_conflict /nodes/3/props/bind'],
    );
    assert.ok(
      runGates(shown('table', 'rows', { columns: [{ key: 'ok', label: 'OK' }] }, '/xs/0/ok', { xs: [{ ok: false }] }))
        .ok,
    );
  });
});

describe('checks across props', () => {
  test('calendar dates: leap years by the Gregorian rule, no month 13, no day 0', () => {
    for (const d of ['2024-02-29', '2000-02-29', '2023-12-31', '0001-01-01', '2026-04-30'])
      assert.ok(isCalendarDate(d), d);
    for (const d of [
      '2023-02-29',
      '1900-02-29',
      '2024-13-45',
      '2024-00-10',
      '2024-04-31',
      '2024-01-00',
      '2024-1-01',
      '２０２４-01-01',
      '2024-01-01T00',
    ])
      assert.ok(!isCalendarDate(d), d);
  });

  test('number-field and date-field ranges, select options', () => {
    const one = (type: string, props: Record<string, unknown>, data: Record<string, unknown> = { v: null }) =>
      at(
        runGates({
          version: 1,
          root: 'f',
          data,
          nodes: [
            { id: 'f', type: 'form', props: { action: 'go' }, children: ['x'] },
            { id: 'x', type, props: { label: 'X', bind: '/v', ...props } },
          ],
        }),
      );
    assert.deepEqual(one('number-field', { min: 5, max: 1 }), ['bad_range /nodes/1/props/min']);
    assert.deepEqual(one('number-field', { min: 5, max: 5 }), []);
    assert.deepEqual(one('date-field', { min: '2024-13-45' }), ['impossible_date /nodes/1/props/min']);
    assert.deepEqual(one('date-field', { min: '2026-02-01', max: '2026-01-31' }), ['bad_range /nodes/1/props/min']);
    assert.deepEqual(one('date-field', { min: '2024-02-29', max: '2024-03-01' }), []);
    assert.deepEqual(
      one(
        'select',
        {
          options: [
            { value: 'a', label: 'A' },
            { value: 'a', label: 'B' },
          ],
        },
        { v: '' },
      ),
      ['duplicate_option /nodes/1/props/options/1/value'],
    );
  });

  test('a site component declares its own check; one that throws fails the node instead of passing it', () => {
    const range = defineComponent({
      type: 'price-range',
      description: 'Two prices.',
      props: z.strictObject({ bind: bind('number', 'Where the low price goes.'), low: z.number(), high: z.number() }),
      check: (p) =>
        p.low > p.high
          ? [
              {
                code: 'bad_range',
                path: ['low'],
                message: `expected low at most high, received ${p.low} and ${p.high}`,
              },
            ]
          : [],
    });
    const broken = defineComponent({
      type: 'broken',
      description: 'x',
      props: z.strictObject({}),
      check: () => {
        throw new Error('bug');
      },
    });
    const catalog = builtinCatalog.extend(range, broken);
    const doc = (type: string, props: Record<string, unknown>): LayoutDocument => ({
      version: 1,
      root: 'x',
      data: { v: 0 },
      nodes: [{ id: 'x', type, props }],
    });
    assert.deepEqual(at(runGates(doc('price-range', { bind: '/v', low: 9, high: 1 }), { catalog })), [
      'bad_range /nodes/0/props/low',
    ]);
    assert.ok(runGates(doc('price-range', { bind: '/v', low: 1, high: 9 }), { catalog }).ok);
    assert.deepEqual(at(runGates(doc('broken', {}), { catalog })), ['invalid_prop /nodes/0/props']);
  });
});

describe('a JSON array is not a layout', () => {
  test('[{…}] as text is refused with array_document, fenced or not; an object after chatter in brackets is not', () => {
    const one = JSON.stringify(dashboard(fine()));
    assert.deepEqual(at(runGates(`[${one}]`)), ['array_document ']);
    assert.deepEqual(at(runGates(`Here:\n\`\`\`json\n[\n  ${one},\n  ${one}\n]\n\`\`\``)), ['array_document ']);
    assert.ok(runGates(`[draft] ${one}`).ok);
    assert.ok(runGates(one).ok);
  });
});

describe('checkDataLimits agrees with the gates', () => {
  test('for seeded random data updates of every valid corpus layout: no issues exactly when the document with that data passes', async () => {
    const { seeded, validFiles } = await import('./corpus.js');
    const rnd = seeded(1313);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const HOSTILE: unknown[] = [
      '',
      'x',
      'y'.repeat(201),
      'z'.repeat(5001),
      0,
      -1,
      1.5,
      true,
      null,
      [],
      {},
      ['a', 'b'],
      Array.from({ length: 501 }, (_, i) => ({ n: i })),
      [{ label: 'Mon', value: 'three' }],
      [{ label: 'Mon', value: 3 }],
      '2023-02-29',
      '2024-02-29',
      { ['k'.repeat(300)]: 1 },
    ];
    const layouts = validFiles
      .map((f) => runGates(f.text))
      .filter((r): r is Extract<GateResult, { ok: true }> => r.ok)
      .map((r) => r.layout)
      .filter((l) => l.data);
    assert.ok(layouts.length >= 5, `${layouts.length} layouts with data`);
    let refused = 0,
      passed = 0;
    for (let round = 0; round < 400; round++) {
      const layout = pick(layouts);
      const data = JSON.parse(JSON.stringify(layout.data)) as Record<string, unknown>;
      // Change one to three places: a top-level value, or a value one level down.
      for (let k = 0, n = 1 + Math.floor(rnd() * 3); k < n; k++) {
        const keys = Object.keys(data);
        const key = keys.length && rnd() < 0.8 ? pick(keys) : `new${k}`;
        const inner = data[key];
        if (inner && typeof inner === 'object' && !Array.isArray(inner) && rnd() < 0.5 && Object.keys(inner).length) {
          (inner as Record<string, unknown>)[pick(Object.keys(inner))] = pick(HOSTILE);
        } else if (rnd() < 0.1) delete data[key];
        else data[key] = pick(HOSTILE);
      }
      const issues = checkDataLimits(layout, data);
      const verdict = runGates({ ...layout, data });
      assert.equal(
        issues.length === 0,
        verdict.ok,
        `round ${round}: checkDataLimits ${JSON.stringify(issues.map((i) => i.code))}, gates ${JSON.stringify(verdict.ok ? [] : verdict.issues.map((i) => i.code))}`,
      );
      if (!verdict.ok) {
        refused++;
        assert.deepEqual(
          issues.map((i) => `${i.code} ${i.path}`).sort(),
          verdict.issues.map((i) => `${i.code} ${i.path}`).sort(),
          `round ${round}: the same issues`,
        );
      } else passed++;
    }
    assert.ok(refused > 50 && passed > 50, `${refused} refused, ${passed} passed: both outcomes are exercised`);
  });
});
