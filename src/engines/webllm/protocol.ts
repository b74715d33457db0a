// Messages between the WebLLM engine on the page and its worker. Plain data only, so errors
// cross as {name, message} and are typed again on the page.

/** A model the worker can load: a prebuilt id, or a site's own weights and model library. */
export interface WebLLMModelRecord {
  /** web-llm model id, e.g. "Qwen2.5-0.5B-Instruct-q4f16_1-MLC". */
  id: string;
  /** Base URL of the weights (a Hugging Face repo URL or a self-hosted folder). Omit for a prebuilt id. */
  model?: string;
  /** URL of the compiled model library (.wasm). Omit for a prebuilt id. */
  modelLib?: string;
  /** Approximate GPU memory the model needs, in MB. */
  vramMB?: number;
  /** Needs the WebGPU `shader-f16` feature (q4f16 and q0f16 builds). */
  requiresF16?: boolean;
  /** Context window override in tokens. */
  contextWindow?: number;
  /** Download size in bytes, when the site knows it. */
  downloadBytes?: number;
}

export type CacheBackend = 'cache' | 'indexeddb' | 'opfs';

export type ToWorker =
  | { type: 'ping' }
  | { type: 'load'; id: number; record: WebLLMModelRecord; cacheBackend: CacheBackend }
  | { type: 'generate'; id: number; request: WorkerGenerate }
  | { type: 'interrupt' }
  | { type: 'unload'; id: number };

export interface WorkerGenerate {
  system?: string;
  prompt: string;
  schema?: string;
  maxTokens?: number;
  temperature?: number;
  seed?: number;
}

export interface WorkerError {
  name: string;
  message: string;
}

export interface WorkerProgress {
  progress: number;
  timeElapsed: number;
  text: string;
}

export type FromWorker =
  | { type: 'ready' }
  | { type: 'pong' }
  | { type: 'progress'; id: number; report: WorkerProgress }
  | { type: 'chunk'; id: number; text: string }
  | { type: 'done'; id: number; value?: WorkerDone }
  | { type: 'error'; id: number; error: WorkerError };

export interface WorkerDone {
  usage?: { inputTokens: number; outputTokens: number };
  finishReason?: string;
  contextSize?: number;
  gpu?: string;
}
