// The nested generation form of a catalog as decoding constraints: its JSON Schema and its GBNF grammar.
// Outside the core on purpose: only engines and the line constrain decoding, so only `jig/engines` and `jig/line` carry it.
import type { Catalog, JsonSchema } from './catalog.js';
import { describeTreeForm, treeFormGrammar, treeFormJsonSchema, type TreeFormOptions } from './tree-form.js';

export { treeGrammarSteps, type TreeDataMode, type TreeFormOptions } from './tree-form.js';

/**
 * JSON Schema (2020-12) of the nested generation form (docs/engines.md, "The nested form"): one `$defs` entry per
 * type, depth and form context, so children rules, form nesting, depth and sizes hold by construction.
 */
export function treeJsonSchema(catalog: Catalog, options?: TreeFormOptions): JsonSchema {
  return treeFormJsonSchema(describeTreeForm(catalog, options));
}

/** The same description as a GBNF grammar for llama.cpp (wllama): no optional whitespace, fixed key order. */
export function treeGrammar(catalog: Catalog, options?: TreeFormOptions): string {
  return treeFormGrammar(describeTreeForm(catalog, options));
}
