// The nested form's grammar in llama.cpp for real: random weights decode under it in wllama,
// and whatever finishes passes all seven gates, because the grammar allows nothing else.
import { expect } from '@open-wc/testing';
import { builtinCatalog } from '../../../src/catalog/builtin.js';
import { treeGrammarSteps } from '../../../src/catalog/tree-form.js';
import { runGates } from '../../../src/gates/index.js';
import { WllamaEngine } from '../../../src/engines/wllama/wllama-engine.js';

const TINY = new URL('/test/fixtures/models/tiny.gguf', location.href).href;

describe('nested-form grammar in wllama', () => {
  let engine: WllamaEngine;
  before(async () => {
    engine = new WllamaEngine({ modelUrl: TINY, model: 'tiny-random', contextSize: 2048 });
    await engine.load();
  });
  after(async () => {
    await engine.unload();
  });

  it('every layout a random model finishes under the grammar passes all seven gates', async function () {
    this.timeout(240_000);
    const steps = treeGrammarSteps(builtinCatalog, { maxText: 12, maxItems: 3, maxChildren: 4, maxDepth: 4 });
    const finished: string[] = [];
    const failed: string[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await engine.generate({
        prompt: 'Intent: a page\nLayout: ',
        raw: true,
        grammar: steps,
        maxTokens: 1500,
        temperature: 1,
        seed: i,
      }).result;
      if (r.finishReason !== 'stop') continue;
      finished.push(r.text);
      const v = runGates(r.text);
      if (!v.ok) failed.push(`${r.text}\n${JSON.stringify(v.issues.slice(0, 3))}`);
    }
    console.log(`finished ${finished.length} of 12; sample: ${finished[0]?.slice(0, 300)}`);
    expect(finished.length).to.be.greaterThan(0);
    expect(failed, failed.join('\n\n')).to.deep.equal([]);
  });
});
