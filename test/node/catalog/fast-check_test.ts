// The compiled prop checks against zod itself: for every prop schema of every built-in component
// (and their parts), on a pool of values near each limit, the predicate says what zod's safeParse says.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as z from 'zod/mini';
import type { $ZodType } from 'zod/v4/core';
import { builtinCatalog } from '../../../src/catalog/builtin.js';
import { compileCheck } from '../../../src/catalog/fast-check.js';

/** Every schema inside a schema (object shapes, wrappers, union members, items, record values). */
function parts(s: $ZodType, out: $ZodType[] = []): $ZodType[] {
  out.push(s);
  const def = s._zod.def as unknown as Record<string, unknown>;
  if (def.type === 'object') for (const v of Object.values(def.shape as Record<string, $ZodType>)) parts(v, out);
  for (const key of ['innerType', 'element', 'valueType'] as const) if (def[key]) parts(def[key] as $ZodType, out);
  if (Array.isArray(def.options)) for (const o of def.options as $ZodType[]) parts(o, out);
  return out;
}

const astral = (n: number) => '😀'.repeat(n);
const POOL: unknown[] = [
  undefined,
  null,
  true,
  false,
  0,
  -0,
  1,
  -1,
  0.5,
  1.5,
  2,
  4,
  5,
  6,
  7,
  12,
  4000,
  4001,
  1e308,
  -1e308,
  NaN,
  Infinity,
  -Infinity,
  2 ** 53 - 1,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53) - 2,
  '',
  ' ',
  'a',
  'ab',
  'check',
  'home',
  'nope',
  'row',
  'column',
  'primary',
  'bar',
  'muted',
  'faq',
  'FAQ',
  'a b',
  '2026-02-28',
  '2026-2-28',
  'x2026-02-28',
  ...[
    11, 12, 13, 39, 40, 41, 59, 60, 61, 63, 64, 65, 79, 80, 81, 119, 120, 121, 199, 200, 201, 255, 256, 257, 299, 300,
    301, 999, 1000, 1001, 2048, 2049, 4000, 4001,
  ].flatMap((n) => ['a'.repeat(n), astral(n), astral(Math.ceil(n / 2)), 'a' + astral(n - 1), '\ud83d'.repeat(n)]),
  [],
  [1],
  ['a', 'b'],
  [null],
  [true],
  [{}],
  Array.from({ length: 200 }, () => 'x'),
  Array.from({ length: 201 }, () => 'x'),
  Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`, label: 'L' })),
  Array.from({ length: 21 }, (_, i) => ({ key: `k${i}`, label: 'L' })),
  Array.from({ length: 100 }, (_, i) => ({ value: `v${i}`, label: 'L' })),
  Array.from({ length: 101 }, (_, i) => ({ value: `v${i}`, label: 'L' })),
  [{ value: 'a', label: 'A' }],
  [{ value: '', label: 'A' }],
  [{ value: 'a', label: 'A', x: 1 }],
  [{ value: 'a' }],
  [{ key: 'k', label: 'K' }],
  [{ key: 'k', label: '' }],
  [{ label: 'Mon', value: 3 }],
  [{ label: 'Mon', value: '3' }],
  [{ label: '', value: 3 }],
  [{ label: 'Mon', value: NaN }],
  [{ a: 1, b: 'x', c: true, d: null }],
  [{ a: [] }],
  [{ a: {} }],
  [[1]],
  [1, 'a'],
  ['a'.repeat(201)],
  {},
  { $data: '/x' },
  { $data: '' },
  { $data: '/x', extra: 1 },
  { $data: 1 },
  { $data: 'a'.repeat(257) },
  { a: 1 },
  Object.create(null),
  { label: 'L', value: 1 },
  { text: 'T' },
  { text: 'T', level: 2 },
  { text: '' },
  { text: 'T', level: 5 },
  { text: 'T', extra: undefined },
  { text: 'T', level: undefined },
];

describe('compiled prop checks', () => {
  test('on every built-in prop schema and its parts, the predicate agrees with zod on every pooled value', () => {
    let compared = 0;
    let accepted = 0;
    const schemas = new Set<$ZodType>();
    for (const type of builtinCatalog.types) for (const s of parts(builtinCatalog.get(type)!.props)) schemas.add(s);
    for (const s of schemas) {
      const check = compileCheck(s);
      for (const v of POOL) {
        const want = z.safeParse(s as z.ZodMiniType, v).success;
        assert.equal(
          check(v),
          want,
          `${JSON.stringify(s._zod.def.type)} on ${String(JSON.stringify(v)).slice(0, 60)}: zod says ${want}`,
        );
        compared++;
        if (want) accepted++;
      }
    }
    assert.ok(
      schemas.size > 100 && compared > 10_000 && accepted > 1000,
      `${schemas.size} schemas, ${compared} values, ${accepted} accepted`,
    );
  });

  test("whole props objects: each component's props from the corpus shape, changed one prop at a time", () => {
    for (const type of builtinCatalog.types) {
      const schema = builtinCatalog.get(type)!.props;
      const check = compileCheck(schema);
      const keys = Object.keys((schema._zod.def as unknown as { shape: object }).shape);
      for (const key of [...keys, 'unknown']) {
        for (const v of POOL) {
          const props = { [key]: v };
          assert.equal(
            check(props),
            z.safeParse(schema, props).success,
            `${type}.${key} = ${String(JSON.stringify(v)).slice(0, 40)}`,
          );
        }
      }
    }
  });

  test('a schema the compiler does not know is judged by zod itself: transforms, defaults, refinements, loose objects', () => {
    const schemas: z.ZodMiniType[] = [
      z.pipe(
        z.string(),
        z.transform((s) => s.length),
      ),
      z.strictObject({ n: z._default(z.number(), 3) }),
      z.string().check(z.refine((s) => s.startsWith('a'))),
      z.looseObject({ a: z.string() }),
      z.strictObject({ a: z.string() }).check(z.refine((o) => o.a !== 'b')),
      z.string().check(z.trim(), z.minLength(1)),
      z.email(),
      z.tuple([z.string(), z.number()]),
    ];
    const values: unknown[] = [
      'a',
      ' a ',
      '',
      'b',
      'a@b.co',
      { n: 1 },
      {},
      { a: 'a' },
      { a: 'b' },
      { a: 'a', x: 1 },
      ['a', 1],
      ['a'],
      3,
    ];
    for (const s of schemas) {
      const check = compileCheck(s);
      for (const v of values)
        assert.equal(check(v), z.safeParse(s, v).success, `${s._zod.def.type} on ${JSON.stringify(v)}`);
    }
  });
});
