// The WebLLM engine's chunk entry (page side; web-llm itself is in the worker's chunk).
export { WebLLMEngine, type WebLLMEngineOptions } from './webllm-engine.js';
export { chooseWebLLMModel, PREBUILT_SMALL_MODELS } from './models.js';
