// Turns checked nodes into Lit templates: one custom element per node, props as properties,
// children as light-DOM children keyed by id, repeated per data item and left out while `visible`
// is false. Tags come from the catalog, never from a model.
import { repeat } from 'lit/directives/repeat.js';
import { html, unsafeStatic, type StaticValue } from 'lit/static-html.js';
import { nothing, type TemplateResult } from 'lit';
import type { DirectiveResult } from 'lit/directive.js';
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
const statics = new Map<string, StaticValue>();

function tagFor(name: string): StaticValue {
  let s = statics.get(name);
  if (!s) {
    // The catalog controls tag names; this check keeps a mistaken site catalog from injecting markup.
    if (!TAG.test(name)) throw new TypeError(`Jig: "${name}" is not a valid custom element name`);
    s = unsafeStatic(name);
    statics.set(name, s);
  }
  return s;
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
  for (const d of deps.conditions) if (d === pointer || d.startsWith(pointer + '/') || pointer.startsWith(d + '/')) return true;
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

export function renderNode(state: RenderState, id: string, base?: string): TemplateResult | DirectiveResult | typeof nothing | null {
  const node = state.nodes.get(id);
  if (!node) return null;
  if (typeof node.repeat === 'string' && id !== state.root) {
    const at = inScope(node.repeat, base);
    if (at === null) return nothing;
    state.deps?.lists.add(at);
    const items = state.model.get(at);
    if (!Array.isArray(items)) return nothing;
    // Keyed by index: item 3 keeps its elements whatever happens to the others' values.
    return repeat([...items.keys()], (k: number) => k, (k: number) => renderOne(state, node, `${at}/${k}`)) as DirectiveResult;
  }
  return renderOne(state, node, base);
}

function renderOne(state: RenderState, node: LayoutNode, base: string | undefined): TemplateResult | typeof nothing | null {
  const entry = state.catalog.get(node.type);
  if (!entry) return null;
  if (node.visible !== undefined && !shown(state, node.visible, base)) return nothing;
  const tag = tagFor(entry.tag);
  const kids = (node.children ?? []).filter((k) => state.nodes.has(k) && (!state.visible || state.visible.has(k)));
  const props = state.draft ? withheld(entry, propsFor(entry, node, base)) : propsFor(entry, node, base);
  return html`<${tag} .props=${props} .model=${state.model} node-id=${node.id} data-jig-type=${node.type} jig-item=${base ?? nothing}>${repeat(kids, (k) => k, (k) => renderNode(state, k, base))}</${tag}>`;
}

function shown(state: RenderState, condition: Condition, base: string | undefined): boolean {
  return evaluateCondition(condition, (p) => {
    const at = inScope(p, base);
    if (at === null) return undefined;
    state.deps?.conditions.add(at);
    return state.model.get(at);
  });
}
