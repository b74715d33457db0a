// Reads a peer's messages from what a site or an agent hands over: JSONL text, one JSON value
// (an array, a wrapper, a spec), an array of objects, or a stream of text chunks. Bad lines are reported.
import { JsonScanner } from '../layout/json-scanner.js';
import { FORBIDDEN_SEGMENTS } from '../layout/pointer.js';
import { DEFAULT_LIMITS, type Limits } from '../layout/document.js';
import { checkJsonValue, byteLength } from '../gates/parse.js';
import { interopIssue, join, type InteropIssue } from './report.js';
import { chunksOf } from '../util/streams.js';

export interface StreamLimits {
  /** Messages (or lines) one stream may hold. */
  maxMessages: number;
  /** Bytes of all the text of one stream. */
  maxStreamBytes: number;
}

export const DEFAULT_STREAM_LIMITS: Readonly<StreamLimits> = Object.freeze({
  maxMessages: 10_000,
  maxStreamBytes: 8 * 1024 * 1024,
});

export type Parsed = { ok: true; value: unknown } | { ok: false; issue: InteropIssue };

/**
 * Parses text that must be exactly one JSON value: syntax, depth, duplicate keys and size are
 * checked before JSON.parse (as the parse gate does), and prototype keys are refused.
 */
export function parseValue(text: string, path: string, limits: Limits = DEFAULT_LIMITS, what = 'the input'): Parsed {
  if (text.length > limits.maxBytes || byteLength(text) > limits.maxBytes) {
    return {
      ok: false,
      issue: {
        gate: 'envelope',
        code: 'too_large',
        path,
        message: `${what} is over the ${limits.maxBytes}-byte limit`,
      },
    };
  }
  const scanner = new JsonScanner({ maxDepth: limits.maxJsonDepth, skipPrefix: false });
  scanner.feed(text);
  scanner.finish();
  if (scanner.error) {
    const e = scanner.error;
    const gateCode = e.code === 'too_deep' ? 'too_deep' : null;
    if (gateCode)
      return { ok: false, issue: { gate: 'parse', code: 'too_deep', path: join(path, ...e.path), message: e.message } };
    return { ok: false, issue: interopIssue('malformed_line', path, `${what} is not valid JSON: ${e.message}`) };
  }
  for (let i = scanner.end; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) {
      return {
        ok: false,
        issue: interopIssue(
          'malformed_line',
          path,
          `${what} holds more than one JSON value (text follows at offset ${i})`,
        ),
      };
    }
  }
  if (scanner.duplicates.length) {
    const d = scanner.duplicates[0]!;
    return {
      ok: false,
      issue: { gate: 'parse', code: 'duplicate_key', path: join(path, ...d.path), message: d.message },
    };
  }
  const value: unknown = JSON.parse(text);
  const bad = forbiddenKey(value, limits.maxJsonDepth);
  if (bad)
    return {
      ok: false,
      issue: {
        gate: 'policy',
        code: 'forbidden_key',
        path: join(path, ...bad),
        message: `the key "${bad[bad.length - 1]}" is never allowed`,
      },
    };
  return { ok: true, value };
}

/** Checks an object handed over directly (not text): plain JSON, within limits, no prototype keys. */
export function checkObject(value: unknown, path: string, limits: Limits = DEFAULT_LIMITS): InteropIssue | undefined {
  const { issues } = checkJsonValue(value, limits);
  if (issues.length) {
    const i = issues[0]!;
    return { gate: i.gate, code: i.code, path: path + i.path, message: i.message };
  }
  const bad = forbiddenKey(value, limits.maxJsonDepth);
  if (bad)
    return {
      gate: 'policy',
      code: 'forbidden_key',
      path: join(path, ...bad),
      message: `the key "${bad[bad.length - 1]}" is never allowed`,
    };
  return undefined;
}

/**
 * The path of the first `__proto__`/`constructor`/`prototype` key, or undefined. Iterative (no deep
 * recursion); a path is built only for the key found, so a clean document costs one visit per value.
 */
function forbiddenKey(value: unknown, maxDepth: number): (string | number)[] | undefined {
  type Frame = { v: unknown; key: string | number; parent: Frame | null; depth: number };
  const stack: Frame[] = [{ v: value, key: '', parent: null, depth: 0 }];
  const pathOf = (f: Frame, last: string): (string | number)[] => {
    const out: (string | number)[] = [last];
    for (let cur: Frame | null = f; cur?.parent; cur = cur.parent) out.unshift(cur.key);
    return out;
  };
  while (stack.length) {
    const f = stack.pop()!;
    const v = f.v;
    if (v === null || typeof v !== 'object' || f.depth > maxDepth) continue;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++)
        if (v[i] !== null && typeof v[i] === 'object') stack.push({ v: v[i], key: i, parent: f, depth: f.depth + 1 });
      continue;
    }
    for (const k in v) {
      if (!Object.hasOwn(v, k)) continue;
      if (FORBIDDEN_SEGMENTS.has(k)) return pathOf(f, k);
      const child = (v as Record<string, unknown>)[k];
      if (child !== null && typeof child === 'object') stack.push({ v: child, key: k, parent: f, depth: f.depth + 1 });
    }
  }
  return undefined;
}

export interface Message {
  value: unknown;
  /** Where it was in the input: `/3` (the fourth line or item), `/messages/3` in a wrapper. */
  path: string;
}

export interface ReadResult {
  messages: Message[];
  issues: InteropIssue[];
  /** Lines read (non-empty), and how many of them were malformed. */
  lines: { read: number; malformed: number };
}

/**
 * Splits text into messages: one JSON value (an array of messages, a wrapper with `messages`,
 * a single message or spec) when the whole text is one; otherwise one JSON value per line.
 */
export function readText(
  text: string,
  limits: Limits,
  stream: StreamLimits = DEFAULT_STREAM_LIMITS,
  unwrap?: (value: unknown, path: string) => Message[] | undefined,
): ReadResult {
  const out: ReadResult = { messages: [], issues: [], lines: { read: 0, malformed: 0 } };
  if (text.length > stream.maxStreamBytes) {
    out.issues.push({
      gate: 'envelope',
      code: 'too_large',
      path: '',
      message: `the stream is over the ${stream.maxStreamBytes}-byte limit`,
    });
    return out;
  }
  const trimmed = text.trimStart();
  if (trimmed === '') {
    out.issues.push({
      gate: 'parse',
      code: 'empty_input',
      path: '',
      message: 'expected messages, received empty text',
    });
    return out;
  }
  if (trimmed[0] === '[' || (trimmed[0] === '{' && isOneValue(text))) {
    const parsed = parseValue(text, '', { ...limits, maxBytes: Math.max(limits.maxBytes, stream.maxStreamBytes) });
    out.lines.read = 1;
    if (!parsed.ok) {
      out.lines.malformed = 1;
      out.issues.push(parsed.issue);
      return out;
    }
    return fromValue(parsed.value, '', limits, stream, unwrap, out);
  }
  const tally = new LineTally(out.issues, limits, stream.maxMessages, out.lines);
  text.split('\n').forEach((line, n) => {
    const message = tally.line(line, n);
    if (message) out.messages.push(message);
  });
  return out;
}

/** Takes messages from a value already parsed or handed over: an array, a wrapper, or one message. */
export function fromValue(
  value: unknown,
  path: string,
  limits: Limits,
  stream: StreamLimits = DEFAULT_STREAM_LIMITS,
  unwrap?: (value: unknown, path: string) => Message[] | undefined,
  out: ReadResult = { messages: [], issues: [], lines: { read: 0, malformed: 0 } },
): ReadResult {
  const list = Array.isArray(value)
    ? value.map((v, i) => ({ value: v, path: join(path, i) }))
    : (unwrap?.(value, path) ?? [{ value, path }]);
  if (list.length > stream.maxMessages) {
    out.issues.push(
      interopIssue(
        'too_many_messages',
        path,
        `the input holds ${list.length} messages; the limit is ${stream.maxMessages}`,
      ),
    );
    return out;
  }
  for (const m of list) {
    const bad = checkObject(m.value, m.path, limits);
    if (bad) {
      out.issues.push(bad);
      out.lines.malformed++;
      continue;
    }
    out.messages.push(m);
  }
  return out;
}

/** A stream of text or byte chunks: an async iterable or a ReadableStream. */
export type LineSource = AsyncIterable<string | Uint8Array> | ReadableStream<string | Uint8Array>;

/** Whether the input is a stream of chunks rather than text, an array or one object. */
export function isStream(input: unknown): input is LineSource {
  return (
    input !== null &&
    typeof input === 'object' &&
    !Array.isArray(input) &&
    (Symbol.asyncIterator in input || typeof (input as { getReader?: unknown }).getReader === 'function')
  );
}

/**
 * Reads JSONL lines one at a time and keeps their count: empty lines are none, a malformed line
 * or one over the byte limit is an issue, and past the message limit one issue says the rest
 * were not read. The one home of these rules for text, streams and the render helpers.
 */
export class LineTally {
  constructor(
    readonly issues: InteropIssue[],
    readonly limits: Limits,
    private readonly maxMessages: number,
    readonly counts: { read: number; malformed: number } = { read: 0, malformed: 0 },
  ) {}

  /** One line: its message, or undefined when it is empty, malformed or past the limit. */
  line(line: string, n: number): Message | undefined {
    // Past the limit a line is only counted: nothing of it is parsed.
    if (this.full) {
      if (line.trim() !== '') this.counts.read++;
      return undefined;
    }
    const { message, issue } = parseLine(line, n, this.limits);
    if (!message && !issue) return undefined;
    if (++this.counts.read > this.maxMessages) {
      if (this.counts.read === this.maxMessages + 1)
        this.issues.push(
          interopIssue('too_many_messages', join('', n), `more than ${this.maxMessages} lines; the rest were not read`),
        );
      return undefined;
    }
    if (issue) {
      this.counts.malformed++;
      this.issues.push(issue);
    }
    return message;
  }

  /** Past the message limit: the rest of a stream is not read. */
  get full(): boolean {
    return this.counts.read > this.maxMessages;
  }

  /** A line over the byte limit, which was never held whole. */
  tooLong(n: number): void {
    this.counts.read++;
    this.counts.malformed++;
    this.issues.push({
      gate: 'envelope',
      code: 'too_large',
      path: join('', n),
      message: `line ${n + 1} is over the ${this.limits.maxBytes}-byte limit`,
    });
  }
}

/** The lines of a stream as they arrive; a line over the byte limit goes to the tally instead. Stops once `signal` aborts or the tally is full. */
export async function* streamLines(
  source: LineSource,
  tally: LineTally,
  signal?: AbortSignal,
): AsyncGenerator<{ line: string; n: number }> {
  for await (const { line, n, tooLong } of splitLines(source, tally.limits.maxBytes)) {
    // An endless stream stops being read once it is past the message limit (and is cancelled).
    if (signal?.aborted || tally.full) return;
    if (tooLong) tally.tooLong(n);
    else yield { line, n };
  }
}

/** Whether the text is one JSON object from its first "{" to its end (pretty-printed or not). */
function isOneValue(text: string): boolean {
  const scanner = new JsonScanner({ maxDepth: 1000, skipPrefix: false });
  scanner.feed(text);
  scanner.finish();
  if (!scanner.done) return false;
  for (let i = scanner.end; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return false;
  }
  return true;
}

/** Reads a stream of text (or byte) chunks as lines, yielding each complete line with its number. */
export async function* splitLines(
  source: LineSource,
  maxLineBytes: number,
): AsyncGenerator<{ line: string; n: number; tooLong: boolean }> {
  const decoder = new TextDecoder();
  let buffer = '';
  let n = 0;
  let skipping = false;
  const iterable = isReadable(source) ? chunksOf(source) : source;
  for await (const chunk of iterable) {
    buffer += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let at: number;
    while ((at = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, at);
      buffer = buffer.slice(at + 1);
      if (skipping) {
        skipping = false;
        n++;
        continue;
      }
      yield { line, n: n++, tooLong: false };
    }
    // A line that never ends must not grow without bound: report it once and drop the rest of it.
    if (buffer.length > maxLineBytes && !skipping) {
      yield { line: '', n, tooLong: true };
      skipping = true;
      buffer = '';
    } else if (skipping) buffer = '';
  }
  buffer += decoder.decode();
  if (buffer.trim() !== '' && !skipping) yield { line: buffer, n, tooLong: false };
}

function isReadable(s: unknown): s is ReadableStream<string | Uint8Array> {
  return typeof (s as ReadableStream).getReader === 'function' && !(Symbol.asyncIterator in (s as object));
}

/** Parses one line of a stream: empty lines are none; a bad line is an issue. */
export function parseLine(
  line: string,
  n: number,
  limits: Limits,
  base = '',
): { message?: Message; issue?: InteropIssue } {
  const text = line.endsWith('\r') ? line.slice(0, -1) : line;
  if (text.trim() === '') return {};
  const path = join(base, n);
  const parsed = parseValue(text, path, limits, `line ${n + 1}`);
  if (!parsed.ok) return { issue: parsed.issue };
  return { message: { value: parsed.value, path } };
}
