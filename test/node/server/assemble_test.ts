import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { builtinCatalog } from '../../../src/catalog/builtin.js';
import { treeJsonSchema } from '../../../src/catalog/tree-constraints.js';
import { chatCompletionsUrl } from '../../../src/server/index.js';
import { INVALID_LAYOUT, startStandIn, VALID_LAYOUT, type StandIn } from './stand-in.js';
import { get, parseSse, post, testServer, type TestServer } from './helpers.js';

const KEY = 'sk-test-NEVER-SHOW-7f3a9c';

describe('POST /v1/assemble', () => {
  let up: StandIn;
  let server: TestServer;
  const seen: string[] = [];
  const call = async (body: unknown, headers: Record<string, string> = {}) => {
    const r = await post(`${server.url}/v1/assemble`, body, headers);
    seen.push(r.text, JSON.stringify([...r.headers]));
    return r;
  };

  before(async () => {
    up = await startStandIn();
    server = await testServer({
      JIG_UPSTREAM_URL: up.url,
      JIG_UPSTREAM_MODEL: 'premium-test-1',
      JIG_UPSTREAM_KEY: KEY,
      JIG_UPSTREAM_BACKOFF_MS: '1',
      JIG_RATE_ASSEMBLE_BURST: '1000',
    });
  });
  after(async () => {
    await server.stop();
    await up.close();
  });

  test('a valid upstream layout comes back checked, with model and usage, not repaired', async () => {
    up.script({ kind: 'layout' });
    up.calls.length = 0;
    const r = await call({ intent: 'A form to book a table', context: { restaurant: 'Chez Jig' } });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.layout, VALID_LAYOUT);
    assert.equal(r.json.model, 'premium-test-1');
    assert.equal(r.json.repaired, false);
    assert.equal(r.json.usage.inputTokens, 120);
    assert.ok(r.json.usage.outputTokens > 0);
    assert.equal(up.calls.length, 1);
  });

  test('the upstream request carries the model, the key, the catalog schema as response format and the prompt', async () => {
    up.calls.length = 0;
    await call({ intent: 'A form to book a table', context: { restaurant: 'Chez Jig' } });
    const { headers, body } = up.calls[0]!;
    assert.equal(headers.authorization, `Bearer ${KEY}`);
    assert.equal(body.model, 'premium-test-1');
    // The built-in catalog is asked for in the nested form (test/node/server/upstream_test.ts).
    assert.deepEqual(body.response_format, {
      type: 'json_schema',
      json_schema: {
        name: 'jig_layout_tree',
        schema: treeJsonSchema(builtinCatalog, { maxText: 2000 }),
        strict: false,
      },
    });
    const messages = body.messages as Array<{ role: string; content: string }>;
    assert.equal(messages[0]!.role, 'system');
    assert.ok(messages[0]!.content.includes(builtinCatalog.prompt()));
    assert.match(messages[1]!.content, /A form to book a table/);
    assert.match(messages[1]!.content, /Chez Jig/);
  });

  test('an invalid layout is repaired once with the gate issues, and the answer says repaired', async () => {
    up.script({ kind: 'layout', layout: INVALID_LAYOUT }, { kind: 'layout' });
    up.calls.length = 0;
    const r = await call({ intent: 'book a table' });
    assert.equal(r.status, 200);
    assert.equal(r.json.repaired, true);
    assert.deepEqual(r.json.layout, VALID_LAYOUT);
    assert.equal(up.calls.length, 2);
    const second = up.calls[1]!.body.messages as Array<{ role: string; content: string }>;
    assert.equal(second.at(-2)!.role, 'assistant');
    assert.equal(second.at(-2)!.content, JSON.stringify(INVALID_LAYOUT));
    assert.match(second.at(-1)!.content, /unknown_type/);
    assert.equal(r.json.usage.inputTokens, 240, 'usage sums both calls');
  });

  test('a layout still invalid after the repair answers 422 with the issues', async () => {
    up.script({ kind: 'layout', layout: INVALID_LAYOUT });
    up.calls.length = 0;
    const r = await call({ intent: 'book a table' });
    assert.equal(r.status, 422);
    assert.equal(r.json.error.code, 'layout_invalid');
    assert.equal(r.json.repaired, true);
    assert.ok(r.json.issues.some((i: { code: string }) => i.code === 'unknown_type'));
    assert.equal(up.calls.length, 2, 'exactly one repair');
    up.script({ kind: 'layout' });
  });

  test('an escalation sends the failed attempt and its repair prompt to the upstream', async () => {
    up.calls.length = 0;
    const issues = [
      { gate: 'catalog', code: 'unknown_type', path: '/nodes/0/type', message: 'marquee is not in the catalog' },
    ];
    const r = await call({ intent: 'book a table', failed: { layout: INVALID_LAYOUT, issues } });
    assert.equal(r.status, 200);
    const messages = up.calls[0]!.body.messages as Array<{ role: string; content: string }>;
    assert.equal(messages.length, 4);
    assert.equal(messages[2]!.content, JSON.stringify(INVALID_LAYOUT));
    assert.match(messages[3]!.content, /marquee is not in the catalog/);
  });

  test('with Accept: text/event-stream the gated layout streams as chunk events, then a verdict with the same JSON', async () => {
    up.script({ kind: 'layout', layout: INVALID_LAYOUT }, { kind: 'layout' });
    const r = await call({ intent: 'book a table' }, { accept: 'text/event-stream' });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type')!, /text\/event-stream/);
    const events = parseSse(r.text);
    const chunks = events.filter((e) => e.event === 'chunk');
    assert.ok(chunks.length > 2, 'several chunks');
    // The first attempt's one node fails its gates: only the members before it were sent, never the node.
    assert.equal(
      chunks
        .filter((c) => c.data.attempt === 1)
        .map((c) => c.data.text)
        .join(''),
      '{"version":1,"root":"page"',
    );
    assert.deepEqual(
      JSON.parse(
        chunks
          .filter((c) => c.data.attempt === 2)
          .map((c) => c.data.text)
          .join(''),
      ),
      VALID_LAYOUT,
    );
    assert.ok(events.some((e) => e.event === 'repair' && e.data.issues.length > 0));
    const verdict = events.at(-1)!;
    assert.equal(verdict.event, 'verdict');
    assert.deepEqual(verdict.data, {
      layout: VALID_LAYOUT,
      model: 'premium-test-1',
      usage: { inputTokens: 240, outputTokens: verdict.data.usage.outputTokens },
      repaired: true,
    });
    assert.equal(up.calls.at(-1)!.body.stream, true);
  });

  test('an upstream that answers plain JSON to a streaming request still streams the layout and the verdict', async () => {
    up.script({ kind: 'layout', noStream: true });
    const r = await call({ intent: 'book a table' }, { accept: 'text/event-stream' });
    const events = parseSse(r.text);
    assert.equal(events.at(-1)!.event, 'verdict');
    assert.deepEqual(
      JSON.parse(
        events
          .filter((e) => e.event === 'chunk')
          .map((e) => e.data.text)
          .join(''),
      ),
      VALID_LAYOUT,
    );
    assert.deepEqual(events.at(-1)!.data.layout, VALID_LAYOUT);
    up.script({ kind: 'layout' });
  });

  test('errors before the stream begins answer as plain JSON with their status', async () => {
    const r = await call({ intent: 'x', catalogSchema: 'deadbeef' }, { accept: 'text/event-stream' });
    assert.equal(r.status, 400);
    assert.match(r.headers.get('content-type')!, /application\/json/);
    assert.equal(r.json.error.code, 'unknown_catalog');
  });

  test('an upstream that stops mid-stream ends the SSE with an error verdict, not a hang', async () => {
    const slow = await testServer({ JIG_UPSTREAM_URL: up.url, JIG_UPSTREAM_KEY: KEY, JIG_UPSTREAM_TIMEOUT_MS: '1500' });
    try {
      up.script({ kind: 'stall' });
      const r = await post(`${slow.url}/v1/assemble`, { intent: 'x' }, { accept: 'text/event-stream' });
      seen.push(r.text);
      const events = parseSse(r.text);
      assert.ok(events.some((e) => e.event === 'chunk'));
      assert.equal(events.at(-1)!.event, 'verdict');
      assert.equal(events.at(-1)!.data.error.code, 'upstream_timeout');
    } finally {
      up.script({ kind: 'layout' });
      await slow.stop();
    }
  });

  test('catalogSchema may be the built-in hash or a schema object; an unknown hash is 400 unknown_catalog', async () => {
    up.calls.length = 0;
    assert.equal((await call({ intent: 'x', catalogSchema: builtinCatalog.hash() })).status, 200);
    const narrowed = { ...builtinCatalog.jsonSchema(), title: 'narrowed' };
    assert.equal((await call({ intent: 'x', catalogSchema: narrowed })).status, 200);
    assert.equal((up.calls.at(-1)!.body.response_format as any).json_schema.schema.title, 'narrowed');
    const r = await call({ intent: 'x', catalogSchema: 'deadbeef' });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.code, 'unknown_catalog');
  });

  test('a body without an intent, or with unknown fields, is 400 bad_request', async () => {
    for (const body of [
      {},
      { intent: '' },
      { intent: 3 },
      { intent: 'x', extra: 1 },
      [1],
      { intent: 'x', failed: { layout: {}, issues: 'no' } },
    ]) {
      const r = await call(body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.json.error.code, 'bad_request');
      assert.equal(typeof r.json.error.message, 'string');
    }
  });

  test('a 400 names the JSON Pointer of the field at fault and what was expected there', async () => {
    const cases: Array<[unknown, string, RegExp]> = [
      [{}, '/intent', /is missing/],
      [{ intent: ' ' }, '/intent', /non-empty string/],
      [
        { intent: 'x', extra: 1 },
        '/extra',
        /unknown field "extra"; expected intent, context, line, catalogSchema, failed/,
      ],
      [{ intent: 'x', line: 5 }, '/line', /line id/],
      [
        { intent: 'x', failed: { layout: {}, issues: [{ gate: 'catalog', code: 'c', path: '', message: 7 }] } },
        '/failed/issues/0/message',
        /string of at most 2000/,
      ],
      [{ intent: 'x'.repeat(8001) }, '/intent', /8000/],
      [[1], '', /expected a JSON object/],
    ];
    for (const [body, path, message] of cases) {
      const r = await call(body);
      assert.equal(r.json.error.code, 'bad_request', JSON.stringify(body).slice(0, 80));
      assert.equal(r.json.error.path, path, JSON.stringify(body).slice(0, 80));
      assert.match(r.json.error.message, message);
    }
  });

  test('the upstream key never appears in a response, a log line or the database', async () => {
    // An upstream that echoes the Authorization header back, in an error and in its text.
    up.script({ kind: 'echo-auth', status: 401 });
    const refused = await call({ intent: 'x' });
    assert.equal(refused.status, 502);
    up.script({ kind: 'echo-auth', status: 200 });
    const echoed = await call({ intent: 'x' });
    assert.equal(echoed.status, 422);
    up.script({ kind: 'echo-auth', status: 500 });
    assert.equal((await call({ intent: 'x' })).status, 502);
    up.script({ kind: 'layout' });
    assert.ok(
      up.calls.some((c) => c.headers.authorization === `Bearer ${KEY}`),
      'the key did reach the upstream',
    );
    seen.push((await get(`${server.url}/healthz`)).text);
    for (const text of seen)
      assert.ok(!text.includes(KEY) && !text.includes('NEVER-SHOW'), `leaked in ${text.slice(0, 200)}`);
    assert.ok(server.logs.length > 5);
    for (const line of server.logs) assert.ok(!JSON.stringify(line).includes('NEVER-SHOW'));
    for (const f of readdirSync(server.dir))
      assert.ok(!readFileSync(join(server.dir, f)).includes('NEVER-SHOW'), `leaked in ${f}`);
  });

  test('an upstream text that echoes the key fails the gates and the 422 body does not repeat it', async () => {
    up.script({ kind: 'echo-auth', status: 200 });
    const r = await call({ intent: 'x' });
    assert.equal(r.status, 422);
    assert.ok(!r.text.includes('NEVER-SHOW'));
    up.script({ kind: 'layout' });
  });
});

describe('assemble without an upstream', () => {
  test('answers 503 no_upstream with a message', async () => {
    const server = await testServer({ JIG_UPSTREAM_URL: undefined });
    try {
      const r = await post(`${server.url}/v1/assemble`, { intent: 'x' });
      assert.equal(r.status, 503);
      assert.equal(r.json.error.code, 'no_upstream');
      assert.match(r.json.error.message, /JIG_UPSTREAM_URL/);
    } finally {
      await server.stop();
    }
  });
});

describe('upstream configuration', () => {
  test('a JIG_UPSTREAM_URL that is not an http(s) URL stops the server from starting, with the reason', async () => {
    await assert.rejects(
      testServer({ JIG_UPSTREAM_URL: 'api.example.com' }),
      /JIG_UPSTREAM_URL must be an http\(s\) URL/,
    );
  });
});

describe('chatCompletionsUrl', () => {
  test('accepts a base URL, a /v1 base URL or the full chat completions URL', () => {
    assert.equal(chatCompletionsUrl('http://127.0.0.1:9000'), 'http://127.0.0.1:9000/v1/chat/completions');
    assert.equal(chatCompletionsUrl('https://api.example.com/v1/'), 'https://api.example.com/v1/chat/completions');
    assert.equal(
      chatCompletionsUrl('https://api.example.com/openai/v1/chat/completions'),
      'https://api.example.com/openai/v1/chat/completions',
    );
  });
});
