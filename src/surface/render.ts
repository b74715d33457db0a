// Turns checked nodes into elements in one pass: one custom element per node, props as properties,
// children as light-DOM children kept by id (and repeat item) from paint to paint, repeated per data
// item and left out while `visible` is false. Tags come from the catalog, never from a model.
import { nothing } from 'lit';
import type { Catalog, CatalogEntry } from '../catalog/catalog.js';
import { evaluateCondition, type Condition } from '../layout/condition.js';
import type { LayoutNode } from '../layout/document.js';
import { inScope, rebaseProps } from '../layout/scope.js';
import type { DataModel } from './data-model.js';

export interface RenderState {
  catalog: Catalog;
  model: DataModel;
  nodes: ReadonlyMap<string, LayoutNode>;
  /** Only these ids render (while streaming, the painted ones). Undefined: all. */
  visible?: ReadonlySet<string>;
  /** A streamed document not yet checked whole: image URLs are withheld, so nothing loads before the verdict. */
  draft?: boolean;
  /** The root id: a `repeat` there is refused by the gates, and ignored here. */
  root?: string;
  /** Filled while rendering: the pointers the tree's shape depends on. */
  deps?: Dependencies;
}

const TAG = /^[a-z][a-z0-9]*-[a-z0-9-]*$/;
const checkedTags = new Set<string>();

function tagFor(name: string): string {
  if (!checkedTags.has(name)) {
    // The catalog controls tag names; this check keeps a mistaken site catalog from naming anything else.
    if (!TAG.test(name)) throw new TypeError(`Jig: "${name}" is not a valid custom element name`);
    checkedTags.add(name);
  }
  return name;
}

/** The props without the URLs that would load something (images): a draft sends no request. */
function withheld(entry: CatalogEntry, props: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | null = null;
  for (const [prop, role] of entry.roles) {
    if (role.role !== 'url' || role.kind !== 'image' || !(prop in props)) continue;
    out ??= { ...props };
    delete out[prop];
  }
  return out ?? props;
}

/**
 * The pointers the tree's shape depends on, gathered while rendering: a change at (or above) a
 * repeat's list changes how many items render; a change around a `visible` pointer may show or hide a node.
 */
export interface Dependencies {
  lists: Set<string>;
  conditions: Set<string>;
}

export const newDependencies = (): Dependencies => ({ lists: new Set(), conditions: new Set() });

/** Whether a data change at `pointer` can change what the tree renders (not only what elements show). */
export function reshapes(deps: Dependencies, pointer: string): boolean {
  if (pointer === '') return deps.lists.size > 0 || deps.conditions.size > 0;
  for (const d of deps.lists) if (d === pointer || d.startsWith(pointer + '/')) return true;
  for (const d of deps.conditions)
    if (d === pointer || d.startsWith(pointer + '/') || pointer.startsWith(d + '/')) return true;
  return false;
}

/** Props per node and item, so a re-render hands each element the very object it already has. */
const rebased = new WeakMap<Record<string, unknown>, Map<string, Record<string, unknown>>>();
const EMPTY: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

function propsFor(entry: CatalogEntry, node: LayoutNode, base: string | undefined): Record<string, unknown> {
  const src = node.props ?? EMPTY;
  if (base === undefined) return src;
  let byBase = rebased.get(src);
  if (!byBase) rebased.set(src, (byBase = new Map()));
  let out = byBase.get(base);
  if (!out) byBase.set(base, (out = rebaseProps(entry, src, base)));
  return out;
}

/** A node's element with what was last set on it, so a paint touches only what changed. */
interface Kept {
  el: HTMLElement & { props?: unknown; model?: unknown };
  paint: number;
  /** What was set last (read back from the element, a JigElement would make a model of its own). */
  props?: unknown;
  model?: DataModel;
}

/**
 * The elements of one layout on screen, by node id and repeat item: a later paint (a patch, a data
 * change that reshapes the tree, the verdict after a stream) hands each node the element it has.
 * Keyed by the layout's data model, which lives exactly as long as the layout does.
 */
const keptByModel = new WeakMap<DataModel, { elements: Map<string, Kept>; paint: number }>();
let depth = 0;

/**
 * The element (or, for a repeated node, the elements) of node `id` with its subtree, built or
 * brought up to date in one pass; Lit's `render()` puts it in the container. Nothing for a node
 * that is hidden or unknown.
 */
export function renderNode(
  state: RenderState,
  id: string,
  base?: string,
): HTMLElement | HTMLElement[] | typeof nothing | null {
  let kept = keptByModel.get(state.model);
  if (!kept) keptByModel.set(state.model, (kept = { elements: new Map(), paint: 0 }));
  if (depth === 0) kept.paint++;
  depth++;
  let out: HTMLElement[];
  try {
    out = [];
    place(state, kept, id, base, out);
  } finally {
    depth--;
  }
  if (depth === 0) {
    // Elements no node asked for this time have left the page with their parents (or before).
    for (const [key, k] of kept.elements) if (k.paint !== kept.paint) kept.elements.delete(key);
  }
  const node = state.nodes.get(id);
  if (!node) return null;
  if (out.length === 0) return nothing;
  return typeof node.repeat === 'string' && id !== state.root ? out : out[0]!;
}

/** Appends to `out` the element(s) node `id` renders as under `base`. */
function place(
  state: RenderState,
  kept: { elements: Map<string, Kept>; paint: number },
  id: string,
  base: string | undefined,
  out: HTMLElement[],
): void {
  const node = state.nodes.get(id);
  if (!node) return;
  if (typeof node.repeat === 'string' && id !== state.root) {
    const at = inScope(node.repeat, base);
    if (at === null) return;
    state.deps?.lists.add(at);
    const items = state.model.get(at);
    if (!Array.isArray(items)) return;
    // Kept by index: item 3 keeps its elements whatever happens to the others' values.
    for (let k = 0; k < items.length; k++) placeOne(state, kept, node, `${at}/${k}`, out);
    return;
  }
  placeOne(state, kept, node, base, out);
}

function placeOne(
  state: RenderState,
  kept: { elements: Map<string, Kept>; paint: number },
  node: LayoutNode,
  base: string | undefined,
  out: HTMLElement[],
): void {
  const entry = state.catalog.get(node.type);
  if (!entry) return;
  if (node.visible !== undefined && !shown(state, node.visible, base)) return;
  const tag = tagFor(entry.tag);
  const key = base === undefined ? node.id : `${node.id}@${base}`;
  let k = kept.elements.get(key);
  // Once per paint: a draft still streaming may list a node twice (or in a loop) before its verdict.
  if (k && k.paint === kept.paint) return;
  if (!k || k.el.localName !== tag) {
    k = { el: document.createElement(tag), paint: kept.paint };
    kept.elements.set(key, k);
  }
  k.paint = kept.paint;
  const el = k.el;
  const props = state.draft ? withheld(entry, propsFor(entry, node, base)) : propsFor(entry, node, base);
  // As Lit's property bindings do: set only what changed, so an unchanged element does not update.
  if (k.props !== props) el.props = k.props = props;
  if (k.model !== state.model) el.model = k.model = state.model;
  if (el.getAttribute('node-id') !== node.id) el.setAttribute('node-id', node.id);
  if (el.getAttribute('data-jig-type') !== node.type) el.setAttribute('data-jig-type', node.type);
  if (base === undefined) {
    if (el.hasAttribute('jig-item')) el.removeAttribute('jig-item');
  } else if (el.getAttribute('jig-item') !== base) el.setAttribute('jig-item', base);

  const kids: HTMLElement[] = [];
  for (const kid of node.children ?? []) {
    if (state.nodes.has(kid) && (!state.visible || state.visible.has(kid))) place(state, kept, kid, base, kids);
  }
  // Children in order with the fewest moves: an element already in place stays (with its focus).
  let cur = el.firstChild;
  for (const kid of kids) {
    if (cur === kid) {
      cur = cur.nextSibling;
      continue;
    }
    el.insertBefore(kid, cur);
  }
  while (cur) {
    const next = cur.nextSibling;
    el.removeChild(cur);
    cur = next;
  }
  out.push(el);
}

function shown(state: RenderState, condition: Condition, base: string | undefined): boolean {
  return evaluateCondition(condition, (p) => {
    const at = inScope(p, base);
    if (at === null) return undefined;
    state.deps?.conditions.add(at);
    return state.model.get(at);
  });
}
