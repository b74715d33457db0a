// POST /v1/events (a batch as a JSON array or NDJSON; each event checked on its own, stored
// once per id) and GET /v1/events (filtered export as NDJSON, OTLP logs/traces or Segment).
import type { Context } from 'hono';
import { validateEvent, type JigEvent } from '../events/event.js';
import { encodeStream, toNdjson, toOtlpLogs, toOtlpTraces, toSegmentBatch } from '../events/formats.js';
import { jsonDepth, readText } from './body.js';
import { HttpError } from './errors.js';
import type { Storage } from './storage/index.js';

export interface Rejection {
  index: number;
  code: string;
  message: string;
}

/** Splits a batch body into values; a line of NDJSON that does not parse is rejected alone. */
export function parseBatch(text: string, maxDepth: number): { values: unknown[]; rejected: Rejection[] } {
  const trimmed = text.trim();
  if (trimmed === '') throw new HttpError(400, 'bad_json', 'the body is empty; send a JSON array of events or NDJSON');
  if (trimmed.startsWith('[') || (trimmed.startsWith('{') && !trimmed.includes('\n'))) {
    if (jsonDepth(trimmed, maxDepth) > maxDepth) throw new HttpError(400, 'too_deep', `the body nests deeper than ${maxDepth} levels`);
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (err) {
      throw new HttpError(400, 'bad_json', `the body is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
    return { values: Array.isArray(value) ? value : [value], rejected: [] };
  }
  const values: unknown[] = [];
  const rejected: Rejection[] = [];
  let index = 0;
  for (const line of trimmed.split('\n')) {
    if (line.trim() === '') continue;
    if (jsonDepth(line, maxDepth) > maxDepth) rejected.push({ index, code: 'too_deep', message: `line ${index + 1} nests deeper than ${maxDepth} levels` });
    else {
      try {
        values[index] = JSON.parse(line);
      } catch {
        rejected.push({ index, code: 'bad_json', message: `line ${index + 1} is not valid JSON` });
      }
    }
    index++;
  }
  values.length = index;
  return { values, rejected };
}

export async function handleIngest(c: Context, storage: Storage, bodyLimit: number, maxDepth: number): Promise<Response> {
  const { values, rejected } = parseBatch(await readText(c.req.raw, bodyLimit), maxDepth);
  const good: JigEvent[] = [];
  const failed = new Set(rejected.map((r) => r.index));
  values.forEach((v, index) => {
    if (failed.has(index)) return;
    const r = validateEvent(v);
    if (r.ok) good.push(r.event);
    else rejected.push({ index, code: r.problem.code, message: `${r.problem.path || '/'}: ${r.problem.message}` });
  });
  rejected.sort((a, b) => a.index - b.index);
  const { accepted, duplicates } = good.length ? await storage.insertEvents(good) : { accepted: 0, duplicates: 0 };
  return c.json({ accepted, duplicates, rejected });
}

/** A time as ISO 8601 or Unix milliseconds. */
export function parseTime(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(n)) throw new HttpError(400, 'bad_request', `"${name}" must be an ISO 8601 time or Unix milliseconds; received ${JSON.stringify(value.slice(0, 40))}`);
  return n;
}

const FORMATS = { ndjson: 'ndjson', otlp: 'otlp-logs', 'otlp-logs': 'otlp-logs', 'otlp-traces': 'otlp-traces', segment: 'segment' } as const;
const PAGE = 1000;
export const EXPORT_MAX_LIMIT = 50_000;

function cursorOf(e: JigEvent): string {
  return Buffer.from(`${Date.parse(e.time)}:${e.id}`).toString('base64url');
}

function parseCursor(value: string | undefined): { timeMs: number; id: string } | undefined {
  if (!value) return undefined;
  const [t, id] = Buffer.from(value, 'base64url').toString('utf8').split(':');
  if (!t || !id || !/^\d+$/.test(t)) throw new HttpError(400, 'bad_request', '"cursor" is not one this server gave out');
  return { timeMs: Number(t), id };
}

export async function handleExport(c: Context, storage: Storage): Promise<Response> {
  const q = c.req.query();
  const formatName = (q.format ?? 'ndjson') as keyof typeof FORMATS;
  const format = FORMATS[formatName];
  if (!format) throw new HttpError(400, 'bad_request', `"format" must be ndjson, otlp (logs), otlp-traces or segment; received ${JSON.stringify(String(q.format).slice(0, 40))}`);
  const types = q.type ? q.type.split(',').map((t) => t.trim()).filter(Boolean) : undefined;
  const since = parseTime(q.since, 'since');
  const until = parseTime(q.until, 'until');
  const after = parseCursor(q.cursor);
  const base = { ...(since !== undefined ? { since } : {}), ...(until !== undefined ? { until } : {}), ...(types ? { types } : {}), ...(q.line !== undefined ? { line: q.line } : {}) };
  const mime = format === 'ndjson' ? 'application/x-ndjson; charset=utf-8' : 'application/json; charset=utf-8';

  if (q.limit !== undefined) {
    const limit = Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > EXPORT_MAX_LIMIT) throw new HttpError(400, 'bad_request', `"limit" must be an integer from 1 to ${EXPORT_MAX_LIMIT}`);
    const rows = await storage.queryEvents({ ...base, ...(after ? { after } : {}), limit: limit + 1 });
    const page = rows.slice(0, limit);
    if (rows.length > limit) c.header('X-Jig-Next-Cursor', cursorOf(page[page.length - 1]!));
    const text = format === 'ndjson' ? toNdjson(page) : JSON.stringify(format === 'otlp-logs' ? toOtlpLogs(page) : format === 'otlp-traces' ? toOtlpTraces(page) : toSegmentBatch(page));
    return c.body(text, 200, { 'content-type': mime });
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
