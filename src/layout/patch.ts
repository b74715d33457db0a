// RFC 6902 JSON Patch applied to a layout document, all or nothing: the ops run on a copy, so a
// batch that fails (a bad op, a failed `test`) changes nothing. Paths are hardened as bindings are.
import { escapeSegment, FORBIDDEN_SEGMENTS, toPointer } from './pointer.js';
import { setOwn } from '../util/own.js';

export const PATCH_OPS = ['add', 'remove', 'replace', 'move', 'copy', 'test'] as const;
export type PatchOpName = (typeof PATCH_OPS)[number];

export interface PatchOp {
  op: PatchOpName;
  path: string;
  value?: unknown;
  from?: string;
}

export interface PatchLimits {
  /** Operations in one batch. */
  maxOps: number;
}

export const DEFAULT_PATCH_LIMITS: Readonly<PatchLimits> = Object.freeze({ maxOps: 500 });

export interface PatchProblem {
  code: 'bad_patch' | 'patch_failed' | 'patch_test_failed' | 'too_many_ops' | 'forbidden_segment';
  /** JSON Pointer into the batch: `/ops/3/path`. */
  path: string;
  message: string;
}

/** Where an op left its value in the document, so a gate issue there can point back into the patch. */
export interface AppliedOp {
  index: number;
  /** Where the op's value sits in the patched document; null when a later op removed it. */
  target: string[] | null;
  /** True when the value at `target` came from the op's `value` (add, replace). */
  fromValue: boolean;
}

export type PatchResult =
  | { ok: true; document: unknown; applied: AppliedOp[] }
  | { ok: false; problems: PatchProblem[] };

const OP_KEYS: Record<PatchOpName, readonly string[]> = {
  add: ['op', 'path', 'value'],
  replace: ['op', 'path', 'value'],
  test: ['op', 'path', 'value'],
  remove: ['op', 'path'],
  move: ['op', 'from', 'path'],
  copy: ['op', 'from', 'path'],
};
const INDEX = /^(?:0|[1-9]\d{0,8})$/;
const has = (o: object, k: string) => Object.hasOwn(o, k);

type Parsed = { ok: true; segments: string[] } | { ok: false; message: string; forbidden?: boolean };

/** Splits a document path; unlike a binding, "" (the whole document) is a valid target for `test`. */
function split(path: unknown, lenient = false): Parsed {
  if (typeof path !== 'string')
    return { ok: false, message: `expected a JSON Pointer string, received ${typeof path}` };
  if (path === '') return { ok: true, segments: [] };
  if (path[0] !== '/')
    return { ok: false, message: `a JSON Pointer starts with "/", received ${JSON.stringify(path.slice(0, 40))}` };
  const segments: string[] = [];
  for (const raw of path.slice(1).split('/')) {
    let s = '';
    for (let i = 0; i < raw.length; i++) {
      const c = raw[i];
      if (c !== '~') {
        s += c;
        continue;
      }
      const n = raw[++i];
      if (n === '0') s += '~';
      else if (n === '1') s += '/';
      else
        return {
          ok: false,
          message: `"~" must be followed by 0 or 1 in a JSON Pointer, received ${JSON.stringify(path.slice(0, 40))}`,
        };
    }
    if (!lenient && FORBIDDEN_SEGMENTS.has(s))
      return { ok: false, forbidden: true, message: `the path passes through "${s}", which is never allowed` };
    segments.push(s);
  }
  return { ok: true, segments };
}

/** Checks a batch's shape without touching any document: ops, keys, paths. */
export function checkPatch(
  ops: unknown,
  limits: PatchLimits = DEFAULT_PATCH_LIMITS,
): { ops: PatchOp[]; problems: PatchProblem[] } {
  const problems: PatchProblem[] = [];
  if (!Array.isArray(ops)) {
    return {
      ops: [],
      problems: [
        {
          code: 'bad_patch',
          path: '/ops',
          message: `expected an array of JSON Patch operations, received ${ops === null ? 'null' : typeof ops}`,
        },
      ],
    };
  }
  if (ops.length > limits.maxOps) {
    return {
      ops: [],
      problems: [
        {
          code: 'too_many_ops',
          path: '/ops',
          message: `a patch may hold ${limits.maxOps} operations; this one has ${ops.length}`,
        },
      ],
    };
  }
  ops.forEach((op, i) => {
    const at = `/ops/${i}`;
    if (op === null || typeof op !== 'object' || Array.isArray(op)) {
      problems.push({
        code: 'bad_patch',
        path: at,
        message: 'expected an operation object such as {"op": "replace", "path": "/title", "value": "…"}',
      });
      return;
    }
    const name = (op as { op?: unknown }).op;
    if (typeof name !== 'string' || !(PATCH_OPS as readonly string[]).includes(name)) {
      problems.push({
        code: 'bad_patch',
        path: `${at}/op`,
        message: `expected one of ${PATCH_OPS.join(', ')}, received ${JSON.stringify(name)}`,
      });
      return;
    }
    const allowed = OP_KEYS[name as PatchOpName];
    for (const key of Object.keys(op)) {
      if (FORBIDDEN_SEGMENTS.has(key))
        problems.push({
          code: 'forbidden_segment',
          path: `${at}/${escapeSegment(key)}`,
          message: `"${key}" is never allowed as a key`,
        });
      else if (!allowed.includes(key))
        problems.push({
          code: 'bad_patch',
          path: `${at}/${escapeSegment(key)}`,
          message: `"${name}" takes ${allowed.join(', ')}; "${key}" is not one of them`,
        });
    }
    for (const key of allowed) {
      if (!has(op, key)) problems.push({ code: 'bad_patch', path: at, message: `"${name}" needs "${key}"` });
    }
    for (const key of ['path', 'from'] as const) {
      if (!allowed.includes(key) || !has(op, key)) continue;
      const parsed = split((op as Record<string, unknown>)[key]);
      if (!parsed.ok)
        problems.push({
          code: parsed.forbidden ? 'forbidden_segment' : 'bad_patch',
          path: `${at}/${key}`,
          message: parsed.message,
        });
    }
  });
  return { ops: problems.length ? [] : (ops as PatchOp[]), problems };
}

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

type Slot = { parent: Record<string, unknown> | unknown[]; key: string };

function walk(doc: unknown, segments: readonly string[]): { found: true; value: unknown } | { found: false } {
  let cur = doc;
  for (const s of segments) {
    if (Array.isArray(cur)) {
      if (!INDEX.test(s) || Number(s) >= cur.length) return { found: false };
      cur = cur[Number(s)];
    } else if (cur !== null && typeof cur === 'object' && has(cur, s)) {
      cur = (cur as Record<string, unknown>)[s];
    } else return { found: false };
  }
  return { found: true, value: cur };
}

function slot(doc: unknown, segments: readonly string[]): Slot | null {
  const parent = walk(doc, segments.slice(0, -1));
  if (!parent.found || parent.value === null || typeof parent.value !== 'object') return null;
  return { parent: parent.value as Slot['parent'], key: segments[segments.length - 1]! };
}

/** JSON equality: same types, same keys (in any order), same values. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => deepEqual(v, bb[i]));
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return (
    ka.length === kb.length &&
    ka.every(
      (k) => has(b as object, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
    )
  );
}

/**
 * Applies `ops` to a copy of `document`, in order, as RFC 6902 says: the first op that cannot
 * apply (or a `test` that fails) stops the batch and the document is returned unchanged.
 */
export function applyPatch(document: unknown, ops: unknown, limits: PatchLimits = DEFAULT_PATCH_LIMITS): PatchResult {
  const checked = checkPatch(ops, limits);
  if (checked.problems.length) return { ok: false, problems: checked.problems };
  // Copy on write: only the objects and arrays on the paths the ops change are copied, so a patch
  // to one node of 500 copies the node list and that node, and the rest stays shared (and unchanged).
  let doc = document;
  const owned = new WeakSet<object>();
  const copy = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object' || owned.has(v)) return v;
    // Own keys as plain data properties: a frozen layout (from an immutable store) copies as any other,
    // and a "__proto__" key stays a key (the gates refuse it) instead of setting a prototype.
    let c: unknown[] | Record<string, unknown>;
    if (Array.isArray(v)) c = v.slice();
    else {
      c = {};
      for (const k of Object.keys(v)) setOwn(c, k, (v as Record<string, unknown>)[k]);
    }
    owned.add(c);
    return c;
  };
  /** Makes every container from the top down to `segments` (inclusive) the patch's own copy. */
  const own = (segments: readonly string[]): void => {
    doc = copy(doc);
    let cur = doc;
    for (const s of segments) {
      if (cur === null || typeof cur !== 'object') return;
      const c = cur as Record<string, unknown>;
      if (Array.isArray(cur) ? !(INDEX.test(s) && Number(s) < cur.length) : !has(cur, s)) return;
      const next = copy(c[s]);
      if (next !== c[s]) setOwn(c, s, next);
      cur = next;
    }
  };
  const applied: AppliedOp[] = [];
  const written: unknown[] = [];
  for (let i = 0; i < checked.ops.length; i++) {
    const op = checked.ops[i]!;
    const at = `/ops/${i}`;
    const path = (split(op.path) as { segments: string[] }).segments;
    const fail = (message: string, code: PatchProblem['code'] = 'patch_failed'): PatchResult => ({
      ok: false,
      problems: [{ code, path: `${at}/path`, message }],
    });
    const insert = (value: unknown, replace: boolean): PatchResult | string[] => {
      if (path.length === 0) {
        doc = value;
        return [];
      }
      own(path.slice(0, -1));
      const s = slot(doc, path);
      if (!s) return fail(`the parent of ${JSON.stringify(op.path)} does not exist in the layout`);
      if (Array.isArray(s.parent)) {
        if (s.key === '-' && !replace) {
          s.parent.push(value);
          return [...path.slice(0, -1), String(s.parent.length - 1)];
        }
        if (!INDEX.test(s.key)) return fail(`expected an array index or "-" at the end of ${JSON.stringify(op.path)}`);
        const n = Number(s.key);
        if (replace ? n >= s.parent.length : n > s.parent.length)
          return fail(`index ${n} is past the end of an array of ${s.parent.length}`);
        if (replace) s.parent[n] = value;
        else s.parent.splice(n, 0, value);
        return path;
      }
      if (replace && !has(s.parent, s.key)) return fail(`nothing to replace at ${JSON.stringify(op.path)}`);
      setOwn(s.parent, s.key, value);
      return path;
    };
    const take = (
      segments: string[],
      label: string,
    ): { ok: true; value: unknown } | { ok: false; result: PatchResult } => {
      if (segments.length) own(segments.slice(0, -1));
      const s = segments.length ? slot(doc, segments) : null;
      if (!s || !walk(doc, segments).found)
        return { ok: false, result: fail(`nothing to ${label} at ${JSON.stringify(toPointer(segments))}`) };
      const value = Array.isArray(s.parent)
        ? s.parent.splice(Number(s.key), 1)[0]
        : (s.parent as Record<string, unknown>)[s.key];
      if (!Array.isArray(s.parent)) delete (s.parent as Record<string, unknown>)[s.key];
      return { ok: true, value };
    };

    let target: PatchResult | string[];
    switch (op.op) {
      case 'test': {
        const found = walk(doc, path);
        if (!found.found || !deepEqual(found.value, op.value)) {
          return fail(
            `test failed: the value at ${JSON.stringify(op.path)} is not the one the patch expected`,
            'patch_test_failed',
          );
        }
        continue;
      }
      case 'add':
        target = insert(clone(op.value), false);
        break;
      case 'replace':
        target = insert(clone(op.value), true);
        break;
      case 'remove': {
        const r = take(path, 'remove');
        if (!r.ok) return r.result;
        continue;
      }
      case 'copy':
      case 'move': {
        const from = (split(op.from) as { segments: string[] }).segments;
        if (op.op === 'move' && path.length > from.length && from.every((s, k) => s === path[k])) {
          return {
            ok: false,
            problems: [{ code: 'patch_failed', path: `${at}/from`, message: 'a value cannot move into itself' }],
          };
        }
        const found = walk(doc, from);
        if (!found.found)
          return {
            ok: false,
            problems: [{ code: 'patch_failed', path: `${at}/from`, message: `nothing at ${JSON.stringify(op.from)}` }],
          };
        if (op.op === 'move') {
          const r = take(from, 'move');
          if (!r.ok) return r.result;
        }
        target = insert(clone(found.value), false);
        break;
      }
    }
    if (!Array.isArray(target)) return target;
    applied.push({ index: i, target, fromValue: op.op === 'add' || op.op === 'replace' });
    const now = walk(doc, target);
    written.push(now.found ? now.value : undefined);
  }
  relocate(doc, applied, written);
  return { ok: true, document: doc, applied };
}

/**
 * Later ops may shift what an earlier op wrote (a remove before it in the same array): find each
 * written object where it finally sits, so issue paths map back to the right op.
 */
function relocate(doc: unknown, applied: AppliedOp[], written: unknown[]): void {
  const wanted = new Map<object, number[]>();
  written.forEach((v, k) => {
    if (v !== null && typeof v === 'object') wanted.set(v, [...(wanted.get(v) ?? []), k]);
  });
  if (wanted.size === 0) return;
  for (const ks of wanted.values()) for (const k of ks) applied[k]!.target = null;
  const trail: string[] = [];
  const visit = (v: unknown): void => {
    if (v === null || typeof v !== 'object') return;
    for (const k of wanted.get(v) ?? []) applied[k]!.target = [...trail];
    for (const [key, child] of Object.entries(v)) {
      trail.push(key);
      visit(child);
      trail.pop();
    }
  };
  visit(doc);
}

/**
 * Maps a gate issue's path in the patched document back into the patch when a value the patch
 * wrote holds it: `/nodes/5/props/href` written by op 3 at `/nodes/5` becomes `/ops/3/value/props/href`.
 * Paths the patch did not write stay as they are (they point into the document).
 */
export function mapIssuePath(path: string, applied: readonly AppliedOp[]): string {
  // Lenient: the issue may be about a forbidden key (`__proto__`) the patch wrote.
  const parsed = split(path, true);
  if (!parsed.ok) return path;
  for (let k = applied.length - 1; k >= 0; k--) {
    const target = applied[k]!.target;
    if (!target || target.length > parsed.segments.length) continue;
    if (!target.every((s, j) => s === parsed.segments[j])) continue;
    const a = applied[k]!;
    const rest = parsed.segments.slice(target.length);
    return `/ops/${a.index}/${a.fromValue ? 'value' : 'path'}${a.fromValue ? toPointer(rest) : ''}`;
  }
  return path;
}
