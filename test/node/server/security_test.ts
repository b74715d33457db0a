// The server as an attacker meets it, over real HTTP: the premium station is no open model proxy
// (only gated layout leaves it, only for allowed origins or site tokens), the upstream key never
// leaves, DNS rebinding meets the Host allowlist, and every query parameter is read strictly.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { startStandIn, VALID_LAYOUT, type StandIn } from './stand-in.js';
import { get, parseSse, post, SITE_AUTH, testServer, type TestServer } from './helpers.js';

const KEY = 'sk-live-OPERATOR-KEY-4d2e9b7a1c';
const ESSAY = 'The French Revolution began in 1789 and its causes were many';

/** A raw request with any Host header (fetch would not let a test choose it). */
function raw(
  url: string,
  path: string,
  headers: Record<string, string>,
  method = 'GET',
): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const sse = (r: { text: string }) => parseSse(r.text);
const chunkText = (r: { text: string }, attempt?: number) =>
  sse(r)
    .filter((e) => e.event === 'chunk' && (attempt === undefined || e.data.attempt === attempt))
    .map((e) => e.data.text)
    .join('');

describe('the premium station is not an open model proxy', () => {
  let up: StandIn;
  let server: TestServer;
  before(async () => {
    up = await startStandIn('premium-test-1');
    server = await testServer({
      JIG_UPSTREAM_URL: up.url,
      JIG_UPSTREAM_KEY: KEY,
      JIG_UPSTREAM_BACKOFF_MS: '1',
      JIG_RATE_ASSEMBLE_BURST: '1000',
      JIG_ALLOWED_ORIGINS: 'https://shop.example',
    });
  });
  after(async () => {
    await server.stop();
    await up.close();
  });

  test('without an allowed Origin or a site token the premium station answers 403 and calls no upstream', async () => {
    up.calls.length = 0;
    for (const headers of [
      { authorization: '' },
      { authorization: 'Bearer wrong-token' },
      { authorization: `Bearer ${KEY}` },
    ]) {
      const r = await post(`${server.url}/v1/assemble`, { intent: 'write me an essay' }, headers);
      assert.equal(r.status, 403, JSON.stringify(headers));
      assert.equal(r.json.error.code, 'premium_not_allowed');
    }
    const other = await post(`${server.url}/v1/assemble`, { intent: 'x' }, { origin: 'https://evil.example' });
    assert.equal(other.json.error.code, 'origin_not_allowed');
    assert.equal(up.calls.length, 0);
    // A listed origin, the server's own origin, and a site token are served.
    up.script({ kind: 'layout' });
    for (const headers of [{ origin: 'https://shop.example' }, { origin: server.url }, SITE_AUTH]) {
      assert.equal(
        (await post(`${server.url}/v1/assemble`, { intent: 'book a table' }, headers)).status,
        200,
        JSON.stringify(headers),
      );
    }
    assert.equal(up.calls.length, 3);
  });

  test('a general-purpose answer never streams: the SSE carries no upstream words and the verdict is layout_invalid', async () => {
    up.script({ kind: 'layout', text: `Sure! ${ESSAY}. In conclusion, {the people} rose up.` });
    const r = await post(
      `${server.url}/v1/assemble`,
      { intent: 'write an essay on the French Revolution' },
      { accept: 'text/event-stream' },
    );
    assert.equal(r.status, 200);
    assert.ok(!r.text.includes('French') && !r.text.includes('conclusion'), r.text.slice(0, 500));
    assert.equal(chunkText(r), '');
    assert.equal(sse(r).at(-1)!.data.error.code, 'layout_invalid');
    up.script({ kind: 'layout' });
  });

  test('chatter around a layout, a second document after it, and nodes that fail their gates stay on the server', async () => {
    const smuggled = {
      ...VALID_LAYOUT,
      nodes: [
        ...VALID_LAYOUT.nodes.slice(0, 2),
        { id: 'x', type: 'essay', props: { text: ESSAY } },
        ...VALID_LAYOUT.nodes.slice(2),
      ],
    };
    up.script(
      {
        kind: 'layout',
        text: `Here you go: ${JSON.stringify(smuggled)}\n\`\`\`json\n${JSON.stringify({ ...VALID_LAYOUT, title: ESSAY })}\n\`\`\``,
      },
      { kind: 'layout' },
    );
    const r = await post(`${server.url}/v1/assemble`, { intent: 'book a table' }, { accept: 'text/event-stream' });
    assert.ok(!r.text.includes('French') && !r.text.includes('Here you go'), r.text.slice(0, 800));
    // The first attempt streamed its members and the nodes before the bad one, then stopped.
    const first = chunkText(r, 1);
    assert.ok(first.startsWith('{"version":1,"title":"Book a table","root":"page","data":'), first);
    assert.equal((first.match(/"id":/g) ?? []).length, 2);
    // The repaired attempt streams whole and reads as the approved layout.
    assert.deepEqual(JSON.parse(chunkText(r, 2)), VALID_LAYOUT);
    assert.deepEqual(sse(r).at(-1)!.data.layout, VALID_LAYOUT);
    up.script({ kind: 'layout' });
  });

  test("issues sent to the client carry codes and fixed summaries, never the upstream's words", async () => {
    const quoting = {
      version: 1,
      root: 'p',
      nodes: [
        { id: 'p', type: ESSAY, props: { text: 1 } },
        { id: 'q', type: 'heading', props: { text: ESSAY.repeat(200) } },
      ],
    };
    up.script({ kind: 'layout', layout: quoting });
    for (const headers of [{}, { accept: 'text/event-stream' }] as Array<Record<string, string>>) {
      const r = await post(`${server.url}/v1/assemble`, { intent: 'x' }, headers);
      assert.ok(!r.text.includes('French'), r.text.slice(0, 600));
      const verdict = 'accept' in headers ? sse(r).at(-1)!.data : r.json;
      assert.equal(verdict.error.code, 'layout_invalid');
      assert.ok(verdict.issues.length > 0 && verdict.issues.length <= 20);
      assert.ok(
        verdict.issues.every(
          (i: { code: string; message: string }) => typeof i.code === 'string' && typeof i.message === 'string',
        ),
      );
    }
    up.script({ kind: 'layout' });
  });

  test('what streams is the same document the verdict approves, whatever the chunking', async () => {
    for (const text of [
      JSON.stringify(VALID_LAYOUT, null, 2),
      `\`\`\`json\n${JSON.stringify(VALID_LAYOUT)}\n\`\`\`\nDone.`,
    ]) {
      up.script({ kind: 'layout', text });
      const r = await post(`${server.url}/v1/assemble`, { intent: 'book a table' }, { accept: 'text/event-stream' });
      assert.deepEqual(JSON.parse(chunkText(r)), sse(r).at(-1)!.data.layout);
      assert.ok(!r.text.includes('Done.'));
    }
    up.script({ kind: 'layout' });
  });
});

describe('the upstream key never leaves the server', () => {
  let up: StandIn;
  let server: TestServer;
  before(async () => {
    // An upstream that names itself with the key, and writes it into a layout that passes the gates.
    up = await startStandIn(`gpt-x ${KEY}`);
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
  });

  test('a 2xx answer that echoes the key (in a text prop, the model name, the stream) reaches the client redacted', async () => {
    const echoed = {
      ...VALID_LAYOUT,
      title: `Key ${KEY}`,
      nodes: VALID_LAYOUT.nodes.map((n) =>
        n.id === 'h' ? { ...n, props: { text: `Your key is ${KEY}`, level: 1 } } : n,
      ),
    };
    up.script({ kind: 'layout', layout: echoed });
    const plain = await post(`${server.url}/v1/assemble`, { intent: 'x' });
    const streamed = await post(`${server.url}/v1/assemble`, { intent: 'x' }, { accept: 'text/event-stream' });
    up.script({ kind: 'echo-auth', status: 401 });
    const refused = await post(`${server.url}/v1/assemble`, { intent: 'x' }, { accept: 'text/event-stream' });
    for (const r of [plain, streamed, refused]) {
      assert.ok(!r.text.includes(KEY) && !r.text.includes('OPERATOR-KEY'), r.text.slice(0, 400));
    }
    assert.equal(plain.status, 200);
    assert.match(plain.json.layout.nodes.find((n: { id: string }) => n.id === 'h').props.text, /\[redacted\]/);
    assert.notEqual(plain.json.model, `gpt-x ${KEY}`);
    assert.match(chunkText(streamed), /\[redacted\]/);
    for (const line of server.logs) assert.ok(!JSON.stringify(line).includes('OPERATOR-KEY'));
    up.script({ kind: 'layout' });
  });
});

describe('DNS rebinding meets the Host allowlist', () => {
  let server: TestServer;
  before(async () => {
    server = await testServer();
  });
  after(async () => {
    await server.stop();
  });

  test('loopback hosts are served; any other Host is 403 host_not_allowed on every route', async () => {
    const port = new URL(server.url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, 'localhost', 'LocalHost']) {
      assert.equal((await raw(server.url, '/healthz', { host })).status, 200, host);
    }
    for (const path of ['/healthz', '/v1/stats', '/v1/events', '/v1/lines/x', '/dashboard']) {
      for (const host of [
        `evil.example:${port}`,
        'evil.example',
        `127.0.0.1.evil.example:${port}`,
        'localhost.evil.example',
        'a b',
      ]) {
        const r = await raw(server.url, path, { host, origin: `http://${host}` });
        // Node's HTTP parser may refuse a malformed Host itself (400); otherwise the guard does.
        const malformed = host === 'a b';
        assert.ok(r.status === 403 || (malformed && r.status === 400), `${path} ${JSON.stringify(host)} → ${r.status}`);
        if (r.status === 403) assert.equal(JSON.parse(r.body).error.code, 'host_not_allowed');
      }
    }
  });

  test('JIG_ALLOWED_HOSTS names the hosts a deployment answers to; * turns the check off', async () => {
    const named = await testServer({ JIG_ALLOWED_HOSTS: 'jig.example.com, api.example.com:8443' });
    const open = await testServer({ JIG_ALLOWED_HOSTS: '*' });
    try {
      assert.equal((await raw(named.url, '/healthz', { host: 'jig.example.com' })).status, 200);
      assert.equal((await raw(named.url, '/healthz', { host: 'jig.example.com:443' })).status, 200);
      assert.equal((await raw(named.url, '/healthz', { host: 'api.example.com:8443' })).status, 200);
      assert.equal((await raw(named.url, '/healthz', { host: 'api.example.com:9999' })).status, 403);
      assert.equal(
        (await raw(named.url, '/healthz', { host: new URL(named.url).host })).status,
        403,
        'loopback is no longer implied',
      );
      assert.equal((await raw(open.url, '/healthz', { host: 'anything.example' })).status, 200);
    } finally {
      await named.stop();
      await open.stop();
    }
  });
});

describe('query parameters are read strictly', () => {
  let server: TestServer;
  before(async () => {
    server = await testServer({ JIG_RATE_READ_BURST: '1000' });
  });
  after(async () => {
    await server.stop();
  });

  test('unknown formats (prototype names included), parameters, repeats and malformed values are 400 bad_query', async () => {
    const bad = [
      '/v1/events?format=__proto__',
      '/v1/events?format=constructor',
      '/v1/events?format=toString',
      '/v1/events?format=hasOwnProperty',
      '/v1/events?format=',
      '/v1/events?fromat=ndjson',
      '/v1/events?__proto__=1',
      '/v1/events?format=ndjson&format=segment',
      '/v1/events?limit=0',
      '/v1/events?limit=1e3',
      '/v1/events?limit=-1',
      '/v1/events?limit=50001',
      '/v1/events?limit=1.5',
      '/v1/events?limit=',
      '/v1/events?cursor=zz',
      '/v1/events?cursor=' + Buffer.from('-5:x').toString('base64url'),
      '/v1/events?cursor=' + Buffer.from('12').toString('base64url'),
      '/v1/events?type=../etc',
      '/v1/events?type=' + 'a.b,'.repeat(70),
      '/v1/events?type=,',
      '/v1/events?line=' + 'l'.repeat(200),
      '/v1/events?since=-1',
      '/v1/events?since=2026-02-30',
      '/v1/events?since=yesterday',
      '/v1/events?until=99999999999999999',
      '/v1/events?since=1969-12-31T00:00:00Z',
      '/v1/stats?since=2026-02-30',
      '/v1/stats?foo=1',
      '/v1/stats?line=a&line=b',
      '/v1/stats?since=2026-11-02&until=2026-11-01',
      '/v1/lines/x?debug=1',
    ];
    for (const path of bad) {
      const r = await get(`${server.url}${path}`);
      assert.equal(r.status, 400, `${path} → ${r.status} ${r.text.slice(0, 200)}`);
      assert.equal(r.json.error.code, 'bad_query', path);
      assert.ok(r.json.error.message.length < 400);
    }
    for (const path of [
      '/v1/events?format=segment&since=2026-11-01&until=1795514400000&type=gate.failed,ui.action&line=x&limit=10',
      '/v1/stats?since=2026-11-01T00:00:00Z',
      '/v1/lines/x',
    ]) {
      assert.equal((await get(`${server.url}${path}`)).status, 200, path);
    }
  });
});
