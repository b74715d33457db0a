// Prop helpers that tell the gates what a prop means (a URL, a binding, an action, a value
// that may come from data) by registering metadata on the zod schema itself.
import * as z from 'zod/mini';
import type { $ZodType } from 'zod/v4/core';
import { unwrapOptional } from './zod-def.js';

/**
 * The kinds of value a `$data` pointer may resolve to, checked by the bindings gate. `text`: a
 * string, or a number or boolean shown as it is written (A2UI's coercion to text).
 */
export type DataShape = 'scalar' | 'number' | 'text' | 'string-list' | 'records' | 'series';
/** What an input stores at its `bind` pointer. */
export type BindValue = 'string' | 'number' | 'boolean' | 'date';
export type UrlKind = 'link' | 'image';

export type PropRole =
  | { role: 'url'; kind: UrlKind }
  | { role: 'bind'; value: BindValue }
  | { role: 'action' }
  | { role: 'data'; shape: DataShape };

/** Jig's own registry: what a prop means to the gates. Descriptions live in zod's global registry. */
export const propRoles = z.registry<PropRole>();

const described = <T extends z.ZodMiniType>(schema: T, description: string): T =>
  schema.check(z.describe(description)) as T;

/** A URL prop; the policy gate allows only the schemes fit for `kind`. */
export function url(kind: UrlKind, description: string) {
  const s = described(z.string().check(z.minLength(1), z.maxLength(2048)), description);
  propRoles.add(s, { role: 'url', kind });
  return s;
}

/** A JSON Pointer into data that an input reads and writes. */
export function bind(value: BindValue, description: string) {
  const s = described(z.string().check(z.minLength(1), z.maxLength(256)), description);
  propRoles.add(s, { role: 'bind', value });
  return s;
}

/** An action name the host page handles (checked against the host's list by the policy gate). */
export function action(description: string) {
  const s = described(z.string().check(z.minLength(1), z.maxLength(64)), description);
  propRoles.add(s, { role: 'action' });
  return s;
}

export const dataRef = z.strictObject({
  $data: z
    .string()
    .check(z.minLength(1), z.maxLength(256), z.describe('JSON Pointer into the layout data, e.g. "/stats/total"')),
});

/** A display prop that takes a literal or `{"$data": "/pointer"}`; the pointer must resolve to `shape`. */
export function fromData<T extends z.ZodMiniType>(literal: T, shape: DataShape, description: string) {
  const s = described(z.union([literal, dataRef]), description);
  propRoles.add(s, { role: 'data', shape });
  return s;
}

/** The role of a prop schema, looking through `optional`. */
export function roleOf(schema: $ZodType): PropRole | undefined {
  return propRoles.get(unwrapOptional(schema));
}

export { described as describe };
