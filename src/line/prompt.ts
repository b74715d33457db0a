// What a cheap station's model reads: a template variant (chosen by weight), the catalog,
// a few exemplars for the intent class, and — for a repair — the issues found.
import type { Catalog, JsonSchema } from '../catalog/catalog.js';
import { treeGrammarSteps, treeJsonSchema } from '../catalog/tree-constraints.js';
import type { GrammarSteps } from '../engines/engine.js';
import { compactSchema } from '../engines/schema.js';
import { runGates } from '../gates/run.js';
import { toTree } from '../layout/tree.js';
import type { LineConfig } from './config.js';

export const DEFAULT_SYSTEM = [
  'You assemble user interfaces as Jig layout documents: one JSON object, nothing else.',
  'Shape: {"version":1,"title"?:string,"root":id,"data"?:object,"nodes":[{"id","type","props"?,"children"?}]}.',
  'Nodes form a flat list; "children" lists child ids; every node is reachable from "root". Put "data" before "nodes".',
  'Inputs bind to JSON Pointers into "data" (e.g. "/guest/name").',
].join('\n');

/** The same instructions for the nested generation form (docs/engines.md, "The nested form"), which constrained decoders enforce. */
export const NESTED_SYSTEM = [
  'You assemble user interfaces as Jig layout documents: one JSON object, nothing else.',
  'Shape: {"version":1,"title"?:string,"data"?:object,"tree":{"type","props"?,"children"?:[node…]}}.',
  'Each node holds its children inline; no ids. Put "data" before "tree".',
  'Inputs bind to JSON Pointers into "data" (e.g. "/guest/name").',
].join('\n');

export const DEFAULT_TEMPLATE =
  'Components:\n{{catalog}}\n{{exemplars}}\nIntent: {{intent}}\n{{context}}\nAnswer with the layout JSON only.';

export interface BuiltPrompt {
  system: string;
  prompt: string;
  variant: string;
  promptVersion: string;
  exemplarVersion: string;
  exemplars: Array<{ intent: string; layout: unknown }>;
}

/** Picks a variant in proportion to its weight; `rng` returns [0, 1). */
export function pickVariant(config: LineConfig, rng: () => number): { id: string; template: string } {
  const variants = config.prompts?.variants ?? [{ id: 'default', weight: 1, template: DEFAULT_TEMPLATE }];
  const total = variants.reduce((s, v) => s + v.weight, 0);
  let r = rng() * total;
  for (const v of variants) {
    if (v.weight <= 0) continue;
    if ((r -= v.weight) < 0) return v;
  }
  return variants.filter((v) => v.weight > 0).at(-1) ?? variants[0]!;
}

export function buildPrompt(
  config: LineConfig,
  catalog: Catalog,
  req: { intent: string; context?: unknown; intentClass: string },
  rng: () => number,
): BuiltPrompt {
  const variant = pickVariant(config, rng);
  const items = config.exemplars?.items ?? [];
  const max = config.exemplars?.max ?? 2;
  const chosen = [
    ...items.filter((e) => e.intentClass === req.intentClass),
    ...items.filter((e) => e.intentClass !== req.intentClass),
  ].slice(0, max);
  const nested = config.generation?.form !== 'flat';
  // Exemplars are shown in the form the model is asked to write.
  const shown = (layout: unknown) => {
    if (!nested) return layout;
    const v = runGates(layout);
    return v.ok ? toTree(v.layout) : layout;
  };
  const exemplarText = chosen.length
    ? 'Examples:\n' + chosen.map((e) => `Intent: ${e.intent}\n${JSON.stringify(shown(e.layout))}`).join('\n') + '\n'
    : '';
  const fill = (t: string) =>
    t
      .replaceAll('{{intent}}', req.intent)
      .replaceAll('{{context}}', req.context === undefined ? '' : `Context (JSON): ${JSON.stringify(req.context)}`)
      .replaceAll('{{catalog}}', catalog.prompt())
      .replaceAll('{{exemplars}}', exemplarText);
  return {
    system: config.prompts?.system ?? (nested ? NESTED_SYSTEM : DEFAULT_SYSTEM),
    prompt: fill(variant.template),
    variant: variant.id,
    promptVersion: `${config.prompts?.version ?? '1'}/${variant.id}`,
    exemplarVersion: config.exemplars?.version ?? (chosen.length ? '1' : 'none'),
    exemplars: chosen.map((e) => ({ intent: e.intent, layout: e.layout })),
  };
}

/**
 * The JSON Schema handed to constrained decoding, optionally with fewer nodes and shorter free
 * strings (a small model fills strings to their limit and wanders through every node shape).
 */
export function generationSchema(catalog: Catalog, opts: { maxNodes?: number; maxString?: number }): JsonSchema {
  const schema = catalog.jsonSchema(opts.maxNodes ? { maxNodes: opts.maxNodes } : {});
  // An id's repeat keeps 1 to 63 characters after its first, whatever the string cap.
  const maxIdLength = Math.min(64, Math.max(2, opts.maxString ?? 0));
  return opts.maxString ? compactSchema(schema, { maxStringLength: opts.maxString, maxIdLength }) : schema;
}

const steps = new WeakMap<Catalog, Map<string, GrammarSteps>>();

/**
 * What constrained decoding gets: in the nested form (the default), the catalog's tree JSON
 * Schema and its two-step grammar (for engines that take GBNF); in the flat form, the flat schema.
 */
export function generationConstraint(
  catalog: Catalog,
  opts: {
    maxNodes?: number;
    maxString?: number;
    form?: 'nested' | 'flat';
    actions?: readonly string[];
    wayForward?: boolean;
  },
): { schema: JsonSchema; grammar?: GrammarSteps } {
  if (opts.form === 'flat') return { schema: generationSchema(catalog, opts) };
  const tree = {
    ...(opts.maxString ? { maxText: opts.maxString } : {}),
    ...(opts.actions ? { actions: opts.actions } : {}),
    ...(opts.wayForward ? { wayForward: true } : {}),
  };
  const key = JSON.stringify(tree);
  let byKey = steps.get(catalog);
  if (!byKey) steps.set(catalog, (byKey = new Map()));
  let grammar = byKey.get(key);
  if (!grammar) byKey.set(key, (grammar = treeGrammarSteps(catalog, tree)));
  return { schema: treeJsonSchema(catalog, tree), grammar };
}
