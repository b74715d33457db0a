// The premium call in the nested generation form: what the server sends upstream (the catalog's
// tree schema, the nested instructions), and that a nested or a flat answer both pass the gates.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import { builtinCatalog } from '../../../src/catalog/builtin.js';
import { treeJsonSchema } from '../../../src/catalog/tree-constraints.js';
import { readConfig } from '../../../src/server/config.js';
import { layoutAsk } from '../../../src/server/upstream.js';
import { startStandIn, VALID_LAYOUT, type StandIn } from './stand-in.js';
import { parseSse, post, testServer, type TestServer } from './helpers.js';

/** What a premium model writes under the tree schema: children inline, no ids, binds into empty data. */
const TREE_ANSWER = {
  version: 1,
  title: 'Book a table',
  data: {},
  tree: {
    type: 'stack',
    children: [
      { type: 'heading', props: { text: 'Book a table', level: 1 } },
      {
        type: 'form',
        props: { action: 'reserve', submitLabel: 'Reserve' },
        children: [
          { type: 'text-field', props: { label: 'Name', bind: '/name', required: true } },
          { type: 'number-field', props: { label: 'Guests', bind: '/party', min: 1, max: 12 } },
        ],
      },
    ],
  },
};

/** The flat document Jig makes of TREE_ANSWER: ids counted per type in document order. */
const TREE_FLAT = {
  version: 1,
  title: 'Book a table',
  root: 'stack-1',
  data: {},
  nodes: [
    { id: 'stack-1', type: 'stack', children: ['heading-1', 'form-1'] },
    { id: 'heading-1', type: 'heading', props: { text: 'Book a table', level: 1 } },
    {
      id: 'form-1',
      type: 'form',
      props: { action: 'reserve', submitLabel: 'Reserve' },
      children: ['text-field-1', 'number-field-1'],
    },
    { id: 'text-field-1', type: 'text-field', props: { label: 'Name', bind: '/name', required: true } },
    { id: 'number-field-1', type: 'number-field', props: { label: 'Guests', bind: '/party', min: 1, max: 12 } },
  ],
};

type Message = { role: string; content: string };
const format = (body: Record<string, unknown>) =>
  body.response_format as {
    type: string;
    json_schema: { name: string; schema: Record<string, unknown>; strict: boolean };
  };

describe('the premium call in the nested form', () => {
  let up: StandIn;
  let server: TestServer;

  before(async () => {
    up = await startStandIn();
    server = await testServer({
      JIG_UPSTREAM_URL: up.url,
      JIG_UPSTREAM_MODEL: 'premium-test-1',
      JIG_UPSTREAM_BACKOFF_MS: '1',
      JIG_RATE_ASSEMBLE_BURST: '1000',
    });
  });
  after(async () => {
    await server.stop();
    await up.close();
  });

  test('for the built-in catalog the server asks the upstream for the tree JSON Schema, with nested-form instructions', async () => {
    up.script({ kind: 'layout', layout: TREE_ANSWER });
    up.calls.length = 0;
    const r = await post(`${server.url}/v1/assemble`, {
      intent: 'A form to book a table',
      catalogSchema: builtinCatalog.hash(),
    });
    assert.equal(r.status, 200);
    const f = format(up.calls[0]!.body);
    assert.equal(f.type, 'json_schema');
    assert.equal(f.json_schema.name, 'jig_layout_tree');
    assert.deepEqual(f.json_schema.schema, treeJsonSchema(builtinCatalog, { maxText: 2000 }));
    assert.deepEqual((f.json_schema.schema.required as string[]).includes('tree'), true);
    const system = (up.calls[0]!.body.messages as Message[])[0]!.content;
    assert.match(system, /"tree":\{"type","props"\?,"children"\?/);
    assert.doesNotMatch(system, /"root":id/);
    assert.ok(system.includes(builtinCatalog.prompt()));
  });

  test('a nested answer is flattened before the gates and comes back as the flat document', async () => {
    up.script({ kind: 'layout', layout: TREE_ANSWER });
    const r = await post(`${server.url}/v1/assemble`, { intent: 'A form to book a table' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.layout, TREE_FLAT);
    assert.equal(r.json.repaired, false);
  });

  test('a flat answer passes too: an upstream may ignore the schema', async () => {
    up.script({ kind: 'layout', layout: VALID_LAYOUT });
    const r = await post(`${server.url}/v1/assemble`, { intent: 'A form to book a table' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.layout, VALID_LAYOUT);
    assert.equal(r.json.repaired, false);
  });

  test('streamed, a nested answer arrives as gated flat text that parses to the same layout as the verdict', async () => {
    up.script({ kind: 'layout', layout: TREE_ANSWER });
    const r = await post(
      `${server.url}/v1/assemble`,
      { intent: 'A form to book a table' },
      { accept: 'text/event-stream' },
    );
    assert.equal(r.status, 200);
    const events = parseSse(r.text);
    const verdict = events.at(-1)!;
    assert.equal(verdict.event, 'verdict');
    assert.deepEqual(verdict.data.layout, TREE_FLAT);
    const text = events
      .filter((e) => e.event === 'chunk')
      .map((e) => e.data.text)
      .join('');
    assert.deepEqual(JSON.parse(text), TREE_FLAT);
    // Nothing of the nested text itself reaches the client: only the flat document Jig made of it.
    assert.doesNotMatch(r.text, /"tree"/);
  });

  test('a nested answer that fails a gate is repaired with issue paths into the tree it wrote', async () => {
    const broken = structuredClone(TREE_ANSWER) as typeof TREE_ANSWER;
    (broken.tree.children[1]! as { props: Record<string, unknown> }).props.action = 'java script:';
    up.script({ kind: 'layout', layout: broken }, { kind: 'layout', layout: TREE_ANSWER });
    up.calls.length = 0;
    const r = await post(`${server.url}/v1/assemble`, { intent: 'A form to book a table' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.repaired, true);
    assert.deepEqual(r.json.layout, TREE_FLAT);
    assert.equal(up.calls.length, 2);
    const second = up.calls[1]!.body.messages as Message[];
    assert.equal(second.at(-2)!.content, JSON.stringify(broken));
    assert.match(second.at(-1)!.content, /\/tree\/children\/1\/props\/action/);
    assert.equal(format(up.calls[1]!.body).json_schema.name, 'jig_layout_tree', 'the repair asks for the same form');
  });

  test("a site's own catalog schema is sent as it is, in the flat form", async () => {
    up.script({ kind: 'layout', layout: VALID_LAYOUT });
    up.calls.length = 0;
    const own = { ...builtinCatalog.jsonSchema(), title: 'a site catalog' };
    const r = await post(`${server.url}/v1/assemble`, { intent: 'x', catalogSchema: own });
    assert.equal(r.status, 200);
    assert.equal(format(up.calls[0]!.body).json_schema.name, 'jig_layout');
    assert.deepEqual(format(up.calls[0]!.body).json_schema.schema, own);
    assert.match((up.calls[0]!.body.messages as Message[])[0]!.content, /"root":id/);
  });
});

describe('JIG_UPSTREAM_FORM', () => {
  test('flat asks for the flat catalog schema; nested is the default; anything else stops the server with what it accepts', async () => {
    assert.equal(readConfig({}).upstreamForm, 'nested');
    assert.equal(readConfig({ JIG_UPSTREAM_FORM: ' Flat ' }).upstreamForm, 'flat');
    assert.throws(
      () => readConfig({ JIG_UPSTREAM_FORM: 'tree' }),
      /JIG_UPSTREAM_FORM must be "nested" or "flat"; received "tree"/,
    );
    assert.deepEqual(layoutAsk({ upstreamForm: 'flat' }), { form: 'flat', schema: builtinCatalog.jsonSchema() });

    const up = await startStandIn();
    const server = await testServer({ JIG_UPSTREAM_URL: up.url, JIG_UPSTREAM_FORM: 'flat' });
    try {
      const r = await post(`${server.url}/v1/assemble`, { intent: 'A form to book a table' });
      assert.equal(r.status, 200);
      assert.deepEqual(format(up.calls[0]!.body).json_schema, {
        name: 'jig_layout',
        schema: builtinCatalog.jsonSchema(),
        strict: false,
      });
    } finally {
      await server.stop();
      await up.close();
    }
  });

  test('the tree schema the upstream gets accepts the nested answer and refuses what the gates refuse', () => {
    const validate = new Ajv2020({ strict: false }).compile(layoutAsk({ upstreamForm: 'nested' }).schema);
    assert.ok(validate(TREE_ANSWER), JSON.stringify(validate.errors?.slice(0, 3)));
    const script = structuredClone(TREE_ANSWER);
    (script.tree.children as unknown[]).push({ type: 'link', props: { text: 'x', href: 'javascript:alert(1)' } });
    assert.equal(validate(script), false);
    const nestedForm = structuredClone(TREE_ANSWER);
    (nestedForm.tree.children[1]!.children as unknown[]).push({ type: 'form', props: { action: 'inner' } });
    assert.equal(validate(nestedForm), false, 'no form inside a form');
    assert.equal(validate(VALID_LAYOUT), false, 'the flat form is not the tree form');
  });
});
