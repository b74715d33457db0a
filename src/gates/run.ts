// Runs the seven gates in order on text or an object. Every gate that can run does, so one
// verdict lists all the problems; nothing is thrown, and failures carry gate, code and path.
import type { Catalog } from '../catalog/catalog.js';
import { builtinCatalog } from '../catalog/builtin.js';
import { DEFAULT_LIMITS, MAX_TITLE, type LayoutDocument, type LayoutNode, type Limits } from '../layout/document.js';
import { flattenTree, isTreeDocument, mapTreeIssues } from '../layout/tree.js';
import { bindingsGate } from './bindings.js';
import { catalogGate } from './catalog-gate.js';
import { domainGate, type DomainRule } from './domain.js';
import { envelopeGate } from './envelope.js';
import { passesFast } from './fast.js';
import { graphGate, indexNodes } from './graph.js';
import { WARNING_CODES, type WarningCode } from './codes.js';
import { issue, type Issue } from './issue.js';
import { checkJsonValue, parseText } from './parse.js';
import { checkNodePolicy, checkValue, type PolicyOptions } from './policy.js';

export interface GateOptions extends PolicyOptions {
  /** Default: the built-in catalog. */
  catalog?: Catalog;
  /** Any limit not given keeps its default (DEFAULT_LIMITS). */
  limits?: Partial<Limits>;
  /** The site's own rules (gate 7). */
  rules?: readonly DomainRule[];
}

export type GateResult =
  | { ok: true; layout: LayoutDocument; warnings: Issue[] }
  | { ok: false; issues: Issue[] /** The parsed value, when parsing succeeded. */; layout?: unknown };

export function resolveLimits(limits?: Partial<Limits>): Limits {
  if (!limits) return DEFAULT_LIMITS;
  // Only numbers replace a default: `{maxBytes: config.maxBytes}` with the value missing (or NaN)
  // must not switch the limit off, as a plain spread of undefined would.
  const out: Limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(out) as (keyof Limits)[]) {
    const v = limits[key];
    if (typeof v === 'number' && !Number.isNaN(v)) out[key] = v;
  }
  return out;
}

/** Checks a layout document (JSON text as a model wrote it, or an object). Never throws. */
export function runGates(input: unknown, options: GateOptions = {}): GateResult {
  return guarded(input, options, true);
}

/**
 * The same verdict without the fast path: every gate builds its issue list, pass or fail. For the
 * differential test and the bench, which hold the two paths side by side.
 */
export function runFullGates(input: unknown, options: GateOptions = {}): GateResult {
  return guarded(input, options, false);
}

function guarded(input: unknown, options: GateOptions, fast: boolean): GateResult {
  try {
    const verdict = run(input, options, fast);
    return verdict.ok ? verdict : { ...verdict, issues: capIssues(verdict.issues) };
  } catch (err) {
    // The gates are written not to throw; if one does, the layout must still not render.
    return {
      ok: false,
      issues: [
        issue(
          'invalid_json',
          '',
          `the checks failed unexpectedly: ${err instanceof Error ? err.message : String(err)}`,
        ),
      ],
    };
  }
}

function run(input: unknown, options: GateOptions, fast: boolean): GateResult {
  const limits = resolveLimits(options.limits);
  const catalog = options.catalog ?? builtinCatalog;

  // 1 parse
  let doc: unknown = input;
  const fromText = typeof input === 'string';
  if (fromText) {
    const parsed = parseText(input, limits);
    if (!parsed.ok) return { ok: false, issues: parsed.issues };
    doc = parsed.value;
  }

  // Most documents pass: the fast path (fast.ts) says so without building a single issue. Only a
  // document it is not sure of goes through the gates below, which say what is wrong and where.
  if (fast && passesFast(doc, catalog, limits, options, fromText))
    return accept(doc as LayoutDocument, catalog, options);

  if (!fromText) {
    const { issues } = checkJsonValue(input, limits);
    if (issues.length) return { ok: false, issues };
  }

  // The nested generation form becomes the flat document here; the gates see only the flat
  // form, and their issues point back into the tree the model wrote (docs/format.md §9).
  if (isTreeDocument(doc)) {
    const flat = flattenTree(doc, limits);
    if (!flat.ok) return { ok: false, issues: flat.issues, layout: doc };
    const verdict = run(flat.layout, options, fast);
    if (verdict.ok) return verdict;
    return { ok: false, issues: mapTreeIssues(verdict.issues, flat.treePaths), layout: doc };
  }

  // 2 envelope
  const env = envelopeGate(doc, limits);
  const issues: Issue[] = [...env.issues];
  if (!env.readable) return { ok: false, issues, layout: doc };
  const layout = doc as LayoutDocument;
  const nodes: readonly LayoutNode[] = layout.nodes;
  const sound = env.soundNodes;

  // 3 catalog, 4 graph (they share the id and parent maps)
  const { index, issues: indexIssues } = indexNodes(nodes, sound);
  issues.push(...catalogGate(nodes, sound, catalog, index));
  issues.push(...indexIssues);
  issues.push(...graphGate(nodes, sound, layout.root, index, limits));

  // 5 bindings, 6 policy
  issues.push(...bindingsGate(nodes, sound, catalog, layout.data, layout.root, limits));
  issues.push(...policyGate(layout, sound, catalog, limits, options));

  // 7 domain: site rules see only documents that are sound so far.
  if (issues.length === 0 && options.rules?.length) issues.push(...domainGate(layout, options.rules, catalog));

  if (issues.length) return { ok: false, issues, layout: doc };
  return { ok: true, layout, warnings: warnings(layout) };
}

/** The verdict for a document that passed gates 1 to 6: the site's rules have the last word. */
function accept(layout: LayoutDocument, catalog: Catalog, options: GateOptions): GateResult {
  if (options.rules?.length) {
    const issues = domainGate(layout, options.rules, catalog);
    if (issues.length) return { ok: false, issues, layout };
  }
  return { ok: true, layout, warnings: warnings(layout) };
}

/** At most this many issues in one verdict: a hostile document can cause tens of thousands. */
export const MAX_ISSUES = 200;

/** The first MAX_ISSUES issues, then one `issues_truncated` issue that counts the rest. */
export function capIssues(issues: Issue[]): Issue[] {
  if (issues.length <= MAX_ISSUES) return issues;
  const rest = issues.length - MAX_ISSUES;
  return [
    ...issues.slice(0, MAX_ISSUES),
    issue(
      'issues_truncated',
      '',
      `${rest} more issue${rest === 1 ? '' : 's'} not listed (${issues.length} in all); fix these first and check again`,
    ),
  ];
}

function policyGate(
  layout: LayoutDocument,
  sound: readonly boolean[],
  catalog: Catalog,
  limits: Limits,
  options: PolicyOptions,
): Issue[] {
  const out: Issue[] = [];
  // The document's own keys are walked too: a top-level "__proto__" is as forbidden as a nested one.
  const { nodes: _nodes, ...rest } = layout;
  checkValue(rest, [], limits, out);
  if (
    typeof layout.title === 'string' &&
    layout.title.length > MAX_TITLE &&
    layout.title.length <= limits.maxStringLength
  ) {
    out.push(
      issue('string_too_long', '/title', `a title is at most ${MAX_TITLE} characters, received ${layout.title.length}`),
    );
  }
  layout.nodes.forEach((node, i) => {
    if (sound[i]) checkNodePolicy(catalog.get(node.type), node, i, limits, options, out);
    else checkValue(node, ['nodes', i], limits, out);
  });
  return out;
}

/** Things that render but a person would want to know. */
function warnings(layout: LayoutDocument): Issue[] {
  const out: Issue[] = [];
  let lastLevel = 0;
  // Ids are unique in a document that passed, so a node's place in the list is its index.
  for (let i = 0; i < layout.nodes.length; i++) {
    const n = layout.nodes[i]!;
    if (n.type !== 'heading') continue;
    const level = (n.props?.level as number | undefined) ?? 2;
    if (lastLevel && level > lastLevel + 1) {
      out.push({
        gate: WARNING_CODES.heading_skips_level.gate,
        code: 'heading_skips_level' satisfies WarningCode,
        path: `/nodes/${i}/props/level`,
        message: `heading "${n.id}" jumps from level ${lastLevel} to ${level}`,
      });
    }
    lastLevel = level;
  }
  return out;
}
