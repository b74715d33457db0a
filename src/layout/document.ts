// The layout document, version 1 (docs/format.md): what every station emits and the surface renders.
import type { Condition } from './condition.js';

export const LAYOUT_VERSION = 1;
export const ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
export const ID_PATTERN_SOURCE = '^[A-Za-z][A-Za-z0-9_-]{0,63}$';
/** Action names: like ids, plus "." and ":" for namespaced actions ("cart:add"). */
export const ACTION_PATTERN = /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/;
export const BUILTIN_ACTIONS: readonly string[] = ['next-step', 'prev-step'];

/** The top-level keys in the order a constrained model generates them. */
export const DOCUMENT_KEYS = ['version', 'title', 'root', 'data', 'nodes'] as const;
export const NODE_KEYS = ['id', 'type', 'props', 'children', 'repeat', 'visible'] as const;
/** Longest `title` (the JSON Schema says the same). */
export const MAX_TITLE = 200;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type DataModelValue = Record<string, unknown>;

export interface LayoutNode {
  id: string;
  type: string;
  props?: Record<string, unknown>;
  children?: string[];
  /** A pointer to an array in data: the node and its subtree render once per item (docs/format.md §8). */
  repeat?: string;
  /** Shown only while this condition on data holds (docs/format.md §8). */
  visible?: Condition;
}

export interface LayoutDocument {
  version: 1;
  title?: string;
  root: string;
  data?: Record<string, unknown>;
  nodes: LayoutNode[];
}

/** A `$data` reference, accepted by display props marked for it in the catalog. */
export interface DataRef {
  $data: string;
}

export function isDataRef(value: unknown): value is DataRef {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    typeof (value as DataRef).$data === 'string' &&
    Object.keys(value).length === 1
  );
}

/** Safe defaults for every size limit; a surface or a call may set its own. */
export interface Limits {
  /** Bytes of JSON text (or the estimated size of an object). */
  maxBytes: number;
  maxNodes: number;
  /** Depth of the node tree from the root. */
  maxTreeDepth: number;
  /** Nesting of JSON arrays and objects anywhere in the document. */
  maxJsonDepth: number;
  maxStringLength: number;
  maxChildren: number;
  /** Longest object key anywhere (data keys, row keys): a pointer to it must fit a `bind` prop. */
  maxKeyLength: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxBytes: 512 * 1024,
  maxNodes: 1000,
  maxTreeDepth: 32,
  maxJsonDepth: 64,
  maxStringLength: 5000,
  maxChildren: 200,
  maxKeyLength: 256,
});
