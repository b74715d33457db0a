#!/usr/bin/env node
// `npm start`: the Jig server (premium endpoint, event ingest, line versions, dashboard) and the
// demo site together. Prints the URL. Needs no model weights and no upstream key.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const serverPort = process.env.JIG_PORT ?? '8787';
const children = [];
if (existsSync('src/server/index.ts')) {
  const server = spawn(process.execPath, ['bin/jig.js', 'serve', '--port', serverPort, '--host', '127.0.0.1'], { stdio: 'inherit', env: process.env });
  children.push(server);
}
if (!existsSync('test/fixtures/models/tiny.gguf') && existsSync('scripts/make-tiny-gguf.mjs')) {
  spawn(process.execPath, ['scripts/make-tiny-gguf.mjs'], { stdio: 'inherit' });
}
const { createServer } = await import('vite');
const vite = await createServer({ configFile: 'vite.config.ts', server: { host: '127.0.0.1', port: Number(process.env.PORT ?? 5173) }, env: { JIG_SERVER_URL: `http://127.0.0.1:${serverPort}` } });
await vite.listen();
const url = `http://127.0.0.1:${vite.config.server.port}/demo/`;
console.log(`\n  Jig demo:   ${url}\n  Jig server: http://127.0.0.1:${serverPort}/dashboard\n`);
const stop = () => { for (const c of children) c.kill('SIGTERM'); void vite.close().then(() => process.exit(0)); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
