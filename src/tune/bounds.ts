// What tuning may change and how far: set by the site, narrowed by the server. Both are data,
// checked with zod; the bounds the tuner uses are the intersection of the two.
import * as z from 'zod/mini';
import { toPointer } from '../layout/pointer.js';
import { type ValueProblemCode, zodIssueCode, zodIssueMessage } from '../util/zod-issue.js';
import { int, num, share } from '../util/zod-number.js';

const range = (min: number, max: number) => z.strictObject({ min: num(min, max), max: num(min, max) });
/** A range of counts (vote samples, repairs): whole numbers, as the line config takes them. */
const countRange = (min: number, max: number) => z.strictObject({ min: int(min, max), max: int(min, max) });

export const tuneBoundsSchema = z.strictObject({
  /** Parts of the line tuning may change; a part set to false is left as it is. */
  parts: z.optional(
    z.strictObject({
      exemplars: z.optional(z.boolean()),
      cache: z.optional(z.boolean()),
      routing: z.optional(z.boolean()),
      variants: z.optional(z.boolean()),
      parameters: z.optional(z.boolean()),
      /** What each class's layouts must contain (routing `require`), learned from accepted and rejected layouts. */
      requirements: z.optional(z.boolean()),
    }),
  ),
  temperature: z.optional(z.extend(range(0, 2), { step: z.optional(z.number().check(z.gt(0), z.lte(1))) })),
  voteSamples: z.optional(countRange(1, 16)),
  repairMax: z.optional(countRange(0, 8)),
  exemplars: z.optional(
    z.strictObject({
      /** Exemplars kept in the line (all classes). */
      maxItems: z.optional(int(0, 64)),
      /** Characters of all exemplars together (intent + layout JSON): the model's context budget. */
      maxChars: z.optional(int(0, 200_000)),
      perClass: z.optional(int(1, 8)),
      /** Ratings a layout needs before it can be an exemplar. */
      minRatings: z.optional(int(1, 1000)),
    }),
  ),
  cache: z.optional(z.strictObject({ maxChars: z.optional(int(100, 256_000)) })),
  routing: z.optional(
    z.strictObject({
      /** Samples of the cheap station in a class before routing decides anything. */
      minSamples: z.optional(int(1, 10_000)),
      /**
       * The objective's floor: the share of layouts visitors accept (rated up, or acted on without a
       * down-vote) that a class must keep. Among the routes that keep it, tuning picks the lowest
       * cost per accepted layout; premium is bought only when the cheap route falls below it.
       * Default 95%. Unlike the other bounds, the default is not an outer limit: the first layer
       * that sets a floor replaces it (a site may trade acceptance for cost with a lower one), and
       * a later layer (the server's) can only raise it.
       */
      acceptanceFloor: z.optional(share()),
      /** Below this first-attempt gate-pass rate the cheap attempt mostly adds latency: the class starts at premium. */
      minPassRate: z.optional(share()),
      /** Kept for bounds written before `acceptanceFloor`: a floor on the cheap station's own liked share. */
      minFeedback: z.optional(share()),
      minAuditAgreement: z.optional(share()),
      /** How far above those rates the cheap station must be to move back down. */
      hysteresis: z.optional(share()),
      /** Tune rounds at premium before the cheap station gets another try; doubles after each failed try. */
      probeAfter: z.optional(int(1, 1000)),
      maxProbeAfter: z.optional(int(1, 100_000)),
    }),
  ),
  requirements: z.optional(
    z.strictObject({
      /** Layouts visitors accepted in a class before any requirement is learned for it. */
      minAccepted: z.optional(int(1, 100_000)),
      /** Rejected layouts a requirement must account for (the ones that lack it) before it is learned. */
      minRejected: z.optional(int(1, 100_000)),
      /** Requirements one class may carry. */
      perClass: z.optional(int(0, 16)),
      /**
       * Requirements a class may carry before any rejection: parts (nearly) every accepted layout of
       * the class has and at most `distinctiveShare` of other classes' accepted layouts have. 0: none.
       */
      distinctive: z.optional(int(0, 16)),
      distinctiveShare: z.optional(share()),
    }),
  ),
  variants: z.optional(
    z.strictObject({
      /** No variant's weight falls below this (exploration). */
      minWeight: z.optional(share()),
      /** Samples (attempts) over all variants before weights move. */
      minSamples: z.optional(int(1, 100_000)),
      /** Draws for the probability that each variant is best. */
      draws: z.optional(int(100, 100_000)),
    }),
  ),
});

export type TuneBoundsInput = z.infer<typeof tuneBoundsSchema>;

export interface TuneBounds {
  parts: {
    exemplars: boolean;
    cache: boolean;
    routing: boolean;
    variants: boolean;
    parameters: boolean;
    requirements: boolean;
  };
  temperature: { min: number; max: number; step: number };
  voteSamples: { min: number; max: number };
  repairMax: { min: number; max: number };
  exemplars: { maxItems: number; maxChars: number; perClass: number; minRatings: number };
  cache: { maxChars: number };
  routing: {
    minSamples: number;
    acceptanceFloor: number;
    minPassRate: number;
    minFeedback: number;
    minAuditAgreement: number;
    hysteresis: number;
    probeAfter: number;
    maxProbeAfter: number;
  };
  requirements: {
    minAccepted: number;
    minRejected: number;
    perClass: number;
    distinctive: number;
    distinctiveShare: number;
  };
  variants: { minWeight: number; minSamples: number; draws: number };
}

export const DEFAULT_BOUNDS: TuneBounds = {
  parts: { exemplars: true, cache: true, routing: true, variants: true, parameters: true, requirements: true },
  temperature: { min: 0, max: 1, step: 0.1 },
  voteSamples: { min: 1, max: 3 },
  repairMax: { min: 0, max: 2 },
  exemplars: { maxItems: 8, maxChars: 6000, perClass: 1, minRatings: 2 },
  cache: { maxChars: 8192 },
  routing: {
    minSamples: 6,
    acceptanceFloor: 0.95,
    minPassRate: 0.2,
    minFeedback: 0,
    minAuditAgreement: 0.5,
    hysteresis: 0.1,
    probeAfter: 2,
    maxProbeAfter: 32,
  },
  requirements: { minAccepted: 8, minRejected: 2, perClass: 4, distinctive: 2, distinctiveShare: 0.25 },
  variants: { minWeight: 0.05, minSamples: 20, draws: 2000 },
};

/** A problem with bounds: a zod check's code (`wrong_type`, `out_of_range`…) or `min_above_max`. */
export interface BoundsProblem {
  code: ValueProblemCode | 'min_above_max';
  path: string;
  message: string;
}

export type BoundsResult = { ok: true; bounds: TuneBoundsInput } | { ok: false; problems: BoundsProblem[] };

/** Bounds that do not pass `parseBounds`, from the site (`createTuner`'s `bounds`) or the server (a version's `tuning`). */
export class TuneBoundsError extends Error {
  override name = 'TuneBoundsError';
  readonly code = 'bad_bounds';
  constructor(
    readonly from: 'site' | 'server',
    readonly problems: BoundsProblem[],
  ) {
    super(
      `the ${from === 'site' ? "site's tuning bounds" : 'server\'s tuning bounds (its version\'s "tuning")'} are not valid, so nothing is tuned:\n${problems.map((p) => `  at ${p.path || '/'}: ${p.message}`).join('\n')}`,
    );
  }
}

/** The bounds of one layer, checked; a TuneBoundsError with every problem at its path when they are not valid. */
export function checkedBounds(value: unknown, from: 'site' | 'server'): TuneBoundsInput | undefined {
  if (value === undefined) return undefined;
  const r = parseBounds(value);
  if (!r.ok)
    throw new TuneBoundsError(
      from,
      r.problems.map((p) => (from === 'server' ? { ...p, path: `/tuning${p.path}` } : p)),
    );
  return r.bounds;
}

/** Checks bounds given as data; never throws. */
export function parseBounds(value: unknown): BoundsResult {
  const r = z.safeParse(tuneBoundsSchema, value);
  if (!r.success)
    return {
      ok: false,
      problems: r.error.issues.map((i) => ({
        code: zodIssueCode(i),
        path: toPointer(i.path),
        message: zodIssueMessage(i, value),
      })),
    };
  const problems: BoundsProblem[] = [];
  for (const k of ['temperature', 'voteSamples', 'repairMax'] as const) {
    const b = r.data[k];
    if (b && b.min > b.max)
      problems.push({ code: 'min_above_max', path: `/${k}`, message: `min ${b.min} is above max ${b.max}` });
  }
  return problems.length ? { ok: false, problems } : { ok: true, bounds: r.data };
}

type Narrowing = (current: number, layer: number | undefined) => number;
const lo: Narrowing = (a, b) => (b === undefined ? a : Math.max(a, b));
const hi: Narrowing = (a, b) => (b === undefined ? a : Math.min(a, b));

/** Sets each field of `to` named in `how` from the layer's value, the way `how` says (a layer without the group changes nothing). */
function narrow<K extends string>(
  to: Record<K, number>,
  layer: { [P in K]?: number | undefined } | undefined,
  how: Record<K, Narrowing>,
): void {
  if (!layer) return;
  for (const k of Object.keys(how) as K[]) to[k] = how[k](to[k], layer[k]);
}

/**
 * The bounds tuning works within: the defaults narrowed by each layer in turn (site, then server).
 * A layer can only narrow: ranges intersect, budgets take the smaller, a part switched off stays off.
 * An empty intersection collapses to the narrower layer's lower end, so the result is always usable.
 */
export function resolveBounds(...layers: Array<TuneBoundsInput | undefined>): TuneBounds {
  const b: TuneBounds = structuredClone(DEFAULT_BOUNDS);
  let floorSet = false;
  for (const l of layers) {
    if (!l) continue;
    for (const k of Object.keys(b.parts) as Array<keyof TuneBounds['parts']>)
      if (l.parts?.[k] === false) b.parts[k] = false;
    for (const k of ['temperature', 'voteSamples', 'repairMax'] as const) {
      const r = l[k];
      if (!r) continue;
      b[k].min = lo(b[k].min, r.min);
      b[k].max = Math.max(b[k].min, hi(b[k].max, r.max));
    }
    if (l.temperature?.step) b.temperature.step = l.temperature.step;
    narrow(b.exemplars, l.exemplars, { maxItems: hi, maxChars: hi, perClass: hi, minRatings: lo });
    narrow(b.cache, l.cache, { maxChars: hi });
    // A stricter site asks more of the cheap station: each of its bars takes the higher value.
    // The floor is the site's objective: the default stands until a layer sets one; then layers only raise it.
    const floor = l.routing?.acceptanceFloor;
    if (floor !== undefined) b.routing.acceptanceFloor = floorSet ? Math.max(b.routing.acceptanceFloor, floor) : floor;
    floorSet ||= floor !== undefined;
    narrow(b.routing, l.routing, {
      acceptanceFloor: (a) => a,
      minSamples: lo,
      minPassRate: lo,
      minFeedback: lo,
      minAuditAgreement: lo,
      hysteresis: lo,
      probeAfter: lo,
      maxProbeAfter: (a, v) => Math.max(b.routing.probeAfter, hi(a, v)),
    });
    narrow(b.requirements, l.requirements, {
      minAccepted: lo,
      minRejected: lo,
      perClass: hi,
      distinctive: hi,
      distinctiveShare: hi,
    });
    narrow(b.variants, l.variants, { minWeight: lo, minSamples: lo, draws: (a, v) => v ?? a });
  }
  return b;
}
