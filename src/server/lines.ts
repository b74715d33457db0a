// Line versions, the source of truth for many browsers: read the current and canary versions,
// deploy (optionally as a canary share), promote, roll back — every change kept in the history.
import type { Context } from 'hono';
import { HttpError } from './errors.js';
import type { LineChange, Storage } from './storage/index.js';

export const LINE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
/** Characters of one line config as JSON. */
export const LINE_CONFIG_LIMIT = 256 * 1024;

const bad = (message: string) => new HttpError(400, 'bad_request', message);
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function lineId(c: Context): string {
  const id = c.req.param('id') ?? '';
  if (!LINE_ID.test(id)) throw bad(`a line id matches ${LINE_ID}; received ${JSON.stringify(id.slice(0, 40))}`);
  return id;
}

function answer(c: Context, change: LineChange, status: 200 | 201 = 200): Response {
  if (!change.ok) throw new HttpError(409, change.code, change.message);
  return c.json({ version: change.version, line: change.state }, status);
}

export async function handleDeploy(c: Context, storage: Storage, body: unknown, at: string): Promise<Response> {
  const id = lineId(c);
  if (!isObject(body)) throw bad('expected {config: object, canaryShare?: number from 0 to 1}');
  for (const k of Object.keys(body)) if (k !== 'config' && k !== 'canaryShare') throw bad(`unknown field "${k}"; expected config, canaryShare`);
  const { config, canaryShare } = body;
  if (!isObject(config)) throw bad('"config" must be a JSON object (the line config)');
  const size = JSON.stringify(config).length;
  if (size > LINE_CONFIG_LIMIT) throw bad(`"config" is ${size} characters as JSON; the limit is ${LINE_CONFIG_LIMIT}`);
  if (canaryShare !== undefined && (typeof canaryShare !== 'number' || !(canaryShare >= 0 && canaryShare <= 1))) throw bad('"canaryShare" must be a number from 0 to 1');
  return answer(c, await storage.addLineVersion(id, config, canaryShare as number | undefined, at), 201);
}

export async function handlePromote(c: Context, storage: Storage, at: string): Promise<Response> {
  return answer(c, await storage.promoteCanary(lineId(c), at));
}

export async function handleRollback(c: Context, storage: Storage, body: unknown, at: string): Promise<Response> {
  const id = lineId(c);
  if (body !== undefined && !isObject(body)) throw bad('expected {reason?: string}');
  const reason = isObject(body) ? body.reason : undefined;
  if (reason !== undefined && (typeof reason !== 'string' || reason.length > 2000)) throw bad('"reason" must be a string of at most 2000 characters');
  return answer(c, await storage.rollback(id, reason as string | undefined, at));
}
