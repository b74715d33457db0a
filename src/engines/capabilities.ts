// What this browser can run (WebGPU, memory, storage, the Prompt API, WebAssembly features),
// and which engines to try in which order, with a sentence for every decision.
import type { EngineKind } from './engine.js';
import { promptApiAvailability, type PromptApiAvailability } from './prompt-api/availability.js';
import { chooseWebLLMModel, PREBUILT_SMALL_MODELS } from './webllm/models.js';
import type { CacheBackend, WebLLMModelRecord } from './webllm/protocol.js';

export interface GpuAdapterSummary {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** A software or otherwise degraded adapter (e.g. SwiftShader). */
  isFallbackAdapter: boolean;
  features: string[];
  shaderF16: boolean;
  limits: { maxBufferSize: number; maxStorageBufferBindingSize: number; maxComputeWorkgroupStorageSize: number };
}

export interface Capabilities {
  webgpu: { available: boolean; reason: string; adapter?: GpuAdapterSummary };
  /** navigator.deviceMemory (GB, rounded and capped by the browser), when exposed. */
  deviceMemoryGB?: number;
  hardwareConcurrency?: number;
  storage: { quotaBytes?: number; usageBytes?: number; persisted?: boolean };
  promptApi: { availability: PromptApiAvailability; reason: string };
  /** Needed for wllama's threads (SharedArrayBuffer). */
  crossOriginIsolated: boolean;
  wasm: { available: boolean; memory64: boolean; jspi: boolean; threads: boolean };
  /** Time detection took. */
  ms: number;
}

type GpuLike = {
  requestAdapter(opts?: object): Promise<AdapterLike | null>;
};
type AdapterLike = {
  features: { has(f: string): boolean; forEach(cb: (f: string) => void): void };
  limits: Record<string, number>;
  info?: { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
};

async function probeWebGpu(): Promise<Capabilities['webgpu']> {
  const gpu = (globalThis.navigator as unknown as { gpu?: GpuLike } | undefined)?.gpu;
  if (!gpu)
    return { available: false, reason: 'navigator.gpu is missing: this browser has no WebGPU (or it is disabled)' };
  let adapter: AdapterLike | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (e) {
    return { available: false, reason: `requestAdapter() failed: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!adapter)
    return {
      available: false,
      reason: 'requestAdapter() returned no adapter (no usable GPU, or blocked by the browser)',
    };
  const features: string[] = [];
  adapter.features.forEach((f) => features.push(f));
  const info = adapter.info ?? {};
  const summary: GpuAdapterSummary = {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    device: info.device ?? '',
    description: info.description ?? '',
    isFallbackAdapter: !!(info.isFallbackAdapter ?? adapter.isFallbackAdapter),
    features: features.sort(),
    shaderF16: adapter.features.has('shader-f16'),
    limits: {
      maxBufferSize: adapter.limits.maxBufferSize ?? 0,
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize ?? 0,
      maxComputeWorkgroupStorageSize: adapter.limits.maxComputeWorkgroupStorageSize ?? 0,
    },
  };
  const name = [summary.vendor, summary.architecture].filter(Boolean).join(' ') || 'unnamed';
  return {
    available: true,
    adapter: summary,
    reason: `WebGPU adapter ${name}${summary.isFallbackAdapter ? ' (software fallback)' : ''}${summary.shaderF16 ? ' with shader-f16' : ', no shader-f16'}`,
  };
}

// The smallest modules that use a memory64 memory, and nothing else; validate() says whether
// this engine understands them.
const MEMORY64_MODULE = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 5, 3, 1, 4, 1]);

function probeWasm(): Capabilities['wasm'] {
  const W = (globalThis as { WebAssembly?: typeof WebAssembly }).WebAssembly;
  if (!W) return { available: false, memory64: false, jspi: false, threads: false };
  let memory64 = false;
  try {
    memory64 = W.validate(MEMORY64_MODULE);
  } catch {
    memory64 = false;
  }
  const jspi = 'Suspending' in W || 'promising' in W;
  const threads = typeof SharedArrayBuffer !== 'undefined' && globalThis.crossOriginIsolated === true;
  return { available: true, memory64, jspi, threads };
}

async function probeStorage(): Promise<Capabilities['storage']> {
  const storage = globalThis.navigator?.storage;
  if (!storage) return {};
  const [estimate, persisted] = await Promise.all([
    storage.estimate?.().catch(() => undefined),
    storage.persisted?.().catch(() => undefined),
  ]);
  return { quotaBytes: estimate?.quota, usageBytes: estimate?.usage, persisted };
}

/** Looks at what this browser offers. Never throws; every probe that fails says so in its reason. */
export async function detectCapabilities(): Promise<Capabilities> {
  const t0 = performance.now();
  const nav = globalThis.navigator as (Navigator & { deviceMemory?: number }) | undefined;
  const [webgpu, storage, promptApi] = await Promise.all([probeWebGpu(), probeStorage(), promptApiAvailability()]);
  return {
    webgpu,
    deviceMemoryGB: nav?.deviceMemory,
    hardwareConcurrency: nav?.hardwareConcurrency,
    storage,
    promptApi,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    wasm: probeWasm(),
    ms: Math.round((performance.now() - t0) * 10) / 10,
  };
}

/** What a site tells the chooser. Every part is optional; a part set to `false` turns that engine off. */
export interface EngineChoiceOptions {
  /** Engines in order of preference. Default: prompt-api (when ready), webllm, prompt-api (to download), wllama. */
  order?: EngineKind[];
  webllm?:
    | false
    | {
        /** The site's models, weakest first; default web-llm's small prebuilt models. */
        models?: WebLLMModelRecord[];
        /** GPU memory a model may use, in MB. Default: a quarter of device memory, or 1024. */
        budgetMB?: number;
        cacheBackend?: CacheBackend;
        /** Run on a software adapter (SwiftShader) too. Default false: far too slow for a real model. */
        allowFallbackAdapter?: boolean;
      };
  promptApi?: false | { allowDownload?: boolean };
  wllama?:
    | false
    | {
        /** GGUF URL. Without one, wllama is skipped. */
        modelUrl?: string | string[];
        model?: string;
        downloadBytes?: number;
        wasmUrl?: string;
        threads?: number;
        /** Context window in tokens. */
        contextSize?: number;
        /** Label for a test model (shown by <jig-model-status>). */
        note?: string;
        /** How the model reads a request; 'jig-layout-v1' for Jig's own layout model. Default 'chat'. */
        promptFormat?: 'chat' | 'jig-layout-v1';
      };
}

export type EnginePlan =
  | {
      kind: 'webllm';
      model: string;
      reason: string;
      downloadBytes?: number;
      options: { model: WebLLMModelRecord; cacheBackend?: CacheBackend };
    }
  | { kind: 'prompt-api'; model: string; reason: string; downloadBytes?: number; options: Record<string, never> }
  | {
      kind: 'wllama';
      model: string;
      reason: string;
      downloadBytes?: number;
      note?: string;
      options: {
        modelUrl: string | string[];
        model?: string;
        downloadBytes?: number;
        wasmUrl?: string;
        threads?: number;
        contextSize?: number;
        promptFormat?: 'chat' | 'jig-layout-v1';
      };
    };

export interface EngineChoice {
  /** Engines to try, best first. Empty: no browser station here. */
  plans: EnginePlan[];
  /** Engines left out, each with why. */
  skipped: Array<{ kind: EngineKind; reason: string }>;
}

const MB = 1_048_576;

/** Orders the engines this browser can run. Pure: same capabilities and options, same answer. */
export function chooseEngine(caps: Capabilities, options: EngineChoiceOptions = {}): EngineChoice {
  const plans: EnginePlan[] = [];
  const skipped: EngineChoice['skipped'] = [];
  const free =
    caps.storage.quotaBytes !== undefined ? caps.storage.quotaBytes - (caps.storage.usageBytes ?? 0) : undefined;
  const fitsStorage = (bytes: number | undefined) => bytes === undefined || free === undefined || bytes <= free;

  const considerPromptApi = (stage: 'ready' | 'download') => {
    if (options.promptApi === false) {
      if (stage === 'ready') skipped.push({ kind: 'prompt-api', reason: 'turned off by the site' });
      return;
    }
    const a = caps.promptApi.availability;
    if (stage === 'ready') {
      if (a === 'available')
        plans.push({
          kind: 'prompt-api',
          model: 'chrome-built-in',
          reason: `Chrome's built-in model is ready: nothing to download`,
          options: {},
        });
      return;
    }
    if (a === 'available') return;
    if (a === 'unavailable') {
      skipped.push({ kind: 'prompt-api', reason: caps.promptApi.reason });
      return;
    }
    if (options.promptApi && options.promptApi.allowDownload === false) {
      skipped.push({
        kind: 'prompt-api',
        reason: `${caps.promptApi.reason}, and the site does not allow that download`,
      });
      return;
    }
    plans.push({
      kind: 'prompt-api',
      model: 'chrome-built-in',
      reason: `${caps.promptApi.reason}; the browser downloads it once for every site`,
      options: {},
    });
  };

  const considerWebLLM = () => {
    const o = options.webllm;
    if (o === false) {
      skipped.push({ kind: 'webllm', reason: 'turned off by the site' });
      return;
    }
    const gpu = caps.webgpu;
    if (!gpu.available || !gpu.adapter) {
      skipped.push({ kind: 'webllm', reason: `no WebGPU adapter (${gpu.reason})` });
      return;
    }
    if (gpu.adapter.isFallbackAdapter && !o?.allowFallbackAdapter) {
      skipped.push({
        kind: 'webllm',
        reason: `only a software WebGPU adapter (${gpu.adapter.architecture || gpu.adapter.vendor || 'fallback'}): far too slow for WebLLM`,
      });
      return;
    }
    const budgetMB = o?.budgetMB ?? (caps.deviceMemoryGB ? Math.round((caps.deviceMemoryGB * 1024) / 4) : 1024);
    const choice = chooseWebLLMModel(
      { shaderF16: gpu.adapter.shaderF16, budgetMB },
      o?.models ?? PREBUILT_SMALL_MODELS,
    );
    if (!choice) {
      skipped.push({
        kind: 'webllm',
        reason: "none of the site's models can run on this GPU (they all need shader-f16)",
      });
      return;
    }
    const bytes =
      choice.record.downloadBytes ?? (choice.record.vramMB ? Math.round(choice.record.vramMB * 0.6 * MB) : undefined);
    if (!fitsStorage(bytes)) {
      skipped.push({
        kind: 'webllm',
        reason: `${choice.record.id} needs about ${Math.round((bytes ?? 0) / MB)} MB of storage; only ${Math.round((free ?? 0) / MB)} MB are free`,
      });
      return;
    }
    plans.push({
      kind: 'webllm',
      model: choice.record.id,
      reason: `WebGPU available: ${choice.reason}`,
      downloadBytes: choice.record.downloadBytes,
      options: { model: choice.record, ...(o?.cacheBackend ? { cacheBackend: o.cacheBackend } : {}) },
    });
  };

  const considerWllama = () => {
    const o = options.wllama;
    if (o === false) {
      skipped.push({ kind: 'wllama', reason: 'turned off by the site' });
      return;
    }
    if (!o?.modelUrl) {
      skipped.push({ kind: 'wllama', reason: 'the site gave no GGUF model URL' });
      return;
    }
    if (!caps.wasm.available || !caps.wasm.memory64 || !caps.wasm.jspi) {
      const missing = [
        !caps.wasm.available && 'WebAssembly',
        caps.wasm.available && !caps.wasm.memory64 && 'WebAssembly memory64',
        caps.wasm.available && !caps.wasm.jspi && 'JSPI',
      ]
        .filter(Boolean)
        .join(' and ');
      skipped.push({ kind: 'wllama', reason: `this browser lacks ${missing}, which wllama's build needs` });
      return;
    }
    if (!fitsStorage(o.downloadBytes)) {
      skipped.push({
        kind: 'wllama',
        reason: `the model needs ${Math.round((o.downloadBytes ?? 0) / MB)} MB of storage; only ${Math.round((free ?? 0) / MB)} MB are free`,
      });
      return;
    }
    const first = Array.isArray(o.modelUrl) ? o.modelUrl[0]! : o.modelUrl;
    const model = o.model ?? (first.split('/').pop()?.split('?')[0] || 'gguf');
    const why = !caps.webgpu.available
      ? `no WebGPU adapter: using wllama on the CPU`
      : plans.length
        ? 'CPU fallback if the engines above fail'
        : 'the CPU engine, since no GPU engine applies';
    const threads = o.threads ?? 1;
    plans.push({
      kind: 'wllama',
      model,
      reason: `${why} (${threads} thread${threads === 1 ? '' : 's'}${caps.crossOriginIsolated ? '' : '; more need cross-origin isolation'})`,
      downloadBytes: o.downloadBytes,
      ...(o.note ? { note: o.note } : {}),
      options: {
        modelUrl: o.modelUrl,
        model,
        ...(o.downloadBytes ? { downloadBytes: o.downloadBytes } : {}),
        ...(o.wasmUrl ? { wasmUrl: o.wasmUrl } : {}),
        ...(o.contextSize ? { contextSize: o.contextSize } : {}),
        ...(o.promptFormat ? { promptFormat: o.promptFormat } : {}),
        threads,
      },
    });
  };

  const order = options.order;
  if (order) {
    for (const kind of order) {
      if (kind === 'prompt-api') {
        considerPromptApi('ready');
        considerPromptApi('download');
      } else if (kind === 'webllm') considerWebLLM();
      else considerWllama();
    }
  } else {
    considerPromptApi('ready');
    considerWebLLM();
    considerPromptApi('download');
    considerWllama();
  }
  return { plans, skipped };
}

/** Flattens capabilities (and a choice) into event attrs for `capabilities.detected`. */
export function toEventAttrs(caps: Capabilities, choice?: EngineChoice): Record<string, string | number | boolean> {
  const a: Record<string, string | number | boolean> = {
    'webgpu.available': caps.webgpu.available,
    'webgpu.reason': caps.webgpu.reason,
    'prompt_api.availability': caps.promptApi.availability,
    'prompt_api.reason': caps.promptApi.reason,
    cross_origin_isolated: caps.crossOriginIsolated,
    'wasm.memory64': caps.wasm.memory64,
    'wasm.jspi': caps.wasm.jspi,
    'wasm.threads': caps.wasm.threads,
    detect_ms: caps.ms,
  };
  const g = caps.webgpu.adapter;
  if (g) {
    a['webgpu.vendor'] = g.vendor;
    a['webgpu.architecture'] = g.architecture;
    a['webgpu.fallback'] = g.isFallbackAdapter;
    a['webgpu.shader_f16'] = g.shaderF16;
    a['webgpu.features'] = g.features.join(',');
    a['webgpu.max_buffer_size'] = g.limits.maxBufferSize;
    a['webgpu.max_storage_buffer_binding_size'] = g.limits.maxStorageBufferBindingSize;
  }
  if (caps.deviceMemoryGB !== undefined) a.device_memory_gb = caps.deviceMemoryGB;
  if (caps.hardwareConcurrency !== undefined) a.hardware_concurrency = caps.hardwareConcurrency;
  if (caps.storage.quotaBytes !== undefined) a['storage.quota_bytes'] = caps.storage.quotaBytes;
  if (caps.storage.usageBytes !== undefined) a['storage.usage_bytes'] = caps.storage.usageBytes;
  if (caps.storage.persisted !== undefined) a['storage.persisted'] = caps.storage.persisted;
  if (choice) {
    const first = choice.plans[0];
    a['engine.chosen'] = first ? first.kind : 'none';
    if (first) {
      a['engine.model'] = first.model;
      a['engine.reason'] = first.reason;
    }
    a['engine.plans'] = choice.plans.map((p) => `${p.kind}:${p.model}`).join(',');
    for (const s of choice.skipped) a[`engine.skipped.${s.kind}`] = s.reason;
  }
  return a;
}
