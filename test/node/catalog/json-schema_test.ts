import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import * as z from 'zod/mini';
import { BUILTIN_COMPONENTS } from '../../../src/catalog/builtin.js';
import { toJsonSchema } from '../../../src/catalog/json-schema.js';

/** zod's own generator, minus what Jig leaves out on purpose: $schema, safe-integer bounds, propertyNames of records. */
function zodReference(schema: z.ZodMiniType): unknown {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v === null || typeof v !== 'object') return v;
    const o = { ...(v as Record<string, unknown>) };
    delete o.$schema;
    delete o.propertyNames;
    if (o.type === 'integer') {
      if (o.minimum === -Number.MAX_SAFE_INTEGER) delete o.minimum;
      if (o.maximum === Number.MAX_SAFE_INTEGER) delete o.maximum;
    }
    if (Array.isArray(o.type)) {
      const [a, b] = o.type as string[];
      return strip({
        anyOf: [{ ...o, type: a }, { type: b }].map((x, i) => (i ? x : Object.fromEntries(Object.entries(x)))),
      });
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, strip(x)]));
  };
  return strip(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }));
}

describe('toJsonSchema', () => {
  for (const c of BUILTIN_COMPONENTS) {
    it(`gives the same JSON Schema as zod's generator for the props of ${c.type}`, () => {
      assert.deepEqual(toJsonSchema(c.props), zodReference(c.props));
    });
  }

  it('keeps descriptions, bounds, patterns and strictness', () => {
    const s = toJsonSchema(
      z.strictObject({
        n: z.int().check(z.minimum(1), z.maximum(4), z.describe('level')),
        d: z.optional(z.string().check(z.regex(/^\d{4}$/))),
        a: z.array(z.boolean()).check(z.minLength(1), z.maxLength(3)),
        p: z.number().check(z.positive()),
      }),
    );
    assert.deepEqual(s, {
      type: 'object',
      properties: {
        n: { type: 'integer', minimum: 1, maximum: 4, description: 'level' },
        d: { type: 'string', pattern: '^\\d{4}$' },
        a: { type: 'array', items: { type: 'boolean' }, minItems: 1, maxItems: 3 },
        p: { type: 'number', exclusiveMinimum: 0 },
      },
      required: ['n', 'a', 'p'],
      additionalProperties: false,
    });
  });

  it('turns a zod type it does not know into an unconstrained schema instead of failing', () => {
    assert.deepEqual(toJsonSchema(z.date() as never), {});
  });
});
