// Storage kept in the process, for `JIG_DATABASE=:memory:` when no SQLite driver is installed:
// trying Jig out or a throwaway server needs no native build. Nothing survives a restart.
import type { JigEvent } from '../../events/event.js';
import { applyLineOp, EMPTY_ROW, lineState, type LineOp, type LineRow } from './line-model.js';
import {
  HISTORY_LIMIT,
  type EventQuery,
  type LineChange,
  type LineHistoryEntry,
  type LineState,
  type Storage,
} from './types.js';

interface Stored {
  timeMs: number;
  id: string;
  body: string;
}

// Events are kept as JSON text, as the databases keep them: a caller can't change what was stored.
const before = (a: Stored, b: Stored) => a.timeMs - b.timeMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function openMemory(): Storage {
  const events: Stored[] = [];
  const ids = new Set<string>();
  const rows = new Map<string, LineRow>();
  const configs = new Map<string, string>();
  const history = new Map<string, LineHistoryEntry[]>();
  let sorted = true;

  const readState = (id: string): LineState => {
    const row = rows.get(id) ?? EMPTY_ROW;
    const config = (v: number) => JSON.parse(configs.get(`${id}\n${v}`) ?? '{}') as Record<string, unknown>;
    return lineState(id, row, config, [...(history.get(id) ?? [])].reverse().slice(0, HISTORY_LIMIT));
  };

  const change = (id: string, op: LineOp, at: string, config?: Record<string, unknown>): LineChange => {
    const step = applyLineOp(rows.get(id) ?? EMPTY_ROW, op, at);
    if (!step.ok) return step;
    if (step.created !== undefined) configs.set(`${id}\n${step.created}`, JSON.stringify(config ?? {}));
    rows.set(id, step.row);
    const list = history.get(id) ?? [];
    list.push(step.entry);
    if (list.length > HISTORY_LIMIT) list.splice(0, list.length - HISTORY_LIMIT);
    history.set(id, list);
    return { ok: true, version: step.version, state: readState(id) };
  };

  return {
    kind: 'memory',
    async insertEvents(batch) {
      let accepted = 0;
      for (const e of batch) {
        if (ids.has(e.id)) continue;
        ids.add(e.id);
        const stored = { timeMs: Date.parse(e.time), id: e.id, body: JSON.stringify(e) };
        if (sorted && events.length && before(events[events.length - 1]!, stored) > 0) sorted = false;
        events.push(stored);
        accepted++;
      }
      return { accepted, duplicates: batch.length - accepted };
    },
    async queryEvents(q: EventQuery) {
      if (!sorted) {
        events.sort(before);
        sorted = true;
      }
      const since = q.since ?? 0,
        until = q.until ?? Number.MAX_SAFE_INTEGER;
      const types = q.types?.length ? new Set(q.types) : null;
      const out: JigEvent[] = [];
      for (const s of events) {
        if (out.length >= q.limit) break;
        if (s.timeMs < since || s.timeMs >= until) continue;
        if (q.after && before(s, { timeMs: q.after.timeMs, id: q.after.id, body: '' }) <= 0) continue;
        const e = JSON.parse(s.body) as JigEvent;
        if (types && !types.has(e.type)) continue;
        if (q.line !== undefined && e.line !== q.line) continue;
        out.push(e);
      }
      return out;
    },
    async countEvents() {
      return events.length;
    },
    async getLine(id) {
      return readState(id);
    },
    async addLineVersion(id, config, canaryShare, at) {
      return change(id, canaryShare === undefined ? { kind: 'add' } : { kind: 'add', share: canaryShare }, at, config);
    },
    async promoteCanary(id, at) {
      return change(id, { kind: 'promote' }, at);
    },
    async rollback(id, reason, at) {
      return change(id, reason === undefined ? { kind: 'rollback' } : { kind: 'rollback', reason }, at);
    },
    async ping() {},
    async close() {},
  };
}
