// wllama for real in headless Chromium: the tiny random-weights GGUF written by
// scripts/make-tiny-gguf.mjs (npm's pretest), loaded on the CPU, generating under a layout schema.
import { expect } from '@open-wc/testing';
import { builtinCatalog } from '../../../src/catalog/builtin.js';
import { runGates } from '../../../src/gates/index.js';
import { EngineError, type LoadProgress } from '../../../src/engines/engine.js';
import { WllamaEngine } from '../../../src/engines/wllama/wllama-engine.js';
import { compactSchema } from '../../../src/engines/schema.js';

const TINY = new URL('/test/fixtures/models/tiny.gguf', location.href).href;
// A random model fills every string to its maxLength and wanders through every node shape, so
// the schema is reduced: three component types, four nodes, strings of at most 24 characters,
// ids of at most 8.
const catalog = builtinCatalog.narrow({ only: ['stack', 'heading', 'text'] });
const schema = compactSchema(catalog.jsonSchema({ maxNodes: 4 }), { maxStringLength: 24, maxIdLength: 8 });

async function expectEngineError(p: Promise<unknown>, code: string): Promise<EngineError> {
  try {
    await p;
  } catch (e) {
    expect(e, String(e)).to.be.instanceOf(EngineError);
    expect((e as EngineError).code, (e as Error).message).to.equal(code);
    return e as EngineError;
  }
  throw new Error(`expected EngineError ${code}, but it resolved`);
}

describe('wllama engine', () => {
  let engine: WllamaEngine;

  before(async () => {
    engine = new WllamaEngine({ modelUrl: TINY, model: 'tiny-random', useCache: false });
  });
  after(async () => {
    await engine.unload();
  });

  it('loads the tiny GGUF, reporting download progress up to ready', async () => {
    const seen: LoadProgress[] = [];
    await engine.load({ onProgress: (p) => seen.push(p) });
    const phases = seen.map((p) => p.phase);
    expect(phases[0]).to.equal('checking');
    expect(phases).to.include('downloading');
    expect(phases.at(-1)).to.equal('ready');
    const last = seen.filter((p) => p.phase === 'downloading').at(-1)!;
    expect(last.loaded).to.equal(last.total);
    expect(last.fraction).to.equal(1);
    const info = engine.info();
    expect(info.loaded).to.equal(true);
    expect(info.contextSize).to.be.greaterThan(0);
    expect(info.downloadBytes).to.be.greaterThan(300_000);
  });

  it('streams raw text and counts tokens', async () => {
    const run = engine.generate({ prompt: 'Hello', maxTokens: 16, temperature: 0.8 });
    let streamed = '';
    for await (const c of run.chunks) streamed += c;
    const r = await run.result;
    expect(r.text).to.equal(streamed);
    expect(r.usage.outputTokens).to.be.greaterThan(0);
    expect(r.usage.outputTokens).to.be.at.most(16);
    expect(r.usage.inputTokens).to.be.greaterThan(0);
    expect(r.model).to.equal('tiny-random');
  });

  it('generates JSON that follows the layout schema and passes the parse and envelope gates', async () => {
    const total = 8;
    let envelopeOk = 0;
    let allOk = 0;
    let outputTokens = 0;
    const failures: string[] = [];
    for (let i = 0; i < total; i++) {
      // Seeded, so a run is repeatable: random weights at this temperature write a number such as 8e675
      // in free-form data about once in 200 layouts, which the parse gate rightly refuses.
      const r = await engine.generate({
        prompt: 'A page with a heading',
        schema,
        maxTokens: 1000,
        temperature: 0.8,
        seed: 100 + i,
      }).result;
      outputTokens += r.usage.outputTokens;
      expect(r.finishReason).to.equal('stop');
      const parsed = JSON.parse(r.text) as Record<string, unknown>;
      expect(parsed.version).to.equal(1);
      const verdict = runGates(r.text, { catalog, limits: { maxNodes: 4 } });
      const early = verdict.ok ? [] : verdict.issues.filter((x) => x.gate === 'parse' || x.gate === 'envelope');
      if (early.length === 0) envelopeOk++;
      if (verdict.ok) allOk++;
      else failures.push(verdict.issues.map((x) => `${x.gate}/${x.code}`).join(','));
    }
    console.log(
      `wllama tiny model: ${envelopeOk}/${total} pass parse+envelope, ${allOk}/${total} pass all gates; failures: ${failures.join(' | ')}`,
    );
    expect(envelopeOk).to.equal(total);
    expect(outputTokens / total).to.be.greaterThan(20);
  });

  it('takes a system prompt although the model has no chat template', async () => {
    expect(engine.info().details?.chatTemplate).to.equal(false);
    const r = await engine.generate({ system: 'You write layouts.', prompt: 'A heading', schema, maxTokens: 400 })
      .result;
    expect(JSON.parse(r.text).version).to.equal(1);
  });

  it('aborting mid-generation rejects with aborted', async () => {
    const ctrl = new AbortController();
    const run = engine.generate({ prompt: 'Hello', maxTokens: 400, signal: ctrl.signal });
    const chunks: string[] = [];
    const reading = (async () => {
      for await (const c of run.chunks) {
        chunks.push(c);
        if (chunks.length === 3) ctrl.abort();
      }
    })();
    await expectEngineError(run.result, 'aborted');
    await expectEngineError(reading, 'aborted');
    expect(chunks.length).to.be.at.least(3);
    expect(await run.result.catch(() => null)).to.equal(null);
  });

  it('a time limit rejects with timeout', async () => {
    await expectEngineError(engine.generate({ prompt: 'Hello', maxTokens: 400, timeoutMs: 1 }).result, 'timeout');
  });

  it('still generates after an abort', async () => {
    const r = await engine.generate({ prompt: 'Hi', maxTokens: 8 }).result;
    expect(r.usage.outputTokens).to.be.greaterThan(0);
  });

  it('a model URL that does not exist rejects with load-failed', async () => {
    const bad = new WllamaEngine({
      modelUrl: new URL('/test/fixtures/models/missing.gguf', location.href).href,
      useCache: false,
    });
    const err = await expectEngineError(bad.load(), 'load-failed');
    expect(err.message).to.match(/missing\.gguf/);
    expect(bad.info().loaded).to.equal(false);
  });

  it('a missing wasm rejects with load-failed and says to pass wasmUrl', async () => {
    const bad = new WllamaEngine({ modelUrl: TINY, wasmUrl: new URL('/nowhere/wllama.wasm', location.href).href });
    const err = await expectEngineError(bad.load(), 'load-failed');
    expect(err.message).to.match(/wllama\.wasm could not be fetched .*HTTP 404/);
    expect(err.advice).to.match(/wasmUrl/);
  });

  it('a file that is not a GGUF rejects with load-failed', async () => {
    const bad = new WllamaEngine({
      modelUrl: new URL('/package.json', location.href).href,
      model: 'not-a-model',
      useCache: false,
    });
    await expectEngineError(bad.load(), 'load-failed');
  });

  it('cancelling the load rejects with aborted', async () => {
    const ctrl = new AbortController();
    const other = new WllamaEngine({ modelUrl: TINY, useCache: false });
    const p = other.load({
      signal: ctrl.signal,
      onProgress: (p) => {
        if (p.phase === 'checking') ctrl.abort();
      },
    });
    await expectEngineError(p, 'aborted');
    expect(other.info().loaded).to.equal(false);
  });

  it('two loads at once share one', async () => {
    const other = new WllamaEngine({ modelUrl: TINY });
    const a = other.load();
    const b = other.load();
    expect(a).to.equal(b);
    await a;
    expect(other.info().loaded).to.equal(true);
    await other.unload();
  });

  it('generate before load rejects with unavailable', async () => {
    const other = new WllamaEngine({ modelUrl: TINY });
    await expectEngineError(other.generate({ prompt: 'x' }).result, 'unavailable');
  });
});
