// Reads request bodies within a byte limit and parses JSON defensively: nesting depth and
// repeated keys are found before parsing, then prototype keys and oversized strings are refused.
import { escapeSegment } from '../layout/pointer.js';
import { HttpError } from './errors.js';

export const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export interface JsonLimits {
  maxDepth: number;
  maxString: number;
  /** Refuse __proto__/constructor/prototype keys anywhere. Default true. */
  forbidKeys?: boolean;
}

/** The body as text, or 413 as soon as it passes `limit` bytes (declared or streamed). */
export async function readText(req: Request, limit: number): Promise<string> {
  const declared = Number(req.headers.get('content-length') ?? NaN);
  if (declared > limit)
    throw new HttpError(413, 'body_too_large', `the body is ${declared} bytes; the limit is ${limit} (JIG_BODY_LIMIT)`);
  if (!req.body) return '';
  const reader = req.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new HttpError(413, 'body_too_large', `the body is over the limit of ${limit} bytes (JIG_BODY_LIMIT)`);
    }
    parts.push(value);
  }
  return Buffer.concat(parts, size).toString('utf8');
}

export interface JsonShape {
  /** Deepest nesting of arrays and objects, counted up to `maxDepth + 1`. */
  depth: number;
  /** JSON Pointers of keys that appear twice in one object (at most `maxDuplicates`). */
  duplicates: string[];
}

/**
 * One linear pass over JSON text before it is parsed: how deep it nests (so JSON.parse never
 * recurses past the limit) and which keys repeat in one object — JSON.parse keeps the last of
 * them silently while other readers keep the first, so the gates and the server refuse both.
 * Text that is not JSON is scanned without failing; JSON.parse then says what is wrong.
 */
export function scanJson(text: string, maxDepth: number, maxDuplicates = 20): JsonShape {
  const duplicates: string[] = [];
  // Per open container: its keys (null for an array), the key or index being read, and whether a key comes next.
  const frames: Array<{ keys: Set<string> | null; at: string | number; expectKey: boolean }> = [];
  let deepest = 0;
  const path = () => frames.map((f) => `/${typeof f.at === 'number' ? f.at : escapeSegment(f.at)}`).join('');
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34) {
      const start = i;
      let escaped = false;
      for (i++; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 92) {
          escaped = true;
          i++;
        } else if (c === 34) break;
      }
      const top = frames[frames.length - 1];
      if (top?.keys && top.expectKey) {
        top.expectKey = false;
        let key = text.slice(start + 1, i);
        if (escaped) {
          try {
            key = JSON.parse(text.slice(start, i + 1)) as string;
          } catch {
            /* JSON.parse reports it */
          }
        }
        if (top.keys.has(key)) {
          if (duplicates.length < maxDuplicates) {
            top.at = key;
            duplicates.push(path());
          }
        } else top.keys.add(key);
        top.at = key;
      }
    } else if (ch === 123 || ch === 91) {
      frames.push({ keys: ch === 123 ? new Set() : null, at: ch === 123 ? '' : 0, expectKey: ch === 123 });
      if (frames.length > deepest && (deepest = frames.length) > maxDepth) break;
    } else if (ch === 125 || ch === 93) frames.pop();
    else if (ch === 44) {
      const top = frames[frames.length - 1];
      if (top?.keys) top.expectKey = true;
      else if (top) top.at = (top.at as number) + 1;
    }
  }
  return { depth: deepest, duplicates };
}

/** Deepest nesting of arrays/objects in JSON text, stopping early past `max`. Strings are skipped. */
export function jsonDepth(text: string, max: number): number {
  return scanJson(text, max, 0).depth;
}

/** Walks a parsed value for forbidden keys and long strings; returns the first problem. */
export function checkValue(value: unknown, limits: JsonLimits, path = ''): HttpError | null {
  const stack: Array<[unknown, string]> = [[value, path]];
  while (stack.length) {
    const [v, p] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.length > limits.maxString)
        return new HttpError(
          400,
          'string_too_long',
          `the string at ${p || '/'} has ${v.length} characters; the limit is ${limits.maxString}`,
          {},
          p,
        );
    } else if (typeof v === 'number') {
      // JSON.parse reads 1e400 as Infinity, which would be stored as null: refused where it stands.
      if (!Number.isFinite(v))
        return new HttpError(
          400,
          'bad_number',
          `the number at ${p || '/'} is too large for a double; JSON readers would take it as Infinity`,
          {},
          p,
        );
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push([v[i], `${p}/${i}`]);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        if (limits.forbidKeys !== false && FORBIDDEN_KEYS.has(k))
          return new HttpError(400, 'forbidden_key', `the key "${k}" at ${p || '/'} is never accepted`, {}, p);
        if (k.length > limits.maxString)
          return new HttpError(
            400,
            'string_too_long',
            `a key at ${p || '/'} is longer than ${limits.maxString} characters`,
            {},
            p,
          );
        stack.push([child, `${p}/${escapeSegment(k)}`]);
      }
    }
  }
  return null;
}

/** Parses JSON text within the limits; throws HttpError 400 with a code. */
export function parseJson(text: string, limits: JsonLimits): unknown {
  const shape = scanJson(text, limits.maxDepth);
  if (shape.depth > limits.maxDepth)
    throw new HttpError(400, 'too_deep', `the body nests deeper than ${limits.maxDepth} levels`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new HttpError(
      400,
      'bad_json',
      `the body is not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  if (shape.duplicates.length)
    throw new HttpError(
      400,
      'duplicate_key',
      `the key at ${shape.duplicates[0]} appears twice in one object; JSON readers disagree on which one wins`,
    );
  const problem = checkValue(value, limits);
  if (problem) throw problem;
  return value;
}

/** Reads and parses a JSON body; requires a JSON content type (which also forces a CORS preflight). */
export async function readJson(req: Request, bodyLimit: number, limits: JsonLimits): Promise<unknown> {
  const type = req.headers.get('content-type') ?? '';
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type))
    throw new HttpError(
      415,
      'unsupported_media_type',
      `expected Content-Type: application/json; received ${JSON.stringify(type || 'none')}`,
    );
  return parseJson(await readText(req, bodyLimit), limits);
}
