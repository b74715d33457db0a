// What the premium routes share: the request as the server reads it, and the issues a client may see.
import { ISSUE_CODES } from '../gates/codes.js';
import type { Issue } from '../gates/issue.js';
import type { AssembleBody } from './bodies.js';

export interface PremiumAsk extends Omit<AssembleBody, 'catalogSchema'> {
  /** A site's own catalog schema; absent for the built-in catalog. */
  schema?: Record<string, unknown>;
}

/** Issues a client sees: at most this many, each with its code's summary rather than a message quoting upstream text. */
export const CLIENT_ISSUES = 20;

/**
 * Issue messages quote what the upstream wrote ("unknown component \"…\""), and paths can hold
 * its keys: the client gets each issue's gate, code, a bounded path and the code's fixed summary.
 */
export function clientIssues(issues: readonly Issue[]): Issue[] {
  return issues.slice(0, CLIENT_ISSUES).map((i) => ({
    gate: i.gate,
    code: i.code,
    path: i.path.length > 128 ? `${i.path.slice(0, 127)}…` : i.path,
    message: (ISSUE_CODES as Record<string, { summary: string }>)[i.code]?.summary ?? 'The layout failed a gate.',
  }));
}
