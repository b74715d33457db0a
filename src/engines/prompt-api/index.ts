// The Prompt API engine's chunk entry (Chrome's built-in model).
export { PromptApiEngine, type PromptApiEngineOptions } from './prompt-api-engine.js';
export { promptApiAvailability } from './availability.js';
