// Turns checked nodes into Lit templates: one custom element per node, props as properties,
// children as light-DOM children keyed by id. Tags come from the catalog, never from a model.
import { repeat } from 'lit/directives/repeat.js';
import { html, unsafeStatic, type StaticValue } from 'lit/static-html.js';
import type { TemplateResult } from 'lit';
import type { Catalog, CatalogEntry } from '../catalog/catalog.js';
import type { LayoutNode } from '../layout/document.js';
import type { DataModel } from './data-model.js';

export interface RenderState {
  catalog: Catalog;
  model: DataModel;
  nodes: ReadonlyMap<string, LayoutNode>;
  /** Only these ids render (while streaming, the painted ones). Undefined: all. */
  visible?: ReadonlySet<string>;
  /** A streamed document not yet checked whole: image URLs are withheld, so nothing loads before the verdict. */
  draft?: boolean;
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

export function renderNode(state: RenderState, id: string): TemplateResult | null {
  const node = state.nodes.get(id);
  if (!node) return null;
  const entry = state.catalog.get(node.type);
  if (!entry) return null;
  const tag = tagFor(entry.tag);
  const kids = (node.children ?? []).filter((k) => state.nodes.has(k) && (!state.visible || state.visible.has(k)));
  const props = state.draft ? withheld(entry, node.props ?? {}) : node.props ?? {};
  return html`<${tag} .props=${props} .model=${state.model} node-id=${id} data-jig-type=${node.type}>${repeat(kids, (k) => k, (k) => renderNode(state, k))}</${tag}>`;
}
