// The nested generation form (docs/engines.md, "The nested form"): a model writes children inline and may leave ids out;
// flattenTree turns it into the canonical flat document and keeps a map back to where each node was written.
import type { LayoutNode, Limits } from './document.js';
import { issue, pointer, preview, type Issue } from '../gates/issue.js';

/** One node as a model writes it in the nested form. */
export interface TreeNode {
  type: string;
  id?: string;
  props?: Record<string, unknown>;
  children?: TreeNode[];
  [key: string]: unknown;
}

/** The nested form: `tree` instead of `root` and `nodes`. */
export interface TreeDocument {
  version: 1;
  title?: string;
  data?: Record<string, unknown>;
  tree: TreeNode;
}

export type FlattenResult =
  | {
      ok: true;
      /** The flat document, nodes in depth-first order (a parent before its children). */
      layout: Record<string, unknown> & { root: string; nodes: Record<string, unknown>[] };
      /** `treePaths[i]` is the JSON Pointer, in the nested document, of flat node i. */
      treePaths: string[];
    }
  | { ok: false; issues: Issue[] };

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** True for a document written in the nested form (it has a `tree` key). */
export function isTreeDocument(doc: unknown): doc is Record<string, unknown> & { tree: unknown } {
  return isObject(doc) && doc.tree !== undefined;
}

/**
 * Flattens a nested document. Ids the model gave are kept as written (so the gates still
 * report a bad or repeated one); every other node gets `<type>-<n>`, counted per type in
 * document order and skipping any id the model used anywhere, so the result is the same
 * for the same input and never collides. Shape problems of the nested form itself come
 * back as issues with paths into the nested document.
 */
export function flattenTree(doc: unknown, limits: Pick<Limits, 'maxNodes' | 'maxChildren'>): FlattenResult {
  if (!isTreeDocument(doc))
    return {
      ok: false,
      issues: [issue('missing_key', '/tree', 'expected "tree": the top node, with its children inline')],
    };
  const mixed = ['root', 'nodes'].filter((k) => doc[k] !== undefined);
  if (mixed.length) {
    return {
      ok: false,
      issues: [
        issue(
          'mixed_forms',
          pointer(mixed[0]!),
          `a layout has either "tree" (nested) or "root" and "nodes" (flat), not both; received "tree" and ${mixed.map((k) => `"${k}"`).join(' and ')}`,
        ),
      ],
    };
  }

  // Pass 1: the shape of the tree, and every id the model chose (generated ids avoid them all).
  const issues: Issue[] = [];
  const given = new Set<string>();
  const order: { node: Record<string, unknown>; path: (string | number)[] }[] = [];
  const stack: { node: unknown; path: (string | number)[] }[] = [{ node: doc.tree, path: ['tree'] }];
  while (stack.length) {
    const { node, path } = stack.pop()!;
    if (!isObject(node)) {
      issues.push(
        issue(
          'wrong_type',
          pointer(...path),
          `expected a node object {"type", "props", "children"}, received ${preview(node)}`,
        ),
      );
      continue;
    }
    if (order.length >= limits.maxNodes) {
      return {
        ok: false,
        issues: [issue('too_many_nodes', '/tree', `expected at most ${limits.maxNodes} nodes, received more`)],
      };
    }
    order.push({ node, path });
    if (typeof node.id === 'string') given.add(node.id);
    const c = node.children;
    if (c === undefined) continue;
    if (!Array.isArray(c)) {
      issues.push(
        issue(
          'wrong_type',
          pointer(...path, 'children'),
          `expected children as an array of node objects, received ${preview(c)}`,
        ),
      );
      continue;
    }
    if (c.length > limits.maxChildren) {
      issues.push(
        issue(
          'too_many_nodes',
          pointer(...path, 'children'),
          `a node may list at most ${limits.maxChildren} children, received ${c.length}`,
        ),
      );
      continue;
    }
    // Pushed in reverse so they pop in document order: the flat list reads as the model wrote it.
    for (let j = c.length - 1; j >= 0; j--) stack.push({ node: c[j], path: [...path, 'children', j] });
  }
  if (issues.length) return { ok: false, issues };

  // Pass 2: ids, then the flat nodes with children by id.
  const counters = new Map<string, number>();
  const idOf = new Map<Record<string, unknown>, unknown>();
  for (const { node } of order) {
    if (node.id !== undefined) {
      idOf.set(node, node.id);
      continue;
    }
    const base = typeof node.type === 'string' && /^[A-Za-z][A-Za-z0-9_-]{0,40}$/.test(node.type) ? node.type : 'node';
    let n = counters.get(base) ?? 0;
    let id: string;
    do id = `${base}-${++n}`;
    while (given.has(id));
    counters.set(base, n);
    idOf.set(node, id);
  }
  const nodes = order.map(({ node }) => {
    const { children, ...rest } = node;
    const flat: Record<string, unknown> = { id: idOf.get(node), ...rest };
    if (Array.isArray(children)) flat.children = children.map((child) => idOf.get(child as Record<string, unknown>));
    return flat;
  });

  const { tree: _tree, version, title, data, ...others } = doc;
  // Keys in the flat form's order; a root id that is not a string is reported at /tree/id by the
  // envelope (as the first node's id), and unknown top-level keys stay for the envelope to report.
  const layout = {
    version,
    ...(title !== undefined ? { title } : {}),
    root: idOf.get(order[0]!.node) as string,
    ...(data !== undefined ? { data } : {}),
    nodes,
    ...others,
  };
  return { ok: true, layout, treePaths: order.map(({ path }) => pointer(...path)) };
}

/**
 * Maps a path in the flattened document back to the nested document the model wrote:
 * `/nodes/3/props/label` → `/tree/children/0/children/1/props/label`; `/root` and `/nodes`
 * → `/tree`; anything else (`/data/…`, `/title`) is the same in both forms.
 */
export function treePath(path: string, treePaths: readonly string[]): string {
  if (path === '/root' || path === '/nodes') return '/tree';
  const m = /^\/nodes\/(\d+)(\/.*)?$/.exec(path);
  if (!m) return path;
  const at = treePaths[Number(m[1])];
  if (at === undefined) return path;
  const rest = m[2] ?? '';
  // A parent's children list is the nested child node itself: `/nodes/0/children/2` → `/tree/children/2`.
  return at + rest;
}

/** The same issues with their paths pointing into the nested document. */
export function mapTreeIssues(issues: readonly Issue[], treePaths: readonly string[]): Issue[] {
  return issues.map((i) => ({ ...i, path: treePath(i.path, treePaths) }));
}

/**
 * The nested form of a sound flat document (the inverse of flattenTree, ids left out): what a
 * prompt shows a model that writes the nested form. Nodes unreachable from the root are dropped.
 */
export function toTree(
  layout: { title?: string; root: string; data?: unknown; nodes: readonly LayoutNode[] },
  options: { keepIds?: boolean } = {},
): TreeDocument {
  const byId = new Map(layout.nodes.map((n) => [n.id, n as LayoutNode & Record<string, unknown>]));
  const seen = new Set<string>();
  const build = (id: string): TreeNode | undefined => {
    const n = byId.get(id);
    if (!n || seen.has(id)) return undefined;
    seen.add(id);
    const { id: _id, type, props, children, ...extra } = n;
    const out: TreeNode = { type, ...(options.keepIds ? { id } : {}), ...extra };
    if (props !== undefined) out.props = props as Record<string, unknown>;
    const kids = (children ?? []).map(build).filter((c): c is TreeNode => !!c);
    if (kids.length) out.children = kids;
    return out;
  };
  const tree = build(layout.root) ?? { type: 'stack' };
  return {
    version: 1,
    ...(layout.title !== undefined ? { title: layout.title } : {}),
    ...(layout.data !== undefined ? { data: layout.data as Record<string, unknown> } : {}),
    tree,
  };
}

// ---- Streaming: which nodes of a nested document being written are ready to paint.

/** A node of a nested document whose own `type` and `props` are complete. */
export interface ReadyTreeNode {
  /** JSON Pointer of the node in the nested document, e.g. `/tree/children/1`. */
  path: string;
  /** Index of its parent in the ready list, -1 for the root. */
  parent: number;
  type: string;
  props?: Record<string, unknown>;
  /** Further keys the node carries (`id`, `repeat`, `visible`), as far as they are complete. */
  extra: Record<string, unknown>;
}

export interface TreePrefix {
  /** `data`, once it is complete (it comes before the tree in the key order models write). */
  data?: unknown;
  dataDone: boolean;
  title?: string;
  /** Ready nodes in document order: a parent always before its children. */
  nodes: ReadyTreeNode[];
}

/**
 * Reads the text of a nested document as far as it goes. A node is ready once its props are
 * complete: its `props` object has closed, or `children` has begun, or the node has closed.
 * Reading starts at the first `{`; text that is not JSON ends the reading where it starts.
 */
export function readTreePrefix(text: string): TreePrefix {
  const open = new Set<object>();
  const at = text.indexOf('{');
  const out: TreePrefix = { dataDone: false, nodes: [] };
  if (at < 0) return out;
  const doc = new PrefixParser(text, at, open).value();
  if (!isObject(doc)) return out;
  if ('data' in doc && !(isObject(doc.data) && open.has(doc.data))) {
    out.data = doc.data;
    out.dataDone = true;
  }
  if (typeof doc.title === 'string') out.title = doc.title;
  const walk = (node: unknown, path: string, parent: number): void => {
    if (!isObject(node) || typeof node.type !== 'string') return;
    const propsDone =
      node.props === undefined
        ? !open.has(node) || node.children !== undefined
        : isObject(node.props) && !open.has(node.props);
    if (!propsDone) return;
    const { type, props, children, ...extra } = node;
    for (const [k, v] of Object.entries(extra)) if (v !== null && typeof v === 'object' && open.has(v)) delete extra[k];
    const index = out.nodes.push({ path, parent, type, ...(isObject(props) ? { props } : {}), extra }) - 1;
    if (Array.isArray(children)) children.forEach((c, j) => walk(c, `${path}/children/${j}`, index));
  };
  walk(doc.tree, '/tree', -1);
  return out;
}

/** A forgiving JSON reader for a prefix: values cut off at the end are left out, open containers recorded. */
class PrefixParser {
  constructor(
    private s: string,
    private i: number,
    private open: Set<object>,
  ) {}

  private ws() {
    while (this.i < this.s.length && ' \t\r\n'.includes(this.s[this.i]!)) this.i++;
  }

  /** The value at the cursor, or undefined when it is cut off (strings, numbers, literals). */
  value(): unknown {
    this.ws();
    const c = this.s[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(this.s.slice(this.i, this.i + 40));
    // A number at the very end may still grow: it is not complete yet.
    if (!m || this.i + m[0].length >= this.s.length) {
      this.i = this.s.length;
      return undefined;
    }
    this.i += m[0].length;
    return JSON.parse(m[0]);
  }

  private string(): string | undefined {
    const end = /^"(?:[^"\\]|\\.)*"/.exec(this.s.slice(this.i));
    if (!end) {
      this.i = this.s.length;
      return undefined;
    }
    this.i += end[0].length;
    try {
      return JSON.parse(end[0]) as string;
    } catch {
      this.i = this.s.length;
      return undefined;
    }
  }

  private object(): Record<string, unknown> {
    const obj: Record<string, unknown> = {};
    this.open.add(obj);
    this.i++;
    for (;;) {
      this.ws();
      if (this.s[this.i] === '}') {
        this.i++;
        this.open.delete(obj);
        return obj;
      }
      if (this.s[this.i] === ',') {
        this.i++;
        this.ws();
      }
      if (this.i >= this.s.length || this.s[this.i] !== '"') {
        this.i = this.s.length;
        return obj;
      }
      const key = this.string();
      this.ws();
      if (key === undefined || this.s[this.i] !== ':') {
        this.i = this.s.length;
        return obj;
      }
      this.i++;
      const v = this.value();
      if (v !== undefined && key !== '__proto__') obj[key] = v;
      if (this.i >= this.s.length) return obj;
    }
  }

  private array(): unknown[] {
    const arr: unknown[] = [];
    this.open.add(arr);
    this.i++;
    for (;;) {
      this.ws();
      if (this.s[this.i] === ']') {
        this.i++;
        this.open.delete(arr);
        return arr;
      }
      if (this.s[this.i] === ',') this.i++;
      if (this.i >= this.s.length) return arr;
      const v = this.value();
      if (v !== undefined) arr.push(v);
      if (this.i >= this.s.length) return arr;
    }
  }
}
