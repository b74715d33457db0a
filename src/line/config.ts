// The line as data (docs/line.md): stations, gates, prompts, exemplars, repair, vote, routing,
// budgets and prices, checked with zod so a bad config is refused with every problem and its path.
import * as z from 'zod/mini';
import { enginePlanSchema } from '../engines/plan.js';
import { DEFAULT_LIMITS } from '../layout/document.js';
import { escapeSegment, toPointer } from '../layout/pointer.js';
import { type ValueProblemCode, zodIssueCode, zodIssueMessage } from '../util/zod-issue.js';
import { int, num, share } from '../util/zod-number.js';
import { isInheritedName } from '../util/own.js';

const text = () => z.string().check(z.minLength(1));

/**
 * A key naming a class, a model or a cached layout: never one every object already has
 * ("__proto__", "constructor", "toString"…), which would reach the prototype of the maps the line
 * and the tuner read the config through, or vanish when the config is copied.
 */
const ownKey = z.string().check(
  z.refine((k) => !isInheritedName(k), {
    error: 'a key that names a member every object has ("__proto__", "constructor"…) is never accepted',
  }),
);

/** Nesting a layout or other free-form value may have: the gates' own JSON depth limit. */
const MAX_VALUE_DEPTH = DEFAULT_LIMITS.maxJsonDepth;

/** Arrays and objects nested at most `max` deep (a deeper value overflows the stacks that copy it). */
function withinDepth(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d >= max) return false;
    for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return true;
}

/** A layout or other JSON value the gates check later, but no deeper than they would read. */
const value = () =>
  z.unknown().check(
    z.refine((v) => withinDepth(v, MAX_VALUE_DEPTH), {
      error: `nested deeper than ${MAX_VALUE_DEPTH} levels of arrays and objects`,
    }),
  );

/** A browser engine to try, as data (the `EnginePlan` shape of src/engines, without the reason). */
const enginePlan = enginePlanSchema;

const station = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('cache'), refresh: z.optional(z.boolean()) }),
  z.strictObject({
    kind: z.literal('browser'),
    /** Engines to try in order; the first that loads serves. Default: the ones `deps.engines` gives. */
    engines: z.optional(z.array(enginePlan)),
  }),
  z.strictObject({
    kind: z.literal('premium'),
    endpoint: text(),
    /** The model the server is expected to use, to estimate cost before calling (price table key). */
    model: z.optional(text()),
    /** Tokens a call is expected to use, for the cost check before calling. */
    expectTokens: z.optional(z.strictObject({ input: int(0, 1e7), output: int(0, 1e7) })),
    /** Stream the answer (SSE). Default true. */
    stream: z.optional(z.boolean()),
  }),
  z.strictObject({ kind: z.literal('fallback'), layout: value() }),
]);

/** Requirements a class may carry (src/line/requirements.ts). */
export const MAX_REQUIREMENTS = 16;

/** A component a layout must hold: its type, prop values it must carry (equal), how many (default 1). */
const requirement = z.strictObject({
  type: text(),
  props: z.optional(
    z
      .record(ownKey, z.union([z.string().check(z.maxLength(200)), z.number(), z.boolean()]))
      .check(z.refine((p) => Object.keys(p).length <= 8, { error: 'at most 8 props' })),
  ),
  min: z.optional(int(1, 1000)),
});

const routeRule = z.strictObject({
  /**
   * The browser is skipped for the class when its gate-pass rate is clearly below this: the upper end
   * of a 90% Wilson interval on its record (src/line/records.ts `belowPassBar`) is under it.
   */
  minPassRate: z.optional(share()),
  /** …on at least this many attempts; fewer and the station is tried whatever they say. */
  minSamples: z.optional(int(0, 1e6)),
  /** …and, once audited, its audit agreement is at least this. */
  minAuditAgreement: z.optional(share()),
  /**
   * …and, on at least `minSamples` ratings, its share of thumbs-up is not clearly below this (the
   * same 90% interval: src/line/records.ts `belowFeedbackBar`).
   */
  minFeedback: z.optional(share()),
  /** Start at this station kind whatever the records say. */
  start: z.optional(z.enum(['cache', 'browser', 'premium', 'fallback'])),
  /**
   * What a layout of the class must contain before a station below premium (the cache, the browser)
   * may serve it: one that lacks any is refused with `missing_requirement` (gate 7), repaired or
   * escalated. The site writes them, or the tuner learns them from the layouts visitors accepted.
   */
  require: z.optional(z.array(requirement).check(z.maxLength(MAX_REQUIREMENTS))),
});

const variant = z.strictObject({
  id: text(),
  /** Relative to the other variants' (their sum is taken as 1). */
  weight: num(0, 1e6),
  /** Placeholders: {{intent}} {{context}} {{catalog}} {{exemplars}}. */
  template: text(),
});

const exemplar = z.strictObject({
  intent: text(),
  intentClass: z.optional(z.string()),
  layout: value(),
});

export const lineConfigSchema = z.strictObject({
  id: z.string().check(z.minLength(1), z.maxLength(128)),
  version: z.union([z.string().check(z.minLength(1), z.maxLength(128)), z.int()]),
  catalog: z.optional(z.strictObject({ only: z.optional(z.array(text())), exclude: z.optional(z.array(text())) })),
  stations: z.array(station).check(z.minLength(1)),
  gates: z.optional(
    z.strictObject({
      limits: z.optional(
        z.partialRecord(
          z.enum([
            'maxBytes',
            'maxNodes',
            'maxTreeDepth',
            'maxJsonDepth',
            'maxStringLength',
            'maxChildren',
            'maxKeyLength',
          ]),
          int(1, 1e9),
        ),
      ),
      actions: z.optional(z.array(text())),
    }),
  ),
  prompts: z.optional(
    z.strictObject({
      version: z.optional(z.string()),
      system: z.optional(z.string()),
      variants: z.array(variant).check(z.minLength(1)),
    }),
  ),
  exemplars: z.optional(
    z.strictObject({
      version: z.optional(z.string()),
      /** At most this many exemplars go into one prompt. Default 2. */
      max: z.optional(int(0, 16)),
      items: z.array(exemplar),
    }),
  ),
  generation: z.optional(
    z.strictObject({
      temperature: z.optional(num(0, 2)),
      maxTokens: z.optional(int(1, 32_768)),
      /** Nodes allowed by the schema given to constrained decoding. */
      maxNodes: z.optional(int(1, 1000)),
      /** Cap every free string in that schema (small models fill strings to their limit). */
      maxString: z.optional(int(1, 5000)),
      /** Only these component types in the decoding schema (the gates still take the whole catalog). */
      components: z.optional(z.array(text())),
      /** What the browser model writes: the nested form (default; its grammar holds by construction) or the flat form. */
      form: z.optional(z.enum(['nested', 'flat'])),
      /**
       * In the nested form, the root offers a way forward by construction: a form or button with one
       * of `gates.actions` (not next-step or prev-step), for a site whose rules demand one on every page.
       */
      wayForward: z.optional(z.boolean()),
    }),
  ),
  repair: z.optional(z.strictObject({ max: int(0, 8) })),
  vote: z.optional(z.strictObject({ samples: int(1, 16), threshold: share() })),
  consistency: z.optional(z.strictObject({ threshold: share(), escalate: z.optional(z.boolean()) })),
  audit: z.optional(z.strictObject({ share: share() })),
  budgets: z.optional(
    z.strictObject({
      maxLatencyMs: z.optional(num(1)),
      maxCostUsd: z.optional(num(0)),
      maxRepairs: z.optional(int(0, 64)),
    }),
  ),
  routing: z.optional(
    z.strictObject({
      default: z.optional(routeRule),
      classes: z.optional(z.record(ownKey, routeRule)),
    }),
  ),
  /** Learned data the line starts from: last-known-good layout per intent class. */
  cache: z.optional(z.record(ownKey, value())),
  /** US dollars per million tokens, by model name. */
  prices: z.optional(z.record(ownKey, z.strictObject({ input: num(0), output: num(0) }))),
});

export type LineConfig = z.infer<typeof lineConfigSchema>;
export type StationConfig = LineConfig['stations'][number];
export type StationKind = StationConfig['kind'];
export type RouteRule = z.infer<typeof routeRule>;
export type Requirement = z.infer<typeof requirement>;
export type { EnginePlanData } from '../engines/plan.js';

const STATION_KINDS = { union: 'one of "cache", "browser", "premium", "fallback"' };

/** What is wrong, as a stable code: a zod check's (`wrong_type`, `out_of_range`…) or one of the line's own. */
export type ConfigProblemCode =
  | ValueProblemCode
  | 'forbidden_key'
  | 'duplicate_station'
  | 'fallback_not_last'
  | 'no_weight'
  | 'duplicate_id'
  | 'layout_invalid';

export interface ConfigProblem {
  code: ConfigProblemCode;
  path: string;
  message: string;
}

export type ConfigResult = { ok: true; config: LineConfig } | { ok: false; problems: ConfigProblem[] };

/** Checks a line config; never throws. Problems carry a JSON Pointer path. */
export function parseLineConfig(value: unknown): ConfigResult {
  // A "__proto__" key (JSON.parse makes it an own key) is dropped unseen by a parse that copies
  // the object: refused where it stands instead, so no class, cache entry or price vanishes quietly.
  const proto = protoKeyAt(value);
  if (proto !== null)
    return {
      ok: false,
      problems: [{ code: 'forbidden_key', path: proto, message: 'a "__proto__" key is never accepted' }],
    };
  const r = z.safeParse(lineConfigSchema, value);
  const problems: ConfigProblem[] = r.success
    ? []
    : r.error.issues.map((i) => ({
        code: zodIssueCode(i),
        path: toPointer(i.path),
        // A discriminated union's issue sits at the discriminator and does not list the kinds.
        message: zodIssueMessage(i, value, i.path.at(-1) === 'kind' ? STATION_KINDS : {}),
      }));
  const raw = (value as { stations?: unknown })?.stations;
  if (Array.isArray(raw)) {
    const kinds = raw.map((s) => (s as { kind?: unknown } | null)?.kind);
    kinds.forEach((k, i) => {
      // A station without a kind has its own problem above; it is no second "undefined" station.
      if (typeof k === 'string' && kinds.indexOf(k) !== i && k !== 'browser')
        problems.push({
          code: 'duplicate_station',
          path: `/stations/${i}`,
          message: `a line has at most one "${String(k)}" station; found another at /stations/${kinds.indexOf(k)}`,
        });
    });
    if (kinds.includes('fallback') && kinds.at(-1) !== 'fallback')
      problems.push({
        code: 'fallback_not_last',
        path: `/stations/${kinds.indexOf('fallback')}`,
        message: 'the fallback station must come last',
      });
  }
  if (r.success) {
    const variants = r.data.prompts?.variants ?? [];
    if (variants.length && variants.every((v) => v.weight === 0))
      problems.push({
        code: 'no_weight',
        path: '/prompts/variants',
        message: 'at least one prompt variant needs a weight above 0',
      });
    // Weights, events and the tuner's bandit are by id: two variants of one id would count twice.
    variants.forEach((v, i) => {
      const first = variants.findIndex((w) => w.id === v.id);
      if (first !== i)
        problems.push({
          code: 'duplicate_id',
          path: `/prompts/variants/${i}/id`,
          message: `the id "${v.id}" is taken by /prompts/variants/${first}; each variant needs its own`,
        });
    });
  }
  return problems.length ? { ok: false, problems } : { ok: true, config: r.data! };
}

/** The path of the first own "__proto__" key in a JSON value, or null. */
function protoKeyAt(value: unknown): string | null {
  const stack: Array<[unknown, string]> = [[value, '']];
  while (stack.length) {
    const [v, p] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (Object.hasOwn(v, '__proto__')) return `${p}/__proto__`;
    for (const [k, child] of Object.entries(v)) stack.push([child, `${p}/${escapeSegment(k)}`]);
  }
  return null;
}

export class LineConfigError extends Error {
  override name = 'LineConfigError';
  constructor(readonly problems: ConfigProblem[]) {
    super(`the line config is not valid:\n${problems.map((p) => `  at ${p.path || '/'}: ${p.message}`).join('\n')}`);
  }
}
