// The wllama engine's chunk entry (CPU, WebAssembly).
export { WllamaEngine, defaultWasmUrl, type WllamaEngineOptions } from './wllama-engine.js';
