// One config for the demo site (vite dev server, proxying /v1 to `jig serve`) and the
// library build (`npm run build`: ES modules in dist/, engines in their own chunks).
import { defineConfig, type Plugin } from 'vite';

/**
 * `virtual:jig-manifest`: the components' Custom Elements Manifest, made from the sources when the
 * components page asks for it (the analyzer loads only then), so the page lists what the code has.
 */
function componentManifest(): Plugin {
  const id = 'virtual:jig-manifest';
  return {
    name: 'jig-component-manifest',
    resolveId: (source) => (source === id ? `\0${id}` : undefined),
    async load(resolved) {
      if (resolved !== `\0${id}`) return undefined;
      const { componentManifest: make, elements } = await import('./scripts/build-editor-data.mjs');
      const byTag = Object.fromEntries(elements(make()).map((d: { tagName: string }) => [d.tagName, d]));
      return `export const elements = ${JSON.stringify(byTag)};`;
    },
  };
}

const server = process.env.JIG_SERVER_URL ?? 'http://127.0.0.1:8787';

// The root URL has nothing of its own: it sends visitors to the demo instead of an empty 404.
const rootToDemo: Plugin = {
  name: 'jig-root-to-demo',
  configureServer(server) {
    server.middlewares.use((req, res, next) => {
      if (req.url !== '/' && req.url !== '/index.html') return next();
      res.statusCode = 302;
      res.setHeader('Location', '/demo/');
      res.end();
    });
  },
};

export default defineConfig({
  plugins: [componentManifest(), rootToDemo],
  server: {
    host: '127.0.0.1',
    port: Number(process.env.PORT ?? 5173),
    open: false,
    // Keep the browser's Host header: the server accepts its own origin without an allowlist.
    proxy: Object.fromEntries(
      ['/v1', '/dashboard', '/healthz'].map((path) => [path, { target: server, changeOrigin: false }]),
    ),
  },
  optimizeDeps: { exclude: ['@wllama/wllama', '@mlc-ai/web-llm'] },
  // The WebLLM worker carries @mlc-ai/web-llm (6 MB, fetched only where WebLLM runs): a site's bundler
  // copies it as it is, so the site installs nothing for it.
  worker: { format: 'es' },
  // Relative: the workers' URLs must resolve next to the chunk that starts them, wherever a site serves it.
  base: './',
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    lib: {
      entry: {
        index: 'src/index.ts',
        gates: 'src/gates/index.ts',
        line: 'src/entry/line.ts',
        engines: 'src/entry/engines.ts',
        events: 'src/entry/events.ts',
        tune: 'src/entry/tune.ts',
        interop: 'src/interop/index.ts',
      },
      formats: ['es'],
    },
    rolldownOptions: {
      external: [/^lit(\/|$)/, /^zod(\/|$)/, /^idb(\/|$)/, /^@mlc-ai\/web-llm/, /^@wllama\/wllama/],
    },
  },
});
