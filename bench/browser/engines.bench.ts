// wllama on the CPU with the tiny random-weights GGUF (scripts/make-tiny-gguf.mjs): load time
// beside a plain fetch of the same file, tokens/s raw and under the layout JSON Schema, time to
// the first node a streaming <jig-surface> accepts, and how often the output passes the gates.
// The model's output is noise; the figures measure the engine and the grammar, not quality.
import '../../src/define.js';
import { builtinCatalog } from '../../src/catalog/builtin.js';
import { runGates } from '../../src/gates/index.js';
import type { JigSurface } from '../../src/surface/surface.component.js';
import { WllamaEngine } from '../../src/engines/wllama/wllama-engine.js';
import { compactSchema } from '../../src/engines/schema.js';
import { alternate, pairedRow, soloRow, spread, type Row } from '../support/stats.js';

const TINY = new URL('/test/fixtures/models/tiny.gguf', location.href).href;
const catalog = builtinCatalog.narrow({ only: ['stack', 'heading', 'text'] });
// Same reduction as the engine tests: short strings and ids keep a random model's output inside its budget.
const schema = compactSchema(catalog.jsonSchema({ maxNodes: 4 }));
const limits = { maxNodes: 4 };
// For time-to-first-node: the root is fixed to "page" and ids come from a short list, so a random
// model names a root that exists often enough for the surface to paint (a site can do the same).
const paintSchema = pinRoot(schema);

function pinRoot<T>(s: T): T {
  const copy = JSON.parse(JSON.stringify(s)) as { properties: Record<string, unknown> };
  const ids = { type: 'string', enum: ['page', 'a', 'b', 'c'] };
  copy.properties.root = { const: 'page' };
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) out[k] = walk(x);
    if (out.type === 'string' && typeof out.pattern === 'string') return ids;
    return out;
  };
  copy.properties.nodes = walk(copy.properties.nodes);
  return copy as T;
}

const round = (n: number, d = 1) => +n.toFixed(d);

let modelBytes = 0;

async function fetchOnce(): Promise<number> {
  const t0 = performance.now();
  const buf = await (await fetch(TINY, { cache: 'no-store' })).arrayBuffer();
  if (buf.byteLength === 0) throw new Error('empty model file');
  modelBytes = buf.byteLength;
  return performance.now() - t0;
}

async function loadOnce(): Promise<{ ms: number; engine: WllamaEngine }> {
  const engine = new WllamaEngine({ modelUrl: TINY, model: 'tiny-random', useCache: false });
  const t0 = performance.now();
  await engine.load();
  return { ms: performance.now() - t0, engine };
}

async function firstNodeMs(
  engine: WllamaEngine,
): Promise<{ firstNode: number | undefined; firstChunk: number | undefined }> {
  const surface = document.createElement('jig-surface') as JigSurface;
  surface.catalog = catalog;
  surface.limits = limits;
  document.body.append(surface);
  await surface.updateComplete;
  let firstNode: number | undefined;
  const t0 = performance.now();
  surface.addEventListener('jig-node', () => {
    firstNode ??= performance.now() - t0;
  });
  const run = engine.generate({ prompt: 'A page with a heading', schema: paintSchema, maxTokens: 400 });
  await surface.stream(run.chunks);
  const r = await run.result;
  surface.remove();
  return { firstNode, firstChunk: r.firstChunkMs };
}

export default async function (): Promise<Row[]> {
  const N = 5;
  await fetchOnce();
  // Load and fetch alternate: each load's baseline is the fetch just beside it.
  const loading = await alternate(
    async () => {
      const { ms, engine } = await loadOnce();
      await engine.unload();
      return ms;
    },
    fetchOnce,
    { runs: N, warmup: 0 },
  );

  const { engine } = await loadOnce();
  await engine.generate({ prompt: 'warm up', maxTokens: 8 }).result;
  let rawTokens = 0;
  let rawRuns = 0;
  const firstChunks: number[] = [];
  const firstNodes: number[] = [];
  let envelopeOk = 0;
  let allOk = 0;
  let outputs = 0;
  let tokens = 0;
  const constrainedOnce = async () => {
    const r = await engine.generate({ prompt: 'A page with a heading', schema, maxTokens: 400, temperature: 0.8 })
      .result;
    if (r.firstChunkMs !== undefined) firstChunks.push(r.firstChunkMs);
    tokens += r.usage.outputTokens;
    outputs++;
    const v = runGates(r.text, { catalog, limits });
    if (v.ok || !v.issues.some((x) => x.gate === 'parse' || x.gate === 'envelope')) envelopeOk++;
    if (v.ok) allOk++;
    return r.usage.outputTokens / (r.ms / 1000);
  };
  const rawOnce = async () => {
    const r = await engine.generate({ prompt: 'Hello', maxTokens: 128, temperature: 0.8 }).result;
    rawTokens += r.usage.outputTokens;
    rawRuns++;
    return r.usage.outputTokens / (r.ms / 1000);
  };
  const decode = await alternate(constrainedOnce, rawOnce, { runs: 10, warmup: 0 });
  const PAINT_RUNS = 20;
  for (let i = 0; i < PAINT_RUNS; i++) {
    const { firstNode } = await firstNodeMs(engine);
    if (firstNode !== undefined) firstNodes.push(firstNode);
  }
  await engine.unload();

  return [
    pairedRow(
      `wllama load, tiny GGUF (${Math.round(modelBytes / 1024)} kB), median of ${N}`,
      'ms',
      loading,
      'fetch of the same file',
      { digits: 1, note: 'includes wasm start and llama.cpp init; one thread; alternated with the fetch' },
    ),
    soloRow(`wllama decode, raw text, median of ${decode.b.n} runs of up to 128 tokens`, 'tokens/s', decode.b, {
      digits: 0,
      note: `${round(rawTokens / rawRuns, 0)} tokens per run on average; one streamed chunk per token, and each chunk is a round trip to wllama's worker, which bounds this figure`,
    }),
    pairedRow('wllama decode under the layout JSON Schema (3 types, 4 nodes)', 'tokens/s', decode, 'raw text', {
      digits: 0,
      note: `${round(tokens / outputs, 0)} tokens per layout on average; under the grammar several tokens share a streamed chunk, so fewer round trips; alternated with raw runs`,
    }),
    soloRow(`request to first chunk under the schema (median of ${firstChunks.length})`, 'ms', spread(firstChunks), {
      digits: 1,
    }),
    {
      ...soloRow(
        `request to first node painted by a streaming <jig-surface> (median of the ${firstNodes.length}/${PAINT_RUNS} runs that painted one)`,
        'ms',
        spread(firstNodes),
        { digits: 1 },
      ),
      note: 'jig-node event; schema with root pinned to "page" and ids from [page,a,b,c], since a random model rarely names an existing root',
    },
    {
      name: 'schema-constrained outputs passing parse + envelope gates',
      value: round((envelopeOk / outputs) * 100, 0),
      unit: '%',
      note: `${envelopeOk}/${outputs}`,
    },
    {
      name: 'schema-constrained outputs passing all gates',
      value: round((allOk / outputs) * 100, 0),
      unit: '%',
      note: `${allOk}/${outputs}; random weights: the graph gate fails on roots that name no node`,
    },
  ];
}
