// web-llm's progress texts (as 0.2.86 writes them) mapped to Jig's LoadProgress.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapWebLLMProgress } from '../../../src/engines/webllm/progress.js';

const MB = 1_048_576;

test('fetching params is downloading, with bytes and an estimated total', () => {
  const p = mapWebLLMProgress({
    progress: 0.25,
    timeElapsed: 3,
    text: 'Fetching param cache[3/24]: 100MB fetched. 25% completed, 3 secs elapsed. It can take a while when we first visit this page to populate the cache. Later refreshes will become faster.',
  });
  assert.equal(p.phase, 'downloading');
  assert.equal(p.loaded, 100 * MB);
  assert.equal(p.total, 400 * MB);
  assert.equal(p.fraction, 0.25);
  assert.equal(p.text, 'Fetching param cache[3/24]: 100MB fetched. 25% completed, 3 secs elapsed.');
});

test('a total the site gave wins over the estimate', () => {
  assert.equal(
    mapWebLLMProgress(
      {
        progress: 0.5,
        timeElapsed: 1,
        text: 'Fetching param cache[1/2]: 10MB fetched. 50% completed, 1 secs elapsed.',
      },
      123,
    ).total,
    123,
  );
});

test('loading from cache, compiling shaders and finishing map to their phases', () => {
  assert.equal(
    mapWebLLMProgress({
      progress: 0.5,
      timeElapsed: 1,
      text: 'Loading model from cache[12/24]: 200MB loaded. 50% completed, 1 secs elapsed.',
    }).phase,
    'loading',
  );
  assert.equal(
    mapWebLLMProgress({
      progress: 0.9,
      timeElapsed: 1,
      text: 'Loading GPU shader modules[45/50]: 90% completed, 1 secs elapsed.',
    }).phase,
    'compiling',
  );
  assert.equal(
    mapWebLLMProgress({ progress: 1, timeElapsed: 9, text: 'Finish loading on WebGPU - google' }).phase,
    'ready',
  );
  assert.equal(mapWebLLMProgress({ progress: 0, timeElapsed: 0, text: 'Start to fetch params' }).phase, 'downloading');
});

test('a missing or odd fraction is left out or clamped', () => {
  assert.equal(mapWebLLMProgress({ progress: Number.NaN, timeElapsed: 0, text: 'x' }).fraction, undefined);
  assert.equal(mapWebLLMProgress({ progress: 1.7, timeElapsed: 0, text: 'x' }).fraction, 1);
});
