#!/usr/bin/env node
// `npm run bench`: runs every benchmark (Node ones in Node, browser ones in headless Chromium on
// a production-mode vite server), measures bundle sizes, prints a table and writes
// bench/results.json as [{name, value, unit, baseline, ratio}]. Figures, never pass/fail.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const only = process.argv.slice(2);
const want = (name) => only.length === 0 || only.some((o) => name.includes(o));
const results = [];
const add = (group, rows) => { for (const r of rows) results.push({ group, ...r }); };

// Node benchmarks: each in its own process so one can't skew another.
for (const f of existsSync('bench/node') ? readdirSync('bench/node').filter((f) => f.endsWith('.bench.ts')).sort() : []) {
  const name = f.replace('.bench.ts', '');
  if (!want(name)) continue;
  console.error(`· node: ${name}`);
  const code = `const m = await import(${JSON.stringify('./bench/node/' + f)}); const r = await m.default(); process.stdout.write('\\n@@' + JSON.stringify(r));`;
  const res = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8', env: process.env, maxBuffer: 64 << 20, timeout: 15 * 60_000 });
  const json = (res.stdout ?? '').split('\n@@').pop();
  try { add(name, JSON.parse(json)); } catch { console.error(`  ${name} failed:\n${res.stderr?.slice(-2000)}`); add(name, [{ name: `${name} (failed to run)`, value: NaN, unit: '' }]); }
}

// Bundle sizes: minified with esbuild, gzipped.
if (want('size')) {
  console.error('· sizes');
  const esbuild = await import('esbuild');
  // With code splitting, so a lazily imported engine lands in its own chunk: the size counted is
  // the entry chunk and the chunks it imports statically (what a page loads up front).
  const gz = async (entry, external = []) => {
    const out = await esbuild.build({ entryPoints: [entry], bundle: true, splitting: true, outdir: join(tmpdir(), 'jig-size-out'), minify: true, format: 'esm', write: false, metafile: true, target: 'es2022', external, tsconfig: 'tsconfig.json', define: { 'process.env.NODE_ENV': '"production"' }, conditions: ['production'], logLevel: 'silent', loader: { '.wasm': 'file' } });
    const outputs = out.metafile.outputs;
    const start = Object.keys(outputs).find((k) => outputs[k].entryPoint && !k.endsWith('.map'));
    const seen = new Set();
    const visit = (k) => { if (seen.has(k) || !outputs[k]) return; seen.add(k); for (const i of outputs[k].imports) if (i.kind === 'import-statement') visit(i.path); };
    visit(start);
    const files = out.outputFiles.filter((f) => [...seen].some((k) => f.path.endsWith(k.replace(/^.*?jig-size-out/, ''))));
    const code = Buffer.concat(files.map((f) => Buffer.from(f.contents)));
    return { raw: code.length, gz: gzipSync(code, { level: 9 }).length, lazy: Object.keys(outputs).length - seen.size };
  };
  // The baseline entry lives inside the project so it resolves the same node_modules.
  const dir = mkdtempSync(join('node_modules', '.jig-size-'));
  const litOnly = join(dir, 'lit.js');
  writeFileSync(litOnly, "export { LitElement, html, css } from 'lit';\n");
  const lit = await gz(litOnly).catch(() => null);
  const core = await gz('src/index.ts').catch((e) => (console.error(e.message), null));
  if (core) add('size', [{ name: 'core bundle: runtime + all components, no engine (min+gz)', value: +(core.gz / 1024).toFixed(1), unit: 'kB', baseline: lit ? { name: 'lit alone (min+gz)', value: +(lit.gz / 1024).toFixed(1) } : undefined, ratio: lit ? +(core.gz / lit.gz).toFixed(2) : undefined, note: 'goal < 40 kB' }]);
  rmSync(dir, { recursive: true, force: true });
  const gates = await gz('src/gates/index.ts').catch(() => null);
  if (gates) add('size', [{ name: 'gates only (jig/gates, min+gz)', value: +(gates.gz / 1024).toFixed(1), unit: 'kB' }]);
  // The engine entry points listed in src/engines/index.ts (ENGINE_ENTRY_POINTS), each its own chunk.
  const engines = [
    ['wllama engine chunk (with wllama, without its wasm)', 'src/engines/wllama/index.ts'],
    ['WebLLM engine, page side', 'src/engines/webllm/index.ts'],
    ['WebLLM worker (with web-llm)', 'src/engines/webllm/webllm.worker.ts'],
    ['Prompt API engine chunk', 'src/engines/prompt-api/index.ts'],
  ];
  for (const [label, entry] of engines) {
    if (!existsSync(entry)) continue;
    const s = await gz(entry).catch((e) => (console.error(`  ${entry}: ${e.message}`), null));
    if (s) add('size', [{ name: `${label} (min+gz)`, value: +(s.gz / 1024).toFixed(1), unit: 'kB', note: 'loaded only when that engine runs' }]);
  }
}

// Browser benchmarks: vite in production mode (no Lit dev checks), Debian's Chromium.
const browserBenches = existsSync('bench/browser') ? readdirSync('bench/browser').filter((f) => f.endsWith('.bench.ts') && want(f.replace('.bench.ts', ''))).sort() : [];
if (browserBenches.length) {
  const { createServer } = await import('vite');
  const { chromium } = await import('playwright-core');
  const server = await createServer({ mode: 'production', configFile: 'vite.config.ts', server: { port: 0, host: '127.0.0.1' }, logLevel: 'error', define: { 'process.env.NODE_ENV': '"production"' } });
  await server.listen();
  const { port } = server.httpServer.address();
  const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-unsafe-webgpu'] });
  try {
    for (const f of browserBenches) {
      const name = f.replace('.bench.ts', '');
      console.error(`· browser: ${name}`);
      const page = await browser.newPage();
      page.on('pageerror', (e) => console.error(`  page error: ${e.message}`));
      try {
        await page.goto(`http://127.0.0.1:${port}/bench/browser/runner.html?bench=${name}`);
        await page.waitForFunction(() => window.__benchDone === true, null, { timeout: 10 * 60_000 });
        const out = await page.evaluate(() => window.__benchResults);
        if (out.error) throw new Error(out.error);
        add(name, out);
      } catch (e) {
        console.error(`  ${name} failed: ${e.message}`);
        add(name, [{ name: `${name} (failed to run)`, value: NaN, unit: '' }]);
      }
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

writeFileSync('bench/results.json', JSON.stringify(results.map(({ group, ...r }) => r), null, 2) + '\n');
const rows = results.map((r) => ({
  group: r.group,
  benchmark: r.name,
  value: `${r.value} ${r.unit}`,
  baseline: r.baseline ? `${r.baseline.value} ${r.unit} (${r.baseline.name})` : '',
  ratio: r.ratio ?? '',
}));
console.table(rows);
console.log(`wrote bench/results.json (${results.length} figures) on ${new Date().toISOString()}`);
