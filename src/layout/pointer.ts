// JSON Pointers (RFC 6901) into a layout's `data`: parse, resolve and set, refusing any
// path through __proto__, constructor or prototype so bindings can never reach a prototype.
import { setOwn } from '../util/own.js';

export const FORBIDDEN_SEGMENTS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Escapes one segment for a JSON Pointer (RFC 6901): "~" as "~0", "/" as "~1". */
export function escapeSegment(segment: string | number): string {
  const s = String(segment);
  return s.includes('~') || s.includes('/') ? s.replace(/~/g, '~0').replace(/\//g, '~1') : s;
}

/** The JSON Pointer of a path of keys and indexes ("" for the whole document). */
export function toPointer(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const s of segments) out += '/' + escapeSegment(String(s));
  return out;
}

export type PointerParse =
  | { ok: true; segments: string[] }
  | { ok: false; reason: 'syntax' | 'forbidden'; message: string };

const cache = new Map<string, PointerParse>();

export function parsePointer(pointer: unknown): PointerParse {
  if (typeof pointer !== 'string')
    return {
      ok: false,
      reason: 'syntax',
      message: `expected a JSON Pointer string such as "/guest/name", received ${typeof pointer}`,
    };
  const hit = cache.get(pointer);
  if (hit) return hit;
  const result = parseUncached(pointer);
  if (cache.size > 2000) cache.clear();
  cache.set(pointer, result);
  return result;
}

function parseUncached(pointer: string): PointerParse {
  if (pointer === '')
    return {
      ok: false,
      reason: 'syntax',
      message: 'expected a pointer into data such as "/guest/name", received "" (the whole data object)',
    };
  if (pointer[0] !== '/')
    return {
      ok: false,
      reason: 'syntax',
      message: `a JSON Pointer starts with "/", received ${JSON.stringify(pointer)}`,
    };
  if (/~(?![01])/.test(pointer))
    return {
      ok: false,
      reason: 'syntax',
      message: `"~" must be followed by 0 or 1 in a JSON Pointer, received ${JSON.stringify(pointer)}`,
    };
  const segments = pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  for (const s of segments) {
    if (FORBIDDEN_SEGMENTS.has(s))
      return {
        ok: false,
        reason: 'forbidden',
        message: `pointer ${JSON.stringify(pointer)} passes through "${s}", which is never allowed`,
      };
  }
  return { ok: true, segments };
}

const has = (o: object, k: string) => Object.hasOwn(o, k);

function step(container: unknown, segment: string): { found: boolean; value?: unknown } {
  if (Array.isArray(container)) {
    if (!/^(0|[1-9]\d*)$/.test(segment)) return { found: false };
    const i = Number(segment);
    return i < container.length ? { found: true, value: container[i] } : { found: false };
  }
  if (container !== null && typeof container === 'object' && has(container, segment)) {
    return { found: true, value: (container as Record<string, unknown>)[segment] };
  }
  return { found: false };
}

/** The value at `segments`, own properties only. */
export function resolve(data: unknown, segments: readonly string[]): { found: boolean; value?: unknown } {
  let cur: unknown = data;
  for (const s of segments) {
    const r = step(cur, s);
    if (!r.found) return { found: false };
    cur = r.value;
  }
  return { found: true, value: cur };
}

/** Where an input may write: the parent must resolve to an object or array. */
export function resolveParent(
  data: unknown,
  segments: readonly string[],
): { found: boolean; parent?: unknown; last: string } {
  const last = segments[segments.length - 1]!;
  const r = resolve(data, segments.slice(0, -1));
  const ok = r.found && r.value !== null && typeof r.value === 'object';
  return ok ? { found: true, parent: r.value, last } : { found: false, last };
}

/**
 * Writes `value` at the pointer, creating the last segment of an object; false when the parent is
 * missing. In an array only an existing item is replaced: an input that appended ("-", or the
 * index one past the end) would add an item on every keystroke.
 */
export function setAt(data: unknown, segments: readonly string[], value: unknown): boolean {
  if (segments.some((s) => FORBIDDEN_SEGMENTS.has(s))) return false;
  const p = resolveParent(data, segments);
  if (!p.found) return false;
  if (Array.isArray(p.parent)) {
    if (!/^(0|[1-9]\d*)$/.test(p.last) || Number(p.last) >= p.parent.length) return false;
    p.parent[Number(p.last)] = value;
    return true;
  }
  setOwn(p.parent as object, p.last, value);
  return true;
}
