// The gates' fast path: one pass that answers "would every gate pass?" without building an issue,
// a path or a message. Only a yes is trusted; anything else (or anything unusual) takes the full path.
import type { Catalog, CatalogEntry } from '../catalog/catalog.js';
import { compileCheck, type Predicate } from '../catalog/fast-check.js';
import type { BindValue, DataShape, UrlKind } from '../catalog/props.js';
import { ACTION_PATTERN, BUILTIN_ACTIONS, isDataRef, MAX_TITLE, type Limits } from '../layout/document.js';
import { FORBIDDEN_SEGMENTS, parsePointer } from '../layout/pointer.js';
import { fitsBind, fitsShape, literalOf, shownValue, writeFits } from './bindings.js';
import { urlProblem, type PolicyOptions } from './policy.js';

/** What the fast path needs of one component, worked out once per catalog. */
interface Plan {
  props: Predicate;
  /** Whether a node without props passes (no required prop). */
  emptyOk: boolean;
  check: CatalogEntry['check'];
  urls: [prop: string, kind: UrlKind][];
  actions: string[];
  binds: [prop: string, kind: BindValue][];
  reads: [prop: string, shape: DataShape, literal: Predicate | null][];
  /** 0 takes no children, 1 any, 2 only `only`. */
  childKind: 0 | 1 | 2;
  maxChildren: number;
  only: ReadonlySet<string> | null;
  parents: readonly string[] | null;
}

const plans = new WeakMap<Catalog, Map<string, Plan | null>>();

/** The plans of one catalog, by type; each is made the first time its type is met. */
function plansOf(catalog: Catalog): Map<string, Plan | null> {
  let byType = plans.get(catalog);
  if (!byType) plans.set(catalog, (byType = new Map()));
  return byType;
}

function planFor(catalog: Catalog, byType: Map<string, Plan | null>, type: string): Plan | null {
  let plan = byType.get(type);
  if (plan === undefined) {
    const entry = catalog.get(type);
    plan = entry ? makePlan(entry) : null;
    byType.set(type, plan);
  }
  return plan;
}

function makePlan(entry: CatalogEntry): Plan {
  const props = compileCheck(entry.props);
  const plan: Plan = {
    props,
    emptyOk: props({}),
    check: entry.check,
    urls: [],
    actions: [],
    binds: [],
    reads: [],
    childKind: entry.children.kind === 'none' ? 0 : entry.children.kind === 'any' ? 1 : 2,
    maxChildren: entry.children.kind === 'none' ? 0 : (entry.children.max ?? Infinity),
    only: entry.children.kind === 'only' ? new Set(entry.children.types) : null,
    parents: entry.parents ?? null,
  };
  for (const [prop, role] of entry.roles) {
    if (role.role === 'url') plan.urls.push([prop, role.kind]);
    else if (role.role === 'action') plan.actions.push(prop);
    else if (role.role === 'bind') plan.binds.push([prop, role.value]);
    else {
      const literal = literalOf(entry, prop);
      plan.reads.push([prop, role.shape, literal ? compileCheck(literal) : null]);
    }
  }
  return plan;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const INDEX = /^(0|[1-9]\d*)$/;
const MISSING = Symbol('missing');

/**
 * True only when the full path would find no issue in `doc` (gates 1 to 6; the site's rules run
 * after). `fromText`: the value came from JSON.parse, so its size was measured as text already.
 * Never throws: a surprise (a getter that throws, a stack overflow) is a no, and the full path
 * reports it.
 */
export function passesFast(
  doc: unknown,
  catalog: Catalog,
  limits: Limits,
  options: PolicyOptions,
  fromText: boolean,
): boolean {
  try {
    return check(doc, catalog, limits, options, fromText);
  } catch {
    return false;
  }
}

function check(doc: unknown, catalog: Catalog, limits: Limits, options: PolicyOptions, fromText: boolean): boolean {
  if (!isObject(doc)) return false;
  // Gate 1 for an object handed over, and gate 6's walk: plain JSON within every size limit,
  // no prototype key anywhere.
  if (!plainJson(doc, limits, fromText ? Infinity : limits.maxBytes)) return false;

  // Gate 2: the document's own keys. Anything else (the nested form's "tree", a key set to
  // undefined) is for the full path to judge.
  for (const k in doc) {
    if (k !== 'version' && k !== 'title' && k !== 'root' && k !== 'data' && k !== 'nodes') return false;
  }
  const { title, root, data, nodes } = doc;
  if (doc.version !== 1) return false;
  if (title !== undefined && (typeof title !== 'string' || title.length > MAX_TITLE)) return false;
  if (typeof root !== 'string' || !isId(root)) return false;
  if (data !== undefined && !isObject(data)) return false;
  if (!Array.isArray(nodes) || nodes.length === 0 || nodes.length > limits.maxNodes) return false;

  const n = nodes.length;
  const byType = plansOf(catalog);
  const byId = new Map<string, number>();
  const nodePlans: Plan[] = new Array(n);
  let edges = 0;
  let writers: Map<string, BindValue> | undefined;
  let readers: Map<string, DataShape> | undefined;

  for (let i = 0; i < n; i++) {
    const node = nodes[i];
    if (!isObject(node)) return false;
    // Only the four keys the fast path knows: "repeat", "visible" or anything new goes the full way.
    for (const k in node) if (k !== 'id' && k !== 'type' && k !== 'props' && k !== 'children') return false;
    const { id, type, props, children } = node;
    if (typeof id !== 'string' || !isId(id) || typeof type !== 'string') return false;
    byId.set(id, i);
    if (byId.size !== i + 1) return false; // an id met before

    // Gate 3: type and props.
    const plan = planFor(catalog, byType, type);
    if (!plan) return false;
    nodePlans[i] = plan;
    if (props === undefined) {
      if (!plan.emptyOk) return false;
    } else if (!isObject(props) || !plan.props(props)) return false;
    if (plan.check) {
      const problems = plan.check(props ?? {});
      if (!Array.isArray(problems) || problems.length !== 0) return false;
    }
    if (children !== undefined) {
      if (!Array.isArray(children)) return false;
      const count = children.length;
      if (count > limits.maxChildren || count > plan.maxChildren) return false;
      for (let j = 0; j < count; j++) {
        const kid = children[j];
        if (typeof kid !== 'string' || !isId(kid)) return false;
      }
      edges += count;
    }
    if (props === undefined) continue;

    // Gate 6: URLs and actions.
    for (let r = 0; r < plan.urls.length; r++) {
      const [prop, kind] = plan.urls[r]!;
      const v = props[prop];
      if (typeof v === 'string' && urlProblem(v, kind) !== undefined) return false;
    }
    for (let r = 0; r < plan.actions.length; r++) {
      const v = props[plan.actions[r]!];
      if (typeof v !== 'string') continue;
      if (!ACTION_PATTERN.test(v)) return false;
      if (options.actions && !options.actions.includes(v) && !BUILTIN_ACTIONS.includes(v)) return false;
    }

    // Gate 5: what inputs write and displays read resolves in data, with a fitting type.
    for (let r = 0; r < plan.binds.length; r++) {
      const [prop, kind] = plan.binds[r]!;
      const v = props[prop];
      if (v === undefined) continue;
      if (!bindOk(v, kind, data)) return false;
      const prior = (writers ??= new Map()).get(v as string);
      if (prior === undefined) writers.set(v as string, kind);
      else if (prior !== kind) return false;
    }
    for (let r = 0; r < plan.reads.length; r++) {
      const [prop, shape, literal] = plan.reads[r]!;
      const v = props[prop];
      if (!isDataRef(v)) continue;
      const p = parsePointer(v.$data);
      if (!p.ok) return false;
      const shown = lookup(data, p.segments, p.segments.length);
      if (shown === MISSING || !fitsShape(shape, shown)) return false;
      if (literal && !literal(shownValue(shape, shown))) return false;
      readers ??= new Map();
      if (!readers.has(v.$data)) readers.set(v.$data, shape);
    }
  }

  // Gate 4: one tree under the root. Each child exists and has one parent, the root has none,
  // so walking down from the root meets each node once; it must meet all of them.
  const rootIndex = byId.get(root);
  if (rootIndex === undefined) return false;
  const parent = new Int32Array(n).fill(-1);
  const first = new Int32Array(n + 1);
  const kids = new Int32Array(edges);
  let e = 0;
  for (let i = 0; i < n; i++) {
    first[i] = e;
    const children = (nodes[i] as { children?: string[] }).children;
    if (!children) continue;
    const only = nodePlans[i]!.only;
    for (let j = 0; j < children.length; j++) {
      const k = byId.get(children[j]!);
      if (k === undefined || k === rootIndex || parent[k] !== -1) return false;
      if (only && !only.has((nodes[k] as { type: string }).type)) return false;
      parent[k] = i;
      kids[e++] = k;
    }
  }
  first[n] = e;
  for (let i = 0; i < n; i++) {
    const allowed = nodePlans[i]!.parents;
    if (allowed && (parent[i] === -1 || !allowed.includes((nodes[parent[i]!] as { type: string }).type))) return false;
  }
  // Breadth first, so depth and "inside a form" are known for each node when it is met.
  const queue = new Int32Array(n);
  const depth = new Int32Array(n);
  const inForm = new Uint8Array(n);
  queue[0] = rootIndex;
  depth[rootIndex] = 1;
  let head = 0;
  let tail = 1;
  while (head < tail) {
    const i = queue[head++]!;
    if (depth[i]! > limits.maxTreeDepth) return false;
    const isForm = (nodes[i] as { type: string }).type === 'form';
    if (isForm && inForm[i]) return false;
    const below = isForm || inForm[i] === 1 ? 1 : 0;
    for (let c = first[i]!; c < first[i + 1]!; c++) {
      const k = kids[c]!;
      depth[k] = depth[i]! + 1;
      inForm[k] = below;
      queue[tail++] = k;
    }
  }
  if (tail !== n) return false;

  // Gate 5 across nodes: an input writing below what a display reads keeps it showable.
  if (writers && readers) {
    for (const [ptr, kind] of writers) {
      // A well-formed pointer's text up to each "/" is the escaped pointer of that many segments.
      let k = 0;
      for (let at = ptr.indexOf('/', 1); ; at = ptr.indexOf('/', at + 1)) {
        k++;
        const shape = readers.get(at === -1 ? ptr : ptr.slice(0, at));
        if (shape !== undefined) {
          const p = parsePointer(ptr);
          if (!p.ok || !writeFits(shape, p.segments.slice(k), kind)) return false;
        }
        if (at === -1) break;
      }
    }
  }
  return true;
}

/** An input's pointer: its parent is an object (or an existing item of an array), and what is there fits. */
function bindOk(v: unknown, kind: BindValue, data: unknown): boolean {
  const p = parsePointer(v);
  if (!p.ok) return false;
  const segs = p.segments;
  const parent = lookup(data, segs, segs.length - 1);
  if (parent === MISSING || parent === null || typeof parent !== 'object') return false;
  const last = segs[segs.length - 1]!;
  if (Array.isArray(parent)) {
    if (!INDEX.test(last) || Number(last) >= parent.length) return false;
    return fitsBind(kind, parent[Number(last)]);
  }
  if (!Object.hasOwn(parent, last)) return true; // the input creates it
  return fitsBind(kind, (parent as Record<string, unknown>)[last]);
}

/** The value at the first `count` segments, own properties only (as the pointer module reads). */
function lookup(data: unknown, segments: readonly string[], count: number): unknown {
  let cur = data;
  for (let i = 0; i < count; i++) {
    const s = segments[i]!;
    if (Array.isArray(cur)) {
      if (!INDEX.test(s)) return MISSING;
      const at = Number(s);
      if (at >= cur.length) return MISSING;
      cur = cur[at];
    } else if (cur !== null && typeof cur === 'object' && Object.hasOwn(cur, s)) {
      cur = (cur as Record<string, unknown>)[s];
    } else return MISSING;
  }
  return cur;
}

/**
 * Plain JSON data (no cycle, function, class instance or non-finite number) within the depth and
 * size limits, with every string and key within its limit and no prototype key: gate 1's check
 * of an object and gate 6's walk in one pass. Sizes are estimated as the full path estimates them.
 */
function plainJson(doc: object, limits: Limits, maxBytes: number): boolean {
  walkLimits = limits;
  walkMaxBytes = maxBytes;
  bytes = 0;
  return walk(doc, 0) && bytes <= maxBytes;
}

// The walk's state lives here, not in a closure: it calls nothing outside this module, so no
// other check can start while one runs, and plain module slots keep the hot loop cheap.
let walkLimits: Limits;
let walkMaxBytes = 0;
let bytes = 0;

function walk(v: unknown, depth: number): boolean {
  switch (typeof v) {
    case 'string':
      if (v.length > walkLimits.maxStringLength) return false;
      bytes += v.length + 2;
      return true;
    case 'number':
      bytes += 8;
      return Number.isFinite(v);
    case 'boolean':
      bytes += 5;
      return true;
    case 'object': {
      if (v === null) {
        bytes += 4;
        return true;
      }
      // A cycle runs into the depth limit (or the size limit) and is left to the full path.
      if (depth >= walkLimits.maxJsonDepth) return false;
      bytes += 2;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          if (!walk(v[i], depth + 1)) return false;
          bytes += 1;
        }
      } else {
        const proto = Object.getPrototypeOf(v);
        if (proto !== Object.prototype && proto !== null) return false;
        const maxKey = walkLimits.maxKeyLength;
        for (const k in v) {
          if (k.length > maxKey || isForbidden(k)) return false;
          const x = (v as Record<string, unknown>)[k];
          if (x === undefined) continue;
          bytes += k.length + 4;
          if (!walk(x, depth + 1)) return false;
        }
      }
      return bytes <= walkMaxBytes;
    }
    default:
      return false;
  }
}

/** FORBIDDEN_SEGMENTS, asked by length first: almost every key is ruled out without a lookup. */
const isForbidden = (k: string) => (k.length === 9 || k.length === 11) && FORBIDDEN_SEGMENTS.has(k);

/** ID_PATTERN without the regex engine: a letter, then letters, digits, "_" or "-", 64 at most. */
function isId(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 64) return false;
  const c0 = s.charCodeAt(0) | 32;
  if (c0 < 97 || c0 > 122) return false;
  for (let i = 1; i < n; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || c === 45 || c === 95 || ((c | 32) >= 97 && (c | 32) <= 122))) return false;
  }
  return true;
}
