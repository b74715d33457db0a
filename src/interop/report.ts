// What an import reports: issues and warnings as data (`{gate, code, path, message}`), with the
// interop step's own codes beside the seven gates'. Paths point into the peer's input.
import {
  INTEROP_CODES,
  INTEROP_WARNING_CODES,
  type GateName,
  type InteropCode,
  type InteropWarningCode,
} from '../gates/codes.js';
import type { Issue } from '../gates/issue.js';
import { escapeSegment } from '../layout/pointer.js';
import type { LayoutDocument } from '../layout/document.js';

export type InteropGate = GateName | 'interop';

export interface InteropIssue {
  gate: InteropGate;
  code: string;
  /** JSON Pointer into the peer's input (`/messages/3/updateComponents/components/2`, `/elements/card`). */
  path: string;
  message: string;
  /** For a gate's issue: where it is in the projected Jig document. */
  layoutPath?: string;
}

/** A peer action kept beside the Jig document: the node's `action` names it; its context resolves at click. */
export interface PeerAction {
  name: string;
  /** Literal values or bindings, resolved against the data when the action fires. */
  context: Record<string, PeerValue>;
}

/** A value in an action's context: a literal, or a pointer (absolute, or relative to a repeated item). */
export type PeerValue = { literal: unknown } | { pointer: string };

export interface ProjectionResult {
  ok: boolean;
  /** The Jig document, when every gate passed. */
  layout?: LayoutDocument;
  /** The projected document even when it failed, for display next to its issues. */
  projected?: LayoutDocument;
  issues: InteropIssue[];
  warnings: InteropIssue[];
  /** Button node id → the peer's action (name and context). */
  actions: Record<string, PeerAction>;
  /** Jig node id → the peer's component id, where they differ or the node was made by the import. */
  ids: Record<string, string>;
}

export function interopIssue(code: InteropCode, path: string, message?: string): InteropIssue {
  return { gate: 'interop', code, path, message: message ?? INTEROP_CODES[code].summary };
}

export function interopWarning(code: InteropWarningCode, path: string, message?: string): InteropIssue {
  return { gate: 'interop', code, path, message: message ?? INTEROP_WARNING_CODES[code].summary };
}

/** An input that threw while it was read (a stream that failed, a getter that threw). */
export function unreadable(what: string, err: unknown): InteropIssue {
  return interopIssue(
    'bad_message',
    '',
    `${what} could not be read: ${err instanceof Error ? err.message : String(err)}`,
  );
}

export function unsupported(path: string, feature: string, why?: string): InteropIssue {
  return interopIssue(
    'unsupported_feature',
    path,
    `${feature} is not something Jig can express${why ? ` (${why})` : ''}; the document is refused rather than shown without it`,
  );
}

export function fromGateIssue(i: Issue, path: string, layoutPath: string): InteropIssue {
  return { gate: i.gate, code: i.code, path, message: i.message, layoutPath };
}

/** Escapes one segment for a JSON Pointer (RFC 6901). */
export const seg = escapeSegment;

export function join(base: string, ...segments: (string | number)[]): string {
  return base + segments.map((s) => '/' + seg(s)).join('');
}
