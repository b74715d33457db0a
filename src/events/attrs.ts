// Jig's event contract (docs/events.md), in one place: each event type with the attributes its
// producers write, as zod schemas the validator, the types, the server and the docs all use.
import * as z from 'zod/mini';
import { zodIssueMessage } from '../util/zod-issue.js';

/** Longest JSON text (layout, prompt, exemplars, issues) an event carries; `EVENT_LIMITS.maxAttrString`. */
export const LAYOUT_ATTR_MAX = 8192;

const str = z.optional(z.string());
const num = z.optional(z.number());
const bool = z.optional(z.boolean());
const strOrNull = z.optional(z.nullable(z.string()));
const numOrNull = z.optional(z.nullable(z.number()));
/**
 * Attributes any event may carry. `simulated: true` marks an event no visitor caused (the demo's
 * made-up visitors, a replay): folds and exports keep it, so an analyst can tell them apart.
 */
export const COMMON_ATTRS = { simulated: bool } as const;
/** Every event of one type may carry more attributes than it lists (a site's own); the listed ones have these types. */
const attrs = <S extends Record<string, z.ZodMiniType>>(shape: S) => z.looseObject({ ...shape, ...COMMON_ATTRS });

/** What produced a layout: carried by every signal about it (FeedbackSource in observe.ts). */
const source = { layoutId: str, station: str, model: str, promptVersion: str, exemplarVersion: str };
const rendered = { ...source, intentClass: str, ms: num, fallback: bool, cost: num, layout: str, nodes: num };
const tuning = { from: str, changes: num, events: num, summary: str, kinds: str };

/**
 * Each event type Jig records, with the attributes its producers write (TraceRecorder, the line,
 * observeSurface and <jig-feedback>, the tuner, the store). EVENT_TYPES, the validator's checks,
 * `emit`'s accepted names and docs/events.md's table all come from this map.
 */
export const EVENT_ATTRS = {
  'layout.requested': attrs({ intentClass: str, intent: str }),
  'station.attempted': attrs({
    station: str,
    model: str,
    responseModel: str,
    provider: str,
    operation: str,
    intentClass: str,
    parentSpan: str,
    tokensIn: num,
    tokensOut: num,
    ms: num,
    cost: num,
    ok: bool,
    repair: bool,
    attempt: num,
    sample: num,
    prompt: str,
    promptVersion: str,
    exemplarVersion: str,
    layoutId: str,
    layout: str,
    ops: num,
  }),
  'station.failed': attrs({
    station: str,
    model: str,
    provider: str,
    intentClass: str,
    parentSpan: str,
    code: str,
    error: str,
    ms: num,
  }),
  'gate.passed': attrs({ station: str, gate: str, intentClass: str, layoutId: str }),
  'gate.failed': attrs({ station: str, gate: str, code: str, issues: str, intentClass: str, layoutId: str }),
  'repair.attempted': attrs({ station: str, model: str, attempt: num, issues: str, intentClass: str }),
  'vote.completed': attrs({
    station: str,
    samples: num,
    passed: num,
    agreement: num,
    threshold: num,
    ok: bool,
    intentClass: str,
  }),
  'layout.escalated': attrs({ from: str, to: str, station: str, reason: str, error: str, intentClass: str }),
  'layout.rendered': attrs(rendered),
  'cache.refreshed': attrs(rendered),
  'layout.divergent': attrs({ station: str, similarity: num, threshold: num, escalate: bool, intentClass: str }),
  'audit.completed': attrs({ station: str, agreement: numOrNull, model: str, error: str, intentClass: str }),
  'ui.action': attrs({ ...source, action: str, nodeId: str, edits: num, firstActionMs: num }),
  'ui.edited': attrs({ ...source, nodeId: str, pointer: str, prefilled: bool }),
  'ui.abandoned': attrs({ ...source, reason: str, edits: num, msSinceRender: num }),
  'feedback.given': attrs({
    ...source,
    rating: z.optional(z.enum(['up', 'down'])),
    comment: strOrNull,
    feedbackId: str,
  }),
  'model.loading': attrs({ station: str, model: str, provider: str }),
  'model.loaded': attrs({ station: str, model: str, provider: str, ms: num }),
  'model.failed': attrs({ station: str, model: str, provider: str, code: str, error: str }),
  'capabilities.detected': attrs({}),
  'tune.proposed': attrs(tuning),
  'tune.applied': attrs({ ...tuning, version: str, canary: bool }),
  'line.deployed': attrs({
    version: str,
    previous: strOrNull,
    share: num,
    canary: bool,
    source: str,
    changes: num,
    promoted: bool,
    reason: str,
  }),
  'line.rolled_back': attrs({ version: str, to: strOrNull, automatic: bool, reason: str, evidence: str }),
  'store.fallback': attrs({ reason: str, error: str }),
  'store.evicted': attrs({ count: num, reason: str, error: str }),
} as const;

export type KnownEventType = keyof typeof EVENT_ATTRS;
/** The attributes of one known event type, as its producers write them. */
export type EventAttrs<T extends KnownEventType> = z.infer<(typeof EVENT_ATTRS)[T]>;

/** Every known event type, in the order of the contract. */
export const EVENT_TYPES = Object.keys(EVENT_ATTRS) as KnownEventType[];

/** Whether a type is one of Jig's own (a site's types such as "shop.checkout" are not). */
export function isKnownEventType(type: string): type is KnownEventType {
  return Object.hasOwn(EVENT_ATTRS, type);
}

/** How a zod/mini attribute schema reads in the docs: "string", "number | null", "\"up\" | \"down\"". */
function typeName(schema: unknown): string {
  const def = (schema as { _zod: { def: { type: string; innerType?: unknown; entries?: Record<string, string> } } })
    ._zod.def;
  if (def.type === 'optional') return typeName(def.innerType);
  if (def.type === 'nullable') return `${typeName(def.innerType)} \\| null`;
  if (def.type === 'enum')
    return Object.values(def.entries ?? {})
      .map((v) => `\`${v}\``)
      .join(' \\| ');
  return def.type;
}

/**
 * docs/events.md's table of event types, written from EVENT_ATTRS (a test checks the page
 * holds exactly this text, so the docs cannot drift from what producers write).
 */
export function contractTable(): string {
  const cellsOf = (shape: Record<string, unknown>) =>
    Object.entries(shape)
      .map(([k, v]) => `\`${k}\` ${typeName(v)}`)
      .join(', ');
  const rows = EVENT_TYPES.map((type) => {
    const { shape } = EVENT_ATTRS[type]._zod.def;
    const cells = cellsOf(Object.fromEntries(Object.entries(shape).filter(([k]) => !(k in COMMON_ATTRS))));
    return `| \`${type}\` | ${cells || '(any: the detected capabilities, e.g. `webgpu.available` boolean)'} |`;
  });
  const common = `| (every type) | ${cellsOf(COMMON_ATTRS)} |`;
  return ['| type | attributes (all optional; a site may add its own) |', '|---|---|', ...rows, common].join('\n');
}

/** The first attribute of a known event type whose value is not of the contract's type: its name and why. */
export function contractProblem(
  type: string,
  attrs: Record<string, unknown>,
): { key: string; message: string } | undefined {
  if (!isKnownEventType(type)) return undefined;
  const r = EVENT_ATTRS[type].safeParse(attrs);
  if (r.success) return undefined;
  const first = r.error.issues[0]!;
  const key = String(first.path[0] ?? '');
  return {
    key,
    message: `"${key}" on ${type}: ${zodIssueMessage(first, attrs)}`,
  };
}

/** The range a numeric attribute may take; an integer one refuses fractions. */
export interface NumberBounds {
  min: number;
  max: number;
  integer?: boolean;
}

const DAY_MS = 86_400_000;

/**
 * Bounds of the numeric attributes Jig reads back (stats, dashboards, the tuner): one hostile
 * number such as `cost: 1e303` would otherwise turn every sum it joins into Infinity. The
 * bounds are far past anything a real attempt produces and still keep sums of millions finite.
 */
export const NUMBER_BOUNDS: Readonly<Record<string, NumberBounds>> = {
  cost: { min: 0, max: 1_000 },
  tokensIn: { min: 0, max: 100_000_000, integer: true },
  tokensOut: { min: 0, max: 100_000_000, integer: true },
  inputTokens: { min: 0, max: 100_000_000, integer: true },
  outputTokens: { min: 0, max: 100_000_000, integer: true },
  ms: { min: 0, max: 30 * DAY_MS },
  firstActionMs: { min: 0, max: 30 * DAY_MS },
  edits: { min: 0, max: 1_000_000, integer: true },
  attempt: { min: 0, max: 10_000, integer: true },
  samples: { min: 0, max: 10_000, integer: true },
  passed: { min: 0, max: 10_000, integer: true },
  agreement: { min: 0, max: 1 },
  similarity: { min: 0, max: 1 },
  share: { min: 0, max: 1 },
};

/** Any other numeric attribute: integers stay exact and sums of many stay finite. */
export const ANY_NUMBER_BOUNDS: NumberBounds = { min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER };

/** Attributes whose value is one of a few words. */
export const WORD_ATTRS: Readonly<Record<string, readonly string[]>> = {
  rating: ['up', 'down'],
};

/** Why an attribute value is refused, or undefined when it is fine. Values are already string/number/boolean/null. */
export function attrValueProblem(key: string, value: string | number | boolean | null): string | undefined {
  if (key === 'simulated' && typeof value !== 'boolean') return '"simulated" must be true or false';
  const words = WORD_ATTRS[key];
  if (words && !(typeof value === 'string' && words.includes(value)))
    return `"${key}" must be ${words.map((w) => JSON.stringify(w)).join(' or ')}`;
  if (typeof value === 'number') {
    const b = NUMBER_BOUNDS[key] ?? ANY_NUMBER_BOUNDS;
    if (!Number.isFinite(value) || value < b.min || value > b.max)
      return `"${key}" must be a number from ${b.min} to ${b.max}; received ${value}`;
    if (b.integer && !Number.isInteger(value)) return `"${key}" must be a whole number; received ${value}`;
    return undefined;
  }
  if (NUMBER_BOUNDS[key] && value !== null) return `"${key}" must be a number`;
  return undefined;
}

/** A numeric attribute read back from stored events: the number when it is within its bounds, else undefined. */
export function boundedNumber(key: string, value: unknown): number | undefined {
  return typeof value === 'number' && attrValueProblem(key, value) === undefined ? value : undefined;
}
