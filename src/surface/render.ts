// Turns checked nodes into Lit templates: one custom element per node, props as properties,
// children as light-DOM children keyed by id. Tags come from the catalog, never from a model.
import { repeat } from 'lit/directives/repeat.js';
import { html, unsafeStatic, type StaticValue } from 'lit/static-html.js';
import type { TemplateResult } from 'lit';
import type { Catalog } from '../catalog/catalog.js';
import type { LayoutNode } from '../layout/document.js';
import type { DataModel } from './data-model.js';

export interface RenderState {
  catalog: Catalog;
  model: DataModel;
  nodes: ReadonlyMap<string, LayoutNode>;
  /** Only these ids render (while streaming, the painted ones). Undefined: all. */
  visible?: ReadonlySet<string>;
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

export function renderNode(state: RenderState, id: string): TemplateResult | null {
  const node = state.nodes.get(id);
  if (!node) return null;
  const entry = state.catalog.get(node.type);
  if (!entry) return null;
  const tag = tagFor(entry.tag);
  const kids = (node.children ?? []).filter((k) => state.nodes.has(k) && (!state.visible || state.visible.has(k)));
  return html`<${tag} .props=${node.props ?? {}} .model=${state.model} node-id=${id} data-jig-type=${node.type}>${repeat(kids, (k) => k, (k) => renderNode(state, k))}</${tag}>`;
}
