// Errors from the WebLLM worker arrive as {name, message}; this types them again as
// EngineErrors by web-llm's error class names (0.2.86) and, failing that, by their text.
import { EngineError, classifyError, type EngineErrorCode } from '../engine.js';
import type { WorkerError } from './protocol.js';

const BY_NAME: Record<string, EngineErrorCode> = {
  WebGPUNotAvailableError: 'no-webgpu',
  WebGPUNotFoundError: 'no-webgpu',
  ShaderF16SupportError: 'unavailable',
  FeatureSupportError: 'unavailable',
  DeviceLostError: 'device-lost',
  QuotaExceededError: 'quota',
  ModelNotFoundError: 'load-failed',
  MissingModelWasmError: 'load-failed',
  ModelNotLoadedError: 'unavailable',
  EngineNotLoadedError: 'unavailable',
  InvalidResponseFormatError: 'bad-output',
  InvalidResponseFormatGrammarError: 'bad-output',
  GrammarMatcherInitError: 'bad-output',
  ContextWindowSizeExceededError: 'bad-output',
};

export function mapWorkerError(e: WorkerError, model: string): EngineError {
  const cause = Object.assign(new Error(e.message), { name: e.name });
  const code = BY_NAME[e.name];
  if (code) return new EngineError(code, 'webllm', `${e.name}: ${e.message}`, cause);
  return classifyError(cause, 'webllm', `${model} in the WebLLM worker`);
}
