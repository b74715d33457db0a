// Opens the storage the environment asks for: PostgreSQL when DATABASE_URL is set,
// else SQLite at JIG_DATABASE (default ./.jig/jig.db, folder created).
import { resolve } from 'node:path';
import { openPostgres } from './postgres.js';
import { openSqlite } from './sqlite.js';
import type { Storage } from './types.js';

export type { Storage, StorageKind, EventQuery, InsertResult, LineState, LineHistoryEntry, LineChange } from './types.js';
export { openSqlite } from './sqlite.js';
export { openPostgres, dropPostgresSchema } from './postgres.js';

export const DEFAULT_DATABASE = './.jig/jig.db';

export async function openStorage(env: Record<string, string | undefined>): Promise<Storage> {
  if (env.DATABASE_URL) return openPostgres({ url: env.DATABASE_URL, ...(env.JIG_PG_SCHEMA ? { schema: env.JIG_PG_SCHEMA } : {}) });
  return openSqlite(env.JIG_DATABASE === ':memory:' ? ':memory:' : resolve(env.JIG_DATABASE || DEFAULT_DATABASE));
}
