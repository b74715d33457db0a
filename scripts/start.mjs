#!/usr/bin/env node
// `npm start`: the Jig server (premium endpoint, event ingest, line versions, dashboard) and the
// demo site together. Prints the URL. Needs no model weights and no upstream key.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const host = '127.0.0.1';
const serverPort = process.env.JIG_PORT ?? '8787';
const serverUrl = `http://${host}:${serverPort}`;

// The random-weights test model the browser station falls back to (about 400 kB, written locally).
if (!existsSync('test/fixtures/models/tiny.gguf'))
  spawnSync(process.execPath, ['scripts/make-tiny-gguf.mjs'], { stdio: 'inherit' });

const children = [];
const server = spawn(process.execPath, ['bin/jig.js', 'serve', '--port', serverPort, '--host', host], {
  stdio: 'inherit',
  env: process.env,
});
children.push(server);
server.on('exit', (code, signal) => {
  if (stopping) return;
  console.error(
    `\n  jig serve stopped (${signal ?? `exit ${code}`}); is port ${serverPort} taken? Set JIG_PORT to use another.\n`,
  );
  stop(1);
});

// vite.config.ts proxies /v1, /dashboard and /healthz to JIG_SERVER_URL.
process.env.JIG_SERVER_URL = serverUrl;
const { createServer } = await import('vite');
const vite = await createServer({
  configFile: 'vite.config.ts',
  server: { host, port: Number(process.env.PORT ?? 5173) },
});
await vite.listen();
const port = vite.httpServer?.address()?.port ?? vite.config.server.port;
const upstream = process.env.JIG_UPSTREAM_URL
  ? `premium upstream: ${process.env.JIG_UPSTREAM_URL}`
  : 'no premium upstream (set JIG_UPSTREAM_URL to enable it): escalations end at the fallback layout';
console.log(`\n  Jig demo:    http://${host}:${port}/demo/\n  Jig server:  ${serverUrl}/dashboard\n  ${upstream}\n`);

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const c of children) c.kill('SIGTERM');
  void vite.close().then(() => process.exit(code));
}
process.on('SIGINT', () => stop());
process.on('SIGTERM', () => stop());
