// Line versions as a small state machine, shared by both storage implementations so that
// deploy, canary, promote and rollback mean exactly the same thing on SQLite and PostgreSQL.
import { STACK_LIMIT, type LineChange, type LineHistoryEntry } from './types.js';

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

export const EMPTY_ROW: LineRow = { maxVersion: 0, current: null, currentAt: null, canary: null, canaryShare: null, stack: [] };

export type LineOp = { kind: 'add'; share?: number } | { kind: 'promote' } | { kind: 'rollback'; reason?: string };

export type LineStep =
  | { ok: true; row: LineRow; version: number; entry: LineHistoryEntry; /** A version number to create. */ created?: number }
  | Extract<LineChange, { ok: false }>;

function pushed(stack: number[], version: number | null): number[] {
  if (version === null) return stack;
  const next = [...stack, version];
  return next.length > STACK_LIMIT ? next.slice(next.length - STACK_LIMIT) : next;
}

export function applyLineOp(row: LineRow, op: LineOp, at: string): LineStep {
  const previous = row.current;
  switch (op.kind) {
    case 'add': {
      const version = row.maxVersion + 1;
      if (op.share !== undefined) {
        return { ok: true, version, created: version, row: { ...row, maxVersion: version, canary: version, canaryShare: op.share }, entry: { action: 'canary', version, previous, share: op.share, at } };
      }
      return { ok: true, version, created: version, row: { ...row, maxVersion: version, current: version, currentAt: at, stack: pushed(row.stack, row.current) }, entry: { action: 'deploy', version, previous, at } };
    }
    case 'promote': {
      if (row.canary === null) return { ok: false, code: 'no_canary', message: 'this line has no canary to promote; deploy one with POST /v1/lines/:id/versions and a canaryShare' };
      const version = row.canary;
      return { ok: true, version, row: { ...row, current: version, currentAt: at, canary: null, canaryShare: null, stack: pushed(row.stack, row.current) }, entry: { action: 'promote', version, previous, at } };
    }
    case 'rollback': {
      const reason = op.reason === undefined ? {} : { reason: op.reason };
      if (row.canary !== null) {
        return { ok: true, version: row.canary, row: { ...row, canary: null, canaryShare: null }, entry: { action: 'rollback', version: row.canary, previous, ...reason, at } };
      }
      const back = row.stack[row.stack.length - 1];
      if (back === undefined) return { ok: false, code: 'nothing_to_roll_back', message: 'this line has no canary and no earlier version to go back to' };
      return { ok: true, version: back, row: { ...row, current: back, currentAt: at, stack: row.stack.slice(0, -1) }, entry: { action: 'rollback', version: back, previous, ...reason, at } };
    }
  }
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
