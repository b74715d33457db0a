// Jig as users get it: built, packed, installed offline into a new project (from the npm cache
// the repository's `npm ci` filled), used by a vite page in Chromium, and run as the `jig` command.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { writeOfflineProject } from './offline-install.js';

const repo = process.cwd();
const dir = mkdtempSync(join(tmpdir(), 'jig-package-'));
const site = join(dir, 'site');
const bin = join(site, 'node_modules', '.bin', 'jig');
// The site's environment, without the PostgreSQL settings CI exports for the storage suite: jig serve
// would pick PostgreSQL over SQLite when DATABASE_URL is set, as docs/server.md says.
const { DATABASE_URL: _url, JIG_PG_SCHEMA: _schema, ...siteEnv } = process.env;

function sh(
  cmd: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, {
    cwd: options.cwd ?? site,
    encoding: 'utf8',
    env: { ...siteEnv, ...options.env },
    maxBuffer: 64 * 1024 * 1024,
  });
}

function ok(res: SpawnSyncReturns<string>, what: string): string {
  assert.equal(res.status, 0, `${what} exited ${res.status}:\n${res.stdout}\n${res.stderr}`);
  return res.stdout;
}

/** Size of a folder in bytes, as `du` counts file contents. */
function size(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.size;
  return readdirSync(path).reduce((sum, name) => sum + size(join(path, name)), 0);
}

const LAYOUT = {
  version: 1,
  title: 'Book',
  root: 'page',
  data: { guest: { name: '' } },
  nodes: [
    { id: 'page', type: 'stack', children: ['f'] },
    { id: 'f', type: 'form', props: { action: 'reserve', submitLabel: 'Reserve' }, children: ['name'] },
    { id: 'name', type: 'text-field', props: { label: 'Name', bind: '/guest/name' } },
  ],
};

describe('the package as users get it', () => {
  let tarball = '';

  before(() => {
    ok(sh(process.execPath, ['scripts/build.mjs'], { cwd: repo }), 'npm run build');
    const packed = JSON.parse(
      ok(sh('npm', ['pack', '--json', '--pack-destination', dir], { cwd: repo }), 'npm pack'),
    ) as Array<{ filename: string }>;
    tarball = join(dir, packed[0]!.filename);
    rmSync(site, { recursive: true, force: true });
    sh('mkdir', ['-p', site], { cwd: dir });
    // vite is the site's own tool; everything else comes from Jig's package.json.
    writeOfflineProject(site, tarball, ['vite']);
    ok(sh('npm', ['ci', '--offline', '--no-audit', '--no-fund']), 'npm ci --offline');
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  test('npm pack ships the build, the command, types and editor data — no sources, tests or fixtures', () => {
    const [report] = JSON.parse(
      ok(sh('npm', ['pack', '--dry-run', '--json'], { cwd: repo }), 'npm pack --dry-run'),
    ) as Array<{ files: Array<{ path: string }> }>;
    const paths = report!.files.map((f) => f.path);
    for (const need of [
      'package.json',
      'README.md',
      'LICENSE',
      'bin/jig.js',
      'dist/index.js',
      'dist/interop.js',
      'dist/types/src/interop/index.d.ts',
      'dist/cli/main.js',
      'dist/types/src/index.d.ts',
      'types/react.d.ts',
      'types/vue.d.ts',
      'custom-elements.json',
      'vscode.html-custom-data.json',
    ]) {
      assert.ok(paths.includes(need), `the package lacks ${need}`);
    }
    const stray = paths.filter(
      (p) =>
        /^(src|test|components|demo|bench|eval|scripts|models|docs)\//.test(p) ||
        /_test\.|\.gguf$|fixtures?\//.test(p) ||
        (p.endsWith('.ts') && !p.endsWith('.d.ts')),
    );
    assert.deepEqual(stray, [], 'files a user does not need');
  });

  test('a browser-only install holds lit, zod, idb and Jig: no engines, server, database or TypeScript packages', () => {
    const installed = readdirSync(join(site, 'node_modules')).flatMap((n) =>
      n.startsWith('@') ? readdirSync(join(site, 'node_modules', n)).map((m) => `${n}/${m}`) : [n],
    );
    for (const absent of [
      '@mlc-ai/web-llm',
      '@wllama/wllama',
      'better-sqlite3',
      'pg',
      'hono',
      '@hono/node-server',
      'tsx',
      'typescript',
      'esbuild',
    ]) {
      assert.ok(!installed.includes(absent), `${absent} was installed`);
    }
    for (const present of ['jig', 'lit', 'zod', 'idb']) assert.ok(installed.includes(present), `${present} is missing`);
    // What a site pays for Jig alone (vite, the site's own tool, is not counted).
    const jigOnly = ['jig', 'lit', 'lit-html', 'lit-element', '@lit', '@lit-labs', 'zod', 'idb', '@types/trusted-types']
      .map((n) => join(site, 'node_modules', n))
      .filter(existsSync)
      .reduce((sum, p) => sum + size(p), 0);
    console.log(`browser-only install: ${(jigOnly / 1e6).toFixed(1)} MB of node_modules for jig, lit, zod and idb`);
    assert.ok(jigOnly < 40e6, `the browser-only install is ${(jigOnly / 1e6).toFixed(1)} MB`);
  });

  describe('a vite page that imports jig', () => {
    let server: Server;
    let browser: Browser;
    let url = '';

    before(async () => {
      writeFileSync(
        join(site, 'index.html'),
        `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Jig package test</title><link rel="icon" href="data:,"></head>
<body><jig-surface actions="reserve"><p slot="fallback">fallback</p></jig-surface><script type="module" src="./main.js"></script></body></html>
`,
      );
      writeFileSync(
        join(site, 'main.js'),
        `import 'jig';
import { createEngine } from 'jig/engines';
const surface = document.querySelector('jig-surface');
surface.addEventListener('jig-render', (e) => { window.rendered = { nodes: e.detail.layout.nodes.length }; });
surface.layout = ${JSON.stringify(LAYOUT)};
// An engine whose optional package is not installed says which one and how to add it.
window.missingEngine = createEngine({ kind: 'wllama', model: 'https://example.invalid/m.gguf' }).then(() => 'created', (e) => e.message);
`,
      );
      ok(
        sh(process.execPath, [join(site, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn']),
        'vite build',
      );
      const types: Record<string, string> = {
        '.html': 'text/html',
        '.js': 'text/javascript',
        '.json': 'application/json',
        '.css': 'text/css',
      };
      const root = join(site, 'dist');
      server = createServer((req, res) => {
        const path = resolve(root, `.${new URL(req.url ?? '/', 'http://x').pathname.replace(/\/$/, '/index.html')}`);
        if (!path.startsWith(root) || !existsSync(path)) {
          res.writeHead(404).end();
          return;
        }
        res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' });
        createReadStream(path).pipe(res);
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
      browser = await chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
    });

    after(async () => {
      await browser?.close();
      server?.close();
    });

    test('renders a layout in Chromium, with no console errors or warnings', async () => {
      const page = await browser.newPage();
      const noise: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') noise.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => noise.push(`page error: ${e.message}`));
      await page.goto(url);
      await page.waitForFunction(() => (window as unknown as { rendered?: unknown }).rendered, undefined, {
        timeout: 30_000,
      });
      assert.deepEqual(await page.evaluate(() => (window as unknown as { rendered: unknown }).rendered), { nodes: 3 });
      assert.equal(await page.locator('jig-surface jig-form button[type="submit"]').textContent(), 'Reserve');
      await page.locator('jig-surface jig-text-field input').fill('Ada');
      assert.equal(
        await page.evaluate(
          () =>
            (document.querySelector('jig-surface') as unknown as { data: { guest: { name: string } } }).data.guest.name,
        ),
        'Ada',
      );
      assert.deepEqual(noise, []);
      await page.close();
    });

    test('an engine whose package is not installed is named with the command that installs it', async () => {
      const page = await browser.newPage();
      await page.goto(url);
      const message = await page.evaluate(
        () => (window as unknown as { missingEngine: Promise<string> }).missingEngine,
      );
      assert.match(message, /@wllama\/wllama is not installed/);
      assert.match(message, /npm install @wllama\/wllama/);
      await page.close();
    });
  });

  test('jig check answers 0 for valid files, 1 for invalid ones and 2 for a usage error, from the built CLI', () => {
    writeFileSync(join(site, 'ok.json'), JSON.stringify(LAYOUT));
    writeFileSync(
      join(site, 'bad.json'),
      JSON.stringify({
        ...LAYOUT,
        nodes: [{ id: 'page', type: 'link', props: { text: 'x', href: 'javascript:alert(1)' } }],
      }),
    );
    const good = sh(bin, ['check', 'ok.json']);
    assert.equal(good.status, 0, good.stderr);
    assert.match(good.stdout, /1 valid, 0 invalid/);
    const bad = sh(bin, ['check', '--json', 'ok.json', 'bad.json']);
    assert.equal(bad.status, 1, bad.stderr);
    const reports = JSON.parse(bad.stdout) as Array<{
      file: string;
      ok: boolean;
      issues: Array<{ gate: string; path: string }>;
    }>;
    assert.deepEqual(
      reports.map((r) => r.ok),
      [true, false],
    );
    assert.ok(reports[1]!.issues.some((i) => i.gate === 'policy' && i.path === '/nodes/0/props/href'));
    assert.equal(sh(bin, ['check']).status, 2);
    assert.equal(sh(bin, ['lint']).status, 2);
    assert.doesNotMatch(sh(bin, ['--help']).stderr, /tsx|Cannot find/);
  });

  test('jig train from the installed package says retraining runs from a clone, and exits 1', () => {
    writeFileSync(join(site, 'events.ndjson'), '');
    const res = sh(bin, ['train', '--from', 'events.ndjson']);
    assert.equal(res.status, 1, res.stdout + res.stderr);
    assert.match(res.stderr, /no_training_scripts: retraining runs from a clone of the Jig repository/);
  });

  test('jig serve without a database driver names better-sqlite3 and the command, and exits 1', () => {
    const res = sh(bin, ['serve', '--port', '0'], { env: { JIG_DATABASE: join(dir, 'jig.db') } });
    assert.equal(res.status, 1, res.stdout + res.stderr);
    assert.match(res.stderr, /better-sqlite3/);
    assert.match(res.stderr, /npm install better-sqlite3/);
    assert.match(res.stderr, /JIG_DATABASE=:memory:/);
  });

  test('jig serve with JIG_DATABASE=:memory: needs no driver: /healthz answers, SIGTERM stops it cleanly', async () => {
    const child = spawn(bin, ['serve', '--port', '0'], {
      cwd: site,
      env: { ...siteEnv, JIG_DATABASE: ':memory:' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      const listening = await new Promise<string>((res, rej) => {
        const timer = setTimeout(() => rej(new Error(`no "listening" line within 30 s: ${out}${err}`)), 30_000);
        child.stdout.on('data', (d) => {
          out += d;
          const m = /listening on (http:\/\/\S+) \(database: (\w+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            res(`${m[1]} ${m[2]}`);
          }
        });
        child.on('exit', (code) => rej(new Error(`jig serve exited ${code}: ${out}${err}`)));
      });
      const [base, db] = listening.split(' ');
      assert.equal(db, 'memory');
      const health = await fetch(`${base}/healthz`);
      assert.equal(health.status, 200);
      const body = (await health.json()) as { ok: boolean; db: string };
      assert.deepEqual([body.ok, body.db], [true, 'memory']);
      child.kill('SIGTERM');
      assert.equal(await exited, 0, err);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  test('the React (tsx) and Vue (vue-tsc) examples type-check against the installed package', () => {
    const frameworks = join(repo, 'test/package/frameworks');
    const paths = {
      // The site's own framework types, from the repository's devDependencies.
      react: [join(repo, 'node_modules/@types/react/index.d.ts')],
      'react/jsx-runtime': [join(repo, 'node_modules/@types/react/jsx-runtime.d.ts')],
      vue: [join(repo, 'node_modules/vue/dist/vue.d.mts')],
    };
    const common = {
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'Bundler',
      lib: ['ES2023', 'DOM', 'DOM.Iterable'],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      verbatimModuleSyntax: true,
      types: [],
      paths,
    };
    sh('cp', [join(frameworks, 'booking.tsx'), join(frameworks, 'Booking.vue'), site]);
    writeFileSync(
      join(site, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { ...common, jsx: 'react-jsx' }, files: ['booking.tsx'] }),
    );
    writeFileSync(
      join(site, 'tsconfig.vue.json'),
      JSON.stringify({ compilerOptions: { ...common, jsx: 'preserve' }, include: ['*.vue'] }),
    );
    ok(
      sh(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json']),
      'tsc on booking.tsx',
    );
    // vue-tsc needs TypeScript's JS API, which TypeScript 7 no longer has: it runs on TypeScript 5 (npm alias typescript5).
    const vue = `process.argv = [process.argv[0], 'vue-tsc', '-p', 'tsconfig.vue.json']; require(${JSON.stringify(join(repo, 'node_modules/vue-tsc'))}).run(require.resolve(${JSON.stringify(join(repo, 'node_modules/typescript5/lib/tsc'))}));`;
    ok(sh(process.execPath, ['-e', vue]), 'vue-tsc on Booking.vue');
  });
});
