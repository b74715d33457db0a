// Opens the storage the environment asks for: PostgreSQL when DATABASE_URL is set,
// else SQLite at JIG_DATABASE (default ./.jig/jig.db, folder created); `:memory:` keeps nothing.
import { resolve } from 'node:path';
import { MissingDriverError } from './driver.js';
import { openMemory } from './memory.js';
import { openPostgres } from './postgres.js';
import { openSqlite } from './sqlite.js';
import type { Storage } from './types.js';

export type {
  Storage,
  StorageKind,
  EventQuery,
  InsertResult,
  LineState,
  LineHistoryEntry,
  LineChange,
} from './types.js';
export { openSqlite } from './sqlite.js';
export { openMemory } from './memory.js';
export { MissingDriverError } from './driver.js';
export { openPostgres, dropPostgresSchema } from './postgres.js';

export const DEFAULT_DATABASE = './.jig/jig.db';

export async function openStorage(env: Record<string, string | undefined>): Promise<Storage> {
  if (env.DATABASE_URL)
    return openPostgres({ url: env.DATABASE_URL, ...(env.JIG_PG_SCHEMA ? { schema: env.JIG_PG_SCHEMA } : {}) });
  if (env.JIG_DATABASE !== ':memory:') return openSqlite(resolve(env.JIG_DATABASE || DEFAULT_DATABASE));
  // Nothing on disk was asked for: SQLite's in-memory database when its driver is installed, else Jig's own.
  try {
    return openSqlite(':memory:');
  } catch (err) {
    if (err instanceof MissingDriverError) return openMemory();
    throw err;
  }
}
