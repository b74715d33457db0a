// Every engine that can constrain gets the nested form's tree schema when the line asks for the
// nested form: the request each engine builds, read through its pure builder (no model needed),
// and the Prompt API's real failure in this Chromium, which has no built-in model.
import { expect } from '@open-wc/testing';
import { builtinCatalog } from '../../../src/catalog/builtin.js';
import { EngineError, type GenerateRequest } from '../../../src/engines/engine.js';
import { PromptApiEngine } from '../../../src/engines/prompt-api/prompt-api-engine.js';
import { promptOptions } from '../../../src/engines/prompt-api/request.js';
import { chatRequest, workerRequest } from '../../../src/engines/webllm/request.js';
import { generationConstraint } from '../../../src/line/prompt.js';
import { flattenTree, readTreePrefix, toTree, catalog } from '../../../src/index.js';
import { treeGrammarSteps, treeJsonSchema } from '../../../src/entry/engines.js';

const ACTIONS = ['reserve', 'cancel'];

/** What the line hands an engine for the nested form (the default) and for the flat form. */
function request(form: 'nested' | 'flat'): GenerateRequest {
  return {
    system: 'Write a layout.',
    prompt: 'Intent: book a table',
    ...generationConstraint(builtinCatalog, { form, actions: ACTIONS }),
    maxTokens: 600,
    temperature: 0.2,
  };
}

describe('WebLLM request', () => {
  it("in the nested form, response_format carries the catalog's tree JSON Schema, through the worker message", () => {
    const sent = chatRequest(workerRequest(request('nested')));
    expect(sent.response_format?.type).to.equal('json_object');
    expect(JSON.parse(sent.response_format!.schema)).to.deep.equal(
      treeJsonSchema(builtinCatalog, { actions: ACTIONS }),
    );
    expect(sent.messages).to.deep.equal([
      { role: 'system', content: 'Write a layout.' },
      { role: 'user', content: 'Intent: book a table' },
    ]);
    expect(sent).to.include({ stream: true, max_tokens: 600, temperature: 0.2 });
  });

  it('in the flat form it carries the flat schema, and without a schema no response_format at all', () => {
    const flat = chatRequest(workerRequest(request('flat')));
    const schema = JSON.parse(flat.response_format!.schema) as {
      required: string[];
      properties: Record<string, unknown>;
    };
    expect(schema.properties).to.have.property('nodes');
    expect(schema.properties).to.not.have.property('tree');
    const none = chatRequest(workerRequest({ prompt: 'hi' }));
    expect(none).to.not.have.property('response_format');
    expect(none.messages).to.deep.equal([{ role: 'user', content: 'hi' }]);
  });
});

describe('Prompt API request', () => {
  it("in the nested form, responseConstraint is the tree JSON Schema, kept out of the model's input", () => {
    const signal = new AbortController().signal;
    const options = promptOptions(request('nested'), signal);
    expect(options.responseConstraint).to.deep.equal(treeJsonSchema(builtinCatalog, { actions: ACTIONS }));
    expect(options.omitResponseConstraintInput).to.equal(true);
    expect(options.signal).to.equal(signal);
    expect(promptOptions({}, signal)).to.deep.equal({ signal });
  });

  it('here, with no built-in model, a nested-form request fails as unavailable before and after load, with the reason', async () => {
    const engine = new PromptApiEngine();
    const before = await engine.generate(request('nested')).result.then(
      () => null,
      (e: unknown) => e,
    );
    expect(before).to.be.instanceOf(EngineError);
    expect((before as EngineError).code).to.equal('unavailable');
    const load = await engine.load().then(
      () => null,
      (e: unknown) => e,
    );
    expect(load).to.be.instanceOf(EngineError);
    expect((load as EngineError).code).to.equal('unavailable');
    expect((load as EngineError).message).to.match(
      'LanguageModel' in globalThis ? /cannot run on this device/ : /no LanguageModel global/,
    );
    const after = await engine.generate(request('nested')).result.then(
      () => null,
      (e: unknown) => e,
    );
    expect((after as EngineError).code).to.equal('unavailable');
  });
});

describe("the nested form from the package's entry points", () => {
  it('jig exports flattenTree, toTree and readTreePrefix; jig/engines exports treeGrammarSteps and treeJsonSchema', () => {
    const flat = {
      version: 1 as const,
      root: 'f',
      data: {},
      nodes: [
        { id: 'f', type: 'form', props: { action: 'reserve' }, children: ['n'] },
        { id: 'n', type: 'text-field', props: { label: 'Name', bind: '/name' } },
      ],
    };
    const tree = toTree(flat);
    expect(tree.tree).to.deep.equal({
      type: 'form',
      props: { action: 'reserve' },
      children: [{ type: 'text-field', props: { label: 'Name', bind: '/name' } }],
    });
    const back = flattenTree(tree, { maxNodes: 10, maxChildren: 10 });
    expect(back.ok && back.layout.nodes.map((n) => n.id)).to.deep.equal(['form-1', 'text-field-1']);
    const text = JSON.stringify(tree);
    expect(readTreePrefix(text.slice(0, text.indexOf('"children"') + 12)).nodes.map((n) => n.type)).to.deep.equal([
      'form',
    ]);
    const steps = treeGrammarSteps(catalog, { actions: ACTIONS });
    expect(steps.first).to.match(/^root ::= /);
    expect(steps.then('{"version":1,"data":{},"tree":')).to.include('"\\"reserve\\""');
    expect(treeJsonSchema(catalog)).to.have.nested.property('properties.tree');
  });
});
