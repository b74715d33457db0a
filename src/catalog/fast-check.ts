// Turns a component's zod props schema into a plain predicate once, so the gates' fast path asks
// "does this value pass?" with closures instead of zod's generic parse (no eval, no allocation).
import * as z from 'zod/mini';
import type { $ZodCheck, $ZodType } from 'zod/v4/core';

/** True only when zod would accept the value; false means "not sure": the caller asks zod itself. */
export type Predicate = (value: unknown) => boolean;

interface Def {
  type: string;
  checks?: $ZodCheck[];
  check?: string;
  [key: string]: unknown;
}

const defOf = (s: $ZodType | $ZodCheck) => s._zod.def as Def;

const compiled = new WeakMap<$ZodType, Predicate>();

/**
 * A predicate for `schema`. It never says yes where zod says no; where it cannot follow zod
 * exactly (a transform, a default, a kind of schema it does not know) it asks zod instead, so a
 * catalog with unusual props is still checked the same way, only without the speed.
 */
export function compileCheck(schema: $ZodType): Predicate {
  let hit = compiled.get(schema);
  if (!hit) {
    hit = build(schema) ?? ((v: unknown) => z.safeParse(schema as z.ZodMiniType, v).success);
    compiled.set(schema, hit);
  }
  return hit;
}

/** The predicate, or null when the schema holds something only zod itself can judge. */
function build(schema: $ZodType): Predicate | null {
  const def = defOf(schema);
  if (def.coerce) return null;
  const base = buildBase(schema, def);
  if (!base) return null;
  // A schema that is itself a check (z.int(), string formats) runs as its own first check, as zod does.
  const all = [...(schema._zod.traits.has('$ZodCheck') ? [schema as unknown as $ZodCheck] : []), ...(def.checks ?? [])];
  const checks: Predicate[] = [];
  for (const c of all) {
    const kind = defOf(c).check;
    if (kind === 'describe' || kind === 'meta') continue;
    const p = buildCheck(c, def.type);
    if (!p) return null;
    checks.push(p);
  }
  if (checks.length === 0) return base;
  if (checks.length === 1) {
    const [c0] = checks as [Predicate];
    return (v) => base(v) && c0(v);
  }
  if (checks.length === 2) {
    const [c0, c1] = checks as [Predicate, Predicate];
    return (v) => base(v) && c0(v) && c1(v);
  }
  return (v) => {
    if (!base(v)) return false;
    for (let i = 0; i < checks.length; i++) if (!checks[i]!(v)) return false;
    return true;
  };
}

function buildBase(schema: $ZodType, def: Def): Predicate | null {
  const traits = schema._zod.traits;
  switch (def.type) {
    case 'string':
      return (v) => typeof v === 'string';
    // zod refuses NaN and ±Infinity for z.number().
    case 'number':
      return (v) => typeof v === 'number' && Number.isFinite(v);
    case 'boolean':
      return (v) => typeof v === 'boolean';
    case 'null':
      return (v) => v === null;
    case 'enum':
    case 'literal': {
      const values: ReadonlySet<unknown> | undefined = schema._zod.values;
      return values ? (v) => values.has(v) : null;
    }
    case 'optional': {
      // An exact optional refuses an explicit undefined; a defaulted inner substitutes a value.
      if (traits.has('$ZodExactOptional')) return null;
      const innerSchema = def.innerType as $ZodType;
      if (innerSchema._zod.optin === 'defaulted') return null;
      const inner = build(innerSchema);
      return inner ? (v) => v === undefined || inner(v) : null;
    }
    case 'nullable': {
      const inner = build(def.innerType as $ZodType);
      return inner ? (v) => v === null || inner(v) : null;
    }
    case 'union': {
      // Only the plain union: xor and discriminated unions judge by other rules.
      if (traits.has('$ZodXor') || traits.has('$ZodDiscriminatedUnion')) return null;
      const options = (def.options as $ZodType[]).map(build);
      if (options.some((o) => !o)) return null;
      const opts = options as Predicate[];
      if (opts.length === 2) {
        const [a, b] = opts as [Predicate, Predicate];
        return (v) => a(v) || b(v);
      }
      return (v) => {
        for (let i = 0; i < opts.length; i++) if (opts[i]!(v)) return true;
        return false;
      };
    }
    case 'array': {
      const item = build(def.element as $ZodType);
      if (!item) return null;
      return (v) => {
        if (!Array.isArray(v)) return false;
        for (let i = 0; i < v.length; i++) if (!item(v[i])) return false;
        return true;
      };
    }
    case 'record': {
      // Only a record keyed by plain strings: an enum key type demands every key, a checked one
      // refuses some keys.
      const key = def.keyType as $ZodType;
      if (
        def.partial ||
        def.mode === 'loose' ||
        defOf(key).type !== 'string' ||
        defOf(key).checks?.length ||
        key._zod.traits.has('$ZodCheck')
      )
        return null;
      const value = build(def.valueType as $ZodType);
      if (!value) return null;
      return (v) => {
        if (!isPlainRecord(v)) return false;
        for (const k in v as object) {
          if (!Object.hasOwn(v as object, k)) return false;
          if (k !== '__proto__' && !value((v as Record<string, unknown>)[k])) return false;
        }
        return true;
      };
    }
    case 'object':
      return buildObject(def);
    default:
      return null;
  }
}

function isPlainRecord(v: unknown): boolean {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

interface Field {
  test: Predicate;
  /** Absent is fine (an optional prop). */
  optional: boolean;
}

function buildObject(def: Def): Predicate | null {
  const catchall = def.catchall as $ZodType | undefined;
  // Strict objects (catchall never) refuse unknown keys; stripping ones ignore them; anything
  // else checks unknown keys against a schema, which only zod follows here.
  const strict = catchall !== undefined && defOf(catchall).type === 'never';
  if (catchall !== undefined && !strict) return null;
  const shape = def.shape as Record<string, $ZodType>;
  if (Object.getOwnPropertySymbols(shape).length) return null;
  const fields = new Map<string, Field>();
  let required = 0;
  for (const key of Object.keys(shape)) {
    if (key === '__proto__') return null;
    const s = shape[key]!;
    const test = build(s);
    if (!test) return null;
    const optional = s._zod.optin === 'optional' && s._zod.optout === 'optional';
    if (!optional) required++;
    fields.set(key, { test, optional });
  }
  return (v) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
    let seen = 0;
    for (const k in v as object) {
      const f = fields.get(k);
      if (f === undefined) {
        if (strict) return false;
        continue;
      }
      if (!f.test((v as Record<string, unknown>)[k])) return false;
      if (!f.optional) seen++;
    }
    // for…in also lists inherited keys, which zod reads too; each required key counted once.
    return seen === required;
  };
}

/** One zod check as a predicate on a value that already has the schema's type. */
function buildCheck(check: $ZodCheck, type: string): Predicate | null {
  const d = defOf(check);
  switch (d.check) {
    case 'max_length': {
      const max = d.maximum as number;
      // zod counts a string's code points; fewer UTF-16 units than the maximum always fit.
      return (v) => (v as { length: number }).length <= max || (typeof v === 'string' && codePoints(v) <= max);
    }
    case 'min_length': {
      const min = d.minimum as number;
      return (v) => {
        const n = (v as { length: number }).length;
        if (typeof v !== 'string' || n >= 2 * min) return n >= min;
        return n >= min && codePoints(v) >= min;
      };
    }
    case 'greater_than': {
      if (typeof d.value !== 'number' || type !== 'number') return null;
      const min = d.value;
      return d.inclusive ? (v) => (v as number) >= min : (v) => (v as number) > min;
    }
    case 'less_than': {
      if (typeof d.value !== 'number' || type !== 'number') return null;
      const max = d.value;
      return d.inclusive ? (v) => (v as number) <= max : (v) => (v as number) < max;
    }
    case 'number_format':
      return d.format === 'safeint' ? (v) => Number.isSafeInteger(v) : null;
    case 'string_format': {
      const pattern = d.pattern as RegExp | undefined;
      if (d.format !== 'regex' || !(pattern instanceof RegExp)) return null;
      return (v) => {
        pattern.lastIndex = 0;
        return pattern.test(v as string);
      };
    }
    default:
      return null;
  }
}

function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}
