// Capability detection in the real headless Chromium (software WebGPU from
// --enable-unsafe-webgpu, no Prompt API), and engines created lazily from a plan.
import { expect } from '@open-wc/testing';
import {
  chooseEngine,
  createEngine,
  detectCapabilities,
  EngineError,
  loadEngine,
  toEventAttrs,
} from '../../../src/engines/index.js';
import { PromptApiEngine } from '../../../src/engines/prompt-api/prompt-api-engine.js';
import { createEvent, validateEvent } from '../../../src/events/event.js';

// Chromium 156 defines LanguageModel but has no model to run; other builds lack the global.
const expectedReason = 'LanguageModel' in globalThis ? /cannot run on this device/ : /no LanguageModel global/;
const TINY = new URL('/test/fixtures/models/tiny.gguf', location.href).href;

describe('capability detection', () => {
  it('finds the software WebGPU adapter with its features and limits', async () => {
    const caps = await detectCapabilities();
    expect(caps.webgpu.available, caps.webgpu.reason).to.equal(true);
    const a = caps.webgpu.adapter!;
    expect(a.architecture).to.equal('swiftshader');
    expect(a.isFallbackAdapter).to.equal(true);
    expect(a.shaderF16).to.equal(false);
    expect(a.limits.maxBufferSize).to.be.greaterThan(0);
    expect(caps.webgpu.reason).to.match(/software fallback/);
  });

  it('sees WebAssembly memory64 and JSPI, storage quota, and no cross-origin isolation', async () => {
    const caps = await detectCapabilities();
    expect(caps.wasm.memory64).to.equal(true);
    expect(caps.wasm.jspi).to.equal(true);
    expect(caps.wasm.threads).to.equal(false);
    expect(caps.crossOriginIsolated).to.equal(false);
    expect(caps.storage.quotaBytes).to.be.greaterThan(0);
    expect(caps.hardwareConcurrency).to.be.greaterThan(0);
  });

  it('reports the Prompt API as unavailable here, with the reason', async () => {
    const caps = await detectCapabilities();
    expect(caps.promptApi.availability).to.equal('unavailable');
    expect(caps.promptApi.reason).to.match(expectedReason);
  });

  it('chooses wllama on the software adapter and records it as a valid event', async () => {
    const caps = await detectCapabilities();
    const choice = chooseEngine(caps, { wllama: { modelUrl: TINY, model: 'tiny-random' } });
    expect(choice.plans.map((p) => p.kind)).to.deep.equal(['wllama']);
    const attrs = toEventAttrs(caps, choice);
    expect(attrs['webgpu.architecture']).to.equal('swiftshader');
    expect(attrs['engine.chosen']).to.equal('wllama');
    expect(validateEvent(createEvent('capabilities.detected', { session: 'test' }, attrs)).ok).to.equal(true);
  });
});

describe('Prompt API engine', () => {
  it('rejects load with unavailable and says why', async () => {
    const engine = new PromptApiEngine();
    try {
      await engine.load();
      throw new Error('expected the load to fail');
    } catch (e) {
      expect(e).to.be.instanceOf(EngineError);
      expect((e as EngineError).code).to.equal('unavailable');
      expect((e as EngineError).message).to.match(expectedReason);
    }
    expect(engine.info().loaded).to.equal(false);
  });
});

describe('engines from a plan', () => {
  it("loadEngine imports wllama on demand, loads the plan's model and generates", async () => {
    const caps = await detectCapabilities();
    const [plan] = chooseEngine(caps, { wllama: { modelUrl: TINY, model: 'tiny-random' } }).plans;
    const engine = await loadEngine(plan!);
    expect(engine.kind).to.equal('wllama');
    expect(engine.info().loaded).to.equal(true);
    const r = await engine.generate({ prompt: 'hi', maxTokens: 4 }).result;
    expect(r.usage.outputTokens).to.be.greaterThan(0);
    await engine.unload();
    expect(engine.info().loaded).to.equal(false);
  });

  it('createEngine takes a plan as plain data (a line config): model is the GGUF URL or the model id', async () => {
    const wllama = await createEngine({ kind: 'wllama', model: TINY });
    expect(wllama.model).to.equal('tiny.gguf');
    await wllama.load();
    expect(wllama.info().loaded).to.equal(true);
    await wllama.unload();
    const webllm = await createEngine({ kind: 'webllm', model: 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC' });
    expect(webllm.model).to.equal('Qwen2.5-0.5B-Instruct-q4f32_1-MLC');
  });

  it('createEngine makes a WebLLM engine without loading anything', async () => {
    const engine = await createEngine({
      kind: 'webllm',
      model: 'SmolLM2-360M-Instruct-q4f32_1-MLC',
      reason: 'test',
      options: { model: { id: 'SmolLM2-360M-Instruct-q4f32_1-MLC' } },
    });
    expect(engine.kind).to.equal('webllm');
    expect(engine.info().loaded).to.equal(false);
  });
});
