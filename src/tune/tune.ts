// tune(evidence, config, bounds) → a proposal: a new line config that changes only what tuning
// may change (exemplars, cache, routing, variant weights, parameters), with a diff a person can read.
import { layoutId } from '../line/line.js';
import type { LineConfig, RouteRule } from '../line/config.js';
import type { LayoutDocument } from '../layout/document.js';
import { thompsonWeights } from './bandit.js';
import type { TuneBounds } from './bounds.js';
import type { Evidence, LayoutEvidence, StationEvidence } from './evidence.js';
import { deepEqual, untunableChanges } from './guard.js';
import { seededRandom } from './rng.js';
import { posteriorMean, wilson, type Tally } from './stats.js';

export type ChangeKind = 'exemplars' | 'cache' | 'routing' | 'variants' | 'parameters';

export interface Change {
  kind: ChangeKind;
  /** JSON Pointer into the config. */
  path: string;
  /** One line: what changed. */
  summary: string;
  /** On what evidence. */
  evidence: string;
  /** How many samples that evidence rests on. */
  samples: number;
  before: unknown;
  after: unknown;
}

/** The cheap station's tallies for a class at a moment (routing compares against it). */
export interface RouteSnapshot {
  first: Tally;
  rated: Tally;
  audits: number;
  agreement: number;
}

/** Tuning's memory between rounds: per class, where routing put it and since when. */
export interface TuneState {
  round: number;
  routing: Record<string, { mode: 'premium' | 'probe' | 'cheap'; since: number; wait: number; base: RouteSnapshot; /** What sent the class up: the trial must show enough of that to come down. */ why?: 'gates' | 'audits' | 'users' }>;
}

export interface Proposal {
  /** The proposed config (same version as the input; the version store numbers it). */
  config: LineConfig;
  changes: Change[];
  state: TuneState;
  /** The version the proposal was made from. */
  from: string;
  /** Events the evidence was folded from. */
  events: number;
}

export interface TuneOptions {
  /** Random source for the bandit. Default: seeded from `seed` (default 1), so a run replays. */
  rng?: () => number;
  seed?: number;
  /** Whether a layout passes this line's gates now (exemplars and cache entries must). Default: all pass. */
  check?: (layout: unknown) => boolean;
  /** Tuning's state after the previous round. */
  state?: TuneState;
}

export const emptyState = (): TuneState => ({ round: 0, routing: {} });

const pct = (t: Tally) => (t.n ? `${t.ok}/${t.n} (${Math.round((t.ok / t.n) * 100)}%)` : 'no samples');
const zero = (): RouteSnapshot => ({ first: { n: 0, ok: 0 }, rated: { n: 0, ok: 0 }, audits: 0, agreement: 0 });
const snap = (s: StationEvidence | undefined): RouteSnapshot => (s ? { first: { ...s.first }, rated: { ...s.rated }, audits: s.audits, agreement: s.agreement } : zero());
const minus = (a: RouteSnapshot, b: RouteSnapshot): RouteSnapshot => ({
  first: { n: Math.max(0, a.first.n - b.first.n), ok: Math.max(0, a.first.ok - b.first.ok) },
  rated: { n: Math.max(0, a.rated.n - b.rated.n), ok: Math.max(0, a.rated.ok - b.rated.ok) },
  audits: Math.max(0, a.audits - b.audits), agreement: Math.max(0, a.agreement - b.agreement),
});
const exemplarChars = (e: { intent: string; layout: unknown }) => e.intent.length + JSON.stringify(e.layout).length;

/** Proposes a new line config from the evidence. Pure: same inputs (and seed), same proposal. */
export function tune(evidence: Evidence, config: LineConfig, bounds: TuneBounds, opts: TuneOptions = {}): Proposal {
  const rng = opts.rng ?? seededRandom(opts.seed ?? 1);
  const check = opts.check ?? (() => true);
  const next = structuredClone(config);
  const changes: Change[] = [];
  const state: TuneState = structuredClone(opts.state ?? emptyState());
  state.round++;

  if (bounds.parts.exemplars) tuneExemplars(evidence, next, bounds, check, changes);
  if (bounds.parts.cache) tuneCache(evidence, next, bounds, check, changes);
  if (bounds.parts.routing) tuneRouting(evidence, next, bounds, state, changes);
  if (bounds.parts.variants) tuneVariants(evidence, next, bounds, rng, changes);
  if (bounds.parts.parameters) tuneParameters(evidence, next, bounds, changes);

  const stray = untunableChanges(config, next);
  if (stray.length) throw new Error(`tuning changed parts it may not (${stray.join(', ')}); this is a bug in src/tune`);
  return { config: next, changes, state, from: String(config.version), events: evidence.events };
}

function rankedLayouts(list: LayoutEvidence[]): LayoutEvidence[] {
  return [...list].sort((a, b) => posteriorMean({ n: b.up + b.down, ok: b.up }) - posteriorMean({ n: a.up + a.down, ok: a.up }) || b.up - a.up || b.time - a.time || (a.layoutId < b.layoutId ? -1 : 1));
}

function tuneExemplars(ev: Evidence, next: LineConfig, bounds: TuneBounds, check: (l: unknown) => boolean, changes: Change[]): void {
  const b = bounds.exemplars;
  const byClass = new Map<string, LayoutEvidence[]>();
  for (const l of Object.values(ev.layouts)) {
    if (l.up + l.down < b.minRatings || l.up <= l.down || !check(l.layout)) continue;
    byClass.set(l.intentClass, [...(byClass.get(l.intentClass) ?? []), l]);
  }
  if (!byClass.size) return;
  const classes = [...byClass.keys()].sort((x, y) => (ev.classes[y]?.requests ?? 0) - (ev.classes[x]?.requests ?? 0) || (x < y ? -1 : 1));
  const items: NonNullable<LineConfig['exemplars']>['items'] = [];
  const why: string[] = [];
  let chars = 0, samples = 0;
  const fits = (e: { intent: string; layout: unknown }) => items.length < b.maxItems && chars + exemplarChars(e) <= b.maxChars;
  for (const cls of classes) {
    for (const l of rankedLayouts(byClass.get(cls)!).slice(0, b.perClass)) {
      const item = { intent: l.intent || cls, intentClass: cls, layout: l.layout };
      if (!fits(item)) continue;
      items.push(item);
      chars += exemplarChars(item);
      samples += l.up + l.down;
      why.push(`"${cls}": ${l.layoutId} rated ${l.up} up / ${l.down} down`);
    }
  }
  // The site's own exemplars for classes without rated layouts stay, budget permitting.
  for (const e of next.exemplars?.items ?? []) {
    if (e.intentClass !== undefined && byClass.has(e.intentClass)) continue;
    if (items.some((x) => deepEqual(x, e)) || !fits(e)) continue;
    items.push(e);
    chars += exemplarChars(e);
  }
  const before = next.exemplars?.items ?? [];
  if (deepEqual(before, items)) return;
  const version = 'x' + layoutId({ items } as unknown as LayoutDocument).slice(1);
  next.exemplars = { ...next.exemplars, version, items };
  changes.push({
    kind: 'exemplars', path: '/exemplars', before: before.length, after: items.length,
    summary: `exemplars: ${before.length} → ${items.length} (${chars} characters of ${b.maxChars}), version ${version}`,
    evidence: `best-rated layouts per class: ${why.join('; ')}`, samples,
  });
}

function tuneCache(ev: Evidence, next: LineConfig, bounds: TuneBounds, check: (l: unknown) => boolean, changes: Change[]): void {
  if (!next.stations.some((s) => s.kind === 'cache')) return;
  const best = new Map<string, LayoutEvidence>();
  for (const l of Object.values(ev.layouts)) {
    if (l.station === 'cache' || l.down > l.up || JSON.stringify(l.layout).length > bounds.cache.maxChars || !check(l.layout)) continue;
    const cur = best.get(l.intentClass);
    // Last known good: a liked layout beats an unrated one; then the latest.
    const rank = (x: LayoutEvidence) => [x.up > x.down ? 1 : 0, x.time] as const;
    if (!cur || rank(l)[0] > rank(cur)[0] || (rank(l)[0] === rank(cur)[0] && l.time > cur.time)) best.set(l.intentClass, l);
  }
  const cache = { ...(next.cache ?? {}) };
  let changed = false;
  for (const [cls, entry] of Object.entries(cache)) {
    const rated = ev.layouts[layoutId(entry as LayoutDocument)];
    if (rated && rated.down > rated.up && !best.has(cls)) {
      delete cache[cls];
      changed = true;
      changes.push({ kind: 'cache', path: `/cache/${cls}`, before: rated.layoutId, after: null, summary: `cache "${cls}": removed`, evidence: `the cached layout was rated ${rated.up} up / ${rated.down} down`, samples: rated.up + rated.down });
    }
  }
  for (const [cls, l] of [...best].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const prev = cache[cls];
    if (prev !== undefined && deepEqual(prev, l.layout)) continue;
    cache[cls] = l.layout;
    changed = true;
    changes.push({
      kind: 'cache', path: `/cache/${cls}`, before: prev === undefined ? null : layoutId(prev as LayoutDocument), after: l.layoutId,
      summary: `cache "${cls}": ${prev === undefined ? 'set to' : 'replaced by'} ${l.layoutId}`,
      evidence: `last known good from the ${l.station} station, rendered ${l.rendered}×, rated ${l.up} up / ${l.down} down`, samples: l.rendered + l.up + l.down,
    });
  }
  if (changed) next.cache = cache;
}

function verdictBad(d: RouteSnapshot, r: TuneBounds['routing']): { why: 'gates' | 'audits' | 'users'; text: string } | null {
  // Point estimates on at least minSamples, as the line's own routing judges; hysteresis keeps it from flapping.
  if (d.first.n >= r.minSamples && d.first.ok / d.first.n < r.minPassRate) return { why: 'gates', text: `the cheap station passed the gates ${pct(d.first)} (needs ${Math.round(r.minPassRate * 100)}%)` };
  if (d.audits >= r.minSamples && d.agreement / d.audits < r.minAuditAgreement) return { why: 'audits', text: `premium audits agreed ${(d.agreement / d.audits).toFixed(2)} on average over ${d.audits} audits (needs ${r.minAuditAgreement})` };
  if (d.rated.n >= r.minSamples && d.rated.ok / d.rated.n < r.minFeedback) return { why: 'users', text: `visitors liked ${pct(d.rated)} of the cheap station's layouts (needs ${Math.round(r.minFeedback * 100)}%)` };
  return null;
}

function verdictEarned(d: RouteSnapshot, r: TuneBounds['routing'], why: 'gates' | 'audits' | 'users' | undefined): string | null {
  if (d.first.n < r.minSamples) return null;
  // The trial must answer the reason the class went up: enough ratings, or enough audits, too.
  if (why === 'users' && d.rated.n < r.minSamples) return null;
  if (why === 'audits' && d.audits < r.minSamples) return null;
  // Coming down costs visitors when it is wrong: the point estimate must clear the bar plus the
  // hysteresis, and the lower end of its interval must clear the bar itself.
  const clears = (t: Tally, bar: number) => t.ok / t.n >= bar + r.hysteresis && wilson(t, 1).low >= bar;
  if (!clears(d.first, r.minPassRate)) return null;
  if (d.rated.n >= r.minSamples && !clears(d.rated, r.minFeedback)) return null;
  if (d.audits >= r.minSamples && d.agreement / d.audits < r.minAuditAgreement + r.hysteresis) return null;
  return `on trial the cheap station passed the gates ${pct(d.first)}${d.rated.n ? `, visitors liked ${pct(d.rated)}` : ''} (needs ${Math.round((r.minPassRate + r.hysteresis) * 100)}% with the hysteresis)`;
}

function setStart(next: LineConfig, cls: string, start: RouteRule['start'] | undefined): void {
  const routing = (next.routing ??= {});
  const classes = { ...(routing.classes ?? {}) };
  const rule: RouteRule = { ...(classes[cls] ?? {}) };
  if (start) rule.start = start; else delete rule.start;
  if (Object.keys(rule).length) classes[cls] = rule; else delete classes[cls];
  routing.classes = classes;
  if (!Object.keys(classes).length) delete routing.classes;
  if (!Object.keys(routing).length) delete next.routing;
}

function tuneRouting(ev: Evidence, next: LineConfig, bounds: TuneBounds, state: TuneState, changes: Change[]): void {
  if (!next.stations.some((s) => s.kind === 'browser') || !next.stations.some((s) => s.kind === 'premium')) return;
  const r = bounds.routing;
  const classes = new Set([...Object.keys(ev.classes), ...Object.keys(state.routing)]);
  for (const cls of [...classes].sort()) {
    const now = snap(ev.classes[cls]?.stations.browser);
    const site = next.routing?.classes?.[cls]?.start;
    const st = state.routing[cls];
    // A start the site set by hand, with no decision of tuning behind it, is the site's to keep.
    if (!st && site !== undefined) continue;
    const d = minus(now, st?.base ?? zero());
    const mode = st?.mode ?? 'cheap';
    if (mode === 'cheap' || mode === 'probe') {
      const bad = verdictBad(d, r);
      if (bad) {
        const wait = mode === 'probe' ? Math.min(r.maxProbeAfter, st!.wait * 2) : r.probeAfter;
        state.routing[cls] = { mode: 'premium', since: state.round, wait, base: now, why: bad.why };
        setStart(next, cls, 'premium');
        changes.push({ kind: 'routing', path: `/routing/classes/${cls}/start`, before: site ?? null, after: 'premium', summary: `routing "${cls}": start at premium${mode === 'probe' ? ' again (trial failed)' : ''}`, evidence: `${bad.text}; next trial of the cheap station after ${wait} tune rounds`, samples: d.first.n + d.rated.n + d.audits });
      } else if (mode === 'probe') {
        const earned = verdictEarned(d, r, st!.why);
        if (earned) {
          state.routing[cls] = { mode: 'cheap', since: state.round, wait: r.probeAfter, base: st!.base };
          changes.push({ kind: 'routing', path: `/routing/classes/${cls}`, before: 'trial', after: 'cheap', summary: `routing "${cls}": the cheap station keeps the class`, evidence: earned, samples: d.first.n + d.rated.n });
        }
      }
    } else if (state.round - st!.since >= st!.wait) {
      state.routing[cls] = { mode: 'probe', since: state.round, wait: st!.wait, base: now, ...(st!.why ? { why: st!.why } : {}) };
      setStart(next, cls, undefined);
      changes.push({ kind: 'routing', path: `/routing/classes/${cls}/start`, before: 'premium', after: null, summary: `routing "${cls}": trial of the cheap station`, evidence: `${st!.wait} tune rounds at premium; the cheap station must earn the class back (${r.minSamples} samples, ${Math.round((r.minPassRate + r.hysteresis) * 100)}% gate passes)`, samples: 0 });
    }
  }
}

function tuneVariants(ev: Evidence, next: LineConfig, bounds: TuneBounds, rng: () => number, changes: Change[]): void {
  const variants = next.prompts?.variants;
  if (!variants || variants.length < 2) return;
  const live = variants.filter((v) => v.weight > 0).map((v) => v.id);
  if (live.length < 2) return;
  const samples = live.reduce((s, id) => s + (ev.variants[id]?.gates.n ?? 0), 0);
  if (samples < bounds.variants.minSamples) return;
  const w = thompsonWeights(ev.variants, live, { rng, draws: bounds.variants.draws, minWeight: bounds.variants.minWeight });
  const total = variants.reduce((s, v) => s + v.weight, 0);
  const moved = live.some((id) => Math.abs(w[id]! - variants.find((v) => v.id === id)!.weight / total) >= 0.02);
  if (!moved) return;
  const before = Object.fromEntries(variants.map((v) => [v.id, Math.round((v.weight / total) * 1000) / 1000]));
  next.prompts = { ...next.prompts!, variants: variants.map((v) => ({ ...v, weight: v.weight > 0 ? w[v.id]! : 0 })) };
  const detail = live.map((id) => `${id}: gates ${pct(ev.variants[id]?.gates ?? { n: 0, ok: 0 })}, liked ${pct(ev.variants[id]?.feedback ?? { n: 0, ok: 0 })}`).join('; ');
  changes.push({ kind: 'variants', path: '/prompts/variants', before, after: w, summary: `prompt variant weights: ${live.map((id) => `${id} ${before[id]} → ${w[id]}`).join(', ')}`, evidence: `Thompson sampling over ${bounds.variants.draws} draws — ${detail}`, samples });
}

function tuneParameters(ev: Evidence, next: LineConfig, bounds: TuneBounds, changes: Change[]): void {
  const first: Tally = { n: 0, ok: 0 }, repairs: Tally = { n: 0, ok: 0 }, votes: Tally = { n: 0, ok: 0 };
  for (const c of Object.values(ev.classes)) {
    const b = c.stations.browser;
    if (b) { first.n += b.first.n; first.ok += b.first.ok; repairs.n += b.repairs.n; repairs.ok += b.repairs.ok; }
    votes.n += c.votes.n; votes.ok += c.votes.ok;
  }
  const min = bounds.routing.minSamples;
  const t = next.generation?.temperature;
  if (t !== undefined) {
    const { min: lo, max: hi, step } = bounds.temperature;
    let to = Math.min(hi, Math.max(lo, t)), why = to !== t ? `outside the bounds ${lo}–${hi}` : '';
    if (!why && first.n >= min && first.ok / first.n < 0.8 && t - step >= lo - 1e-9) { to = Math.round((t - step) * 100) / 100; why = `first attempts passed the gates ${pct(first)}: a cooler model strays less`; }
    if (to !== t) {
      next.generation = { ...next.generation, temperature: to };
      changes.push({ kind: 'parameters', path: '/generation/temperature', before: t, after: to, summary: `temperature ${t} → ${to}`, evidence: why, samples: first.n });
    }
  }
  const r = next.repair?.max ?? 1;
  {
    const { min: lo, max: hi } = bounds.repairMax;
    let to = Math.min(hi, Math.max(lo, r)), why = to !== r ? `outside the bounds ${lo}–${hi}` : '';
    if (!why && repairs.n >= min && repairs.ok / repairs.n < 0.2 && r > lo) { to = r - 1; why = `repairs rarely worked (${pct(repairs)}): escalate sooner`; }
    else if (!why && repairs.n >= min && repairs.ok / repairs.n >= 0.5 && first.n >= min && first.ok / first.n < 0.7 && r < hi) { to = r + 1; why = `repairs often worked (${pct(repairs)}) while first attempts passed ${pct(first)}`; }
    if (to !== r) {
      next.repair = { max: to };
      changes.push({ kind: 'parameters', path: '/repair/max', before: r, after: to, summary: `repair count ${r} → ${to}`, evidence: why, samples: repairs.n });
    }
  }
  const v = next.vote;
  if (v) {
    const { min: lo, max: hi } = bounds.voteSamples;
    let to = Math.min(hi, Math.max(lo, v.samples)), why = to !== v.samples ? `outside the bounds ${lo}–${hi}` : '';
    if (!why && votes.n >= min && votes.ok / votes.n >= 0.95 && v.samples > lo) { to = v.samples - 1; why = `samples agreed in ${pct(votes)} of votes: one fewer saves a generation`; }
    else if (!why && votes.n >= min && votes.ok / votes.n < 0.6 && v.samples < hi) { to = v.samples + 1; why = `samples agreed in only ${pct(votes)} of votes`; }
    if (to !== v.samples) {
      next.vote = { ...v, samples: to };
      changes.push({ kind: 'parameters', path: '/vote/samples', before: v.samples, after: to, summary: `vote size ${v.samples} → ${to}`, evidence: why, samples: votes.n });
    }
  }
}

/** The proposal as text a person reads: one line per change, with its evidence and samples. */
export function formatProposal(p: Pick<Proposal, 'changes' | 'from' | 'events'>): string {
  if (!p.changes.length) return `No change to version ${p.from} (${p.events} events read).`;
  return [`From version ${p.from}, on ${p.events} events:`, ...p.changes.map((c) => `- ${c.summary}\n  because ${c.evidence} [${c.samples} samples]`)].join('\n');
}
