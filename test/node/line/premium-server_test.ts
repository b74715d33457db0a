// The line's premium station against the real Jig server (src/server) over HTTP, with the
// server tests' stand-in for the paid upstream: the wire format the line speaks is the server's.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createLine, type LineResult } from '../../../src/line/index.js';
import { createEventLog } from '../../../src/events/log.js';
import type { JigEvent } from '../../../src/events/event.js';
import { SITE_AUTH, testServer, type TestServer } from '../server/helpers.js';
import { INVALID_LAYOUT, VALID_LAYOUT, startStandIn, type StandIn } from '../server/stand-in.js';

const FALLBACK = {
  version: 1,
  root: 'c',
  nodes: [{ id: 'c', type: 'callout', props: { text: 'Not available right now.' } }],
};

/** Node has no Origin to send: the line calls the premium station as a server would, with a site token. */
const withSiteToken: typeof fetch = (url, init = {}) =>
  fetch(url, { ...init, headers: { ...(init.headers as Record<string, string>), ...SITE_AUTH } });

function premiumLine(endpoint: string, stream = true) {
  const events: JigEvent[] = [];
  const log = createEventLog({ context: { session: 's' } });
  log.on((e) => events.push(e));
  const line = createLine(
    {
      id: 'node-line',
      version: 3,
      stations: [
        { kind: 'premium', endpoint, model: 'premium-test-1', stream },
        { kind: 'fallback', layout: FALLBACK },
      ],
      prices: { 'premium-test-1': { input: 2.5, output: 10 } },
    },
    { log, fetch: withSiteToken },
  );
  return { line, events };
}

async function run(line: ReturnType<typeof premiumLine>['line'], intent: string) {
  const texts: string[] = [];
  const reading: Promise<void>[] = [];
  const assembly = line.assemble({ intent });
  for await (const event of assembly) {
    if (event.kind !== 'attempt') continue;
    const i = texts.push('') - 1;
    reading.push(
      (async () => {
        for await (const c of event.text) texts[i] += c;
      })(),
    );
  }
  const r: LineResult = await assembly;
  await Promise.all(reading);
  return { r, texts };
}

describe('the premium station against the real server', () => {
  let up: StandIn;
  let server: TestServer;
  let bare: TestServer;
  before(async () => {
    up = await startStandIn();
    server = await testServer({
      JIG_UPSTREAM_URL: up.url,
      JIG_UPSTREAM_MODEL: 'premium-test-1',
      JIG_UPSTREAM_KEY: 'k',
      JIG_UPSTREAM_BACKOFF_MS: '1',
      JIG_RATE_ASSEMBLE_BURST: '1000',
    });
    bare = await testServer({ JIG_UPSTREAM_URL: undefined });
  });
  after(async () => {
    await server.stop();
    await bare.stop();
    await up.close();
  });

  test('SSE: the layout streams through the line and is priced from the upstream usage', async () => {
    up.script({ kind: 'layout' });
    const { line, events } = premiumLine(`${server.url}/v1/assemble`);
    const { r, texts } = await run(line, 'A form to book a table');
    assert.equal(r.station, 'premium');
    assert.deepEqual(r.layout, VALID_LAYOUT);
    assert.deepEqual(JSON.parse(texts.join('')), VALID_LAYOUT);
    const attempt = events.find((e) => e.type === 'station.attempted')!;
    assert.equal(attempt.attrs.model, 'premium-test-1');
    assert.equal(attempt.attrs.tokensIn, 120);
    assert.ok(r.costUsd > 0);
    assert.equal(r.costUsd, attempt.attrs.cost);
  });

  test('JSON: the same answer without streaming', async () => {
    up.script({ kind: 'layout' });
    const { line } = premiumLine(`${server.url}/v1/assemble`, false);
    const { r, texts } = await run(line, 'A form to book a table');
    assert.equal(r.station, 'premium');
    assert.deepEqual(JSON.parse(texts[0]!), VALID_LAYOUT);
  });

  test("the server's own repair shows as a repair step and a second attempt stream", async () => {
    up.script({ kind: 'layout', layout: INVALID_LAYOUT }, { kind: 'layout' });
    const { line, events } = premiumLine(`${server.url}/v1/assemble`);
    const { r, texts } = await run(line, 'A form to book a table');
    assert.equal(r.station, 'premium');
    assert.equal(texts.length, 2);
    assert.deepEqual(JSON.parse(texts[1]!), VALID_LAYOUT);
    assert.ok(r.trace.steps.some((s) => s.kind === 'repair' && s.station === 'premium'));
    assert.equal(events.filter((e) => e.type === 'repair.attempted').length, 1);
  });

  test("a layout still invalid after the server's repair (422) ends at the fallback with its issues", async () => {
    up.script({ kind: 'layout', layout: INVALID_LAYOUT });
    const { line, events } = premiumLine(`${server.url}/v1/assemble`);
    const { r } = await run(line, 'A form to book a table');
    assert.equal(r.station, 'fallback');
    assert.equal(events.find((e) => e.type === 'station.failed')!.attrs.code, 'layout_invalid');
    const attempt = r.trace.steps.find((s) => s.kind === 'attempt')!;
    assert.ok(attempt.kind === 'attempt' && attempt.issues?.some((i) => i.code === 'unknown_type'));
  });

  test('no upstream configured (503 no_upstream) ends at the fallback', async () => {
    const { line, events } = premiumLine(`${bare.url}/v1/assemble`);
    const { r } = await run(line, 'A form to book a table');
    assert.equal(r.fallback, true);
    assert.equal(events.find((e) => e.type === 'station.failed')!.attrs.code, 'no_upstream');
    assert.match(r.reason ?? '', /JIG_UPSTREAM_URL/);
  });
});
