// WebLLM worker errors, as they cross from the worker, typed again as EngineErrors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapWorkerError } from '../../../src/engines/webllm/errors.js';

const code = (name: string, message: string) => mapWorkerError({ name, message }, 'm').code;

test("web-llm's own error classes map to their codes", () => {
  assert.equal(code('WebGPUNotAvailableError', 'WebGPU is not supported in your current environment'), 'no-webgpu');
  assert.equal(code('DeviceLostError', 'The WebGPU device was lost while loading the model.'), 'device-lost');
  assert.equal(code('ShaderF16SupportError', 'This model requires WebGPU extension shader-f16'), 'unavailable');
  assert.equal(code('ModelNotFoundError', 'Cannot find model record in appConfig for x'), 'load-failed');
  assert.equal(code('GrammarMatcherInitError', 'bad schema'), 'bad-output');
});

test('platform errors map by name or text', () => {
  assert.equal(code('TypeError', 'Failed to fetch'), 'load-failed');
  assert.equal(code('QuotaExceededError', 'The quota has been exceeded.'), 'quota');
  assert.equal(code('Error', 'Device is lost'), 'device-lost');
  assert.equal(code('AbortError', 'The user aborted a request.'), 'aborted');
});

test('the EngineError keeps the original name and message', () => {
  const e = mapWorkerError({ name: 'TypeError', message: 'Failed to fetch' }, 'SmolLM2');
  assert.equal(e.engine, 'webllm');
  assert.match(e.message, /SmolLM2 in the WebLLM worker could not download the model \(TypeError: Failed to fetch\)/);
  assert.equal((e.cause as Error).name, 'TypeError');
});
