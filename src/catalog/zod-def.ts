// Reading a zod schema's definition with its types: zod's own union of schema kinds narrows a
// def by its `type`, so the catalog and the gates look inside optional, default or union props
// without casting through unknown.
import type { $ZodType, $ZodTypes } from 'zod/v4/core';

/** Looks through optional, nullable and default to the schema a present value must fit. */
export function unwrapOptional(schema: $ZodType): $ZodType {
  let s = schema as $ZodTypes;
  for (;;) {
    const def = s._zod.def;
    if (def.type !== 'optional' && def.type !== 'nullable' && def.type !== 'default') return s;
    s = def.innerType as $ZodTypes;
  }
}

/** The members of a union schema, or undefined when it is not one. */
export function unionOptions(schema: $ZodType): readonly $ZodType[] | undefined {
  const def = (schema as $ZodTypes)._zod.def;
  return def.type === 'union' ? def.options : undefined;
}
