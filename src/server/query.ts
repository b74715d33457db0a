// Query parameters, read strictly: each route names the ones it takes; an unknown, repeated or
// malformed one is a 400 `bad_query` that says what was expected, never a guess or a stack trace.
import type { Context } from 'hono';
import { eventTimeMs, MAX_EVENT_TIME_MS } from '../events/event.js';
import { HttpError } from './errors.js';

/** Longest value any query parameter may have. */
const MAX_VALUE = 2048;

export const badQuery = (message: string) => new HttpError(400, 'bad_query', message);
const shown = (v: string) => JSON.stringify(v.slice(0, 40));

/** The parameters as a prototype-free record; throws 400 for a name not in `allowed` or given twice. */
export function readQuery<K extends string>(c: Context, allowed: readonly K[]): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = Object.create(null) as Partial<Record<K, string>>;
  const names = new Set<string>(allowed);
  for (const [name, value] of new URL(c.req.url).searchParams) {
    if (!names.has(name))
      throw badQuery(
        `unknown query parameter ${shown(name)}; ${c.req.path} takes ${allowed.length ? allowed.join(', ') : 'none'}`,
      );
    if ((out as Record<string, string>)[name] !== undefined)
      throw badQuery(`the query parameter "${name}" is given twice`);
    if (value.length > MAX_VALUE)
      throw badQuery(`the query parameter "${name}" is longer than ${MAX_VALUE} characters`);
    (out as Record<string, string>)[name] = value;
  }
  return out;
}

/** A time as Unix milliseconds, an ISO 8601 time or a date (YYYY-MM-DD), from 1970 to 9999. */
export function parseTime(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  let ms: number | undefined;
  if (/^\d{1,16}$/.test(value)) ms = Number(value);
  else if (/^\d{4}-\d{2}-\d{2}$/.test(value)) ms = eventTimeMs(`${value}T00:00:00Z`);
  else ms = eventTimeMs(value);
  if (ms === undefined || ms > MAX_EVENT_TIME_MS + 1)
    throw badQuery(
      `"${name}" must be Unix milliseconds, an ISO 8601 time or a date (YYYY-MM-DD) from 1970 to 9999; received ${shown(value)}`,
    );
  return ms;
}

/** A string parameter of at most `max` characters. */
export function parseName(value: string | undefined, name: string, max = 128): string | undefined {
  if (value === undefined) return undefined;
  if (value.length > max) throw badQuery(`"${name}" is at most ${max} characters`);
  return value;
}

/** One of the given choices (looked up without touching prototypes). */
export function parseChoice<T>(
  value: string | undefined,
  name: string,
  choices: ReadonlyMap<string, T>,
  fallback: string,
): T {
  const key = value ?? fallback;
  const found = choices.get(key);
  if (found === undefined)
    throw badQuery(`"${name}" must be one of ${[...choices.keys()].join(', ')}; received ${shown(key)}`);
  return found;
}
