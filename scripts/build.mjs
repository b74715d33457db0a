#!/usr/bin/env node
// `npm run build`: the package as it ships — browser entries (vite), the Node CLI and server (esbuild),
// type declarations (tsc), and the editor metadata generated from the components' JSDoc.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { writeEditorData } from './build-editor-data.mjs';

process.chdir(fileURLToPath(new URL('..', import.meta.url)));

function step(label, cmd, args) {
  const t = performance.now();
  const res = spawnSync(cmd, args, { stdio: 'inherit' });
  if (res.status !== 0) {
    console.error(`build: ${label} failed (exit ${res.status})`);
    process.exit(1);
  }
  console.log(`build: ${label} (${Math.round(performance.now() - t)} ms)`);
}

// 1. Browser entries, engines in their own chunks; this empties dist/ first.
step('browser entries (vite)', process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn']);
// The WebLLM worker's map (7 MB) maps into @mlc-ai/web-llm's own bundle: it would only weigh on installs.
for (const name of readdirSync('dist/assets').filter((n) => n.startsWith('webllm.worker-'))) {
  const path = `dist/assets/${name}`;
  if (name.endsWith('.map')) rmSync(path);
  else writeFileSync(path, readFileSync(path, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n'));
}

// 2. The CLI and the server, for Node. Everything pure JavaScript is bundled (hono included), so
// `jig check` reads one file at start; the database drivers are optional peers, loaded on demand.
{
  const t = performance.now();
  await build({
    entryPoints: { main: 'src/cli/main.ts' },
    outdir: 'dist/cli',
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true, // `jig serve` is a chunk of its own: `jig check` never loads the server.
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    legalComments: 'linked',
    external: ['better-sqlite3', 'pg'],
    tsconfig: 'tsconfig.json',
    logLevel: 'warning',
  });
  console.log(`build: CLI and server (esbuild, ${Math.round(performance.now() - t)} ms)`);
}

// 3. Type declarations for every entry.
step('type declarations (tsc)', process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json']);

// 4. custom-elements.json and VS Code's HTML data, from the components' JSDoc.
await writeEditorData();
