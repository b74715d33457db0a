// Engine choice from given capabilities: which engines run, in which order, and why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseEngine, toEventAttrs, type Capabilities } from '../../../src/engines/capabilities.js';
import { chooseWebLLMModel } from '../../../src/engines/webllm/models.js';
import { createEvent, validateEvent } from '../../../src/events/event.js';

function caps(
  over: {
    gpu?: 'none' | 'hardware' | 'hardware-f16' | 'swiftshader';
    deviceMemoryGB?: number;
    promptApi?: Capabilities['promptApi']['availability'];
    freeMB?: number;
    wasm?: Partial<Capabilities['wasm']>;
  } = {},
): Capabilities {
  const gpu = over.gpu ?? 'hardware-f16';
  const adapter =
    gpu === 'none'
      ? undefined
      : {
          vendor: gpu === 'swiftshader' ? 'google' : 'nvidia',
          architecture: gpu === 'swiftshader' ? 'swiftshader' : 'ampere',
          device: '',
          description: '',
          isFallbackAdapter: gpu === 'swiftshader',
          features: gpu === 'hardware-f16' ? ['shader-f16'] : [],
          shaderF16: gpu === 'hardware-f16',
          limits: {
            maxBufferSize: 2 ** 31,
            maxStorageBufferBindingSize: 2 ** 30,
            maxComputeWorkgroupStorageSize: 32768,
          },
        };
  return {
    webgpu: adapter
      ? { available: true, adapter, reason: 'adapter' }
      : { available: false, reason: 'navigator.gpu is missing' },
    deviceMemoryGB: over.deviceMemoryGB,
    storage: over.freeMB !== undefined ? { quotaBytes: over.freeMB * 1_048_576, usageBytes: 0, persisted: false } : {},
    promptApi: {
      availability: over.promptApi ?? 'unavailable',
      reason:
        over.promptApi === 'unavailable' || !over.promptApi ? 'no LanguageModel global' : `answered ${over.promptApi}`,
    },
    crossOriginIsolated: false,
    wasm: { available: true, memory64: true, jspi: true, threads: false, ...over.wasm },
    ms: 1,
  };
}
const wllama = { modelUrl: '/models/tiny.gguf' };

test('no WebGPU adapter: wllama runs on the CPU and the reason says so', () => {
  const c = chooseEngine(caps({ gpu: 'none' }), { wllama });
  assert.deepEqual(
    c.plans.map((p) => p.kind),
    ['wllama'],
  );
  assert.match(c.plans[0]!.reason, /no WebGPU adapter: using wllama/);
  assert.match(c.skipped.find((s) => s.kind === 'webllm')!.reason, /no WebGPU adapter/);
  assert.match(c.skipped.find((s) => s.kind === 'prompt-api')!.reason, /LanguageModel/);
});

test('a GPU with shader-f16 gets a q4f16 model, then wllama as CPU fallback', () => {
  const c = chooseEngine(caps({ gpu: 'hardware-f16', deviceMemoryGB: 8 }), { wllama });
  assert.deepEqual(
    c.plans.map((p) => p.kind),
    ['webllm', 'wllama'],
  );
  assert.match(c.plans[0]!.model, /q4f16/);
  assert.equal(c.plans[0]!.model, 'Llama-3.2-1B-Instruct-q4f16_1-MLC');
  assert.match(c.plans[1]!.reason, /fallback/);
});

test('without shader-f16 only q4f32 builds are chosen', () => {
  const c = chooseEngine(caps({ gpu: 'hardware', deviceMemoryGB: 8 }));
  assert.equal(c.plans[0]!.model, 'Llama-3.2-1B-Instruct-q4f32_1-MLC');
  assert.match(c.plans[0]!.reason, /lacks shader-f16/);
});

test('the memory budget picks the smaller models', () => {
  // A quarter of device memory: 2 GB → 512 MB.
  assert.equal(
    chooseEngine(caps({ gpu: 'hardware-f16', deviceMemoryGB: 2 })).plans[0]!.model,
    'SmolLM2-360M-Instruct-q4f16_1-MLC',
  );
  assert.equal(
    chooseEngine(caps({ gpu: 'hardware-f16' }), { webllm: { budgetMB: 800 } }).plans[0]!.model,
    'SmolLM2-360M-Instruct-q4f16_1-MLC',
  );
  assert.equal(
    chooseEngine(caps({ gpu: 'hardware' }), { webllm: { budgetMB: 1100 } }).plans[0]!.model,
    'Qwen2.5-0.5B-Instruct-q4f32_1-MLC',
  );
  assert.equal(
    chooseEngine(caps({ gpu: 'hardware' }), { webllm: { budgetMB: 600 } }).plans[0]!.model,
    'SmolLM2-360M-Instruct-q4f32_1-MLC',
  );
  const tight = chooseWebLLMModel({ shaderF16: false, budgetMB: 100 });
  assert.equal(tight!.record.id, 'SmolLM2-360M-Instruct-q4f32_1-MLC');
  assert.match(tight!.reason, /no model fits 100 MB/);
});

test('a software adapter (SwiftShader) is not used for WebLLM unless the site allows it', () => {
  const c = chooseEngine(caps({ gpu: 'swiftshader' }), { wllama });
  assert.deepEqual(
    c.plans.map((p) => p.kind),
    ['wllama'],
  );
  assert.match(c.skipped.find((s) => s.kind === 'webllm')!.reason, /software WebGPU adapter \(swiftshader\)/);
  const allowed = chooseEngine(caps({ gpu: 'swiftshader' }), { wllama, webllm: { allowFallbackAdapter: true } });
  assert.deepEqual(
    allowed.plans.map((p) => p.kind),
    ['webllm', 'wllama'],
  );
});

test('a ready Prompt API comes first; one that must download comes after WebLLM', () => {
  assert.deepEqual(
    chooseEngine(caps({ promptApi: 'available' }), { wllama }).plans.map((p) => p.kind),
    ['prompt-api', 'webllm', 'wllama'],
  );
  assert.deepEqual(
    chooseEngine(caps({ promptApi: 'downloadable' }), { wllama }).plans.map((p) => p.kind),
    ['webllm', 'prompt-api', 'wllama'],
  );
  const noDownload = chooseEngine(caps({ promptApi: 'downloadable' }), { promptApi: { allowDownload: false } });
  assert.deepEqual(
    noDownload.plans.map((p) => p.kind),
    ['webllm'],
  );
});

test("a site's own model list and order are followed", () => {
  const models = [
    {
      id: 'site-small-q4f32_1',
      model: 'https://cdn.example/small/',
      modelLib: 'https://cdn.example/small.wasm',
      vramMB: 300,
    },
  ];
  const c = chooseEngine(caps({ gpu: 'hardware', promptApi: 'available' }), {
    order: ['wllama', 'webllm'],
    wllama,
    webllm: { models, cacheBackend: 'indexeddb' },
  });
  assert.deepEqual(
    c.plans.map((p) => p.kind),
    ['wllama', 'webllm'],
  );
  const plan = c.plans[1]!;
  assert.equal(plan.kind, 'webllm');
  if (plan.kind === 'webllm') {
    assert.equal(plan.options.model.modelLib, 'https://cdn.example/small.wasm');
    assert.equal(plan.options.cacheBackend, 'indexeddb');
  }
});

test('wllama is skipped without a model URL, or without memory64 and JSPI, with the reason', () => {
  assert.match(
    chooseEngine(caps({ gpu: 'none' })).skipped.find((s) => s.kind === 'wllama')!.reason,
    /no GGUF model URL/,
  );
  const old = chooseEngine(caps({ gpu: 'none', wasm: { memory64: false, jspi: false } }), { wllama });
  assert.equal(old.plans.length, 0);
  assert.match(old.skipped.find((s) => s.kind === 'wllama')!.reason, /memory64 and JSPI/);
});

test('too little free storage skips an engine and says how much is free', () => {
  const c = chooseEngine(caps({ gpu: 'none', freeMB: 10 }), { wllama: { ...wllama, downloadBytes: 50 * 1_048_576 } });
  assert.equal(c.plans.length, 0);
  assert.match(c.skipped.find((s) => s.kind === 'wllama')!.reason, /needs 50 MB of storage; only 10 MB are free/);
});

test('toEventAttrs flattens to attrs a capabilities.detected event accepts', () => {
  const c = caps({ gpu: 'swiftshader', deviceMemoryGB: 8, freeMB: 1000 });
  const attrs = toEventAttrs(c, chooseEngine(c, { wllama }));
  for (const v of Object.values(attrs)) assert.ok(['string', 'number', 'boolean'].includes(typeof v));
  assert.equal(attrs['webgpu.fallback'], true);
  assert.equal(attrs['engine.chosen'], 'wllama');
  assert.equal(attrs['engine.plans'], 'wllama:tiny.gguf');
  assert.match(String(attrs['engine.skipped.webllm']), /software/);
  const event = createEvent('capabilities.detected', { session: 's', trace: 't' }, attrs);
  assert.equal(validateEvent(event).ok, true);
});
