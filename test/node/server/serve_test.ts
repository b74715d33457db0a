import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const entry = `import('./src/server/index.ts').then((m) => m.serveCommand(process.argv.slice(1))).then((code) => process.exit(code))`;

function run(args: string[], env: Record<string, string> = {}) {
  // CI exports DATABASE_URL for the PostgreSQL storage run; this test is about the SQLite default.
  const { DATABASE_URL: _pg, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', entry, '--', ...args], {
    cwd: root,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    err += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => out, errors: () => err };
}

describe('jig serve', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    test(`prints its URL, serves, and stops cleanly on ${signal}`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'jig-serve-'));
      const p = run(['--port', '0', '--host', '127.0.0.1'], { JIG_DATABASE: join(dir, 'db', 'jig.db') });
      try {
        const url = await new Promise<string>((resolve, reject) => {
          p.child.stdout.on('data', () => {
            const m = /listening on (http:\/\/\S+)/.exec(p.output());
            if (m) resolve(m[1]!);
          });
          p.exited.then((code) => reject(new Error(`exited ${code}: ${p.errors()}`)));
        });
        const health = await (await fetch(`${url}/healthz`)).json();
        assert.deepEqual(health, { ok: true, db: 'sqlite', upstream: 'none' });
        p.child.kill(signal);
        assert.equal(await p.exited, 0);
        assert.match(p.output(), /stopping/);
        assert.match(p.output(), /"path":"\/healthz","status":200/, 'one log line per request');
      } finally {
        p.child.kill('SIGKILL');
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  test('a bad option exits 2 with the usage', async () => {
    const p = run(['--port', 'eighty']);
    assert.equal(await p.exited, 2);
    assert.match(p.errors(), /--port expects/);
    const q = run(['--verbose']);
    assert.equal(await q.exited, 2);
    assert.match(q.errors(), /Usage: jig serve/);
  });
});
