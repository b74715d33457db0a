// The demo's premium fetch against a real Jig server: "no upstream" is learned once and then
// answered by the page (no failed request for the console), and every other failure still reaches the server.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { premiumFetch, RECHECK_MS } from '../../../demo/scenario/premium-fetch.js';
import { startStandIn } from './stand-in.js';
import { get, SITE_AUTH, testServer, type TestServer } from './helpers.js';

const body = JSON.stringify({ intent: 'cancel my appointment' });
const init: RequestInit = { method: 'POST', headers: { 'content-type': 'application/json', ...SITE_AUTH }, body };

/** A fetch that counts what really went over the network. */
function counted() {
  const sent: string[] = [];
  const f: typeof fetch = (input, i) => {
    sent.push(String(input));
    return fetch(input, i);
  };
  return { sent, f };
}

describe('premium fetch (demo)', () => {
  let bare: TestServer;
  before(async () => {
    bare = await testServer();
  });
  after(async () => {
    await bare.stop();
  });

  test('the first 503 no_upstream comes from the server; later escalations get the same code from the page, not the network', async () => {
    const { sent, f } = counted();
    const premium = premiumFetch({ fetch: f, recheck: async () => (await get(`${bare.url}/healthz`)).json.upstream });
    const first = await premium(`${bare.url}/v1/assemble`, init);
    assert.equal(first.status, 503);
    assert.equal((await first.json()).error.code, 'no_upstream');
    assert.equal(first.headers.get('x-jig-answered-by'), null);
    assert.equal(sent.length, 1);
    assert.notEqual(premium.noUpstreamSince, null);
    for (let i = 0; i < 3; i++) {
      const again = await premium(`${bare.url}/v1/assemble`, init);
      assert.equal(again.status, 503);
      const json = await again.json();
      assert.equal(json.error.code, 'no_upstream');
      assert.match(json.error.message, /did not ask again.*JIG_UPSTREAM_URL/);
      assert.equal(again.headers.get('x-jig-answered-by'), 'page');
    }
    assert.equal(sent.length, 1, 'no further request went out');
  });

  test('what /healthz said at start is enough: no request at all when it reports no upstream', async () => {
    const { sent, f } = counted();
    const health = (await get(`${bare.url}/healthz`)).json as { upstream: string };
    assert.equal(health.upstream, 'none');
    const premium = premiumFetch({ fetch: f, upstream: health.upstream, recheck: async () => 'none' });
    assert.equal((await premium(`${bare.url}/v1/assemble`, init)).headers.get('x-jig-answered-by'), 'page');
    assert.equal(sent.length, 0);
  });

  test('after a minute it reads /healthz again, and a server that now has an upstream gets the request', async () => {
    const up = await startStandIn();
    const server = await testServer({ JIG_UPSTREAM_URL: up.url });
    try {
      let t = 1_000_000;
      const { sent, f } = counted();
      let rechecks = 0;
      const premium = premiumFetch({
        fetch: f,
        upstream: 'none',
        now: () => t,
        recheck: async () => {
          rechecks++;
          return (await get(`${server.url}/healthz`)).json.upstream;
        },
      });
      assert.equal((await premium(`${server.url}/v1/assemble`, init)).headers.get('x-jig-answered-by'), 'page');
      assert.equal(rechecks, 0, 'not before the minute is up');
      t += RECHECK_MS;
      const res = await premium(`${server.url}/v1/assemble`, init);
      assert.equal(rechecks, 1);
      assert.equal(res.status, 200);
      assert.ok((await res.json()).layout);
      assert.equal(sent.length, 1);
      assert.equal(premium.noUpstreamSince, null);
    } finally {
      await server.stop();
      await up.close();
    }
  });

  test('any other failure is not remembered: an open circuit (503 upstream_unavailable) is asked about every time', async () => {
    const up = await startStandIn();
    up.script({ kind: 'status', status: 500 });
    const server = await testServer({
      JIG_UPSTREAM_URL: up.url,
      JIG_UPSTREAM_RETRIES: '0',
      JIG_BREAKER_THRESHOLD: '1',
      JIG_RATE_ASSEMBLE_BURST: '1000',
    });
    try {
      const { sent, f } = counted();
      const premium = premiumFetch({ fetch: f, recheck: async () => 'open' });
      assert.equal((await premium(`${server.url}/v1/assemble`, init)).status, 502);
      for (let i = 0; i < 2; i++) {
        const res = await premium(`${server.url}/v1/assemble`, init);
        assert.equal(res.status, 503);
        assert.equal((await res.json()).error.code, 'upstream_unavailable');
        assert.equal(res.headers.get('x-jig-answered-by'), null);
      }
      assert.equal(sent.length, 3);
      assert.equal(premium.noUpstreamSince, null);
    } finally {
      await server.stop();
      await up.close();
    }
  });
});
