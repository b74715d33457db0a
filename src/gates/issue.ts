// Problems are data: every gate reports `{gate, code, path, message}` and never throws.
// This module makes issues and turns them into text for people and for a repair prompt.
import { escapeSegment, toPointer } from '../layout/pointer.js';
import { ISSUE_CODES, type GateName, type IssueCode } from './codes.js';

export interface Issue {
  /** The gate that found it. */
  gate: GateName;
  /** A stable code from ISSUE_CODES (or a site rule's own code for the domain gate). */
  code: string;
  /** JSON Pointer into the document ('' is the whole document). */
  path: string;
  /** What was expected, what was found, in words a person (or a model) can act on. */
  message: string;
}

export function issue(code: IssueCode, path: string, message?: string): Issue {
  const def = ISSUE_CODES[code];
  return { gate: def.gate, code, path, message: message ?? def.summary };
}

export { escapeSegment };

export function pointer(...segments: (string | number)[]): string {
  return toPointer(segments);
}

export { preview } from '../util/zod-issue.js';

/** One issue a line: `gate code at /path: message`. */
export function formatIssues(issues: readonly Issue[]): string {
  return issues.map((i) => `${i.gate} ${i.code} at ${i.path || '/'}: ${i.message}`).join('\n');
}

export interface RepairPromptOptions {
  /** At most this many issues are listed (models do better with a short list). Default 20. */
  maxIssues?: number;
}

/** Text for a model: what was wrong, where, and what to do, asking for the whole document again. */
export function repairPrompt(issues: readonly Issue[], options: RepairPromptOptions = {}): string {
  const max = options.maxIssues ?? 20;
  const shown = issues.slice(0, max);
  const lines = shown.map((i, n) => `${n + 1}. [${i.gate}/${i.code}] at ${i.path || 'the document'}: ${i.message}`);
  if (issues.length > max) lines.push(`…and ${issues.length - max} more of the same kinds.`);
  return [
    'Your layout document was rejected by the checks. Fix every problem below and answer with the complete corrected JSON document only, no commentary.',
    ...lines,
  ].join('\n');
}
