// Gate 5, bindings: every input's `bind` and every `{"$data": …}` prop is a well-formed JSON
// Pointer that resolves in `data` (an input may create its last segment), with a fitting type.
// What a node shows from data meets the limits of the literal prop, and nodes sharing data agree on its type.
import * as z from 'zod/mini';
import type { $ZodIssue, $ZodType } from 'zod/v4/core';
import type { Catalog, CatalogEntry } from '../catalog/catalog.js';
import { isCalendarDate } from '../catalog/checks.js';
import type { BindValue, DataShape } from '../catalog/props.js';
import { DEFAULT_LIMITS, isDataRef, type LayoutNode, type Limits } from '../layout/document.js';
import { hasRelative, isRelativePointer } from '../layout/scope.js';
import { escapeSegment, parsePointer, resolve, resolveParent } from '../layout/pointer.js';
import { zodIssueMessage } from '../util/zod-issue.js';
import { PROP_UNION } from './catalog-gate.js';
import { issue, pointer, preview, type Issue } from './issue.js';
import { checkScopedBindings, expandScopes } from './scopes.js';
import { unionOptions, unwrapOptional } from '../catalog/zod-def.js';

const isRecord = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
const INDEX = /^(0|[1-9]\d*)$/;

export function fitsBind(kind: BindValue, v: unknown): boolean {
  switch (kind) {
    case 'string':
      return typeof v === 'string' || typeof v === 'number' || v === null;
    case 'number':
      return (typeof v === 'number' && Number.isFinite(v)) || v === null;
    case 'boolean':
      return typeof v === 'boolean';
    case 'date':
      return v === null || (typeof v === 'string' && (v === '' || isCalendarDate(v)));
  }
}

const bindWords: Record<BindValue, string> = {
  string: 'a string',
  number: 'a number (or null)',
  boolean: 'true or false',
  date: 'a "YYYY-MM-DD" date on the calendar (or "")',
};

export function fitsShape(shape: DataShape, v: unknown): boolean {
  switch (shape) {
    case 'scalar':
      return typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'text':
      return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
    case 'string-list':
      return Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number');
    case 'records':
      return Array.isArray(v) && v.every(isRecord);
    case 'series':
      return (
        Array.isArray(v) &&
        v.every(
          (p) => isRecord(p) && typeof p.label === 'string' && typeof p.value === 'number' && Number.isFinite(p.value),
        )
      );
  }
}

const shapeWords: Record<DataShape, string> = {
  scalar: 'a string or number',
  number: 'a number',
  text: 'a string (or a number or boolean, shown as written)',
  'string-list': 'an array of strings or numbers',
  records: 'an array of objects',
  series: 'an array of {"label": string, "value": number}',
};

/**
 * Whether an input writing `kind` at `rest` below a `$data` pointer leaves a value of `shape`:
 * a text field typing into a chart's numeric value would turn the chart's number into text.
 */
export function writeFits(shape: DataShape, rest: readonly string[], kind: BindValue): boolean {
  const text = kind === 'string' || kind === 'date';
  switch (shape) {
    case 'scalar':
      return rest.length > 0 || kind !== 'boolean';
    case 'number':
      return rest.length > 0 || kind === 'number';
    case 'text':
      return true;
    case 'string-list':
      return rest.length !== 1 || kind !== 'boolean';
    case 'records':
      return true;
    case 'series':
      return rest.length !== 2 || (rest[1] === 'value' ? kind === 'number' : rest[1] === 'label' ? text : true);
  }
}

/**
 * What a display shows of a value from data that fits `shape`: a text prop shows a number or a
 * boolean as it is written, so that text is what meets the literal's limits.
 */
export function shownValue(shape: DataShape, v: unknown): unknown {
  return shape === 'text' && typeof v !== 'string' ? String(v) : v;
}

/** The literal form of a `fromData` prop (the first member of its union), found once per entry. */
const literals = new WeakMap<CatalogEntry, Map<string, $ZodType | null>>();
export function literalOf(entry: CatalogEntry, prop: string): $ZodType | null {
  let byProp = literals.get(entry);
  if (!byProp) literals.set(entry, (byProp = new Map()));
  let hit = byProp.get(prop);
  if (hit === undefined) {
    const s = (entry.props._zod.def.shape as Record<string, $ZodType>)[prop];
    hit = (s && unionOptions(unwrapOptional(s))?.[0]) ?? null;
    byProp.set(prop, hit);
  }
  return hit;
}

/** The most telling zod issue: inside a union, the one from the member whose type matched. */
function innermost(zi: $ZodIssue): $ZodIssue {
  if (zi.code !== 'invalid_union') return zi;
  const tried = zi.errors.find((list) => list.length && list[0]!.code !== 'invalid_type') ?? zi.errors[0];
  const inner = tried?.[0];
  return inner ? innermost({ ...inner, path: [...zi.path, ...inner.path] }) : zi;
}

/** Bindings of one node; `data` is the document's data (undefined when it has none). */
export function checkNodeBindings(
  entry: CatalogEntry,
  node: LayoutNode,
  index: number,
  data: unknown,
  out: Issue[],
): void {
  if (!entry.roles.length || !node.props) return;
  for (const [prop, role] of entry.roles) {
    const value = node.props[prop];
    if (value === undefined) continue;
    // A relative pointer means something only inside a repeat: the scoped check (scopes.ts) makes
    // it absolute per item before calling here, and reports it outside any repeat.
    if (role.role === 'bind') {
      if (isRelativePointer(value)) continue;
      const at = pointer('nodes', index, 'props', prop);
      const p = parsePointer(value);
      if (!p.ok) {
        out.push(issue(p.reason === 'forbidden' ? 'forbidden_segment' : 'bad_pointer', at, p.message));
        continue;
      }
      const parent = resolveParent(data, p.segments);
      if (!parent.found) {
        const parentPtr = p.segments.length > 1 ? '/' + (value as string).split('/').slice(1, -1).join('/') : 'data';
        out.push(
          issue(
            'unresolved_pointer',
            at,
            `"${node.id}" binds ${JSON.stringify(value)}, but ${parentPtr === 'data' ? 'the layout has no data object' : `${parentPtr} is not an object in data`}; add it to data`,
          ),
        );
        continue;
      }
      // An input edits a value in place: "-" would append on every keystroke, and "length" or an
      // index past the end would drop every edit. Arrays are bound one existing item at a time.
      if (Array.isArray(parent.parent) && !(INDEX.test(parent.last) && Number(parent.last) < parent.parent.length)) {
        const n = parent.parent.length;
        out.push(
          issue(
            'bad_array_index',
            at,
            `"${node.id}" binds ${JSON.stringify(value)}: expected ${n ? `an existing index of the array (0 to ${n - 1})` : 'an existing index, but the array is empty'}, received "${parent.last}"; an input edits one item in place`,
          ),
        );
        continue;
      }
      const cur = resolve(data, p.segments);
      if (cur.found && !fitsBind(role.value, cur.value)) {
        out.push(
          issue(
            'type_mismatch',
            at,
            `${entry.type} "${node.id}" needs ${bindWords[role.value]} at ${value}, but data holds ${preview(cur.value)}`,
          ),
        );
      }
    } else if (role.role === 'data' && isDataRef(value)) {
      if (isRelativePointer(value.$data)) continue;
      const at = pointer('nodes', index, 'props', prop, '$data');
      const p = parsePointer(value.$data);
      if (!p.ok) {
        out.push(issue(p.reason === 'forbidden' ? 'forbidden_segment' : 'bad_pointer', at, p.message));
        continue;
      }
      const r = resolve(data, p.segments);
      if (!r.found) {
        out.push(issue('unresolved_pointer', at, `${entry.type}.${prop} reads ${value.$data}, which is not in data`));
        continue;
      }
      if (!fitsShape(role.shape, r.value)) {
        out.push(
          issue(
            'type_mismatch',
            at,
            `${entry.type}.${prop} needs ${shapeWords[role.shape]} at ${value.$data}, but data holds ${preview(r.value)}`,
          ),
        );
        continue;
      }
      checkShown(entry, prop, value.$data, shownValue(role.shape, r.value), at, out);
    }
  }
}

/** What a node shows from data meets the limits a literal prop would: 20,000 rows are no more welcome through data. */
function checkShown(entry: CatalogEntry, prop: string, ptr: string, shown: unknown, at: string, out: Issue[]): void {
  const literal = literalOf(entry, prop);
  if (!literal) return;
  const r = z.safeParse(literal, shown);
  if (r.success) return;
  const zi = innermost(r.error.issues[0]!);
  const where = zi.path.length ? pointer(...zi.path.map((k) => (typeof k === 'number' ? k : String(k)))) : '';
  out.push(
    issue(
      'data_limit',
      at,
      `${entry.type}.${prop} shows ${ptr}${where}: ${zodIssueMessage(zi, shown, PROP_UNION)} (a value from data meets the limits of a literal ${prop})`,
    ),
  );
}

/**
 * Checks across nodes: inputs binding one pointer write one kind of value, and an input writing
 * below a `$data` pointer keeps the value something its display can show.
 */
export function checkSharedBindings(
  nodes: readonly LayoutNode[],
  sound: readonly boolean[],
  catalog: Catalog,
  out: Issue[],
): void {
  const writers = new Map<string, { kind: BindValue; node: LayoutNode; index: number; segments: string[] }>();
  const readers = new Map<string, { shape: DataShape; node: LayoutNode; prop: string }>();
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    const entry = sound[i] ? catalog.get(node.type) : undefined;
    if (!entry || !node.props) continue;
    for (const [prop, role] of entry.roles) {
      const value = node.props[prop];
      if (role.role === 'bind' && typeof value === 'string') {
        const p = parsePointer(value);
        if (!p.ok) continue;
        const prior = writers.get(value);
        if (!prior) writers.set(value, { kind: role.value, node, index: i, segments: p.segments });
        else if (prior.kind !== role.value) {
          out.push(
            issue(
              'bind_conflict',
              pointer('nodes', i, 'props', prop),
              `${entry.type} "${node.id}" writes ${bindWords[role.value]} at ${value}, where ${prior.node.type} "${prior.node.id}" writes ${bindWords[prior.kind]}; bind each to its own pointer`,
            ),
          );
        }
      } else if (
        role.role === 'data' &&
        isDataRef(value) &&
        !readers.has(value.$data) &&
        parsePointer(value.$data).ok
      ) {
        readers.set(value.$data, { shape: role.shape, node, prop });
      }
    }
  }
  if (!readers.size) return;
  for (const [ptr, w] of writers) {
    // Each prefix of the input's pointer is looked up once: pointers are short, so this stays
    // linear in the number of inputs however many displays read data.
    let prefix = '';
    for (let k = 0; k <= w.segments.length; k++) {
      if (k > 0) prefix += '/' + escapeSegment(w.segments[k - 1]!);
      const r = k > 0 ? readers.get(prefix) : undefined;
      if (r && !writeFits(r.shape, w.segments.slice(k), w.kind)) {
        const prop = catalog.get(w.node.type)!.roles.find(([, role]) => role.role === 'bind')![0];
        out.push(
          issue(
            'bind_conflict',
            pointer('nodes', w.index, 'props', prop),
            `${w.node.type} "${w.node.id}" writes ${bindWords[w.kind]} at ${ptr}, inside ${prefix}, which ${r.node.type} "${r.node.id}" shows as ${shapeWords[r.shape]}; bind an input that writes what it shows`,
          ),
        );
        break;
      }
    }
  }
}

/**
 * Gate 5 over a whole document. With `root`, nodes inside a `repeat` are checked once per item of
 * the data at hand (relative pointers made absolute) and the expansion stays within `limits.maxNodes`.
 */
export function bindingsGate(
  nodes: readonly LayoutNode[],
  sound: readonly boolean[],
  catalog: Catalog,
  data: unknown,
  root?: unknown,
  limits: Pick<Limits, 'maxNodes'> = DEFAULT_LIMITS,
): Issue[] {
  return checkBindings(nodes, sound, catalog, data, root, limits);
}

/**
 * Gate 5 again after one value of a checked document's data changed at `changed`: only nodes (and
 * repeat items) reading data at, above or below it are checked; the checks across nodes depend on
 * props alone and stand. The repeats are expanded again, so the expansion limit still holds.
 */
export function bindingsAfterChange(
  nodes: readonly LayoutNode[],
  catalog: Catalog,
  data: unknown,
  root: unknown,
  limits: Pick<Limits, 'maxNodes'>,
  changed: string,
): Issue[] {
  return checkBindings(
    nodes,
    nodes.map(() => true),
    catalog,
    data,
    root,
    limits,
    changed,
  );
}

function checkBindings(
  nodes: readonly LayoutNode[],
  sound: readonly boolean[],
  catalog: Catalog,
  data: unknown,
  root: unknown,
  limits: Pick<Limits, 'maxNodes'>,
  changed?: string,
): Issue[] {
  const out: Issue[] = [];
  const live =
    changed !== undefined ||
    nodes.some(
      (n, i) => sound[i] && (n.repeat !== undefined || n.visible !== undefined || hasRelativeRole(catalog, n)),
    );
  if (!live) {
    for (let i = 0; i < nodes.length; i++) {
      if (!sound[i]) continue;
      const entry = catalog.get(nodes[i]!.type);
      if (entry) checkNodeBindings(entry, nodes[i]!, i, data, out);
    }
  } else {
    const scopes = expandScopes(nodes, sound, root, data, limits, out);
    checkScopedBindings(
      nodes,
      sound,
      catalog,
      data,
      scopes,
      (node, i, sink) => checkNodeBindings(catalog.get(node.type)!, node, i, data, sink),
      out,
      changed,
    );
  }
  if (changed === undefined) checkSharedBindings(nodes, sound, catalog, out);
  return out;
}

/** Whether a node reads a relative pointer (a layout without repeat or visible may still hold one by mistake). */
function hasRelativeRole(catalog: Catalog, node: LayoutNode): boolean {
  return hasRelative(catalog.get(node.type), { ...node, visible: undefined });
}
