// A node's `visible` condition: a small declarative test on data (docs/format.md §8), never an
// expression language. This module checks a condition's shape and evaluates it against data.
import { escapeSegment } from './pointer.js';

export const COMPARISONS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in'] as const;
export type Comparison = (typeof COMPARISONS)[number];

type Scalar = string | number | boolean | null;

export type Condition =
  | ({ $data: string } & Partial<Record<Exclude<Comparison, 'in'>, Scalar>> & { in?: Scalar[] })
  | { and: Condition[] }
  | { or: Condition[] }
  | { not: Condition };

export const CONDITION_LIMITS = { maxDepth: 8, maxTerms: 32, maxIn: 64 } as const;

export interface ConditionProblem {
  /** Relative to the condition: `/and/1/eq`. */
  path: string;
  message: string;
}

export interface ConditionCheck {
  problems: ConditionProblem[];
  /** Every `$data` pointer in the condition with its path, for the bindings gate. */
  pointers: { pointer: string; path: string }[];
}

const isScalar = (v: unknown): v is Scalar => v === null || ['string', 'number', 'boolean'].includes(typeof v);
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Checks the shape of a condition: known keys, one comparison per test, bounded size. */
export function checkCondition(condition: unknown): ConditionCheck {
  const out: ConditionCheck = { problems: [], pointers: [] };
  let terms = 0;
  const visit = (c: unknown, path: string, depth: number): void => {
    if (out.problems.length >= 20) return;
    if (depth > CONDITION_LIMITS.maxDepth) {
      out.problems.push({ path, message: `conditions may nest ${CONDITION_LIMITS.maxDepth} levels deep` });
      return;
    }
    if (++terms > CONDITION_LIMITS.maxTerms) {
      if (terms === CONDITION_LIMITS.maxTerms + 1)
        out.problems.push({ path, message: `a condition may hold ${CONDITION_LIMITS.maxTerms} terms` });
      return;
    }
    if (!isObject(c)) {
      out.problems.push({
        path,
        message:
          'expected a condition object such as {"$data": "/agree", "eq": true}, {"and": […]}, {"or": […]} or {"not": {…}}',
      });
      return;
    }
    const keys = Object.keys(c);
    if ('and' in c || 'or' in c) {
      const key = 'and' in c ? 'and' : 'or';
      if (keys.length !== 1)
        out.problems.push({ path, message: `"${key}" stands alone in its object; found ${keys.join(', ')}` });
      const list = c[key];
      if (!Array.isArray(list) || list.length === 0) {
        out.problems.push({ path: `${path}/${key}`, message: `"${key}" takes a non-empty array of conditions` });
        return;
      }
      list.forEach((item, i) => visit(item, `${path}/${key}/${i}`, depth + 1));
      return;
    }
    if ('not' in c) {
      if (keys.length !== 1)
        out.problems.push({ path, message: `"not" stands alone in its object; found ${keys.join(', ')}` });
      visit(c.not, `${path}/not`, depth + 1);
      return;
    }
    if (typeof c.$data !== 'string') {
      out.problems.push({
        path,
        message: `expected "$data" with a pointer into data, and at most one of ${COMPARISONS.join(', ')}`,
      });
      return;
    }
    out.pointers.push({ pointer: c.$data, path: `${path}/$data` });
    const tests = keys.filter((k) => k !== '$data');
    for (const k of tests) {
      if (!(COMPARISONS as readonly string[]).includes(k))
        out.problems.push({
          path: `${path}/${escapeSegment(k)}`,
          message: `"${k.slice(0, 40)}" is not a comparison; use one of ${COMPARISONS.join(', ')}`,
        });
    }
    if (tests.length > 1) out.problems.push({ path, message: `a test compares once; found ${tests.join(', ')}` });
    const op = tests[0];
    if (op === 'in') {
      const list = c.in;
      if (!Array.isArray(list) || list.length > CONDITION_LIMITS.maxIn || !list.every(isScalar)) {
        out.problems.push({
          path: `${path}/in`,
          message: `"in" takes an array of up to ${CONDITION_LIMITS.maxIn} strings, numbers, booleans or nulls`,
        });
      }
    } else if (op && (COMPARISONS as readonly string[]).includes(op)) {
      const v = c[op];
      if (!isScalar(v))
        out.problems.push({
          path: `${path}/${op}`,
          message: `"${op}" compares with a string, number, boolean or null`,
        });
      else if (['gt', 'gte', 'lt', 'lte'].includes(op) && typeof v !== 'number' && typeof v !== 'string') {
        out.problems.push({ path: `${path}/${op}`, message: `"${op}" compares with a number or a string` });
      }
    }
  };
  visit(condition, '', 0);
  return out;
}

const jsonEqual = (a: unknown, b: unknown) => a === b || (Number.isNaN(a) && Number.isNaN(b));

function order(a: unknown, b: unknown): number | null {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return null;
}

/**
 * Evaluates a condition that passed `checkCondition`. `read` resolves a pointer (absolute, or
 * relative to the repeat item in scope); a pointer that does not resolve reads as undefined.
 */
export function evaluateCondition(c: Condition, read: (pointer: string) => unknown): boolean {
  if ('and' in c) return c.and.every((x) => evaluateCondition(x, read));
  if ('or' in c) return c.or.some((x) => evaluateCondition(x, read));
  if ('not' in c) return !evaluateCondition(c.not, read);
  const v = read(c.$data);
  if ('eq' in c) return jsonEqual(v, c.eq);
  if ('neq' in c) return !jsonEqual(v, c.neq);
  if ('in' in c) return (c.in ?? []).some((x) => jsonEqual(v, x));
  for (const op of ['gt', 'gte', 'lt', 'lte'] as const) {
    if (!(op in c)) continue;
    const d = order(v, c[op]);
    if (d === null) return false;
    return op === 'gt' ? d > 0 : op === 'gte' ? d >= 0 : op === 'lt' ? d < 0 : d <= 0;
  }
  // A bare `{"$data": p}` is true when the value is truthy as a person reads it: not false,
  // null, missing, 0, "" or an empty list.
  return !(v === undefined || v === null || v === false || v === 0 || v === '' || (Array.isArray(v) && v.length === 0));
}
