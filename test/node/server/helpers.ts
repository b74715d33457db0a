// Shared by the server tests: a server on a fresh temp database, JSON requests, events.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7, type JigEvent } from '../../../src/events/event.js';
import { startServer, type StartOptions, type RunningServer } from '../../../src/server/index.js';

export interface TestServer extends RunningServer {
  dir: string;
  dbPath: string;
  logs: Record<string, unknown>[];
  /** Closes the server and removes its temp folder. */
  stop(): Promise<void>;
}

/** The site token every test server accepts (JIG_SITE_TOKENS), so Node tests can call the premium station. */
export const SITE_TOKEN = 'site-token-for-the-tests';
export const SITE_AUTH = { authorization: `Bearer ${SITE_TOKEN}` };

export async function testServer(
  env: Record<string, string | undefined> = {},
  options: Omit<StartOptions, 'env' | 'port' | 'log'> & { dir?: string } = {},
): Promise<TestServer> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'jig-server-'));
  const dbPath = join(dir, 'jig.db');
  const logs: Record<string, unknown>[] = [];
  const { dir: _d, ...rest } = options;
  let s: RunningServer;
  try {
    s = await startServer({
      ...rest,
      port: 0,
      env: { JIG_DATABASE: dbPath, JIG_SITE_TOKENS: SITE_TOKEN, ...env },
      log: (e) => logs.push(e),
    });
  } catch (err) {
    if (!options.dir) rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    ...s,
    dir,
    dbPath,
    logs,
    async stop() {
      await s.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** POSTs JSON; calls to /v1/assemble carry the tests' site token unless the caller sends its own Origin or Authorization. */
export async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; json: any; text: string }> {
  const own = Object.keys(headers).some((h) => /^(origin|authorization)$/i.test(h));
  const auth = url.includes('/v1/assemble') && !own ? SITE_AUTH : {};
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}

export async function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; json: any; text: string }> {
  const res = await fetch(url, { headers });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}

let seq = 0;
export function makeEvent(
  type = 'layout.requested',
  attrs: JigEvent['attrs'] = {},
  over: Partial<JigEvent> = {},
): JigEvent {
  const time = over.time ?? new Date(Date.UTC(2026, 10, 24, 10, 0, 0) + seq++).toISOString();
  return {
    id: uuidv7(Date.parse(time)),
    type,
    time,
    session: 's1',
    trace: 'a'.repeat(32),
    span: 'b'.repeat(16),
    line: 'trip-planner',
    lineVersion: '1',
    attrs,
    ...over,
  };
}

/** Parses an SSE body into events. */
export function parseSse(text: string): Array<{ event: string; data: any }> {
  return text
    .split('\n\n')
    .filter((b) => b.trim())
    .map((block) => {
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      return { event, data: JSON.parse(data.join('\n')) };
    });
}
