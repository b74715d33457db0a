// The browser model stations' public entry: capability detection, engine choice, and engines
// created on demand, each engine in its own chunk (nothing heavy is imported statically here).
import type { EnginePlan } from './capabilities.js';
import type { EnginePlanData } from './plan.js';
import { EngineError, type Engine, type EngineKind, type LoadOptions } from './engine.js';
import type { WebLLMEngineOptions } from './webllm/webllm-engine.js';

export {
  EngineError,
  ENGINE_ERROR_CODES,
  isEngineError,
  type Engine,
  type EngineErrorCode,
  type EngineInfo,
  type EngineKind,
  type GenerateRequest,
  type GenerateResult,
  type GenerateRun,
  type LoadOptions,
  type LoadProgress,
} from './engine.js';
export {
  chooseEngine,
  detectCapabilities,
  toEventAttrs,
  type Capabilities,
  type EngineChoice,
  type EngineChoiceOptions,
  type EnginePlan,
  type GpuAdapterSummary,
} from './capabilities.js';
export { chooseWebLLMModel, PREBUILT_SMALL_MODELS, type ModelChoice } from './webllm/models.js';
export type { CacheBackend, WebLLMModelRecord } from './webllm/protocol.js';
export { compactSchema, type CompactOptions } from './schema.js';
export type { EnginePlanData } from './plan.js';
export { promptApiAvailability, type PromptApiAvailability } from './prompt-api/availability.js';

/** Entry points the bench runner builds as separate chunks, to report each engine's size. */
export const ENGINE_ENTRY_POINTS = {
  webllm: 'src/engines/webllm/index.ts',
  'webllm-worker': 'src/engines/webllm/webllm.worker.ts',
  'prompt-api': 'src/engines/prompt-api/index.ts',
  wllama: 'src/engines/wllama/index.ts',
} as const;

/**
 * Imports an engine's chunk. The engine packages are optional peers of Jig: a site that has not
 * installed one gets a message naming it and the command, not a module-resolution error.
 */
async function engineCode<T>(kind: EngineKind, pkg: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    if (text.includes(pkg))
      throw new EngineError(
        'unavailable',
        kind,
        `its package ${pkg} is not installed`,
        err,
        `Install it next to Jig: npm install ${pkg}`,
      );
    throw new EngineError('load-failed', kind, `its code could not be loaded (${text})`, err);
  }
}

/** Makes the engine a plan names, importing its code on first use. The model is not loaded yet. */
export async function createEngine(plan: EnginePlan | EnginePlanData): Promise<Engine> {
  const o = (plan.options ?? {}) as Record<string, unknown>;
  switch (plan.kind) {
    case 'webllm': {
      const { WebLLMEngine } = await import('./webllm/index.js');
      return new WebLLMEngine({ ...o, model: (o.model as WebLLMEngineOptions['model'] | undefined) ?? plan.model });
    }
    case 'prompt-api': {
      const { PromptApiEngine } = await import('./prompt-api/index.js');
      return new PromptApiEngine({ model: plan.model });
    }
    case 'wllama': {
      const { WllamaEngine } = await engineCode('wllama', '@wllama/wllama', () => import('./wllama/index.js'));
      return new WllamaEngine({ ...o, modelUrl: (o.modelUrl as string | string[] | undefined) ?? plan.model });
    }
  }
}

/** Makes the engine a plan names and loads its model (progress, cancel and time limit through `opts`). */
export async function loadEngine(plan: EnginePlan | EnginePlanData, opts?: LoadOptions): Promise<Engine> {
  const engine = await createEngine(plan);
  await engine.load(opts);
  return engine;
}
