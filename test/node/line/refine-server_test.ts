// line.refine against the real Jig server over HTTP (the stand-in as its upstream): the ops come back
// gated by the server, are gated again with the line's own rules, and the trace and events record a patch.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createLine } from '../../../src/line/index.js';
import { createEventLog } from '../../../src/events/log.js';
import type { JigEvent } from '../../../src/events/event.js';
import type { DomainRule } from '../../../src/gates/domain.js';
import type { LayoutDocument } from '../../../src/layout/document.js';
import { SITE_AUTH, testServer, type TestServer } from '../server/helpers.js';
import { startStandIn, type StandIn } from '../server/stand-in.js';

const withSiteToken: typeof fetch = (url, init = {}) =>
  fetch(url, { ...init, headers: { ...(init.headers as Record<string, string>), ...SITE_AUTH } });

const PAGE: LayoutDocument = {
  version: 1,
  root: 'page',
  data: { daily: [{ label: 'Mon', value: 3 }], weekly: [{ label: 'W1', value: 21 }] },
  nodes: [
    { id: 'page', type: 'stack', children: ['title', 'chart'] },
    { id: 'title', type: 'heading', props: { text: 'Shop today', level: 2 } },
    { id: 'chart', type: 'chart', props: { kind: 'bar', title: 'Per day', series: { $data: '/daily' } } },
  ],
};
const WEEKLY = [{ op: 'replace', path: '/nodes/2/props/series', value: { $data: '/weekly' } }];

function refineLine(endpoint: string, rules: DomainRule[] = []) {
  const events: JigEvent[] = [];
  const log = createEventLog({ context: { session: 's' } });
  log.on((e) => events.push(e));
  const line = createLine(
    {
      id: 'refine-line',
      version: 1,
      stations: [
        { kind: 'premium', endpoint, model: 'premium-test-1' },
        { kind: 'fallback', layout: PAGE },
      ],
      prices: { 'premium-test-1': { input: 2.5, output: 10 } },
    },
    { log, fetch: withSiteToken, rules },
  );
  return { line, events };
}

describe('line.refine against the real server', () => {
  let up: StandIn;
  let server: TestServer;
  before(async () => {
    up = await startStandIn();
    server = await testServer({
      JIG_UPSTREAM_URL: up.url,
      JIG_UPSTREAM_BACKOFF_MS: '1',
      JIG_RATE_ASSEMBLE_BURST: '100',
    });
  });
  after(async () => {
    await server.stop();
    await up.close();
  });

  test('answers gated ops and the layout they make; the trace and events record one patch', async () => {
    up.script({ kind: 'layout', text: JSON.stringify({ ops: WEEKLY }) });
    const { line, events } = refineLine(`${server.url}/v1/assemble`);
    const r = await line.refine({ intent: 'make the chart weekly', layout: PAGE });
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual(r.ops, WEEKLY);
    assert.deepEqual(r.layout.nodes[2]!.props!.series, { $data: '/weekly' });
    const steps = r.trace.steps.filter((s) => s.kind === 'patch');
    assert.equal(steps.length, 1);
    assert.deepEqual(
      { station: steps[0]!.station, ops: (steps[0] as { ops: number }).ops, ok: steps[0]!.ok },
      { station: 'premium', ops: 1, ok: true },
    );
    assert.ok(r.costUsd > 0 && r.trace.done);
    const attempted = events.find((e) => e.type === 'station.attempted')!;
    assert.equal(attempted.attrs.operation, 'patch');
    assert.equal(attempted.attrs.ops, 1);
    assert.equal(events.filter((e) => e.type === 'gate.passed').length, 7);
  });

  test("the line's own rules refuse a patch the server's gates passed, with paths into the patch", async () => {
    up.script({
      kind: 'layout',
      text: JSON.stringify({ ops: [{ op: 'replace', path: '/nodes/1/props/text', value: 'Buy crypto now' }] }),
    });
    const noCrypto: DomainRule = {
      name: 'no-crypto',
      check: (layout) =>
        layout.nodes.flatMap((n, i) =>
          JSON.stringify(n.props ?? {}).includes('crypto')
            ? [{ path: `/nodes/${i}/props/text`, message: 'no crypto on this site' }]
            : [],
        ),
    };
    const { line } = refineLine(`${server.url}/v1/assemble`, [noCrypto]);
    const r = await line.refine({ intent: 'sell crypto', layout: PAGE });
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.reason, 'gates_failed');
    assert.ok(
      r.issues?.some((i) => i.path.startsWith('/ops/0/value')),
      JSON.stringify(r.issues),
    );
    assert.equal(r.trace.steps.find((s) => s.kind === 'patch')!.ok, false);
  });

  test('a server without an upstream, or a line without premium, says why', async () => {
    const bare = await testServer({});
    try {
      const r = await refineLine(`${bare.url}/v1/assemble`).line.refine({ intent: 'x', layout: PAGE });
      assert.deepEqual([r.ok, !r.ok && r.reason], [false, 'no_upstream']);
    } finally {
      await bare.stop();
    }
    const cacheOnly = createLine({ id: 'c', version: 1, stations: [{ kind: 'fallback', layout: PAGE }] });
    const r = await cacheOnly.refine({ intent: 'x', layout: PAGE });
    assert.deepEqual([r.ok, !r.ok && r.reason], [false, 'no_premium']);
  });
});
