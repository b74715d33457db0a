// The wllama engine's chunk entry (CPU, WebAssembly).
export { WllamaEngine, defaultWasmUrl, type WllamaEngineOptions } from './wllama-engine.js';
export { JIG_LAYOUT_V1, layoutPrompt, type LayoutModelEntry } from './layout-model.js';
