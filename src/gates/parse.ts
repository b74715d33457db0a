// Gate 1, parse: text from a model becomes a JSON value. Code fences and chatter around the
// object are dropped; syntax errors, duplicate keys and depth bombs are refused before JSON.parse.
import { JsonScanner } from '../layout/json-scanner.js';
import type { Limits } from '../layout/document.js';
import { issue, pointer, type Issue } from './issue.js';

export type ParseResult = { ok: true; value: unknown; issues: Issue[] } | { ok: false; issues: Issue[] };

export function byteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) { bytes += 4; i++; } // a surrogate pair
    else bytes += 3; // the rest of the BMP, and a lone surrogate (encoded as U+FFFD)
  }
  return bytes;
}

/** The body of a fenced ```json block when the text has one, else the text. */
function unfence(text: string): string {
  // The closing fence starts a line: "```" inside a JSON string (a code span in a text prop)
  // cannot, since a JSON string holds no raw newline.
  const m = /```[a-zA-Z]*[ \t]*\r?\n([\s\S]*?)\r?\n[ \t]*```/.exec(text);
  return m && m[1]!.includes('{') ? m[1]! : text;
}

export function parseText(text: string, limits: Limits): ParseResult {
  // A string's UTF-8 size is at least its length: over-long text is refused without counting.
  if (text.length > limits.maxBytes) {
    return { ok: false, issues: [issue('too_large', '', `the text is over ${text.length} bytes; the limit is ${limits.maxBytes}`)] };
  }
  const bytes = byteLength(text);
  if (bytes > limits.maxBytes) return { ok: false, issues: [issue('too_large', '', `the text is ${bytes} bytes; the limit is ${limits.maxBytes}`)] };
  if (text.trim() === '') return { ok: false, issues: [issue('empty_input', '', 'expected a layout document, received empty text')] };
  const body = unfence(text);
  // Chatter may itself hold braces ("the {name} field…"): try the next "{" a few times.
  let from = body.indexOf('{');
  let first: Issue[] | null = null;
  for (let attempt = 0; attempt < 4 && from >= 0; attempt++) {
    const scanner = new JsonScanner({ maxDepth: limits.maxJsonDepth });
    scanner.feed(from === 0 ? body : body.slice(from));
    scanner.finish();
    if (!scanner.error) {
      const issues = scanner.duplicates.map((d) => issue('duplicate_key', pointer(...d.path), d.message));
      if (issues.length) return { ok: false, issues };
      return { ok: true, value: JSON.parse(scanner.text.slice(scanner.start, scanner.end)), issues: [] };
    }
    const e = scanner.error;
    const found = e.code === 'no_json_object' ? issue('no_json_object', '', 'expected a JSON object ("{…}"), found none') : issue(e.code, pointer(...e.path), e.message);
    first ??= [found];
    if (e.code === 'too_deep') return { ok: false, issues: [found] };
    // Only a "{" after this one closes can start the document: one inside it is part of the
    // broken document (a node, the data), and parsing it alone would report the wrong problem.
    const close = closingBrace(body, from);
    from = close < 0 ? -1 : body.indexOf('{', close);
  }
  return { ok: false, issues: first ?? [issue('no_json_object', '', 'expected a JSON object ("{…}"), found none')] };
}

/** Offset just past the "}" that closes the "{" at `from` (skipping strings), or -1 if it never closes. */
function closingBrace(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
    } else if (c === 123) depth++;
    else if (c === 125 && --depth === 0) return i + 1;
  }
  return -1;
}

/**
 * Checks that an object handed over directly is plain JSON data: no cycles, functions, class
 * instances or non-finite numbers; within depth and size limits. Returns the estimated size.
 */
export function checkJsonValue(value: unknown, limits: Limits): { issues: Issue[]; bytes: number } {
  const issues: Issue[] = [];
  const seen = new Set<object>();
  let bytes = 0;
  const path: (string | number)[] = [];
  const walk = (v: unknown, depth: number): boolean => {
    if (issues.length >= 20) return false;
    if (bytes > limits.maxBytes) return false;
    switch (typeof v) {
      case 'string': bytes += v.length + 2; return true;
      case 'boolean': bytes += 5; return true;
      case 'number':
        if (!Number.isFinite(v)) { issues.push(issue('not_json', pointer(...path), `expected a finite number, received ${v}`)); return true; }
        bytes += 8; return true;
      case 'object': {
        if (v === null) { bytes += 4; return true; }
        if (depth >= limits.maxJsonDepth) { issues.push(issue('too_deep', pointer(...path), `values are nested more than ${limits.maxJsonDepth} levels deep`)); return false; }
        if (seen.has(v)) { issues.push(issue('not_json', pointer(...path), 'the value refers back to itself (a cycle)')); return true; }
        const proto = Object.getPrototypeOf(v);
        const isArray = Array.isArray(v);
        if (!isArray && proto !== Object.prototype && proto !== null) {
          issues.push(issue('not_json', pointer(...path), `expected plain JSON data, received an instance of ${(proto?.constructor?.name as string) || 'a class'}`));
          return true;
        }
        seen.add(v);
        bytes += 2;
        if (isArray) {
          for (let i = 0; i < v.length; i++) { path.push(i); const go = walk(v[i], depth + 1); path.pop(); bytes += 1; if (!go) return false; }
        } else {
          for (const k of Object.keys(v)) {
            // `undefined` members are absent in JSON: allow them, as JSON.stringify does.
            if ((v as Record<string, unknown>)[k] === undefined) continue;
            bytes += k.length + 4;
            path.push(k);
            const go = walk((v as Record<string, unknown>)[k], depth + 1);
            path.pop();
            if (!go) return false;
          }
        }
        seen.delete(v);
        return true;
      }
      default:
        issues.push(issue('not_json', pointer(...path), `expected JSON data, received a ${typeof v}`));
        return true;
    }
  };
  walk(value, 0);
  if (bytes > limits.maxBytes) issues.push(issue('too_large', '', `the document is over ${limits.maxBytes} bytes`));
  return { issues, bytes };
}
