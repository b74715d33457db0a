// Gate 1, parse: text from a model becomes a JSON value. The document is taken from the text by
// scanDocument's rule; syntax errors, duplicate keys and depth bombs are refused before JSON.parse.
import { scanDocument } from '../layout/json-scanner.js';
import type { Limits } from '../layout/document.js';
import { issue, pointer, type Issue } from './issue.js';
import { byteLength } from '../util/utf8.js';

export { byteLength };

export type ParseResult = { ok: true; value: unknown; issues: Issue[] } | { ok: false; issues: Issue[] };

export function parseText(text: string, limits: Limits): ParseResult {
  // A string's UTF-8 size is at least its length: over-long text is refused without counting.
  if (text.length > limits.maxBytes) {
    return {
      ok: false,
      issues: [issue('too_large', '', `the text is over ${text.length} bytes; the limit is ${limits.maxBytes}`)],
    };
  }
  const bytes = byteLength(text);
  if (bytes > limits.maxBytes)
    return {
      ok: false,
      issues: [issue('too_large', '', `the text is ${bytes} bytes; the limit is ${limits.maxBytes}`)],
    };
  if (text.trim() === '')
    return { ok: false, issues: [issue('empty_input', '', 'expected a layout document, received empty text')] };
  // The one rule that takes the document from model text (shared with every stream reader).
  const scanner = scanDocument(text, { maxDepth: limits.maxJsonDepth });
  const e = scanner.error;
  if (e)
    return {
      ok: false,
      issues: [
        e.code === 'no_json_object'
          ? issue('no_json_object', '', 'expected a JSON object ("{…}"), found none')
          : issue(e.code, pointer(...e.path), e.message),
      ],
    };
  if (insideArray(text, scanner.start)) {
    return {
      ok: false,
      issues: [
        issue(
          'array_document',
          '',
          'expected one layout object {"version": 1, …}, received a JSON array holding it ([{…}]); answer with the object alone',
        ),
      ],
    };
  }
  const duplicates = scanner.duplicates.map((d) => issue('duplicate_key', pointer(...d.path), d.message));
  if (duplicates.length) return { ok: false, issues: duplicates };
  return { ok: true, value: JSON.parse(scanner.document!), issues: [] };
}

/**
 * Whether the document is an item of a JSON array: the last thing before it, past whitespace, is
 * "[". Taking the first object of `[{A}, {B}]` would pick one of several documents silently.
 */
function insideArray(text: string, start: number): boolean {
  let i = start - 1;
  while (i >= 0) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
    i--;
  }
  return i >= 0 && text.charCodeAt(i) === 91;
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
      case 'string':
        bytes += v.length + 2;
        return true;
      case 'boolean':
        bytes += 5;
        return true;
      case 'number':
        if (!Number.isFinite(v)) {
          issues.push(issue('not_json', pointer(...path), `expected a finite number, received ${v}`));
          return true;
        }
        bytes += 8;
        return true;
      case 'object': {
        if (v === null) {
          bytes += 4;
          return true;
        }
        if (depth >= limits.maxJsonDepth) {
          issues.push(
            issue('too_deep', pointer(...path), `values are nested more than ${limits.maxJsonDepth} levels deep`),
          );
          return false;
        }
        if (seen.has(v)) {
          issues.push(issue('not_json', pointer(...path), 'the value refers back to itself (a cycle)'));
          return true;
        }
        const proto = Object.getPrototypeOf(v);
        const isArray = Array.isArray(v);
        if (!isArray && proto !== Object.prototype && proto !== null) {
          issues.push(
            issue(
              'not_json',
              pointer(...path),
              `expected plain JSON data, received an instance of ${(proto?.constructor?.name as string) || 'a class'}`,
            ),
          );
          return true;
        }
        seen.add(v);
        bytes += 2;
        if (isArray) {
          for (let i = 0; i < v.length; i++) {
            path.push(i);
            const go = walk(v[i], depth + 1);
            path.pop();
            bytes += 1;
            if (!go) return false;
          }
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
