// Line versions as the server stores them: numbered, with the shared state machine's steps, so
// deploy, canary, promote and rollback mean the same on SQLite, PostgreSQL and in the browser.
import { stepVersions } from '../../util/line-versions.js';
import { STACK_LIMIT, type LineChange, type LineHistoryEntry, type LineState } from './types.js';

/** What a storage keeps per line, besides the versions' configs and the history. */
export interface LineRow {
  maxVersion: number;
  current: number | null;
  currentAt: string | null;
  canary: number | null;
  canaryShare: number | null;
  /** Earlier current versions, newest last: rollback pops from here. */
  stack: number[];
}

export const EMPTY_ROW: LineRow = {
  maxVersion: 0,
  current: null,
  currentAt: null,
  canary: null,
  canaryShare: null,
  stack: [],
};

/** A line as the API reads it, from its row, its versions' configs and its history (newest first). */
export function lineState(
  id: string,
  row: LineRow,
  config: (version: number) => Record<string, unknown>,
  history: LineHistoryEntry[],
): LineState {
  return {
    id,
    current:
      row.current === null
        ? null
        : { version: row.current, config: config(row.current), deployedAt: row.currentAt ?? '' },
    canary:
      row.canary === null ? null : { version: row.canary, config: config(row.canary), share: row.canaryShare ?? 0 },
    history,
  };
}

export type LineOp = { kind: 'add'; share?: number } | { kind: 'promote' } | { kind: 'rollback'; reason?: string };

export type LineStep =
  | {
      ok: true;
      row: LineRow;
      version: number;
      entry: LineHistoryEntry /** A version number to create. */;
      created?: number;
    }
  | Extract<LineChange, { ok: false }>;

const MESSAGES = {
  no_canary: 'this line has no canary to promote; deploy one with POST /v1/lines/:id/versions and a canaryShare',
  nothing_to_roll_back: 'this line has no canary and no earlier version to go back to',
} as const;

export function applyLineOp(row: LineRow, op: LineOp, at: string): LineStep {
  const created = op.kind === 'add' ? row.maxVersion + 1 : undefined;
  const step = stepVersions(
    { current: row.current, canary: row.canary, share: row.canaryShare, stack: row.stack },
    op.kind === 'add'
      ? op.share !== undefined
        ? { kind: 'canary', version: created!, share: op.share }
        : { kind: 'deploy', version: created! }
      : op,
    STACK_LIMIT,
  );
  if (!step.ok) return { ok: false, code: step.code, message: MESSAGES[step.code] };
  const { current, canary, share, stack } = step.state;
  const next: LineRow = {
    maxVersion: created ?? row.maxVersion,
    current,
    currentAt: step.currentChanged ? at : row.currentAt,
    canary,
    canaryShare: share,
    stack,
  };
  const reason = op.kind === 'rollback' && op.reason !== undefined ? { reason: op.reason } : {};
  const entry: LineHistoryEntry = {
    action: step.action,
    version: step.version,
    previous: step.previous,
    ...(step.action === 'canary' ? { share: share! } : {}),
    ...reason,
    at,
  };
  return { ok: true, version: step.version, row: next, entry, ...(created !== undefined ? { created } : {}) };
}

/** Reads a stored row defensively (it is our own JSON, but a bad row must not crash a request). */
export function parseRow(text: string | null | undefined): LineRow {
  if (!text) return EMPTY_ROW;
  const v = JSON.parse(text) as Partial<LineRow>;
  return {
    maxVersion: typeof v.maxVersion === 'number' ? v.maxVersion : 0,
    current: typeof v.current === 'number' ? v.current : null,
    currentAt: typeof v.currentAt === 'string' ? v.currentAt : null,
    canary: typeof v.canary === 'number' ? v.canary : null,
    canaryShare: typeof v.canaryShare === 'number' ? v.canaryShare : null,
    stack: Array.isArray(v.stack) ? v.stack.filter((x): x is number => typeof x === 'number') : [],
  };
}
