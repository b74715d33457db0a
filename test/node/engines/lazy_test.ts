// The engines stay out of the core bundle: built with code splitting, nothing the package entry
// imports statically contains an engine or its library; each engine is its own chunk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build, type Metafile } from 'esbuild';

// The engines and their libraries; the small model table and the Prompt API check may be static.
const ENGINE_CODE =
  /src\/engines\/(wllama\/|webllm\/webllm|prompt-api\/prompt-api-engine)|node_modules\/@wllama\/|node_modules\/@mlc-ai\//;

async function staticInputs(entry: string): Promise<{ statics: Set<string>; all: Metafile }> {
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    splitting: true,
    format: 'esm',
    outdir: '/tmp/jig-lazy-test',
    write: false,
    metafile: true,
    logLevel: 'silent',
    tsconfig: 'tsconfig.json',
    target: 'es2022',
  });
  const meta = out.metafile!;
  const outputs = meta.outputs;
  const start = Object.keys(outputs).find((o) => outputs[o]!.entryPoint === entry)!;
  const seen = new Set<string>();
  const statics = new Set<string>();
  const walk = (o: string) => {
    if (seen.has(o)) return;
    seen.add(o);
    for (const input of Object.keys(outputs[o]!.inputs)) statics.add(input);
    for (const imp of outputs[o]!.imports) if (imp.kind === 'import-statement' && outputs[imp.path]) walk(imp.path);
  };
  walk(start);
  return { statics, all: meta };
}

for (const entry of ['src/index.ts', 'src/engines/index.ts', 'components/model-status/model-status.ts']) {
  test(`${entry} imports no engine statically`, async () => {
    const { statics, all } = await staticInputs(entry);
    const engineInputs = [...statics].filter((i) => ENGINE_CODE.test(i));
    assert.deepEqual(engineInputs, []);
    if (entry === 'src/engines/index.ts') {
      // The engines are there, behind import(): each in a chunk of its own.
      const lazy = Object.values(all.outputs)
        .flatMap((o) => Object.keys(o.inputs))
        .filter((i) => ENGINE_CODE.test(i));
      assert.ok(lazy.some((i) => i.includes('src/engines/wllama/')));
      assert.ok(lazy.some((i) => i.includes('src/engines/webllm/')));
      assert.ok(lazy.some((i) => i.includes('src/engines/prompt-api/')));
    }
  });
}
