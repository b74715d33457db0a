// Line versions, the source of truth for many browsers: read the current and canary versions,
// deploy (optionally as a canary share), promote, roll back — every change kept in the history.
import type { Context } from 'hono';
import { deployBody, parseBody, rollbackBody } from './bodies.js';
import { HttpError } from './errors.js';
import type { LineChange, Storage } from './storage/index.js';

export const LINE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
export { LINE_CONFIG_LIMIT } from './bodies.js';

const bad = (message: string) => new HttpError(400, 'bad_request', message);

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
  const { config, canaryShare } = parseBody(deployBody, body);
  return answer(c, await storage.addLineVersion(id, config, canaryShare, at), 201);
}

export async function handlePromote(c: Context, storage: Storage, at: string): Promise<Response> {
  return answer(c, await storage.promoteCanary(lineId(c), at));
}

export async function handleRollback(c: Context, storage: Storage, body: unknown, at: string): Promise<Response> {
  const id = lineId(c);
  const reason = parseBody(rollbackBody, body)?.reason;
  return answer(c, await storage.rollback(id, reason, at));
}
