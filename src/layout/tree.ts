// The nested generation form (DESIGN §8): a model writes children inline and may leave ids out;
// flattenTree turns it into the canonical flat document and keeps a map back to where each node was written.
import { ID_PATTERN, type Limits } from './document.js';
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
  if (!isTreeDocument(doc)) return { ok: false, issues: [issue('missing_key', '/tree', 'expected "tree": the top node, with its children inline')] };
  const mixed = ['root', 'nodes'].filter((k) => doc[k] !== undefined);
  if (mixed.length) {
    return { ok: false, issues: [issue('mixed_forms', pointer(mixed[0]!), `a layout has either "tree" (nested) or "root" and "nodes" (flat), not both; received "tree" and ${mixed.map((k) => `"${k}"`).join(' and ')}`)] };
  }

  // Pass 1: the shape of the tree, and every id the model chose (generated ids avoid them all).
  const issues: Issue[] = [];
  const given = new Set<string>();
  const order: { node: Record<string, unknown>; path: (string | number)[] }[] = [];
  const stack: { node: unknown; path: (string | number)[] }[] = [{ node: doc.tree, path: ['tree'] }];
  while (stack.length) {
    const { node, path } = stack.pop()!;
    if (!isObject(node)) {
      issues.push(issue('wrong_type', pointer(...path), `expected a node object {"type", "props", "children"}, received ${preview(node)}`));
      continue;
    }
    if (order.length >= limits.maxNodes) {
      return { ok: false, issues: [issue('too_many_nodes', '/tree', `expected at most ${limits.maxNodes} nodes, received more`)] };
    }
    order.push({ node, path });
    if (typeof node.id === 'string') given.add(node.id);
    const c = node.children;
    if (c === undefined) continue;
    if (!Array.isArray(c)) { issues.push(issue('wrong_type', pointer(...path, 'children'), `expected children as an array of node objects, received ${preview(c)}`)); continue; }
    if (c.length > limits.maxChildren) { issues.push(issue('too_many_nodes', pointer(...path, 'children'), `a node may list at most ${limits.maxChildren} children, received ${c.length}`)); continue; }
    // Pushed in reverse so they pop in document order: the flat list reads as the model wrote it.
    for (let j = c.length - 1; j >= 0; j--) stack.push({ node: c[j], path: [...path, 'children', j] });
  }
  if (issues.length) return { ok: false, issues };

  // Pass 2: ids, then the flat nodes with children by id.
  const counters = new Map<string, number>();
  const idOf = new Map<Record<string, unknown>, unknown>();
  for (const { node } of order) {
    if (node.id !== undefined) { idOf.set(node, node.id); continue; }
    const base = typeof node.type === 'string' && /^[A-Za-z][A-Za-z0-9_-]{0,40}$/.test(node.type) ? node.type : 'node';
    let n = counters.get(base) ?? 0;
    let id: string;
    do id = `${base}-${++n}`; while (given.has(id));
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
  const layout: Record<string, unknown> & { root: string; nodes: Record<string, unknown>[] } = { version } as never;
  if (title !== undefined) layout.title = title;
  // A root id that is not a string is reported at /tree/id by the envelope (as the first node's id).
  layout.root = idOf.get(order[0]!.node) as string;
  if (data !== undefined) layout.data = data;
  layout.nodes = nodes;
  // Unknown top-level keys stay, at the same path, for the envelope gate to report.
  Object.assign(layout, others);
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
