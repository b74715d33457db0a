// SQLite storage (better-sqlite3): the zero-set-up default, one file, WAL mode.
// Writes are synchronous and short (one transaction per batch), so they never interleave.
import type Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { JigEvent } from '../../events/event.js';
import { loadDriver } from './driver.js';
import { applyLineOp, lineState, parseRow, type LineOp } from './line-model.js';
import { eventFromRow, timeRange, type EventRow } from './rows.js';
import {
  HISTORY_LIMIT,
  type EventQuery,
  type InsertResult,
  type LineChange,
  type LineHistoryEntry,
  type LineState,
  type Storage,
} from './types.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  id TEXT PRIMARY KEY, time_ms INTEGER NOT NULL, type TEXT NOT NULL, line TEXT NOT NULL, body TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS events_time ON events (time_ms, id);
CREATE INDEX IF NOT EXISTS events_type_time ON events (type, time_ms);
CREATE TABLE IF NOT EXISTS lines (id TEXT PRIMARY KEY, state TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS line_versions (
  line_id TEXT NOT NULL, version INTEGER NOT NULL, config TEXT NOT NULL, created_at TEXT NOT NULL,
  PRIMARY KEY (line_id, version)
);
CREATE TABLE IF NOT EXISTS line_history (seq INTEGER PRIMARY KEY AUTOINCREMENT, line_id TEXT NOT NULL, entry TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS line_history_line ON line_history (line_id, seq);
`;

export function openSqlite(path: string): Storage {
  const Driver = loadDriver<typeof Database>(
    'better-sqlite3',
    'SQLite storage (the default of jig serve)',
    'or set DATABASE_URL for PostgreSQL, or JIG_DATABASE=:memory: to keep nothing on disk',
  );
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Driver(path);
  db.pragma('journal_mode = WAL');
  // FULL: an acknowledged batch is on disk, which at-least-once shipping relies on.
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);

  const insert = db.prepare('INSERT OR IGNORE INTO events (id, time_ms, type, line, body) VALUES (?, ?, ?, ?, ?)');
  const insertBatch = db.transaction((events: readonly JigEvent[]): InsertResult => {
    let accepted = 0;
    for (const e of events) accepted += insert.run(e.id, Date.parse(e.time), e.type, e.line, JSON.stringify(e)).changes;
    return { accepted, duplicates: events.length - accepted };
  });
  const count = db.prepare('SELECT count(*) AS n FROM events');
  const getRow = db.prepare('SELECT state FROM lines WHERE id = ?');
  const putRow = db.prepare(
    'INSERT INTO lines (id, state) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET state = excluded.state',
  );
  const getVersion = db.prepare('SELECT config FROM line_versions WHERE line_id = ? AND version = ?');
  const putVersion = db.prepare('INSERT INTO line_versions (line_id, version, config, created_at) VALUES (?, ?, ?, ?)');
  const putHistory = db.prepare('INSERT INTO line_history (line_id, entry) VALUES (?, ?)');
  const getHistory = db.prepare(
    `SELECT entry FROM line_history WHERE line_id = ? ORDER BY seq DESC LIMIT ${HISTORY_LIMIT}`,
  );

  const readState = (id: string): LineState => {
    const row = parseRow((getRow.get(id) as { state: string } | undefined)?.state);
    const config = (v: number) =>
      JSON.parse((getVersion.get(id, v) as { config: string }).config) as Record<string, unknown>;
    const history = (getHistory.all(id) as { entry: string }[]).map((r) => JSON.parse(r.entry) as LineHistoryEntry);
    return lineState(id, row, config, history);
  };

  const change = (id: string, op: LineOp, at: string, config?: Record<string, unknown>): LineChange => {
    const step = applyLineOp(parseRow((getRow.get(id) as { state: string } | undefined)?.state), op, at);
    if (!step.ok) return step;
    if (step.created !== undefined) putVersion.run(id, step.created, JSON.stringify(config ?? {}), at);
    putRow.run(id, JSON.stringify(step.row));
    putHistory.run(id, JSON.stringify(step.entry));
    return { ok: true, version: step.version, state: readState(id) };
  };
  // IMMEDIATE: take the write lock first, so two processes on one file cannot both read max + 1.
  const changeTx = db.transaction(change);

  return {
    kind: 'sqlite',
    async insertEvents(events) {
      const seen = new Set<string>();
      const unique = events.filter((e) => !seen.has(e.id) && (seen.add(e.id), true));
      const r = insertBatch.immediate(unique);
      return { accepted: r.accepted, duplicates: events.length - r.accepted };
    },
    async queryEvents(q: EventQuery) {
      // SQLite keeps whatever a column is given: only whole-number times can be paged through.
      const where: string[] = ["typeof(time_ms) = 'integer'", 'time_ms >= ?', 'time_ms < ?'];
      const args: unknown[] = timeRange(q.since, q.until);
      if (q.types?.length) {
        where.push(`type IN (${q.types.map(() => '?').join(',')})`);
        args.push(...q.types);
      }
      if (q.line !== undefined) {
        where.push('line = ?');
        args.push(q.line);
      }
      if (q.after) {
        where.push('(time_ms > ? OR (time_ms = ? AND id > ?))');
        args.push(q.after.timeMs, q.after.timeMs, q.after.id);
      }
      const rows = db
        .prepare(
          `SELECT id, time_ms, type, line, body FROM events WHERE ${where.join(' AND ')} ORDER BY time_ms, id LIMIT ?`,
        )
        .all(...args, q.limit) as EventRow[];
      return rows.map(eventFromRow);
    },
    async countEvents() {
      return (count.get() as { n: number }).n;
    },
    async getLine(id) {
      return readState(id);
    },
    async addLineVersion(id, config, canaryShare, at) {
      return changeTx.immediate(
        id,
        canaryShare === undefined ? { kind: 'add' } : { kind: 'add', share: canaryShare },
        at,
        config,
      );
    },
    async promoteCanary(id, at) {
      return changeTx.immediate(id, { kind: 'promote' }, at);
    },
    async rollback(id, reason, at) {
      return changeTx.immediate(id, reason === undefined ? { kind: 'rollback' } : { kind: 'rollback', reason }, at);
    },
    async ping() {
      db.prepare('SELECT 1').get();
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
