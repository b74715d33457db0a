// The icon drawings stay out of what a page loads up front: bundled like scripts/bench.mjs sizes the
// core (esbuild, code splitting), icon.paths.ts must sit only in a chunk reached by a dynamic import.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as esbuild from 'esbuild';

test('the core bundle imports the icon drawings lazily, in a chunk of their own', async () => {
  const out = await esbuild.build({
    entryPoints: ['src/index.ts'],
    bundle: true,
    splitting: true,
    format: 'esm',
    outdir: 'icon-chunk-out',
    write: false,
    metafile: true,
    target: 'es2022',
    tsconfig: 'tsconfig.json',
    logLevel: 'silent',
    loader: { '.wasm': 'file' },
  });
  const outputs = out.metafile.outputs;
  const entry = Object.keys(outputs).find((k) => outputs[k]!.entryPoint === 'src/index.ts')!;
  const upFront = new Set<string>();
  const visit = (k: string): void => {
    if (upFront.has(k) || !outputs[k]) return;
    upFront.add(k);
    for (const i of outputs[k]!.imports) if (i.kind === 'import-statement') visit(i.path);
  };
  visit(entry);
  const holds = (k: string, file: string) => Object.keys(outputs[k]!.inputs).some((i) => i.endsWith(file));
  assert.ok(
    [...upFront].some((k) => holds(k, 'components/icon/icon.component.ts')),
    'the icon element is in the core',
  );
  assert.deepEqual(
    [...upFront].filter((k) => holds(k, 'components/icon/icon.paths.ts')),
    [],
    'no up-front chunk holds the drawings',
  );
  const lazy = Object.keys(outputs).filter((k) => !upFront.has(k) && holds(k, 'components/icon/icon.paths.ts'));
  assert.equal(lazy.length, 1, 'one lazy chunk holds the drawings');
  assert.ok(
    outputs[entry]!.imports.some((i) => i.kind === 'dynamic-import') ||
      [...upFront].some((k) => outputs[k]!.imports.some((i) => i.kind === 'dynamic-import' && i.path === lazy[0])),
  );
});
