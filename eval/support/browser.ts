// One way for the evals to run a page in headless Chromium: vite serves the repository on
// 127.0.0.1 and playwright-core drives Debian's Chromium (or CHROME_PATH).
import { chromium, type Browser } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';

export interface EvalBrowserOptions {
  /** false: no hot reload, so a file edited elsewhere while an eval runs does not restart its page. */
  hmr?: boolean;
  /** false: no file watching at all (implies no hot reload), for runs that write files under the root. */
  watch?: boolean;
}

export async function openEvalBrowser(
  options: EvalBrowserOptions = {},
): Promise<{ server: ViteDevServer; url: string; browser: Browser }> {
  const quiet = options.watch === false;
  const server = await createServer({
    root: new URL('../..', import.meta.url).pathname,
    configFile: false,
    logLevel: 'warn',
    server: {
      host: '127.0.0.1',
      port: 0,
      ...(quiet || options.hmr === false ? { hmr: false } : {}),
      ...(quiet ? { watch: { ignored: ['**/*'] } } : {}),
    },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  await server.listen();
  const url = server.resolvedUrls!.local[0]!;
  const browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: true,
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
  return { server, url, browser };
}
