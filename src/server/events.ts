// POST /v1/events (a batch as a JSON array or NDJSON; each event checked on its own, stored
// once per id) and GET /v1/events (filtered export as NDJSON, OTLP logs/traces or Segment).
import type { Context } from 'hono';
import { isEventTypeName, validateEvent, type JigEvent } from '../events/event.js';
import { encodeStream, encodeToString, type ExportFormat } from '../events/formats.js';
import { readText, scanJson } from './body.js';
import { HttpError } from './errors.js';
import { badQuery, parseChoice, parseName, parseTime, readQuery } from './query.js';
import type { Storage } from './storage/index.js';

export interface Rejection {
  index: number;
  code: string;
  message: string;
}

export interface IngestLimits {
  maxDepth: number;
  /** Events one request may carry (JIG_EVENTS_MAX_BATCH). */
  maxEvents: number;
  /** Rejections listed in one answer; past it the answer counts them (`rejectedCount`). */
  maxReported: number;
}

export const INGEST_DEFAULTS = { maxEvents: 1000, maxReported: 200 } as const;

/** Content types a batch may come as; text/plain is what navigator.sendBeacon sends. */
const BATCH_TYPES = new Set(['application/json', 'application/x-ndjson', 'application/ndjson', 'text/plain']);

/** Events handled between yields to the event loop, so a large batch never holds other requests (/healthz) for long. */
const YIELD_EVERY = 100;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

const tooMany = (max: number) =>
  new HttpError(
    413,
    'too_many_events',
    `the batch holds more than ${max} events (JIG_EVENTS_MAX_BATCH); send smaller batches`,
  );

/** The non-empty NDJSON lines, refusing the batch as soon as there are more than `max` (junk lines cost nothing more). */
function ndjsonLines(text: string, max: number): string[] {
  const lines: string[] = [];
  for (let from = 0; from < text.length; ) {
    let to = text.indexOf('\n', from);
    if (to < 0) to = text.length;
    const line = text.slice(from, to).trim();
    if (line !== '') {
      if (lines.length === max) throw tooMany(max);
      lines.push(line);
    }
    from = to + 1;
  }
  return lines;
}

/** Splits a batch body into values; an NDJSON line or array item that is not sound JSON is rejected alone. */
export async function parseBatch(
  text: string,
  limits: Pick<IngestLimits, 'maxDepth' | 'maxEvents'>,
): Promise<{ values: unknown[]; rejected: Rejection[] }> {
  const { maxDepth, maxEvents } = limits;
  const trimmed = text.trim();
  if (trimmed === '') throw new HttpError(400, 'bad_json', 'the body is empty; send a JSON array of events or NDJSON');
  const rejected: Rejection[] = [];
  if (trimmed.startsWith('[') || (trimmed.startsWith('{') && !trimmed.includes('\n'))) {
    const shape = scanJson(trimmed, maxDepth);
    if (shape.depth > maxDepth) throw new HttpError(400, 'too_deep', `the body nests deeper than ${maxDepth} levels`);
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (err) {
      throw new HttpError(
        400,
        'bad_json',
        `the body is not valid JSON: ${err instanceof Error ? err.message.slice(0, 200) : String(err)}`,
      );
    }
    const isArray = Array.isArray(value);
    const values = isArray ? (value as unknown[]) : [value];
    if (values.length > maxEvents) throw tooMany(maxEvents);
    const twice = new Set<number>();
    for (const path of scanJson(trimmed, maxDepth, maxEvents).duplicates) {
      const index = isArray ? Number(path.split('/')[1]) : 0;
      if (!twice.has(index)) {
        twice.add(index);
        rejected.push({
          index,
          code: 'duplicate_key',
          message: `${isArray ? path.slice(path.indexOf('/', 1)) || '/' : path}: this key appears twice in one object`,
        });
      }
    }
    return { values, rejected };
  }
  const lines = ndjsonLines(trimmed, maxEvents);
  const values: unknown[] = new Array(lines.length);
  for (let index = 0; index < lines.length; index++) {
    if (index > 0 && index % YIELD_EVERY === 0) await yieldToLoop();
    const line = lines[index]!;
    const shape = scanJson(line, maxDepth, 1);
    if (shape.depth > maxDepth) {
      rejected.push({ index, code: 'too_deep', message: `line ${index + 1} nests deeper than ${maxDepth} levels` });
      continue;
    }
    try {
      values[index] = JSON.parse(line);
    } catch {
      rejected.push({ index, code: 'bad_json', message: `line ${index + 1} is not valid JSON` });
      continue;
    }
    if (shape.duplicates.length)
      rejected.push({
        index,
        code: 'duplicate_key',
        message: `${shape.duplicates[0]}: this key appears twice in one object`,
      });
  }
  return { values, rejected };
}

export async function handleIngest(
  c: Context,
  storage: Storage,
  bodyLimit: number,
  limits: IngestLimits,
): Promise<Response> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!BATCH_TYPES.has(type))
    throw new HttpError(
      415,
      'unsupported_media_type',
      `events come as application/json, application/x-ndjson or text/plain; received ${JSON.stringify((c.req.header('content-type') ?? 'none').slice(0, 80))}`,
    );
  const { values, rejected } = await parseBatch(await readText(c.req.raw, bodyLimit), limits);
  const good: JigEvent[] = [];
  const failed = new Set(rejected.map((r) => r.index));
  for (let index = 0; index < values.length; index++) {
    if (index > 0 && index % YIELD_EVERY === 0) await yieldToLoop();
    if (failed.has(index)) continue;
    const r = validateEvent(values[index]);
    if (r.ok) good.push(r.event);
    else rejected.push({ index, code: r.problem.code, message: `${r.problem.path || '/'}: ${r.problem.message}` });
  }
  rejected.sort((a, b) => a.index - b.index);
  const { accepted, duplicates } = good.length ? await storage.insertEvents(good) : { accepted: 0, duplicates: 0 };
  // The answer stays small however bad the batch: the first rejections, and how many there were.
  return c.json({
    accepted,
    duplicates,
    rejected: rejected.slice(0, limits.maxReported),
    rejectedCount: rejected.length,
  });
}

const FORMATS: ReadonlyMap<string, ExportFormat> = new Map([
  ['ndjson', 'ndjson'],
  ['otlp', 'otlp-logs'],
  ['otlp-logs', 'otlp-logs'],
  ['otlp-traces', 'otlp-traces'],
  ['segment', 'segment'],
]);
const PAGE = 1000;
export const EXPORT_MAX_LIMIT = 50_000;
/** Event types one export may filter by. */
const MAX_TYPES = 64;
export const EXPORT_PARAMS = ['format', 'type', 'since', 'until', 'cursor', 'limit', 'line'] as const;

export function cursorOf(e: Pick<JigEvent, 'time' | 'id'>): string {
  return Buffer.from(`${Date.parse(e.time)}:${e.id}`).toString('base64url');
}

/** A cursor this server gave out: the time and id of the last event of a page (ids may hold any character). */
export function parseCursor(value: string | undefined): { timeMs: number; id: string } | undefined {
  if (value === undefined) return undefined;
  const m = /^[A-Za-z0-9_-]{1,400}$/.test(value)
    ? /^(\d{1,16}):([\s\S]+)$/.exec(Buffer.from(value, 'base64url').toString('utf8'))
    : null;
  if (!m)
    throw badQuery('"cursor" is not one this server gave out; pass the X-Jig-Next-Cursor header of the previous page');
  return { timeMs: Number(m[1]), id: m[2]! };
}

function parseTypes(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const types = value
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  if (types.length === 0 || types.length > MAX_TYPES)
    throw badQuery(`"type" is a comma-separated list of 1 to ${MAX_TYPES} event types`);
  for (const t of types)
    if (!isEventTypeName(t))
      throw badQuery(`"type" lists ${JSON.stringify(t.slice(0, 40))}, which is not an event type such as gate.failed`);
  return types;
}

export async function handleExport(c: Context, storage: Storage): Promise<Response> {
  const q = readQuery(c, EXPORT_PARAMS);
  const format = parseChoice(q.format, 'format', FORMATS, 'ndjson');
  const types = parseTypes(q.type);
  const since = parseTime(q.since, 'since');
  const until = parseTime(q.until, 'until');
  const line = parseName(q.line, 'line');
  const after = parseCursor(q.cursor);
  const base = {
    ...(since !== undefined ? { since } : {}),
    ...(until !== undefined ? { until } : {}),
    ...(types ? { types } : {}),
    ...(line !== undefined ? { line } : {}),
  };
  const mime = format === 'ndjson' ? 'application/x-ndjson; charset=utf-8' : 'application/json; charset=utf-8';

  if (q.limit !== undefined) {
    const limit = /^\d{1,6}$/.test(q.limit) ? Number(q.limit) : 0;
    if (limit < 1 || limit > EXPORT_MAX_LIMIT)
      throw badQuery(`"limit" must be a whole number from 1 to ${EXPORT_MAX_LIMIT}`);
    const rows = await storage.queryEvents({ ...base, ...(after ? { after } : {}), limit: limit + 1 });
    const page = rows.slice(0, limit);
    if (rows.length > limit) c.header('X-Jig-Next-Cursor', cursorOf(page[page.length - 1]!));
    return c.body(encodeToString(format, page), 200, { 'content-type': mime });
  }

  // No limit: stream every match, a page at a time, so memory stays flat however many there are.
  async function* pages(): AsyncGenerator<JigEvent[]> {
    let cursor = after;
    for (;;) {
      const page = await storage.queryEvents({ ...base, ...(cursor ? { after: cursor } : {}), limit: PAGE });
      if (page.length) yield page;
      if (page.length < PAGE) return;
      const last = page[page.length - 1]!;
      cursor = { timeMs: Date.parse(last.time), id: last.id };
    }
  }
  const encoder = new TextEncoder();
  const iter = encodeStream(format, pages());
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await iter.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await iter.return(undefined);
    },
  });
  return c.body(stream, 200, { 'content-type': mime });
}
