import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { lineServer } from '../../../src/tune/server.js';
import { splitServerConfig } from '../../../src/tune/versions.js';
import { testServer, type TestServer } from '../server/helpers.js';
import { baseConfig } from './fixtures.js';

describe('the line server client against jig serve', () => {
  let server: TestServer;
  before(async () => {
    server = await testServer({ JIG_ADMIN_TOKEN: 'sekret' });
  });
  after(async () => {
    await server.stop();
  });

  test('deploys a current version and a canary, reads them back, promotes and rolls back', async () => {
    const s = lineServer({ base: server.url, token: 'sekret' });
    const cfg = { ...baseConfig(), tuning: { temperature: { min: 0, max: 0.5 } } } as unknown as Record<
      string,
      unknown
    >;
    const v1 = await s.deploy('shop', cfg);
    assert.ok(v1.ok);
    assert.equal(v1.value.version, 1);
    const v2 = await s.deploy('shop', { ...cfg, version: 'x' }, 0.1);
    assert.ok(v2.ok);
    const read = await s.get('shop');
    assert.ok(read.ok);
    assert.equal(read.value.current!.version, 1);
    assert.deepEqual(
      { version: read.value.canary!.version, share: read.value.canary!.share },
      { version: 2, share: 0.1 },
    );
    const { config, bounds } = splitServerConfig(read.value.current!.config, read.value.current!.version);
    assert.equal(config.version, 1);
    assert.deepEqual(bounds, { temperature: { min: 0, max: 0.5 } });
    assert.equal('tuning' in config, false);
    const back = await s.rollback('shop', 'canary gate pass fell');
    assert.ok(back.ok);
    assert.equal(back.value.line.canary, null);
    assert.equal(back.value.line.history[0]!.reason, 'canary gate pass fell');
    await s.deploy('shop', cfg, 0.2);
    const up = await s.promote('shop');
    assert.ok(up.ok);
    assert.equal(up.value.line.current!.version, 3);
  });

  test('errors come back as data: a wrong token, a missing canary, a server that is not there', async () => {
    const wrong = await lineServer({ base: server.url, token: 'nope' }).deploy('shop', { a: 1 });
    assert.deepEqual(wrong.ok ? null : { status: wrong.status, code: wrong.code }, {
      status: 401,
      code: 'unauthorized',
    });
    const none = await lineServer({ base: server.url, token: 'sekret' }).promote('empty-line');
    assert.equal(none.ok ? '' : none.code, 'no_canary');
    const gone = await lineServer({ base: 'http://127.0.0.1:9' }).get('shop');
    assert.equal(gone.ok ? '' : gone.code, 'unreachable');
  });
});
