// POST /v1/assemble with mode "patch": the premium station answers a request with RFC 6902 ops against
// the layout on screen, gated on the server (one repair); hostile ops never leave it. Real HTTP on 127.0.0.1.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runGates } from '../../../src/gates/run.js';
import { applyPatch } from '../../../src/layout/patch.js';
import { REFINE_MAX_OPS } from '../../../src/server/assemble-patch.js';
import { post, testServer, type TestServer } from './helpers.js';
import { startStandIn, VALID_LAYOUT, type StandIn } from './stand-in.js';

const KEY = 'sk-test-NEVER-SHOW-refine-41c2';

const DASHBOARD = {
  version: 1,
  title: 'Shop today',
  root: 'page',
  data: { daily: [{ label: 'Mon', value: 3 }], weekly: [{ label: 'Week 1', value: 21 }] },
  nodes: [
    { id: 'page', type: 'stack', children: ['title', 'chart'] },
    { id: 'title', type: 'heading', props: { text: 'Shop today', level: 2 } },
    { id: 'chart', type: 'chart', props: { kind: 'bar', title: 'Revenue per day', series: { $data: '/daily' } } },
  ],
};
const WEEKLY = [
  { op: 'replace', path: '/nodes/2/props/series', value: { $data: '/weekly' } },
  { op: 'replace', path: '/nodes/2/props/title', value: 'Revenue per week' },
];
const ops = (list: unknown[]) => ({ kind: 'layout' as const, text: JSON.stringify({ ops: list }) });

describe('POST /v1/assemble, mode "patch"', () => {
  let up: StandIn;
  let server: TestServer;
  const seen: string[] = [];
  const refine = async (body: Record<string, unknown>) => {
    const r = await post(`${server.url}/v1/assemble`, { mode: 'patch', layout: DASHBOARD, ...body });
    seen.push(r.text);
    return r;
  };

  before(async () => {
    up = await startStandIn();
    server = await testServer({
      JIG_UPSTREAM_URL: up.url,
      JIG_UPSTREAM_KEY: KEY,
      JIG_UPSTREAM_BACKOFF_MS: '1',
      JIG_RATE_ASSEMBLE_BURST: '1000',
    });
  });
  after(async () => {
    await server.stop();
    await up.close();
    // The key never reaches a client, whatever the upstream wrote.
    for (const text of seen) assert.ok(!text.includes(KEY), text);
  });

  test('a valid patch comes back as ops and the layout they make, gated, asked as a patch schema', async () => {
    up.script(ops(WEEKLY));
    up.calls.length = 0;
    const r = await refine({ intent: 'make the chart weekly' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.ops, WEEKLY);
    assert.equal(r.json.repaired, false);
    assert.deepEqual(r.json.layout.nodes[2].props, {
      kind: 'bar',
      title: 'Revenue per week',
      series: { $data: '/weekly' },
    });
    assert.ok(runGates(r.json.layout).ok);
    const { body } = up.calls[0]!;
    const format = body.response_format as { json_schema: { name: string; schema: { properties: object } } };
    assert.equal(format.json_schema.name, 'jig_layout_patch');
    assert.deepEqual(Object.keys(format.json_schema.schema.properties), ['ops']);
    const [system, user] = body.messages as { content: string }[];
    assert.match(system!.content, /JSON Patch \(RFC 6902\)/);
    assert.match(system!.content, /"repeat", a JSON Pointer to an array/);
    assert.ok(user!.content.includes(JSON.stringify(DASHBOARD)) && user!.content.includes('make the chart weekly'));
  });

  test('a patch that fails the gates is repaired once, with the issues pointing into the patch', async () => {
    const unknown = [{ op: 'replace', path: '/nodes/2/props/kind', value: 'radar' }];
    up.script(ops(unknown), ops(WEEKLY));
    up.calls.length = 0;
    const r = await refine({ intent: 'make the chart weekly' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.repaired, true);
    assert.deepEqual(r.json.ops, WEEKLY);
    assert.equal(up.calls.length, 2);
    const repair = (up.calls[1]!.body.messages as { role: string; content: string }[]).at(-1)!;
    assert.equal(repair.role, 'user');
    assert.match(repair.content, /\/ops\/0\/value/);
    assert.equal(r.json.usage.inputTokens, 240);
  });

  for (const [name, bad, code] of [
    [
      'a javascript: link',
      [
        {
          op: 'add',
          path: '/nodes/-',
          value: { id: 'help', type: 'link', props: { text: 'Help', href: 'javascript:alert(1)' } },
        },
        { op: 'add', path: '/nodes/0/children/-', value: 'help' },
      ],
      'unsafe_url',
    ],
    ['a __proto__ path', [{ op: 'add', path: '/nodes/0/__proto__/polluted', value: true }], 'forbidden_segment'],
    [
      'too many ops',
      Array.from({ length: REFINE_MAX_OPS + 1 }, () => ({ op: 'replace', path: '/title', value: 'x' })),
      'too_many_ops',
    ],
    ['a patch that breaks the graph', [{ op: 'add', path: '/nodes/0/children/-', value: 'page' }], undefined],
  ] as const) {
    test(`a hostile patch is refused after the repair: ${name}`, async () => {
      up.script(ops(bad as unknown as unknown[]));
      up.calls.length = 0;
      const r = await refine({ intent: 'add a help link' });
      assert.equal(r.status, 422, r.text);
      assert.equal(r.json.error.code, 'patch_invalid');
      assert.equal(r.json.ops, null);
      assert.equal(r.json.layout, null);
      assert.equal(up.calls.length, 2);
      if (code)
        assert.ok(
          r.json.issues.some((i: { code: string }) => i.code === code),
          r.text,
        );
      // Issues in what the patch wrote point into the patch; others keep their document path.
      assert.ok(
        r.json.issues.some((i: { path: string }) => /^\/ops(\/|$)/.test(i.path)),
        r.text,
      );
      assert.ok(!r.text.includes('javascript:') && !r.text.includes('polluted'));
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    });
  }

  test('prose or a whole layout instead of ops is repaired, then refused', async () => {
    up.script(
      { kind: 'layout', text: 'Sure! I made the chart weekly for you.' },
      { kind: 'layout', layout: VALID_LAYOUT },
    );
    const r = await refine({ intent: 'make the chart weekly' });
    assert.equal(r.status, 422);
    assert.equal(r.json.issues[0].code, 'bad_patch');
    assert.ok(!r.text.includes('Sure!'));
  });

  test('the body says what it needs: a layout for a patch, a valid one, and mode "patch" with a layout', async () => {
    up.calls.length = 0;
    const noLayout = await post(`${server.url}/v1/assemble`, { intent: 'x', mode: 'patch' });
    assert.equal(noLayout.status, 400);
    assert.equal(noLayout.json.error.path, '/layout');
    const noMode = await post(`${server.url}/v1/assemble`, { intent: 'x', layout: DASHBOARD });
    assert.equal(noMode.status, 400);
    assert.equal(noMode.json.error.path, '/mode');
    const broken = await refine({ intent: 'x', layout: { ...DASHBOARD, root: 'nowhere' } });
    assert.equal(broken.status, 400);
    assert.match(broken.json.error.path, /^\/layout/);
    assert.equal(up.calls.length, 0, 'no upstream call for a body that does not fit');
  });

  test('an upstream that echoes the key has it redacted from the answer', async () => {
    up.script(ops([{ op: 'replace', path: '/nodes/1/props/text', value: `key ${KEY}` }]));
    const r = await refine({ intent: 'put the key in the title' });
    assert.equal(r.status, 200);
    assert.ok(!r.text.includes(KEY));
    assert.match(r.text, /\[redacted\]/);
    // The ops as answered still apply to the page's copy.
    assert.ok(applyPatch(DASHBOARD, r.json.ops).ok);
  });

  test('without an upstream a refine answers 503 no_upstream', async () => {
    const bare = await testServer({});
    try {
      const r = await post(`${bare.url}/v1/assemble`, { intent: 'x', mode: 'patch', layout: DASHBOARD });
      assert.equal(r.status, 503);
      assert.equal(r.json.error.code, 'no_upstream');
    } finally {
      await bare.stop();
    }
  });
});
