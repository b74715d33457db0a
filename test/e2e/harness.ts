// The real demo for end-to-end tests: `jig serve` (startServer, any free port, a temp SQLite
// database, no upstream) and the demo's vite dev server proxying to it, driven by Debian's
// Chromium through playwright-core (no browser download).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { startServer, type RunningServer } from '../../src/server/index.js';

export const SCREENSHOTS = 'test-results/screenshots';
/** The README's pictures: retaken by the e2e run from the demo as it is. */
export const DOCS_SCREENSHOTS = 'docs/screenshots';

export interface Demo {
  url: string;
  serverUrl: string;
  browser: Browser;
  /** A fresh browser context (its own IndexedDB) and page at the given size. */
  page(options?: {
    width?: number;
    height?: number;
    colorScheme?: 'light' | 'dark';
  }): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

export async function startDemo(options: { env?: Record<string, string> } = {}): Promise<Demo> {
  const dir = mkdtempSync(join(tmpdir(), 'jig-e2e-'));
  // The machine's own upstream and database never leak in; a test's own settings (a stand-in upstream) do.
  const env: Record<string, string | undefined> = { ...process.env };
  delete env.JIG_UPSTREAM_URL;
  delete env.DATABASE_URL;
  Object.assign(env, { JIG_DATABASE: join(dir, 'jig.db') }, options.env);
  const server: RunningServer = await startServer({ port: 0, host: '127.0.0.1', env });
  let vite: ViteDevServer | undefined;
  let browser: Browser | undefined;
  try {
    vite = await createServer({
      configFile: 'vite.config.ts',
      logLevel: 'error',
      server: {
        host: '127.0.0.1',
        port: 0,
        strictPort: false,
        proxy: Object.fromEntries(
          ['/v1', '/dashboard', '/healthz'].map((path) => [path, { target: server.url, changeOrigin: false }]),
        ),
      },
    });
    await vite.listen();
    const address = vite.httpServer?.address();
    if (!address || typeof address === 'string')
      throw new Error(`vite did not report its port (got ${String(address)})`);
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
  } catch (err) {
    await browser?.close();
    await vite?.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  const address = vite.httpServer!.address() as { port: number };
  const url = `http://127.0.0.1:${address.port}/demo/`;
  const b = browser;
  const v = vite;
  return {
    url,
    serverUrl: server.url,
    browser: b,
    async page(o = {}) {
      const context = await b.newContext({
        viewport: { width: o.width ?? 1280, height: o.height ?? 900 },
        colorScheme: o.colorScheme ?? 'light',
        acceptDownloads: true,
      });
      const page = await context.newPage();
      page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
      return { context, page };
    },
    async close() {
      await b.close();
      await v.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Starts recording layout shifts (the page's own PerformanceObserver) before any script runs. */
export async function watchLayoutShift(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __cls: number; __shifts: Array<{ value: number; sources: string[] }> };
    w.__cls = 0;
    w.__shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as Array<
        PerformanceEntry & { value: number; hadRecentInput: boolean; sources?: Array<{ node?: Node }> }
      >) {
        if (e.hadRecentInput) continue;
        w.__cls += e.value;
        w.__shifts.push({
          value: e.value,
          sources: (e.sources ?? []).map((s) =>
            s.node instanceof Element
              ? `${s.node.tagName.toLowerCase()}.${s.node.className}`
              : String(s.node?.nodeName),
          ),
        });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

export async function layoutShift(
  page: Page,
): Promise<{ cls: number; shifts: Array<{ value: number; sources: string[] }> }> {
  return page.evaluate(() => {
    const w = window as unknown as { __cls: number; __shifts: Array<{ value: number; sources: string[] }> };
    return { cls: w.__cls, shifts: w.__shifts };
  });
}
