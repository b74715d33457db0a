// WebLLM for real on its failure paths: no weights can be downloaded here, so the tests prove
// that every way a load can go wrong ends quickly in a typed EngineError, never a hang.
import { expect } from '@open-wc/testing';
import { EngineError, type LoadProgress } from '../../../src/engines/engine.js';
import { WebLLMEngine } from '../../../src/engines/webllm/webllm-engine.js';

const workerUrl = new URL('../../../src/engines/webllm/webllm.worker.ts', import.meta.url);

async function rejection(p: Promise<unknown>): Promise<EngineError> {
  try {
    await p;
  } catch (e) {
    expect(e, String(e)).to.be.instanceOf(EngineError);
    return e as EngineError;
  }
  throw new Error('expected a rejection, but it resolved');
}

describe('WebLLM engine (worker)', () => {
  it('with no model reachable, load rejects with load-failed (no hang: the time is printed)', async () => {
    const engine = new WebLLMEngine({ model: 'SmolLM2-360M-Instruct-q4f32_1-MLC' });
    const seen: LoadProgress[] = [];
    const t0 = performance.now();
    const err = await rejection(engine.load({ onProgress: (p) => seen.push(p) }));
    const ms = performance.now() - t0;
    console.log(`webllm offline load failed in ${ms.toFixed(0)} ms (worker start included): ${err.message}`);
    expect(err.code, err.message).to.equal('load-failed');
    expect(err.engine).to.equal('webllm');
    expect(err.message).to.match(/fetch/i);
    expect(seen.map((p) => p.phase)).to.deep.equal(['checking']);
    expect(engine.info().loaded).to.equal(false);
    await engine.unload();
  });

  it('a self-hosted model whose files are missing rejects with load-failed', async () => {
    const engine = new WebLLMEngine({
      model: {
        id: 'site-model-q4f32_1',
        model: new URL('/test/fixtures/no-such-model/', location.href).href,
        modelLib: new URL('/test/fixtures/no-such-model/lib.wasm', location.href).href,
      },
      cacheBackend: 'indexeddb',
    });
    const err = await rejection(engine.load());
    expect(err.code, err.message).to.equal('load-failed');
    expect(engine.info().details?.cacheBackend).to.equal('indexeddb');
    expect(engine.info().details?.selfHosted).to.equal(true);
    await engine.unload();
  });

  it('cancelling during the load rejects with aborted and ends the worker', async () => {
    let worker: Worker | undefined;
    const engine = new WebLLMEngine({
      model: 'SmolLM2-360M-Instruct-q4f32_1-MLC',
      createWorker: () => (worker = new Worker(workerUrl, { type: 'module' })),
    });
    const ctrl = new AbortController();
    const err = await rejection(
      engine.load({
        signal: ctrl.signal,
        onProgress: (p) => {
          if (p.phase === 'checking') ctrl.abort();
        },
      }),
    );
    expect(err.code, err.message).to.equal('aborted');
    expect(worker).to.not.equal(undefined);
    // The engine let go of the worker: a later load starts a fresh one.
    const first = worker;
    const again = await rejection(engine.load());
    expect(again.code).to.equal('load-failed');
    expect(worker).to.not.equal(first);
    await engine.unload();
  });

  it('cancelling before the load starts rejects with aborted', async () => {
    const engine = new WebLLMEngine({ model: 'SmolLM2-360M-Instruct-q4f32_1-MLC' });
    const err = await rejection(engine.load({ signal: AbortSignal.abort() }));
    expect(err.code).to.equal('aborted');
  });

  it('a worker terminated mid-load rejects with worker-crashed', async () => {
    let worker: Worker | undefined;
    const engine = new WebLLMEngine({
      model: 'SmolLM2-360M-Instruct-q4f32_1-MLC',
      createWorker: () => (worker = new Worker(workerUrl, { type: 'module' })),
      heartbeatMs: 50,
      crashAfterMs: 400,
    });
    // The load request is on its way when the worker dies; nothing tells the page but silence.
    const err = await rejection(
      engine.load({
        onProgress: (p) => {
          if (p.phase === 'checking') worker!.terminate();
        },
      }),
    );
    expect(err.code, err.message).to.equal('worker-crashed');
    expect(err.message).to.match(/stopped answering/);
  });

  it('a worker that throws rejects with worker-crashed', async () => {
    const src = URL.createObjectURL(
      new Blob(['throw new Error("out of memory (simulated by this worker script)")'], { type: 'text/javascript' }),
    );
    const engine = new WebLLMEngine({ model: 'x', createWorker: () => new Worker(src) });
    const err = await rejection(engine.load());
    expect(err.code, err.message).to.equal('worker-crashed');
    expect(err.message).to.match(/out of memory/);
  });

  it('a time limit on the load rejects with timeout', async () => {
    const engine = new WebLLMEngine({ model: 'SmolLM2-360M-Instruct-q4f32_1-MLC' });
    const err = await rejection(engine.load({ timeoutMs: 1 }));
    expect(err.code).to.equal('timeout');
    expect(err.message).to.match(/1 ms/);
  });

  it('generate before load rejects with unavailable', async () => {
    const engine = new WebLLMEngine({ model: 'SmolLM2-360M-Instruct-q4f32_1-MLC' });
    const err = await rejection(engine.generate({ prompt: 'x' }).result);
    expect(err.code).to.equal('unavailable');
  });
});
