// Changes to the layout on screen (docs/format.md §8): a patch or a data update is checked whole before
// the page sees it. Pure planning lives here, loaded by <jig-surface> on first use; it applies the plan to its elements.
import type { Issue } from '../gates/issue.js';
import { issue } from '../gates/issue.js';
import { checkDataChange, jsonBytes } from '../gates/data-limits.js';
import { checkJsonValue } from '../gates/parse.js';
import { resolveLimits, runGates, type GateOptions } from '../gates/run.js';
import type { LayoutDocument, LayoutNode } from './document.js';
import { applyPatch, deepEqual, mapIssuePath, type PatchOp } from './patch.js';
import { parsePointer, resolve } from './pointer.js';
import { setOwn } from '../util/own.js';

/** What `surface.patch()` and `surface.setData()` resolve with. */
export type LiveResult =
  | { ok: true; layout: LayoutDocument; issues?: undefined }
  | { ok: false; issues: Issue[]; layout?: undefined };

/** A checked change, ready to show. */
export interface LivePlan {
  layout: LayoutDocument;
  data: Record<string, unknown>;
  /** Data pointers whose values changed ("" for all of it). */
  changedData: string[];
  /** Whether any node changed (otherwise only data did). */
  nodesChanged: boolean;
}

const fail = (issues: Issue[]): { ok: false; issues: Issue[] } => ({ ok: false, issues });

/** The data pointer an op's document path lands on, or null when it is outside `/data`. */
function dataPointer(path: string): string | null {
  // The whole document (a patch replacing it) or its data: all of the data changes.
  if (path === '' || path === '/data') return '';
  if (!path.startsWith('/data/')) return null;
  return path.slice(5);
}

/** The pointers a data op changes: its own, and for an array insert or removal the array itself. */
function touched(op: PatchOp, data: unknown): string[] {
  const out: string[] = [];
  for (const path of op.op === 'move' ? [op.path, op.from!] : [op.path]) {
    const p = dataPointer(path);
    if (p === null) continue;
    if (p === '') {
      out.push('');
      continue;
    }
    const parent = p.slice(0, p.lastIndexOf('/'));
    const pp = parent === '' ? { ok: true as const, segments: [] } : parsePointer(parent);
    const isArray = pp.ok && Array.isArray(resolve(data, pp.segments).value);
    out.push(isArray && op.op !== 'replace' ? parent : p);
  }
  return out;
}

/**
 * Applies `ops` to the layout on screen (with its live data) and runs every gate on the result.
 * Issues point into the patch where the patch wrote the value (`/ops/3/value/props/href`).
 */
export function planPatch(
  current: LayoutDocument,
  data: Record<string, unknown>,
  ops: unknown,
  options: GateOptions,
): { ok: true; plan: LivePlan } | { ok: false; issues: Issue[] } {
  const applied = applyPatch({ ...current, data }, ops);
  if (!applied.ok) return fail(applied.problems.map((p) => issue(p.code, p.path, p.message)));
  const verdict = runGates(applied.document, options);
  if (!verdict.ok) return fail(verdict.issues.map((i) => ({ ...i, path: mapIssuePath(i.path, applied.applied) })));
  const next = verdict.layout;
  const list = ops as PatchOp[];
  const changedData = [
    ...new Set(
      list.flatMap((op) =>
        op.op === 'test' ? [] : touched(op, op.op === 'remove' || op.op === 'move' ? data : next.data),
      ),
    ),
  ];
  // Untouched nodes keep their objects, so the renderer hands their elements the props they have.
  const before = new Map(current.nodes.map((n) => [n.id, n]));
  let nodesChanged = next.nodes.length !== current.nodes.length || next.root !== current.root;
  const nodes: LayoutNode[] = next.nodes.map((n) => {
    const old = before.get(n.id);
    if (old && deepEqual(old, n)) return old;
    nodesChanged = true;
    return n;
  });
  const layout: LayoutDocument = { ...next, nodes };
  return { ok: true, plan: { layout, data: next.data ?? {}, changedData, nodesChanged } };
}

/**
 * Sets one value in the data of the layout on screen and checks the result as the gates would:
 * bindings still resolve with fitting types, `$data` and `visible` pointers resolve, repeats stay
 * within limits, and what nodes show from data keeps the limits of their literal props.
 */
export function planData(
  current: LayoutDocument,
  data: Readonly<Record<string, unknown>>,
  pointer: string,
  value: unknown,
  options: GateOptions,
): { ok: true; plan: LivePlan } | { ok: false; issues: Issue[] } {
  const at = '/data' + (typeof pointer === 'string' ? pointer : '');
  const p = parsePointer(pointer);
  if (!p.ok) return fail([issue(p.reason === 'forbidden' ? 'forbidden_segment' : 'bad_pointer', at, p.message)]);
  const next = structuredCloneJson(data);
  const parent = resolve(next, p.segments.slice(0, -1));
  const last = p.segments[p.segments.length - 1]!;
  if (!parent.found || parent.value === null || typeof parent.value !== 'object') {
    return fail([
      issue(
        'unresolved_pointer',
        at,
        `nothing in data holds ${JSON.stringify(pointer)}: its parent is not an object or array; set the parent first`,
      ),
    ]);
  }
  if (value === undefined)
    return fail([issue('not_json', at, 'expected a JSON value; to remove a value, patch it with {"op": "remove"}')]);
  const shape = checkJsonValue(value, resolveLimits(options.limits));
  if (shape.issues.length) return fail(shape.issues.map((i) => ({ ...i, path: at + i.path })));
  const copy = structuredCloneJson(value);
  let changed = pointer;
  if (Array.isArray(parent.value)) {
    const list = parent.value;
    const index = last === '-' ? list.length : /^(0|[1-9]\d*)$/.test(last) ? Number(last) : -1;
    if (index < 0 || index > list.length)
      return fail([
        issue(
          'bad_array_index',
          at,
          `expected an index of the array (0 to ${list.length}) or "-" to append, received "${last}"`,
        ),
      ]);
    if (index === list.length) {
      list.push(copy);
      changed = pointer.slice(0, pointer.lastIndexOf('/'));
    } else list[index] = copy;
  } else {
    setOwn(parent.value as object, last, copy);
  }
  const issues = checkDataChange(
    current,
    next,
    changed,
    changed === pointer
      ? copy
      : resolve(next, parsePointer(changed).ok ? (parsePointer(changed) as { segments: string[] }).segments : []).value,
    jsonBytes(next),
    options,
  );
  if (issues.length) return fail(issues);
  return {
    ok: true,
    plan: { layout: { ...current, data: next }, data: next, changedData: [changed], nodesChanged: false },
  };
}

/** A deep copy through JSON's own rules: what a layout's data may hold, and nothing else. */
function structuredCloneJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
