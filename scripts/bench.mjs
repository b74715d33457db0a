#!/usr/bin/env node
// `npm run bench`: runs every benchmark (Node ones in Node, browser ones in headless Chromium on
// a production-mode vite server), measures bundle sizes, prints a table and writes
// bench/results.json as [{group, name, value, unit, spread, baseline, ratio, load}]. Figures, never pass/fail.
// Each figure is the median of runs alternated with its baseline's (bench/support/stats.ts);
// `spread` is p25–p75, `load` the 1-minute load average when its group ran.
// `npm run bench -- render size` runs only the groups named and keeps the others' rows in the file.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const only = process.argv.slice(2);
const want = (name) => only.length === 0 || only.some((o) => name.includes(o));
const results = [];
const ran = new Set();
const load = () => loadavg().map((x) => +x.toFixed(2));
const add = (group, rows, before = load()) => {
  const first = !ran.has(group);
  ran.add(group);
  const after = load();
  // The busier of the two moments the group started and ended: a figure taken under load says so.
  const l = Math.max(before[0], after[0]);
  for (const r of rows) results.push({ group, ...r, load: l });
  if (first) console.error(`  load average ${before.join(' ')} → ${after.join(' ')} (${cpus().length} cores)`);
};
console.error(`load average at start: ${load().join(' ')} (1, 5, 15 min; ${cpus().length} cores)`);

// Node benchmarks: each in its own process so one can't skew another.
for (const f of existsSync('bench/node')
  ? readdirSync('bench/node')
      .filter((f) => f.endsWith('.bench.ts'))
      .sort()
  : []) {
  const name = f.replace('.bench.ts', '');
  if (!want(name)) continue;
  console.error(`· node: ${name}`);
  const before = load();
  const code = `const m = await import(${JSON.stringify('./bench/node/' + f)}); const r = await m.default(); process.stdout.write('\\n@@' + JSON.stringify(r));`;
  const res = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    encoding: 'utf8',
    env: process.env,
    maxBuffer: 64 << 20,
    timeout: 15 * 60_000,
  });
  const json = (res.stdout ?? '').split('\n@@').pop();
  try {
    add(name, JSON.parse(json), before);
  } catch {
    console.error(`  ${name} failed:\n${res.stderr?.slice(-2000)}`);
    add(name, [{ name: `${name} (failed to run)`, value: NaN, unit: '' }], before);
  }
}

// Bundle sizes: the package's own build (vite, as `npm run build`), bundled with its
// dependencies by esbuild as a site's bundler would, minified and gzipped; and a per-module
// breakdown of the core entry, so the next person sees where the bytes go.
if (want('size')) {
  console.error('· sizes');
  const before = load();
  const esbuild = await import('esbuild');
  const scratch = mkdtempSync(join('node_modules', '.jig-size-')); // inside the project: it resolves the same node_modules
  const outdir = join(tmpdir(), 'jig-size-out');
  const options = {
    bundle: true,
    splitting: true,
    outdir,
    minify: true,
    format: 'esm',
    write: false,
    metafile: true,
    target: 'es2022',
    tsconfig: 'tsconfig.json',
    define: { 'process.env.NODE_ENV': '"production"' },
    conditions: ['production'],
    logLevel: 'silent',
    loader: { '.wasm': 'file' },
  };
  // With code splitting, so a lazily imported engine lands in its own chunk: the size counted is
  // the entry chunk and the chunks it imports statically (what a page loads up front).
  const measure = async (entry) => {
    const out = await esbuild.build({ ...options, entryPoints: [entry] });
    const outputs = out.metafile.outputs;
    const start = Object.keys(outputs).find((k) => outputs[k].entryPoint && !k.endsWith('.map'));
    const seen = new Set();
    const visit = (k) => {
      if (seen.has(k) || !outputs[k]) return;
      seen.add(k);
      for (const i of outputs[k].imports) if (i.kind === 'import-statement') visit(i.path);
    };
    visit(start);
    const files = out.outputFiles.filter((f) =>
      [...seen].some((k) => f.path.endsWith(k.replace(/^.*?jig-size-out/, ''))),
    );
    const code = Buffer.concat(files.map((f) => Buffer.from(f.contents)));
    const inputs = {};
    for (const k of seen)
      for (const [path, v] of Object.entries(outputs[k].inputs)) inputs[path] = (inputs[path] ?? 0) + v.bytesInOutput;
    return { raw: code.length, gz: gzipSync(code, { level: 9 }).length, inputs };
  };
  const kB = (n) => +(n / 1024).toFixed(1);
  try {
    writeFileSync(join(scratch, 'lit.js'), "export { LitElement, html, css } from 'lit';\n");
    const lit = await measure(join(scratch, 'lit.js')).catch(() => null);
    const litRow = lit ? { name: 'lit alone (min+gz)', value: kB(lit.gz) } : undefined;
    // The package's own build, as published.
    let built = null;
    try {
      const { build } = await import('vite');
      await build({
        configFile: 'vite.config.ts',
        logLevel: 'silent',
        mode: 'production',
        build: { outDir: join(scratch, 'dist'), emptyOutDir: true, sourcemap: false },
      });
      built = {
        core: await measure(join(scratch, 'dist', 'index.js')),
        gates: await measure(join(scratch, 'dist', 'gates.js')),
        interop: await measure(join(scratch, 'dist', 'interop.js')),
      };
    } catch (e) {
      console.error(`  the package build failed, sizes are from the sources: ${e.message}`);
    }
    // The same entry from the sources: esbuild's metafile says how many output bytes each module takes.
    const source = await measure('src/index.ts');
    const core = built?.core ?? source;
    const from = built ? 'from the package build' : 'from the sources';
    const gzPerByte = source.gz / source.raw;
    const group = (path) => {
      const p = path.replace(/^.*node_modules\//, 'node_modules/');
      const m = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(p);
      if (m)
        return m[1].startsWith('@lit') || m[1].startsWith('lit')
          ? 'lit (lit, lit-html, lit-element, @lit/reactive-element)'
          : m[1];
      const c = /^components\/([^/]+)\//.exec(p);
      if (c) return c[1] === 'shared' ? 'components/shared' : 'components (each component)';
      return p.split('/').slice(0, 2).join('/');
    };
    const groups = {};
    for (const [path, bytes] of Object.entries(source.inputs)) groups[group(path)] = (groups[group(path)] ?? 0) + bytes;
    const breakdown = Object.entries(groups)
      .sort((a, b) => b[1] - a[1])
      .map(([area, bytes]) => ({
        area,
        min: kB(bytes),
        gz: kB(bytes * gzPerByte),
        share: `${((100 * bytes) / source.raw).toFixed(1)}%`,
      }));
    const modules = Object.entries(source.inputs)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 25)
      .map(([path, bytes]) => ({
        module: path.replace(/^.*node_modules\//, ''),
        min: kB(bytes),
        gz: kB(bytes * gzPerByte),
        share: `${((100 * bytes) / source.raw).toFixed(1)}%`,
      }));
    console.error(
      `  core entry (src/index.ts) by area — minified kB, gzipped kB as its share of the whole (${kB(source.gz)} kB gz from the sources):`,
    );
    console.table(breakdown);
    console.error('  the 25 largest modules:');
    console.table(modules);
    add(
      'size',
      [
        {
          name: `core bundle: <jig-surface>, all components, gates and catalog, no engine (min+gz, ${from})`,
          value: kB(core.gz),
          unit: 'kB',
          baseline: litRow,
          ratio: lit ? +(core.gz / lit.gz).toFixed(2) : undefined,
          note: `goal < 30 kB, lit included; ${kB(core.raw)} kB minified`,
          breakdown,
        },
        { name: 'core bundle from the sources (min+gz, for the breakdown)', value: kB(source.gz), unit: 'kB' },
      ],
      before,
    );
    const gates = built?.gates ?? (await measure('src/gates/index.ts'));
    add(
      'size',
      [{ name: `gates only (jig/gates, min+gz, ${from})`, value: kB(gates.gz), unit: 'kB', note: 'goal < 12 kB' }],
      before,
    );
    // A2UI and json-render in and out: what a page that shows other formats' layouts adds beside the gates.
    const interop = built?.interop ?? (await measure('src/interop/index.ts'));
    add(
      'size',
      [
        {
          name: `interop (jig/interop, min+gz, ${from})`,
          value: kB(interop.gz),
          unit: 'kB',
          note: `${kB(interop.raw)} kB minified; the gates and catalog included`,
        },
      ],
      before,
    );
  } catch (e) {
    console.error(`  sizes failed: ${e.message}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  // The engine entry points listed in src/engines/index.ts (ENGINE_ENTRY_POINTS), each its own chunk.
  const engines = [
    ['wllama engine chunk (with wllama, without its wasm)', 'src/engines/wllama/index.ts'],
    ['WebLLM engine, page side', 'src/engines/webllm/index.ts'],
    ['WebLLM worker (with web-llm)', 'src/engines/webllm/webllm.worker.ts'],
    ['Prompt API engine chunk', 'src/engines/prompt-api/index.ts'],
  ];
  for (const [label, entry] of engines) {
    if (!existsSync(entry)) continue;
    const s = await measure(entry).catch((e) => (console.error(`  ${entry}: ${e.message}`), null));
    if (s)
      add(
        'size',
        [{ name: `${label} (min+gz)`, value: kB(s.gz), unit: 'kB', note: 'loaded only when that engine runs' }],
        before,
      );
  }
}

// Browser benchmarks: vite in production mode (no Lit dev checks), Debian's Chromium.
const browserBenches = existsSync('bench/browser')
  ? readdirSync('bench/browser')
      .filter((f) => f.endsWith('.bench.ts') && want(f.replace('.bench.ts', '')))
      .sort()
  : [];
if (browserBenches.length) {
  // Lit and the components read NODE_ENV through the resolve conditions: without it vite serves
  // Lit's development build, whose checks would be measured too.
  process.env.NODE_ENV = 'production';
  const { createServer } = await import('vite');
  const { chromium } = await import('playwright-core');
  const server = await createServer({
    mode: 'production',
    configFile: 'vite.config.ts',
    // Its own prebundled dependencies: a dev server started meanwhile (the demo, e2e tests) rewrites
    // the shared node_modules/.vite with Lit's development build, which this run would then measure.
    cacheDir: 'node_modules/.vite-bench',
    server: { port: 0, host: '127.0.0.1' },
    logLevel: 'error',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  await server.listen();
  const { port } = server.httpServer.address();
  const browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--enable-unsafe-webgpu',
    ],
  });
  try {
    for (const f of browserBenches) {
      const name = f.replace('.bench.ts', '');
      console.error(`· browser: ${name}`);
      const before = load();
      const page = await browser.newPage();
      page.on('pageerror', (e) => console.error(`  page error: ${e.message}`));
      try {
        await page.goto(`http://127.0.0.1:${port}/bench/browser/runner.html?bench=${name}`);
        await page.waitForFunction(() => window.__benchDone === true, null, { timeout: 30 * 60_000 });
        const out = await page.evaluate(() => window.__benchResults);
        if (out.error) throw new Error(out.error);
        add(name, out, before);
      } catch (e) {
        console.error(`  ${name} failed: ${e.message}`);
        add(name, [{ name: `${name} (failed to run)`, value: NaN, unit: '' }], before);
      }
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

// A partial run keeps the rows of the groups it did not run.
let kept = [];
if (only.length && existsSync('bench/results.json')) {
  try {
    kept = JSON.parse(readFileSync('bench/results.json', 'utf8')).filter((r) => r.group && !ran.has(r.group));
  } catch {
    kept = [];
  }
}
const all = [...kept, ...results];
writeFileSync('bench/results.json', JSON.stringify(all, null, 2) + '\n');
const range = (s) => (s ? ` [${s[0]}–${s[1]}]` : '');
const rows = results.map((r) => ({
  group: r.group,
  benchmark: r.name,
  'median [p25–p75]': `${r.value}${range(r.spread)} ${r.unit}`,
  baseline: r.baseline ? `${r.baseline.value}${range(r.baseline.spread)} ${r.unit} (${r.baseline.name})` : '',
  ratio: r.ratio === undefined ? '' : `${r.ratio}${range(r.ratioSpread)}`,
  load: r.load,
}));
console.table(rows);
console.log(
  `load average at the end: ${load().join(' ')}; every ratio is the median of per-pair ratios (figure and baseline run alternately)`,
);
console.log(
  `wrote bench/results.json (${all.length} figures, ${results.length} from this run) on ${new Date().toISOString()}`,
);
