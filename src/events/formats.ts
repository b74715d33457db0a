// Export formats for Jig's events: NDJSON, OTLP/HTTP JSON logs and traces (GenAI semantic
// conventions) and a Segment batch. Pure: runs in the browser and in Node, whole or streamed.
import { fnv1a32 } from '../util/hash.js';
import { byteLength } from '../util/utf8.js';
import type { AttrValue, JigEvent } from './event.js';

export const EXPORT_FORMATS = ['ndjson', 'otlp-logs', 'otlp-traces', 'segment'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const FORMAT_INFO: Record<ExportFormat, { label: string; mime: string; extension: string }> = {
  ndjson: { label: 'NDJSON', mime: 'application/x-ndjson', extension: 'ndjson' },
  'otlp-logs': { label: 'OTLP logs (JSON)', mime: 'application/json', extension: 'otlp-logs.json' },
  'otlp-traces': { label: 'OTLP traces (JSON)', mime: 'application/json', extension: 'otlp-traces.json' },
  segment: { label: 'Segment batch', mime: 'application/json', extension: 'segment.json' },
};

export const JIG_SCOPE = { name: 'jig', version: '0.1.0' } as const;

/** Resource attributes for OTLP; `service.name` defaults to "jig". */
export type ResourceAttrs = Record<string, AttrValue>;

export interface SegmentOptions {
  /** Defaults to now. */
  sentAt?: string;
  /** Merged into every message's `context`. */
  context?: Record<string, unknown>;
}

export interface ExportOptions {
  resource?: ResourceAttrs;
  segment?: SegmentOptions;
}

// ---- OTLP value helpers -------------------------------------------------------------------

export type OtlpAnyValue =
  | { stringValue: string }
  | { intValue: string }
  | { doubleValue: number }
  | { boolValue: boolean };
export interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}

/** OTLP/JSON AnyValue: integers as decimal strings (64-bit), other numbers as doubles. Null has no value. */
export function otlpValue(v: AttrValue): OtlpAnyValue | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (Number.isInteger(v) && Number.isSafeInteger(v)) return { intValue: String(v) };
  return { doubleValue: v };
}

function kv(out: OtlpKeyValue[], key: string, v: AttrValue | undefined): void {
  const value = v === undefined ? undefined : otlpValue(v);
  if (value) out.push({ key, value });
}

/** Nanoseconds since the epoch, as a decimal string, from an ISO time (sub-millisecond digits kept). */
export function isoToUnixNano(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '0';
  const frac = /\.(\d+)/.exec(iso)?.[1] ?? '';
  // Date.parse keeps milliseconds; the digits after them are nanoseconds within the millisecond.
  const subMs = frac.length > 3 ? BigInt(frac.slice(3, 9).padEnd(6, '0')) : 0n;
  return (BigInt(ms) * 1_000_000n + subMs).toString();
}

function minusMs(nanos: string, ms: number): string {
  const d = BigInt(Math.max(0, Math.round(ms * 1_000_000)));
  const n = BigInt(nanos) - d;
  return (n < 0n ? 0n : n).toString();
}

// ---- ids ----------------------------------------------------------------------------------

const HEX = /^[0-9a-f]+$/;

/**
 * A hex id of `length` characters (32 for a trace, 16 for a span). Hex strings of that length
 * and UUIDs pass through (lower-cased, dashes removed); anything else is hashed, so the same
 * string always maps to the same id. Never all zeros (OTLP treats that as no id).
 */
export function toHexId(value: string, length: 32 | 16): string {
  const plain = value.toLowerCase().replace(/-/g, '');
  if (plain.length === length && HEX.test(plain) && /[1-9a-f]/.test(plain)) return plain;
  return hashHex(value, length);
}

/** A 128-bit deterministic hash (four seeded 32-bit FNV-1a/murmur-mix lanes), hex, cut to `length`. */
function hashHex(value: string, length: number): string {
  const seeds = [0x811c9dc5, 0x01000193 ^ 0x9e3779b9, 0x85ebca6b, 0xc2b2ae35];
  let out = '';
  for (const seed of seeds) {
    let h = fnv1a32(value, seed);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    out += (h >>> 0).toString(16).padStart(8, '0');
  }
  out = out.slice(0, length);
  return /[1-9a-f]/.test(out) ? out : `${out.slice(0, -1)}1`;
}

// ---- GenAI semantic conventions -------------------------------------------------------------

/** OpenTelemetry GenAI attribute names (semantic conventions, gen-ai registry). */
export const GEN_AI = {
  operationName: 'gen_ai.operation.name',
  providerName: 'gen_ai.provider.name',
  /** Deprecated in favour of gen_ai.provider.name; still read by many backends. */
  system: 'gen_ai.system',
  requestModel: 'gen_ai.request.model',
  responseModel: 'gen_ai.response.model',
  inputTokens: 'gen_ai.usage.input_tokens',
  outputTokens: 'gen_ai.usage.output_tokens',
} as const;

const MODEL_TYPES = new Set(['station.attempted', 'station.failed', 'repair.attempted']);

function provider(e: JigEvent): string {
  const p = e.attrs.provider;
  if (typeof p === 'string' && p) return p;
  return `jig.${typeof e.attrs.station === 'string' && e.attrs.station ? e.attrs.station : 'station'}`;
}

/** The attributes of one event, GenAI names where they apply, `jig.*` for the rest. */
export function otlpAttributes(e: JigEvent): OtlpKeyValue[] {
  const out: OtlpKeyValue[] = [];
  kv(out, 'jig.event.id', e.id);
  kv(out, 'jig.event.type', e.type);
  kv(out, 'session.id', e.session);
  if (e.line) kv(out, 'jig.line', e.line);
  if (e.lineVersion) kv(out, 'jig.line.version', e.lineVersion);
  const a = e.attrs;
  const mapped = new Set<string>();
  const isModelCall = MODEL_TYPES.has(e.type) && typeof a.model === 'string';
  if (isModelCall) {
    kv(out, GEN_AI.operationName, typeof a.operation === 'string' && a.operation ? a.operation : 'chat');
    const p = provider(e);
    kv(out, GEN_AI.providerName, p);
    kv(out, GEN_AI.system, p);
    mapped.add('operation').add('provider');
    if (e.type === 'station.attempted') {
      kv(out, GEN_AI.responseModel, typeof a.responseModel === 'string' ? a.responseModel : a.model);
      mapped.add('responseModel');
    }
  }
  if (typeof a.model === 'string') {
    kv(out, GEN_AI.requestModel, a.model);
    mapped.add('model');
  }
  if (typeof a.tokensIn === 'number') {
    kv(out, GEN_AI.inputTokens, Math.round(a.tokensIn));
    mapped.add('tokensIn');
  }
  if (typeof a.tokensOut === 'number') {
    kv(out, GEN_AI.outputTokens, Math.round(a.tokensOut));
    mapped.add('tokensOut');
  }
  // A site attribute named like one of the event's own keys ("line", "event.id") is `jig.attr.*`:
  // OTLP keys are unique in a record, and the event's own id must not be overwritten.
  const taken = new Set(out.map((x) => x.key));
  for (const key of Object.keys(a)) {
    if (mapped.has(key)) continue;
    const name = taken.has(`jig.${key}`) ? `jig.attr.${key}` : `jig.${key}`;
    if (taken.has(name)) continue;
    taken.add(name);
    kv(out, name, a[key]);
  }
  return out;
}

function isFailure(e: JigEvent): boolean {
  return e.type.endsWith('.failed') || e.attrs.ok === false;
}

// ---- items --------------------------------------------------------------------------------

export interface OtlpLogRecord {
  timeUnixNano: string;
  observedTimeUnixNano: string;
  severityNumber: number;
  severityText: string;
  eventName: string;
  body: OtlpAnyValue;
  attributes: OtlpKeyValue[];
  traceId: string;
  spanId: string;
}

export function toLogRecord(e: JigEvent): OtlpLogRecord {
  const nanos = isoToUnixNano(e.time);
  const fail = isFailure(e);
  return {
    timeUnixNano: nanos,
    observedTimeUnixNano: nanos,
    severityNumber: fail ? 13 : 9,
    severityText: fail ? 'WARN' : 'INFO',
    eventName: e.type,
    body: { stringValue: e.type },
    attributes: otlpAttributes(e),
    traceId: toHexId(e.trace, 32),
    spanId: toHexId(e.span, 16),
  };
}

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpKeyValue[];
  status: { code: number; message?: string };
}

/**
 * One span per event. A station attempt *is* its span (id from the event's `span`, parent from
 * `attrs.parentSpan`, start = time − `ms`, named "{operation} {model}"); every other event is a
 * short child span of the span it was emitted in (its own id derived from the event id).
 */
export function toSpan(e: JigEvent): OtlpSpan {
  const end = isoToUnixNano(e.time);
  const ms = typeof e.attrs.ms === 'number' && e.attrs.ms > 0 ? e.attrs.ms : 0;
  const fail = isFailure(e);
  const status = fail
    ? { code: 2, message: String(e.attrs.code ?? e.attrs.error ?? e.type) }
    : { code: e.type === 'station.attempted' || e.type.endsWith('.passed') ? 1 : 0 };
  const traceId = toHexId(e.trace, 32);
  if (e.type === 'station.attempted') {
    const op = typeof e.attrs.operation === 'string' && e.attrs.operation ? e.attrs.operation : 'chat';
    const span: OtlpSpan = {
      traceId,
      spanId: toHexId(e.span, 16),
      name:
        typeof e.attrs.model === 'string' ? `${op} ${e.attrs.model}` : `${op} ${String(e.attrs.station ?? 'station')}`,
      kind: e.attrs.station === 'premium' ? 3 : 1,
      startTimeUnixNano: minusMs(end, ms),
      endTimeUnixNano: end,
      attributes: otlpAttributes(e),
      status,
    };
    if (typeof e.attrs.parentSpan === 'string' && e.attrs.parentSpan)
      span.parentSpanId = toHexId(e.attrs.parentSpan, 16);
    return span;
  }
  return {
    traceId,
    spanId: toHexId(`span:${e.id}`, 16),
    parentSpanId: toHexId(e.span, 16),
    name: e.type,
    kind: 1,
    startTimeUnixNano: minusMs(end, ms),
    endTimeUnixNano: end,
    attributes: otlpAttributes(e),
    status,
  };
}

export interface SegmentTrack {
  type: 'track';
  event: string;
  properties: Record<string, AttrValue>;
  timestamp: string;
  messageId: string;
  anonymousId: string;
  context: Record<string, unknown>;
}

/** The event's own fields in Segment's properties; a site attribute of one of these names is `attr.<name>`. */
const SEGMENT_OWN = ['trace', 'span', 'line', 'lineVersion'];

export function toSegmentTrack(e: JigEvent, options: SegmentOptions = {}): SegmentTrack {
  const properties: Record<string, AttrValue> = {};
  for (const [k, v] of Object.entries(e.attrs)) properties[SEGMENT_OWN.includes(k) ? `attr.${k}` : k] = v;
  return {
    type: 'track',
    event: e.type,
    properties: { ...properties, trace: e.trace, span: e.span, line: e.line, lineVersion: e.lineVersion },
    timestamp: e.time,
    messageId: e.id,
    anonymousId: e.session,
    context: { library: { name: JIG_SCOPE.name, version: JIG_SCOPE.version }, ...options.context },
  };
}

// ---- documents ----------------------------------------------------------------------------

function resourceOf(resource: ResourceAttrs = {}): { attributes: OtlpKeyValue[] } {
  const attrs: ResourceAttrs = {
    'service.name': 'jig',
    'telemetry.sdk.name': 'jig',
    'telemetry.sdk.language': 'webjs',
    ...resource,
  };
  const attributes: OtlpKeyValue[] = [];
  for (const [k, v] of Object.entries(attrs)) kv(attributes, k, v);
  return { attributes };
}

/**
 * Each JSON format once: how one event reads, and the document around the items. The whole
 * document and the streamed one both come from this, so they cannot drift apart.
 */
const DOCUMENTS = {
  'otlp-logs': {
    item: (e: JigEvent) => toLogRecord(e),
    wrap: <T>(items: T[], o: ExportOptions) => ({
      resourceLogs: [{ resource: resourceOf(o.resource), scopeLogs: [{ scope: { ...JIG_SCOPE }, logRecords: items }] }],
    }),
  },
  'otlp-traces': {
    item: (e: JigEvent) => toSpan(e),
    wrap: <T>(items: T[], o: ExportOptions) => ({
      resourceSpans: [{ resource: resourceOf(o.resource), scopeSpans: [{ scope: { ...JIG_SCOPE }, spans: items }] }],
    }),
  },
  segment: {
    item: (e: JigEvent, o: ExportOptions) => toSegmentTrack(e, o.segment),
    wrap: <T>(items: T[], o: ExportOptions) => ({
      batch: items,
      sentAt: o.segment?.sentAt ?? new Date().toISOString(),
    }),
  },
} as const;

/** One event a line, the event's own shape, with a trailing newline. */
export function toNdjson(events: Iterable<JigEvent>): string {
  let out = '';
  for (const e of events) out += `${JSON.stringify(e)}\n`;
  return out;
}

export function toOtlpLogs(events: Iterable<JigEvent>, resource?: ResourceAttrs) {
  const d = DOCUMENTS['otlp-logs'];
  return d.wrap(Array.from(events, d.item), { resource });
}

export function toOtlpTraces(events: Iterable<JigEvent>, resource?: ResourceAttrs) {
  const d = DOCUMENTS['otlp-traces'];
  return d.wrap(Array.from(events, d.item), { resource });
}

export function toSegmentBatch(events: Iterable<JigEvent>, options: SegmentOptions = {}) {
  const d = DOCUMENTS.segment;
  return d.wrap(
    Array.from(events, (e) => d.item(e, { segment: options })),
    { segment: options },
  );
}

/** Segment options with the one sentAt every batch of an export carries (now, unless given). */
const oneSentAt = (o: SegmentOptions = {}): SegmentOptions => ({ ...o, sentAt: o.sentAt ?? new Date().toISOString() });

/** What Segment's HTTP API takes in one batch request: 500 KB. */
export const SEGMENT_BATCH_BYTES = 500_000;

/**
 * Events as Segment batch documents small enough to upload: each `{batch, sentAt}` at most
 * `maxBytes` of UTF-8 JSON (default 500 KB, Segment's limit), the events in order, each in exactly
 * one batch. An event that alone makes a document over the limit goes in a batch of its own.
 */
export function* segmentBatches(
  events: Iterable<JigEvent>,
  options: SegmentOptions & { maxBytes?: number } = {},
): Generator<ReturnType<typeof toSegmentBatch>, void, undefined> {
  const { maxBytes = SEGMENT_BATCH_BYTES, ...segment } = options;
  const o: ExportOptions = { segment: oneSentAt(segment) };
  const d = DOCUMENTS.segment;
  const empty = byteLength(JSON.stringify(d.wrap([], o)));
  let items: Array<ReturnType<typeof d.item>> = [];
  let bytes = empty;
  for (const e of events) {
    const item = d.item(e, o);
    const size = byteLength(JSON.stringify(item));
    // Items are joined by a comma: one byte more for each after the first.
    if (items.length && bytes + 1 + size > maxBytes) {
      yield d.wrap(items, o);
      items = [];
      bytes = empty;
    }
    bytes += size + (items.length ? 1 : 0);
    items.push(item);
  }
  if (items.length) yield d.wrap(items, o);
}

// ---- streaming ----------------------------------------------------------------------------

/** A format as text pieces: a head, each item, a separator between items, a tail. */
export interface TextEncoderSpec {
  head: string;
  item(e: JigEvent): string;
  separator: string;
  tail: string;
}

/** Stands for the items while a document is written, then splits it into head and tail. */
const ITEMS = '\u0000jig-items\u0000';

/** The text pieces of a format; head + items joined by separator + tail = the whole document. */
export function encoderFor(format: ExportFormat, options: ExportOptions = {}): TextEncoderSpec {
  if (format === 'ndjson') return { head: '', item: (e) => `${JSON.stringify(e)}\n`, separator: '', tail: '' };
  // One sentAt for the whole stream, as the whole document has.
  const o: ExportOptions = format === 'segment' ? { ...options, segment: oneSentAt(options.segment) } : options;
  const d = DOCUMENTS[format];
  const [head, tail] = JSON.stringify(d.wrap([ITEMS], o)).split(JSON.stringify(ITEMS)) as [string, string];
  return { head, item: (e) => JSON.stringify(d.item(e, o)), separator: ',', tail };
}

/** A whole export as one string (a page of events, small exports, tests). */
export function encodeToString(format: ExportFormat, events: Iterable<JigEvent>, options: ExportOptions = {}): string {
  const enc = encoderFor(format, options);
  let out = enc.head;
  let first = true;
  for (const e of events) {
    out += first ? enc.item(e) : enc.separator + enc.item(e);
    first = false;
  }
  return out + enc.tail;
}

/**
 * Streams a format one page at a time: yields one string per page of events (plus the head
 * and tail), so a caller can yield to the event loop between pages and build a Blob from parts.
 */
export async function* encodeStream(
  format: ExportFormat,
  pages: AsyncIterable<readonly JigEvent[]> | Iterable<readonly JigEvent[]>,
  options: ExportOptions = {},
): AsyncGenerator<string, void, undefined> {
  const enc = encoderFor(format, options);
  let first = true;
  if (enc.head) yield enc.head;
  for await (const page of pages) {
    if (page.length === 0) continue;
    const parts: string[] = [];
    for (const e of page) {
      parts.push(first ? enc.item(e) : enc.separator + enc.item(e));
      first = false;
    }
    yield parts.join('');
  }
  if (enc.tail) yield enc.tail;
}
