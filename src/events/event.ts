// The analytics event (docs/events.md): one shape for the browser store, the exporters and the
// server's ingest, with a validator that refuses hostile events one by one, with a code.
import { FORBIDDEN_SEGMENTS } from '../layout/pointer.js';
import { attrValueProblem, contractProblem } from './attrs.js';
import { byteLength } from '../util/utf8.js';

export { EVENT_TYPES, isKnownEventType, type EventAttrs, type KnownEventType } from './attrs.js';

export type AttrValue = string | number | boolean | null;

export interface JigEvent {
  /** UUIDv7: time-ordered, so receivers can sort and drop duplicates. */
  id: string;
  /** e.g. "gate.failed"; sites may add their own `x.y` types. */
  type: string;
  /** ISO 8601 UTC. */
  time: string;
  session: string;
  trace: string;
  span: string;
  line: string;
  lineVersion: string;
  attrs: Record<string, AttrValue>;
}

export const EVENT_LIMITS = {
  maxAttrs: 64,
  maxAttrKey: 64,
  maxAttrString: 8192,
  maxField: 128,
  /** Bytes of one event as JSON. */
  maxBytes: 32 * 1024,
} as const;

export type EventProblemCode =
  | 'not_an_object'
  | 'missing_field'
  | 'bad_field'
  | 'unknown_field'
  | 'bad_type'
  | 'bad_time'
  | 'bad_id'
  | 'forbidden_key'
  | 'too_many_attrs'
  | 'bad_attr'
  | 'too_large';

export interface EventProblem {
  code: EventProblemCode;
  path: string;
  message: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TYPE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

/** Whether a name has the shape of an event type ("gate.failed", "shop.checkout_started"). */
export function isEventTypeName(name: string): boolean {
  return name.length <= EVENT_LIMITS.maxField && TYPE.test(name);
}
const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/** The last millisecond an event may carry (the end of year 9999, as ISO 8601 can write it). */
export const MAX_EVENT_TIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * Unix milliseconds of an ISO 8601 time that names a real instant from 1970 to 9999, else
 * undefined. Stricter than Date.parse, which rolls "2026-02-30" over into March.
 */
export function eventTimeMs(text: string): number | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1] ?? 0;
  if (mo < 1 || mo > 12 || d < 1 || d > days || h > 23 || mi > 59 || s > 59) return undefined;
  let offset = 0;
  if (m[8]) {
    const oh = Number(m[9]),
      om = Number(m[10]);
    if (oh > 23 || om > 59) return undefined;
    offset = (m[8] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  const fraction = m[7] ? Number(`${m[7].slice(1)}00`.slice(0, 3)) : 0;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s, fraction) - offset;
  return ms >= 0 && ms <= MAX_EVENT_TIME_MS ? ms : undefined;
}
const FIELDS = ['id', 'type', 'time', 'session', 'trace', 'span', 'line', 'lineVersion', 'attrs'] as const;
const STRING_FIELDS = ['session', 'trace', 'span', 'line', 'lineVersion'] as const;

type Checked = { ok: true; event: JigEvent } | { ok: false; problem: EventProblem };

/** Checks one event; returns the event or its first problem. Never throws. */
export function validateEvent(value: unknown): Checked {
  try {
    return checkEvent(value);
  } catch (err) {
    // A getter that throws, a revoked Proxy: an object that cannot be read is no event.
    return {
      ok: false,
      problem: {
        code: 'not_an_object',
        path: '',
        message: `the event could not be read: ${err instanceof Error ? err.message : String(err)}`,
      },
    };
  }
}

/**
 * Bytes a string takes in JSON text, as UTF-8 and with JSON's escapes (a control character is six):
 * what the size limit counts, so "€" weighs three bytes and not one.
 */
function jsonBytes(s: string): number {
  let escapes = 2; // the quotes
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20) escapes += c === 8 || c === 9 || c === 10 || c === 12 || c === 13 ? 1 : 5;
    else if (c === 0x22 || c === 0x5c) escapes += 1;
  }
  return byteLength(s) + escapes;
}

function checkEvent(value: unknown): Checked {
  const fail = (code: EventProblemCode, path: string, message: string) => ({
    ok: false as const,
    problem: { code, path, message },
  });
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return fail('not_an_object', '', 'expected an event object');
  const e = value as Record<string, unknown>;
  for (const k of Object.keys(e)) {
    if (FORBIDDEN_SEGMENTS.has(k)) return fail('forbidden_key', `/${k}`, `the key "${k}" is never allowed`);
    if (!(FIELDS as readonly string[]).includes(k))
      return fail('unknown_field', `/${k}`, `events have only ${FIELDS.join(', ')}; received "${k}"`);
  }
  if (typeof e.id !== 'string' || !UUID.test(e.id)) return fail('bad_id', '/id', 'expected a UUID (v7) string as id');
  if (typeof e.type !== 'string' || !TYPE.test(e.type) || e.type.length > EVENT_LIMITS.maxField)
    return fail(
      'bad_type',
      '/type',
      `expected a type like "gate.failed", received ${JSON.stringify(String(e.type).slice(0, 40))}`,
    );
  const timeMs = typeof e.time === 'string' ? eventTimeMs(e.time) : undefined;
  if (timeMs === undefined)
    return fail(
      'bad_time',
      '/time',
      `expected an ISO 8601 time of a real date from 1970 on, such as "2026-11-24T10:00:00.000Z"; received ${JSON.stringify(String(e.time).slice(0, 40))}`,
    );
  for (const f of STRING_FIELDS) {
    if (e[f] === undefined) return fail('missing_field', `/${f}`, `expected "${f}"`);
    if (typeof e[f] !== 'string' || (e[f] as string).length > EVENT_LIMITS.maxField)
      return fail('bad_field', `/${f}`, `expected "${f}" as a string of at most ${EVENT_LIMITS.maxField} characters`);
  }
  const attrs = e.attrs ?? {};
  if (attrs === null || typeof attrs !== 'object' || Array.isArray(attrs))
    return fail('bad_field', '/attrs', 'expected attrs as an object');
  const keys = Object.keys(attrs);
  if (keys.length > EVENT_LIMITS.maxAttrs)
    return fail('too_many_attrs', '/attrs', `at most ${EVENT_LIMITS.maxAttrs} attributes, received ${keys.length}`);
  let bytes = 200;
  for (const k of keys) {
    if (FORBIDDEN_SEGMENTS.has(k)) return fail('forbidden_key', `/attrs/${k}`, `the key "${k}" is never allowed`);
    if (k.length > EVENT_LIMITS.maxAttrKey)
      return fail(
        'bad_attr',
        `/attrs/${k.slice(0, 20)}…`,
        `attribute names are at most ${EVENT_LIMITS.maxAttrKey} characters`,
      );
    const v = (attrs as Record<string, unknown>)[k];
    const t = typeof v;
    if (!(v === null || t === 'string' || t === 'boolean' || (t === 'number' && Number.isFinite(v))))
      return fail('bad_attr', `/attrs/${k}`, 'attribute values are strings, finite numbers, booleans or null');
    if (t === 'string' && (v as string).length > EVENT_LIMITS.maxAttrString)
      return fail('bad_attr', `/attrs/${k}`, `attribute strings are at most ${EVENT_LIMITS.maxAttrString} characters`);
    const problem = attrValueProblem(k, v as AttrValue);
    if (problem) return fail('bad_attr', `/attrs/${k}`, problem);
    bytes += jsonBytes(k) + 1 + (t === 'string' ? jsonBytes(v as string) : 24);
  }
  if (bytes > EVENT_LIMITS.maxBytes)
    return fail('too_large', '/attrs', `the event is over ${EVENT_LIMITS.maxBytes} bytes`);
  const wrong = contractProblem(e.type, attrs as Record<string, unknown>);
  if (wrong) return fail('bad_attr', `/attrs/${wrong.key}`, wrong.message);
  const event: JigEvent = {
    // One spelling per instant (UTC, milliseconds): what is stored, sorted and paged by is what the event says.
    id: (e.id as string).toLowerCase(),
    type: e.type,
    time: new Date(timeMs).toISOString(),
    session: e.session as string,
    trace: e.trace as string,
    span: e.span as string,
    line: e.line as string,
    lineVersion: e.lineVersion as string,
    attrs: { ...(attrs as Record<string, AttrValue>) },
  };
  return { ok: true, event };
}

const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
/** Bytes as lower-case hex: ids are made for every event, so this runs often. */
function hex(b: Uint8Array): string {
  let out = '';
  for (let i = 0; i < b.length; i++) out += BYTE_HEX[b[i]!];
  return out;
}

/** The millisecond the last id used, and the 12-bit sequence within it (RFC 9562 §6.2, method 1). */
let lastMs = -1;
let seq = 0;
/** The clock reading of the last call: a reading before it (an id for another time) starts afresh. */
let lastNow = -1;

/**
 * A UUIDv7 (RFC 9562): 48-bit Unix milliseconds, a 12-bit sequence, then random bits. Ids made
 * in the same millisecond by this page count up, so they sort in the order they were made;
 * when the sequence runs out, the next ids borrow the following millisecond.
 */
export function uuidv7(now = Date.now()): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  const fresh = () => ((b[6]! & 0x07) << 8) | b[7]!; // a random start in the lower half leaves room to count
  let ms = now;
  if (now <= lastMs && now >= lastNow) {
    // The same millisecond (or one already borrowed): count on.
    ms = lastMs;
    if (++seq > 0xfff) {
      ms = lastMs + 1;
      seq = fresh();
    }
  } else {
    seq = fresh();
  }
  lastMs = ms;
  lastNow = now;
  for (let i = 5; i >= 0; i--) {
    b[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  b[6] = 0x70 | (seq >> 8);
  b[7] = seq & 0xff;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = hex(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** 16 random bytes as hex (an OpenTelemetry trace id) or 8 (a span id). */
export function randomHex(bytes: 16 | 8): string {
  const b = new Uint8Array(bytes);
  crypto.getRandomValues(b);
  return hex(b);
}

export interface EventContext {
  session: string;
  trace?: string;
  span?: string;
  line?: string;
  lineVersion?: string;
}

/** Makes an event with a fresh id and time. */
export function createEvent(type: string, context: EventContext, attrs: Record<string, AttrValue> = {}): JigEvent {
  return {
    id: uuidv7(),
    type,
    time: new Date().toISOString(),
    session: context.session,
    trace: context.trace ?? randomHex(16),
    span: context.span ?? randomHex(8),
    line: context.line ?? '',
    lineVersion: context.lineVersion ?? '',
    attrs,
  };
}
