// Database drivers are optional peers of the package: each is loaded on first use, and a
// missing one is reported by name with the command that installs it, instead of a stack trace.
import { createRequire } from 'node:module';

export type DriverName = 'better-sqlite3' | 'pg';

/** A driver package that is not installed next to Jig. */
export class MissingDriverError extends Error {
  override name = 'MissingDriverError';
  readonly code = 'missing_driver';
  readonly driver: DriverName;

  constructor(driver: DriverName, purpose: string, alternatives: string) {
    super(
      `${purpose} needs the package ${driver}, which is not installed. Install it with: npm install ${driver}${alternatives ? ` (${alternatives})` : ''}`,
    );
    this.driver = driver;
  }
}

// Both drivers are CommonJS: a synchronous require keeps openSqlite synchronous, and resolves
// from wherever Jig is installed, so the site's own node_modules is searched.
const load = createRequire(import.meta.url);

export function loadDriver<T>(driver: DriverName, purpose: string, alternatives = ''): T {
  try {
    return load(driver) as T;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    // Only the driver itself missing: a broken install of it (a native build that failed) keeps its own error.
    if (e.code === 'MODULE_NOT_FOUND' && e.message.includes(`'${driver}'`))
      throw new MissingDriverError(driver, purpose, alternatives);
    throw err;
  }
}
