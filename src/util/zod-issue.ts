// Words for zod issues, in one place: what was expected, and what was received. zod/mini carries
// no message locale (bundle size), so the gates, the line config, events and request bodies all say it here.
import type { $ZodIssue } from 'zod/v4/core';

/** Shows a received value briefly in a message: type and a short preview. */
export function preview(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  switch (typeof value) {
    case 'string': {
      const s = value.length > 40 ? value.slice(0, 37) + '…' : value;
      return JSON.stringify(s);
    }
    case 'object':
      return 'an object';
    case 'number':
    case 'boolean':
      return String(value);
    default:
      return typeof value;
  }
}

/** The value at a zod path under `root` (undefined when the path leaves the data). */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

/** A short, stable code for a zod issue, for problems that carry a code beside their path. */
export type ValueProblemCode = 'wrong_type' | 'out_of_range' | 'unknown_key' | 'not_allowed' | 'bad_key' | 'bad_value';

export function zodIssueCode(zi: $ZodIssue): ValueProblemCode {
  switch (zi.code) {
    case 'invalid_type':
      return 'wrong_type';
    case 'too_big':
    case 'too_small':
    case 'not_multiple_of':
      return 'out_of_range';
    case 'unrecognized_keys':
      return 'unknown_key';
    case 'invalid_value':
    case 'invalid_union':
    case 'invalid_format':
      return 'not_allowed';
    case 'invalid_key':
      return 'bad_key';
    default:
      return 'bad_value';
  }
}

/** What the caller knows that the issue does not carry. */
export interface IssueWords {
  /** What an `invalid_union` expected (a union's issue does not list its options). */
  union?: string;
}

const sizeOf = (v: unknown) => (typeof v === 'string' || Array.isArray(v) ? v.length : preview(v));
const unit = (origin: string) => (origin === 'string' ? ' characters' : origin === 'array' ? ' items' : '');

/**
 * Words for one zod issue: what was expected and what was received. `root` is the value that
 * was parsed (the received value is read at the issue's path).
 */
export function zodIssueMessage(zi: $ZodIssue, root: unknown, words: IssueWords = {}): string {
  const received = valueAt(root, zi.path);
  const got = `received ${preview(received)}`;
  switch (zi.code) {
    case 'invalid_type':
      return `expected ${zi.expected === 'int' ? 'an integer' : zi.expected}, ${got}`;
    case 'invalid_value':
      return `expected one of ${zi.values.map((v) => JSON.stringify(v)).join(', ')}, ${got}`;
    case 'too_big':
      return zi.origin === 'string' || zi.origin === 'array'
        ? `expected at most ${zi.maximum}${unit(zi.origin)}, received ${sizeOf(received)}`
        : `expected a number ${zi.inclusive === false ? '<' : '≤'} ${zi.maximum}, ${got}`;
    case 'too_small':
      if (zi.origin === 'string' && Number(zi.minimum) === 1) return `expected a non-empty string, ${got}`;
      return zi.origin === 'string' || zi.origin === 'array'
        ? `expected at least ${zi.minimum}${unit(zi.origin)}, received ${sizeOf(received)}`
        : `expected a number ${zi.inclusive === false ? '>' : '≥'} ${zi.minimum}, ${got}`;
    case 'invalid_format':
      return `expected ${zi.format === 'regex' && 'pattern' in zi ? `text matching ${zi.pattern}` : zi.format}, ${got}`;
    case 'not_multiple_of':
      return `expected a multiple of ${zi.divisor}, ${got}`;
    case 'unrecognized_keys':
      return `unknown key${zi.keys.length > 1 ? 's' : ''} ${zi.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    case 'invalid_union':
      return `expected ${words.union ?? 'one of the accepted forms'}, ${got}`;
    case 'invalid_key': {
      // A key schema's own words (a refine's message) say why; else the key is just not allowed.
      const why = zi.issues.find((i) => i.code === 'custom' && i.message)?.message;
      return why ? `${why}: ${preview(zi.path.at(-1))}` : `a key is not allowed here: ${preview(zi.path.at(-1))}`;
    }
    case 'custom':
      return zi.message ? `${zi.message} (${got})` : `does not fit the schema (${got})`;
    default:
      return `does not fit the schema (${got})`;
  }
}
