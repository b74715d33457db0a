// The nested form's grammar with random weights (the tiny GGUF in wllama): how many outputs pass
// all seven gates, beside the flat form under its JSON Schema; and how many tokens a layout
// takes in the nested form against the flat form, on the same layouts (the test corpus).
import { Wllama } from '@wllama/wllama';
import { builtinCatalog } from '../../src/catalog/builtin.js';
import { treeGrammarSteps, type TreeFormOptions } from '../../src/catalog/tree-form.js';
import { runGates } from '../../src/gates/index.js';
import { toTree } from '../../src/layout/tree.js';
import { compactSchema } from '../../src/engines/schema.js';
import { WllamaEngine, defaultWasmUrl } from '../../src/engines/wllama/wllama-engine.js';
import { soloRow, spread, type Row } from '../support/stats.js';

const TINY = new URL('/test/fixtures/models/tiny.gguf', location.href).href;
const JIG_MODEL = new URL('/models/jig-layout-v1.gguf', location.href).href;
const corpus = import.meta.glob('../../test/fixtures/layouts/valid/*.json', {
  eager: true,
  import: 'default',
}) as Record<string, unknown>;

async function passShare(
  engine: WllamaEngine,
  n: number,
  request: (i: number) => Parameters<WllamaEngine['generate']>[0],
) {
  let pass = 0;
  let cut = 0;
  const tokens: number[] = [];
  const codes = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const r = await engine.generate(request(i)).result;
    tokens.push(r.usage.outputTokens);
    if (r.finishReason === 'length') cut++;
    const v = runGates(r.text);
    if (v.ok) pass++;
    else for (const x of new Set(v.issues.map((x) => x.code))) codes.set(x, (codes.get(x) ?? 0) + 1);
  }
  return {
    share: pass / n,
    cut,
    tokens: spread(tokens),
    codes: [...codes]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([c, k]) => `${c} ×${k}`)
      .join(', '),
  };
}

async function tokenCounts(modelUrl: string): Promise<{ nested: number[]; flat: number[] }> {
  const w = new Wllama(
    { default: defaultWasmUrl() },
    {
      suppressNativeLog: true,
      logger: { debug: () => undefined, log: () => undefined, warn: () => undefined, error: console.error },
    },
  );
  await w.loadModelFromUrl(modelUrl, { n_ctx: 4096, n_gpu_layers: 0, n_threads: 1, useCache: false });
  // wllama 3.13 has no tokenize(): a one-token completion reports how many tokens its prompt took.
  const count = async (text: string) =>
    (await w.createCompletion({ prompt: text, max_tokens: 1, temperature: 0 })).usage.prompt_tokens;
  const bos = await count('');
  const nested: number[] = [];
  const flat: number[] = [];
  const room = w.getLoadedContextInfo().n_ctx - 8;
  for (const layout of Object.values(corpus)) {
    const v = runGates(layout);
    if (!v.ok) continue;
    const f = JSON.stringify(v.layout);
    // Both forms of a layout or neither: one too long for the context is left out.
    if (f.length > room * 4) continue;
    const a = (await count(f).catch(() => NaN)) - bos;
    const b = (await count(JSON.stringify(toTree(v.layout))).catch(() => NaN)) - bos;
    if (Number.isFinite(a) && Number.isFinite(b)) {
      flat.push(a);
      nested.push(b);
    }
  }
  await w.exit();
  return { nested, flat };
}

export default async function (): Promise<Row[]> {
  const rows: Row[] = [];
  const engine = new WllamaEngine({ modelUrl: TINY, model: 'tiny-random', contextSize: 2048, useCache: false });
  await engine.load();
  const prompt = 'Intent: a page\nLayout: ';
  const compact: TreeFormOptions = { maxText: 12, maxItems: 3, maxChildren: 4, maxDepth: 4 };
  for (const [label, options, n] of [
    ['compact bounds (text ≤ 12, ≤ 4 children, depth ≤ 4)', compact, 30],
    ['default bounds (text ≤ 80, ≤ 12 children, depth ≤ 6)', {}, 15],
  ] as const) {
    const steps = treeGrammarSteps(builtinCatalog, options);
    const r = await passShare(engine, n, (i) => ({
      prompt,
      raw: true,
      grammar: steps,
      maxTokens: 1900,
      temperature: 1,
      seed: i,
    }));
    rows.push({
      name: `random weights under the nested-form grammar, all 33 components, ${label}: share passing all seven gates`,
      value: +(r.share * 100).toFixed(1),
      unit: '%',
      runs: n,
      note: `${r.cut} of ${n} cut off by the 1900-token budget (the tiny model's context is 2048); ${Math.round(r.tokens.median)} tokens per layout (median)${r.codes ? `; failures: ${r.codes}` : ''}`,
    });
  }
  // The flat form under its JSON Schema, as small as the engine tests make it (3 types, 4 nodes).
  const flatSchema = compactSchema(
    builtinCatalog.narrow({ only: ['stack', 'heading', 'text'] }).jsonSchema({ maxNodes: 4 }),
  );
  const flat = await passShare(engine, 15, (i) => ({
    prompt: 'A page',
    schema: flatSchema,
    maxTokens: 1500,
    temperature: 1,
    seed: i,
  }));
  rows.push({
    name: 'baseline: random weights, flat form under its JSON Schema (3 types, ≤ 4 nodes): share passing all seven gates',
    value: +(flat.share * 100).toFixed(1),
    unit: '%',
    runs: 15,
    note: flat.codes ? `failures: ${flat.codes}` : '',
  });
  await engine.unload();

  const trained = await fetch(JIG_MODEL, { method: 'HEAD' }).then(
    (r) => r.ok,
    () => false,
  );
  const counts = await tokenCounts(trained ? JIG_MODEL : TINY);
  const ratio = spread(counts.nested.map((x, i) => x / counts.flat[i]!));
  rows.push({
    ...soloRow(
      `tokens per layout, nested form, ${counts.nested.length} corpus layouts (${trained ? "Jig's layout model's tokenizer" : 'byte tokens of the tiny model'})`,
      'tokens',
      spread(counts.nested),
      { digits: 0 },
    ),
    baseline: { name: 'the same layouts in the flat form', value: Math.round(spread(counts.flat).median) },
    ratio: +ratio.median.toFixed(2),
    ratioSpread: [+ratio.p25.toFixed(2), +ratio.p75.toFixed(2)],
    note: 'compact JSON both ways; the nested form has no ids, no root and no children lists',
  });
  return rows;
}
