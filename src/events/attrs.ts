// The attribute names Jig's events carry (DESIGN §5), in one table: the line, the surface and
// the feedback element write them; the exporters, the store's aggregates and the dataset read them.

/**
 * Attribute names, by the events that carry them. Every value is a string, a finite number,
 * a boolean or null (see `validateEvent`); structured values travel as JSON text.
 *
 * | attr | type | on | meaning |
 * |---|---|---|---|
 * | `station` | string | station.*, gate.*, repair.attempted, layout.*, feedback.given | `cache` / `browser` / `premium` / `fallback` |
 * | `model` | string | station.*, repair.attempted, model.*, layout.rendered, feedback.given | the model that made the layout (e.g. `SmolLM2-360M`) |
 * | `responseModel` | string | station.attempted | the model the provider says answered, when it differs |
 * | `provider` | string | station.attempted | engine or provider: `webllm`, `wllama`, `chrome-prompt-api`, `openai`, … |
 * | `operation` | string | station.attempted | GenAI operation name, default `chat` |
 * | `tokensIn` / `tokensOut` | integer | station.attempted | tokens read and written |
 * | `ms` | number | station.attempted, layout.rendered, model.loaded | duration in milliseconds (an attempt's span ends at the event's time) |
 * | `cost` | number | station.attempted | estimated cost in US dollars |
 * | `ok` | boolean | station.attempted | whether the attempt's output passed every gate |
 * | `parentSpan` | string | station.attempted | the span of the request the attempt belongs to (its own span is the event's `span`) |
 * | `intentClass` | string | layout.requested, station.*, gate.*, layout.rendered | the routing class of the intent |
 * | `gate` / `code` | string | gate.passed, gate.failed | which gate, and the issue code |
 * | `issues` | string (JSON) | gate.failed | the issues `[{gate, code, path, message}]`, at most {@link LAYOUT_ATTR_MAX} characters |
 * | `layoutId` | string | layout.rendered, station.attempted, ui.*, feedback.given | id of the produced layout (stable for one document) |
 * | `layout` | string (JSON) | layout.rendered, station.attempted | the layout document, at most {@link LAYOUT_ATTR_MAX} characters (left out when larger) |
 * | `prompt` | string | station.attempted, layout.rendered | the prompt text sent to the model (same limit) |
 * | `promptVersion` | string | station.attempted, layout.rendered, feedback.given | version of the prompt template |
 * | `exemplarVersion` | string | station.attempted, layout.rendered, feedback.given | version of the exemplar set |
 * | `exemplars` | string (JSON) | station.attempted, layout.rendered | the exemplars shown, as JSON (same limit) |
 * | `rating` | string | feedback.given | `up` or `down` |
 * | `comment` | string | feedback.given | the user's comment, at most 2,000 characters |
 * | `action` / `nodeId` | string | ui.action, ui.edited | the action, the node |
 * | `pointer` | string | ui.edited | JSON Pointer of the edited value |
 * | `prefilled` | boolean | ui.edited | the value had been filled in by the layout and the user changed it |
 * | `firstActionMs` | number | ui.action | time from `layout.rendered` to the first action on that layout (first action only) |
 * | `edits` / `reason` | number / string | ui.abandoned | inputs edited, and why the form was left (`layout-changed`, `page-hidden`) |
 * | `reason` / `error` | string | store.fallback, store.evicted | why the store fell back to memory; what was evicted and why |
 *
 * The dataset export (`toTuningDataset`) joins on `layoutId`: it takes `prompt`, `exemplars`,
 * `exemplarVersion`, `promptVersion` and `layout` from the layout's `layout.rendered` (or else its
 * last `station.attempted`), the verdicts from `gate.*` events that carry the same `layoutId` or
 * `trace`, and the ratings from `feedback.given`.
 */
export const ATTR = {
  station: 'station', model: 'model', responseModel: 'responseModel', provider: 'provider', operation: 'operation',
  tokensIn: 'tokensIn', tokensOut: 'tokensOut', ms: 'ms', cost: 'cost', ok: 'ok', parentSpan: 'parentSpan',
  intentClass: 'intentClass', gate: 'gate', code: 'code', issues: 'issues', layoutId: 'layoutId', layout: 'layout',
  prompt: 'prompt', promptVersion: 'promptVersion', exemplarVersion: 'exemplarVersion', exemplars: 'exemplars',
  rating: 'rating', comment: 'comment', action: 'action', nodeId: 'nodeId', pointer: 'pointer', prefilled: 'prefilled',
  firstActionMs: 'firstActionMs', edits: 'edits', reason: 'reason', error: 'error',
} as const;

/** Longest JSON text (layout, prompt, exemplars, issues) an event carries; `EVENT_LIMITS.maxAttrString`. */
export const LAYOUT_ATTR_MAX = 8192;

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
  const words = WORD_ATTRS[key];
  if (words && !(typeof value === 'string' && words.includes(value))) return `"${key}" must be ${words.map((w) => JSON.stringify(w)).join(' or ')}`;
  if (typeof value === 'number') {
    const b = NUMBER_BOUNDS[key] ?? ANY_NUMBER_BOUNDS;
    if (!Number.isFinite(value) || value < b.min || value > b.max) return `"${key}" must be a number from ${b.min} to ${b.max}; received ${value}`;
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
