// Learning what a class's layouts must contain (routing `require`, src/line/requirements.ts) from
// what visitors said: a component, with prop values and a count, that (nearly) every accepted
// layout of the class has and rejected ones lack. Such a requirement turns the cheap station's
// confident mistakes (a job application without its URL field) into gate failures, which the
// line repairs or escalates, instead of pages visitors reject. Before any rejection, a class is
// also held to its distinctive parts: what its accepted layouts all have and other classes' rarely do.
import type { Catalog } from '../catalog/catalog.js';
import type { Requirement } from '../line/config.js';
import { describeRequirement, matches, meets, type NodeLike } from '../line/requirements.js';
import type { TuneBounds } from './bounds.js';
import { accepted as acceptedBy, type LayoutEvidence } from './evidence.js';
import { isInheritedName } from '../util/own.js';

/** A prop value a requirement may name: a flag, a number, or a short lower-case token ("url", "search"). */
const TOKEN = /^[a-z][a-z0-9_-]{0,23}$/;
const nameable = (v: unknown): v is string | number | boolean =>
  typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && TOKEN.test(v));

/** A layout's nodes when it has the flat form (`{nodes: [{type, props?}]}`); null otherwise. */
function nodesOf(layout: unknown): NodeLike[] | null {
  const nodes = (layout as { nodes?: unknown } | null)?.nodes;
  if (!Array.isArray(nodes)) return null;
  return nodes.filter(
    (n): n is NodeLike =>
      n !== null &&
      typeof n === 'object' &&
      typeof (n as NodeLike).type === 'string' &&
      (n as NodeLike).type !== '' &&
      ((n as NodeLike).props === undefined || typeof (n as NodeLike).props === 'object'),
  );
}

/** Whether a component's prop names a kind of part (an enum, a flag, a count, an action), not free text. */
export type CategoricalProp = (type: string, prop: string) => boolean;

const kinds = new WeakMap<Catalog, CategoricalProp>();

/**
 * The catalog's categorical props: those its JSON Schema gives as an enum, a boolean or an integer
 * of at most 12 (an input's `inputType`, `multiline`, a heading's `level`; not an image's width),
 * and action props (a form's `action`).
 * Labels, text and pointers are free text. Worked out once per catalog.
 */
export function catalogCategorical(catalog: Catalog): CategoricalProp {
  let f = kinds.get(catalog);
  if (f) return f;
  const yes = new Set<string>();
  const walk = (v: unknown, depth: number): void => {
    if (v === null || typeof v !== 'object' || depth > 12) return;
    const o = v as { properties?: Record<string, { const?: unknown; properties?: Record<string, unknown> }> };
    const type = o.properties?.type?.const;
    const props = o.properties?.props?.properties;
    if (typeof type === 'string' && props)
      for (const [k, p] of Object.entries(props)) {
        const t = p as { enum?: unknown; type?: unknown; maximum?: unknown };
        // A small count (a heading's level, a grid's columns) names a kind of part; a size in pixels does not.
        const count = t.type === 'integer' && typeof t.maximum === 'number' && t.maximum <= 12;
        if (t.enum || t.type === 'boolean' || count) yes.add(`${type}\u0000${k}`);
      }
    for (const x of Object.values(v)) walk(x, depth + 1);
  };
  walk(catalog.jsonSchema(), 0);
  for (const type of catalog.types)
    for (const [prop, role] of catalog.get(type)?.roles ?? [])
      if (role.role === 'action') yes.add(`${type}\u0000${prop}`);
  f = (type, prop) => yes.has(`${type}\u0000${prop}`);
  kinds.set(catalog, f);
  return f;
}

/**
 * Without a catalog: the props of a class's layouts that name a kind of part (an input's type, a
 * form's action, a flag): every value nameable, few distinct values, each seen again and again.
 * Labels and other free text vary from page to page and are never required.
 */
function categoricalProps(layouts: readonly NodeLike[][]): Set<string> {
  const seen = new Map<string, { values: Set<unknown>; uses: number; plain: boolean }>();
  for (const nodes of layouts)
    for (const n of nodes)
      for (const k in n.props) {
        if (!Object.hasOwn(n.props, k)) continue;
        const key = `${n.type}\u0000${k}`;
        let e = seen.get(key);
        if (!e) seen.set(key, (e = { values: new Set(), uses: 0, plain: true }));
        // Past 6 values, or one that is free text, the prop is out: nothing more to learn of it.
        if (!e.plain) continue;
        const v = n.props[k];
        if (nameable(v)) e.values.add(v);
        e.plain = nameable(v) && e.values.size <= 6;
        e.uses++;
      }
  const out = new Set<string>();
  for (const [key, e] of seen) if (e.plain && e.values.size * 2 <= e.uses) out.add(key);
  return out;
}

/**
 * How many nodes of a layout each component (its type, and its type with one categorical prop
 * value) counts, by key. A component is added to `known` the first time its key is seen.
 */
function componentCounts(
  nodes: readonly NodeLike[],
  categorical: CategoricalProp,
  known: Map<string, { r: Requirement; counts: number[] }>,
): Map<string, number> {
  const here = new Map<string, number>();
  const bump = (key: string, make: () => Requirement) => {
    here.set(key, (here.get(key) ?? 0) + 1);
    if (!known.has(key)) known.set(key, { r: make(), counts: [] });
  };
  for (const n of nodes) {
    bump(n.type, () => ({ type: n.type }));
    if (!n.props) continue;
    for (const k in n.props) {
      if (!Object.hasOwn(n.props, k)) continue;
      const v = n.props[k];
      // Evidence comes from visitors' browsers: a prop named like a member every object has
      // ("__proto__") is never written into a config (which would refuse it).
      if (nameable(v) && !isInheritedName(k) && categorical(n.type, k))
        bump(`${n.type}\u0000${k}\u0000${typeof v}\u0000${String(v)}`, () => ({ type: n.type, props: { [k]: v } }));
    }
  }
  return here;
}

/** The largest count a requirement names (the line config's bound on `min`). */
const MAX_COUNT = 1000;

/** Accepted: liked more than not, or acted on and never rated down. Rejected: disliked more than liked. */
const isAccepted = (l: LayoutEvidence) => acceptedBy(l, 1);
const isRejected = (l: LayoutEvidence) => l.down > l.up;

/** Accepted layouts a requirement may miss: 2%, so one odd accepted page does not veto a need the rest share. */
const tolerance = (accepted: number) => Math.floor(accepted * 0.02);

export interface LearnedRequirements {
  require: Requirement[];
  added: Requirement[];
  dropped: Requirement[];
  /** Per requirement now held: accepted layouts that have it, and rejected ones that lack it. */
  support: Array<{
    requirement: Requirement;
    accepted: number;
    of: number;
    rejectedLacking: number;
    rejected: number;
    /** The share of other classes' recent accepted layouts that have it (when there were any). */
    elsewhere?: number;
  }>;
}

/**
 * The requirements a class should carry, from its rated layouts: the ones it has that accepted
 * layouts still bear out, plus new ones (most rejected layouts accounted for first) while each
 * accounts for at least `minRejected` rejected layouts the others do not, then its distinctive
 * parts (rare in `elsewhere`) up to `distinctive`. Null: not enough evidence (fewer than
 * `minAccepted` accepted layouts), so the class keeps what it has.
 */
export function learnRequirements(
  layouts: readonly LayoutEvidence[],
  current: readonly Requirement[],
  bounds: TuneBounds['requirements'],
  /**
   * Accepted layouts of the line's other classes (`recentAccepted`): a part they hold too says
   * less about this class's kind of page.
   */
  elsewhere: readonly LayoutEvidence[] = [],
  /** Which props may be required by value (`catalogCategorical`); without it, judged from the layouts. */
  categorical?: CategoricalProp,
): LearnedRequirements | null {
  const accepted: NodeLike[][] = [],
    rejected: NodeLike[][] = [];
  for (const l of layouts) {
    const nodes = nodesOf(l.layout);
    if (!nodes) continue;
    if (isAccepted(l)) accepted.push(nodes);
    else if (isRejected(l)) rejected.push(nodes);
  }
  if (accepted.length < bounds.minAccepted) return null;
  const tol = tolerance(accepted.length);
  const misses = (r: Requirement, set: NodeLike[][]) => set.filter((nodes) => !meets(nodes, r));
  // What visitors accept still has it: kept. (Layouts a requirement blocks are never rated, so only the accepted can undo one.)
  const kept = current.filter((r) => misses(r, accepted).length <= tol);
  const require = [...kept];
  let open = rejected.filter((nodes) => kept.every((r) => meets(nodes, r)));
  // Candidates: each component nearly every accepted layout holds, at the count nearly all reach.
  const seenProps = categorical ? null : categoricalProps([...accepted, ...rejected]);
  const isCategorical: CategoricalProp = categorical ?? ((type, prop) => seenProps!.has(`${type}\u0000${prop}`));
  const seen = new Map<string, { r: Requirement; counts: number[] }>();
  for (const nodes of accepted)
    for (const [key, n] of componentCounts(nodes, isCategorical, seen)) seen.get(key)!.counts.push(n);
  const candidates: Requirement[] = [];
  for (const { r, counts } of seen.values()) {
    if (counts.length < accepted.length - tol) continue;
    const sorted = [...counts, ...Array(accepted.length - counts.length).fill(0)].sort((a, b) => a - b);
    // A count the line config takes (at most 1000): a page with more of a part still meets it.
    const min = Math.min(sorted[tol]!, MAX_COUNT);
    if (min < 1) continue;
    candidates.push(min > 1 ? { ...r, min } : r);
  }
  const others = elsewhere.map((l) => nodesOf(l.layout)).filter((nodes) => nodes !== null);
  const shares = new Map<Requirement, number>();
  const commonElsewhere = (r: Requirement) => {
    let share = shares.get(r);
    if (share === undefined) {
      share = others.length ? (others.length - misses(r, others).length) / others.length : 0;
      shares.set(r, share);
    }
    return share;
  };
  while (require.length < bounds.perClass && open.length) {
    let best: { r: Requirement; lacking: NodeLike[][]; common: number } | null = null;
    for (const r of candidates) {
      if (require.some((x) => sameRequirement(x, r))) continue;
      const lacking = misses(r, open);
      if (best && lacking.length < best.lacking.length) continue;
      const common = commonElsewhere(r);
      if (
        !best ||
        lacking.length > best.lacking.length ||
        // On a tie, the part other classes' pages hold least: it is what makes this kind of page
        // (an URL field for a job application, where every form has a text field)…
        common < best.common ||
        // …then the more specific one: a prop value names the kind of part the page needs (an URL
        // field, a search form), which a count of that type ("3 fields") only stands in for.
        (common === best.common && specificity(r) > specificity(best.r))
      )
        best = { r, lacking, common };
    }
    if (!best || best.lacking.length < bounds.minRejected) break;
    require.push(best.r);
    open = open.filter((nodes) => !best.lacking.includes(nodes));
  }
  // Before any rejection shows the need: the parts every accepted page of the class holds and
  // other classes' pages mostly lack, which make this kind of page (a dashboard's stats, a survey's
  // select). A browser model that has not yet made a mistake on a class (or a new one, after
  // retraining) is held to them from its first page, instead of after visitors reject two.
  // Only against enough pages of other classes to tell what is distinctive.
  if (bounds.distinctive > 0 && others.length >= bounds.minAccepted) {
    const distinct = candidates
      .filter((r) => commonElsewhere(r) <= bounds.distinctiveShare)
      .sort((a, b) => commonElsewhere(a) - commonElsewhere(b) || specificity(b) - specificity(a));
    let n = require.filter((r) => commonElsewhere(r) <= bounds.distinctiveShare).length;
    for (const r of distinct) {
      if (require.length >= bounds.perClass || n >= bounds.distinctive) break;
      if (require.some((x) => implies(x, r) || implies(r, x))) continue;
      require.push(r);
      n++;
    }
  }
  const added = require.filter((r) => !current.some((x) => sameRequirement(x, r)));
  const dropped = current.filter((r) => !require.some((x) => sameRequirement(x, r)));
  return {
    require,
    added,
    dropped,
    support: require.map((r) => ({
      requirement: r,
      accepted: accepted.length - misses(r, accepted).length,
      of: accepted.length,
      rejectedLacking: misses(r, rejected).length,
      rejected: rejected.length,
      ...(others.length ? { elsewhere: commonElsewhere(r) } : {}),
    })),
  };
}

/**
 * The latest accepted layouts of classes other than `cls`, at most 400 (a share, not a census),
 * from `byTime`: the evidence's layouts, newest first.
 */
export function recentAccepted(byTime: readonly LayoutEvidence[], cls: string): LayoutEvidence[] {
  const out: LayoutEvidence[] = [];
  for (const l of byTime) {
    if (out.length >= 400) break;
    if (l.intentClass !== cls && isAccepted(l)) out.push(l);
  }
  return out;
}

/**
 * Whether a layout that meets `a` always meets `b`: `b`'s count at most `a`'s, and a node `a`
 * counts (its type, `a`'s props) is one `b` counts.
 */
function implies(a: Requirement, b: Requirement): boolean {
  return (b.min ?? 1) <= (a.min ?? 1) && matches({ type: a.type, ...(a.props ? { props: a.props } : {}) }, b);
}

const specificity = (r: Requirement) => (r.props ? 1000 : 0) + (r.min ?? 1);

export function sameRequirement(a: Requirement, b: Requirement): boolean {
  return a.type === b.type && (a.min ?? 1) === (b.min ?? 1) && JSON.stringify(a.props) === JSON.stringify(b.props);
}

/** The readable evidence for a class's requirements. */
export function describeSupport(s: LearnedRequirements['support']): string {
  return s
    .map(
      (x) =>
        `${describeRequirement(x.requirement)}: ${x.accepted} of ${x.of} accepted layouts have it, ${x.rejectedLacking} of ${x.rejected} rejected lack it${x.elsewhere === undefined ? '' : `, ${Math.round(x.elsewhere * 100)}% of other classes' accepted layouts have it`}`,
    )
    .join('; ');
}
