// POST /v1/gate over real HTTP on 127.0.0.1: any of the three formats in, Jig's verdict out; an
// NDJSON stream in, a gated NDJSON stream out; hostile peer documents refused, each fast.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { post, testServer, type TestServer } from '../server/helpers.js';
import { gardenClub, pantrySpec, v09 } from './corpus.js';

let server: TestServer;
before(async () => {
  server = await testServer();
});
after(async () => {
  await server?.stop();
});

const gate = (body: unknown, query = '', headers: Record<string, string> = {}) =>
  post(`${server.url}/v1/gate${query}`, body, headers);
const jsonl = (msgs: unknown[]) => msgs.map((m) => JSON.stringify(m)).join('\n') + '\n';

describe('POST /v1/gate with one document', () => {
  test('a Jig layout, an A2UI stream (as a JSON array) and a json-render spec are detected and judged', async () => {
    const jig = await gate({ version: 1, root: 'h', nodes: [{ id: 'h', type: 'heading', props: { text: 'Hi' } }] });
    assert.equal(jig.status, 200);
    assert.deepEqual([jig.json.format, jig.json.ok], ['jig', true]);
    const a2ui = await gate(gardenClub);
    assert.deepEqual([a2ui.json.format, a2ui.json.ok, a2ui.json.surfaces.length], ['a2ui', true, 1]);
    assert.equal(a2ui.json.surfaces[0].layout.root, 'root');
    const jr = await gate(pantrySpec, '?format=json-render');
    assert.deepEqual([jr.json.format, jr.json.ok], ['json-render', true]);
    assert.ok(jr.json.layout.nodes.length > 10);
  });

  test('refusals carry codes and paths: a script URL, a regex bomb, a prototype key, a duplicate key', async () => {
    const url = await gate({
      root: 'x',
      elements: { x: { type: 'Link', props: { label: 'x', href: 'javascript:alert(1)' } } },
    });
    assert.deepEqual(
      url.json.issues.map((i: { code: string; path: string }) => [i.code, i.path]),
      [['unsafe_url', '/elements/x']],
    );
    const bomb = await gate(
      v09(
        'x',
        [{ id: 'root', component: 'TextField', label: 'Code', value: { path: '/c' }, validationRegexp: '^(a|aa)+$' }],
        { c: '' },
      ),
    );
    assert.equal(bomb.json.surfaces[0].issues[0].code, 'unsafe_pattern');
    const proto = await gate(
      '{"root":"x","state":{"__proto__":{"admin":true}},"elements":{"x":{"type":"Text","props":{"text":"x"}}}}',
    );
    assert.deepEqual(
      proto.json.issues.map((i: { code: string }) => i.code),
      ['forbidden_key'],
    );
    const dup = await gate('{"root":"x","root":"y","elements":{}}', '?format=json-render');
    assert.deepEqual(
      dup.json.issues.map((i: { code: string }) => i.code),
      ['duplicate_key'],
    );
  });

  test('size and depth bombs: over the body limit is 413; deep nesting is refused as too_deep', async () => {
    const big = await gate({ root: 'x', elements: {}, state: { blob: 'x'.repeat(2 * 1024 * 1024) } });
    assert.equal(big.status, 413);
    const deep = await gate(
      '{"root":"x","elements":' + '['.repeat(10000) + ']'.repeat(10000) + '}',
      '?format=json-render',
    );
    assert.equal(deep.status, 200);
    assert.deepEqual(
      deep.json.issues.map((i: { code: string }) => i.code),
      ['too_deep'],
    );
  });

  test('bad requests: an unknown format, an unknown query parameter, a wrong content type', async () => {
    assert.equal((await gate({}, '?format=xml')).status, 400);
    assert.equal((await gate({}, '?mode=x')).status, 400);
    assert.equal((await gate('{}', '', { 'content-type': 'text/plain' })).status, 415);
    const res = await fetch(`${server.url}/v1/gate`);
    assert.equal(res.status, 405);
  });
});

describe('POST /v1/gate with a stream', () => {
  test('A2UI JSONL in, gated NDJSON out: a verdict once a surface is complete, bad lines named, a summary last', async () => {
    const body =
      [JSON.stringify(gardenClub[0]), '{"broken', JSON.stringify(gardenClub[1]), JSON.stringify(gardenClub[2])].join(
        '\n',
      ) + '\n';
    const res = await fetch(`${server.url}/v1/gate?format=a2ui`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body,
    });
    assert.equal(res.headers.get('content-type'), 'application/x-ndjson; charset=utf-8');
    const out = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(out[0], { line: 1, ok: false, issues: out[0].issues });
    assert.equal(out[0].issues[0].code, 'malformed_line');
    const verdicts = out.filter((o) => o.surfaceId === 'garden');
    assert.ok(verdicts.length >= 1);
    assert.equal(verdicts.at(-1).ok, true, JSON.stringify(verdicts.at(-1).issues));
    const last = out.at(-1);
    assert.deepEqual([last.done, last.ok, last.lines], [true, false, { read: 4, malformed: 1 }]);
  });

  test('a SpecStream in, its verdict out, with a malformed line reported', async () => {
    const body = [
      '{"op":"add","path":"/root","value":"t"}',
      '{"op":"add","path":"/elements/t","value":{"type":"Text","props":{"text":"Hi"}}}',
      '{nope',
    ].join('\n');
    const res = await fetch(`${server.url}/v1/gate`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body,
    });
    const out = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(out[0].issues[0].code, 'malformed_line');
    const last = out.at(-1);
    assert.equal(last.format, 'json-render');
    assert.equal(last.ok, false);
    assert.equal(last.layout, undefined, 'a stream with a bad line gives no layout');
    assert.deepEqual(last.projected, {
      version: 1,
      root: 't',
      nodes: [{ id: 't', type: 'text', props: { text: 'Hi' } }],
    });
  });
});
