// PostgreSQL storage (pg): for teams that already run one, or several server instances.
// Same tables as SQLite, in a schema of their own choosing; a batch is one round trip.
import type pg from 'pg';
import { loadDriver } from './driver.js';
import { applyLineOp, lineState, parseRow, type LineOp } from './line-model.js';
import { eventFromRow, timeRange } from './rows.js';
import {
  HISTORY_LIMIT,
  type EventQuery,
  type LineChange,
  type LineHistoryEntry,
  type LineState,
  type Storage,
} from './types.js';

export interface PostgresOptions {
  /** A postgres:// URL. */
  url: string;
  /** Schema for Jig's tables (created if missing). Default "public". */
  schema?: string;
  /** Pool size. Default 10. */
  max?: number;
}

const driver = () => loadDriver<typeof pg>('pg', 'PostgreSQL storage (DATABASE_URL)');

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

export async function openPostgres(options: PostgresOptions): Promise<Storage> {
  const schema = options.schema ?? 'public';
  if (!IDENT.test(schema)) throw new Error(`JIG_PG_SCHEMA must match ${IDENT}; received ${JSON.stringify(schema)}`);
  const t = (name: string) => `"${schema}".${name}`;
  const pool = new (driver().Pool)({ connectionString: options.url, max: options.max ?? 10 });
  // An idle client's error (the database restarted) must not crash the process; the next query reconnects.
  pool.on('error', () => {});

  const ddl = `
    CREATE SCHEMA IF NOT EXISTS "${schema}";
    CREATE TABLE IF NOT EXISTS ${t('events')} (
      id TEXT PRIMARY KEY, time_ms BIGINT NOT NULL, type TEXT NOT NULL, line TEXT NOT NULL, body TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS events_time ON ${t('events')} (time_ms, id);
    CREATE INDEX IF NOT EXISTS events_type_time ON ${t('events')} (type, time_ms);
    CREATE TABLE IF NOT EXISTS ${t('lines')} (id TEXT PRIMARY KEY, state TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS ${t('line_versions')} (
      line_id TEXT NOT NULL, version INTEGER NOT NULL, config TEXT NOT NULL, created_at TEXT NOT NULL,
      PRIMARY KEY (line_id, version));
    CREATE TABLE IF NOT EXISTS ${t('line_history')} (seq BIGSERIAL PRIMARY KEY, line_id TEXT NOT NULL, entry TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS line_history_line ON ${t('line_history')} (line_id, seq);`;
  const setup = await pool.connect();
  try {
    // Several instances may start at once: one creates the tables, the others wait.
    await setup.query('BEGIN');
    await setup.query('SELECT pg_advisory_xact_lock(7411)');
    await setup.query(ddl);
    await setup.query('COMMIT');
  } catch (err) {
    await setup.query('ROLLBACK').catch(() => {});
    setup.release();
    await pool.end();
    throw err;
  }
  setup.release();

  const readState = async (q: pg.Pool | pg.PoolClient, id: string): Promise<LineState> => {
    const row = parseRow((await q.query(`SELECT state FROM ${t('lines')} WHERE id = $1`, [id])).rows[0]?.state);
    const wanted = [row.current, row.canary].filter((v): v is number => v !== null);
    const configs = new Map<number, Record<string, unknown>>();
    if (wanted.length) {
      const r = await q.query(
        `SELECT version, config FROM ${t('line_versions')} WHERE line_id = $1 AND version = ANY($2::int[])`,
        [id, wanted],
      );
      for (const v of r.rows) configs.set(Number(v.version), JSON.parse(v.config));
    }
    const h = await q.query(
      `SELECT entry FROM ${t('line_history')} WHERE line_id = $1 ORDER BY seq DESC LIMIT ${HISTORY_LIMIT}`,
      [id],
    );
    return lineState(
      id,
      row,
      (v) => configs.get(v) ?? {},
      h.rows.map((r) => JSON.parse(r.entry) as LineHistoryEntry),
    );
  };

  const change = async (id: string, op: LineOp, at: string, config?: Record<string, unknown>): Promise<LineChange> => {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      // Make the row exist, then lock it: concurrent deploys to one line get consecutive versions.
      await c.query(`INSERT INTO ${t('lines')} (id, state) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`, [
        id,
        JSON.stringify(parseRow(null)),
      ]);
      const cur = await c.query(`SELECT state FROM ${t('lines')} WHERE id = $1 FOR UPDATE`, [id]);
      const step = applyLineOp(parseRow(cur.rows[0]?.state), op, at);
      if (!step.ok) {
        await c.query('ROLLBACK');
        return step;
      }
      if (step.created !== undefined)
        await c.query(
          `INSERT INTO ${t('line_versions')} (line_id, version, config, created_at) VALUES ($1, $2, $3, $4)`,
          [id, step.created, JSON.stringify(config ?? {}), at],
        );
      await c.query(`UPDATE ${t('lines')} SET state = $2 WHERE id = $1`, [id, JSON.stringify(step.row)]);
      await c.query(`INSERT INTO ${t('line_history')} (line_id, entry) VALUES ($1, $2)`, [
        id,
        JSON.stringify(step.entry),
      ]);
      const state = await readState(c, id);
      await c.query('COMMIT');
      return { ok: true, version: step.version, state };
    } catch (err) {
      await c.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      c.release();
    }
  };

  return {
    kind: 'postgres',
    async insertEvents(events) {
      if (events.length === 0) return { accepted: 0, duplicates: 0 };
      const cols: [string[], number[], string[], string[], string[]] = [[], [], [], [], []];
      for (const e of events) {
        cols[0].push(e.id);
        cols[1].push(Date.parse(e.time));
        cols[2].push(e.type);
        cols[3].push(e.line);
        cols[4].push(JSON.stringify(e));
      }
      const r = await pool.query(
        `INSERT INTO ${t('events')} (id, time_ms, type, line, body)
         SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[]) ON CONFLICT (id) DO NOTHING`,
        cols,
      );
      const accepted = r.rowCount ?? 0;
      return { accepted, duplicates: events.length - accepted };
    },
    async queryEvents(q: EventQuery) {
      const args: unknown[] = timeRange(q.since, q.until);
      const where = ['time_ms >= $1', 'time_ms < $2'];
      const arg = (v: unknown) => {
        args.push(v);
        return `$${args.length}`;
      };
      if (q.types?.length) where.push(`type = ANY(${arg(q.types)}::text[])`);
      if (q.line !== undefined) where.push(`line = ${arg(q.line)}`);
      if (q.after) where.push(`(time_ms, id) > (${arg(q.after.timeMs)}::bigint, ${arg(q.after.id)}::text)`);
      const r = await pool.query(
        `SELECT id, time_ms, type, line, body FROM ${t('events')} WHERE ${where.join(' AND ')} ORDER BY time_ms, id LIMIT ${arg(q.limit)}`,
        args,
      );
      return r.rows.map(eventFromRow);
    },
    async countEvents() {
      return Number((await pool.query(`SELECT count(*) AS n FROM ${t('events')}`)).rows[0].n);
    },
    async getLine(id) {
      return readState(pool, id);
    },
    addLineVersion(id, config, canaryShare, at) {
      return change(id, canaryShare === undefined ? { kind: 'add' } : { kind: 'add', share: canaryShare }, at, config);
    },
    promoteCanary(id, at) {
      return change(id, { kind: 'promote' }, at);
    },
    rollback(id, reason, at) {
      return change(id, reason === undefined ? { kind: 'rollback' } : { kind: 'rollback', reason }, at);
    },
    async ping() {
      await pool.query('SELECT 1');
    },
    async close() {
      await pool.end();
    },
  };
}

/** Drops a schema and everything in it (tests use a fresh schema per run). */
export async function dropPostgresSchema(url: string, schema: string): Promise<void> {
  if (!IDENT.test(schema) || schema === 'public') throw new Error(`refusing to drop schema ${JSON.stringify(schema)}`);
  const client = new (driver().Client)({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
