import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { get, post, testServer, type TestServer } from './helpers.js';

describe('/v1/lines', () => {
  let server: TestServer;
  let clock = Date.UTC(2026, 10, 25, 9, 0, 0);
  before(async () => {
    server = await testServer({}, { now: () => clock });
  });
  after(async () => {
    await server.stop();
  });
  const lines = (path: string) => `${server.url}/v1/lines/${path}`;

  test('a line never deployed has no current and no canary', async () => {
    const r = await get(lines('fresh'));
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { id: 'fresh', current: null, canary: null, history: [] });
  });

  test('deploy, canary share, promote and rollback over HTTP, with the history and reasons', async () => {
    const v1 = await post(lines('trip/versions'), { config: { prompt: 'a', exemplars: [] } });
    assert.equal(v1.status, 201);
    assert.equal(v1.json.version, 1);
    assert.deepEqual(v1.json.line.current, {
      version: 1,
      config: { prompt: 'a', exemplars: [] },
      deployedAt: new Date(clock).toISOString(),
    });

    clock += 60_000;
    const v2 = await post(lines('trip/versions'), { config: { prompt: 'b' }, canaryShare: 0.2 });
    assert.equal(v2.json.version, 2);
    const read = await get(lines('trip'));
    assert.equal(read.json.current.version, 1);
    assert.deepEqual(read.json.canary, { version: 2, config: { prompt: 'b' }, share: 0.2 });

    const promoted = await post(lines('trip/promote'), '');
    assert.equal(promoted.status, 200);
    assert.equal(promoted.json.line.current.version, 2);
    assert.equal(promoted.json.line.canary, null);

    const back = await post(lines('trip/rollback'), { reason: 'positive feedback fell' });
    assert.equal(back.status, 200);
    assert.equal(back.json.line.current.version, 1);
    assert.deepEqual(back.json.line.history[0], {
      action: 'rollback',
      version: 1,
      previous: 2,
      reason: 'positive feedback fell',
      at: new Date(clock).toISOString(),
    });

    const none = await post(lines('trip/rollback'), '', { 'content-type': 'application/json' });
    assert.equal(none.status, 409);
    assert.equal(none.json.error.code, 'nothing_to_roll_back');
    const noCanary = await post(lines('trip/promote'), '');
    assert.equal(noCanary.status, 409);
    assert.equal(noCanary.json.error.code, 'no_canary');
  });

  test('rollback with a canary drops the canary and keeps the current version', async () => {
    await post(lines('shop/versions'), { config: { v: 1 } });
    await post(lines('shop/versions'), { config: { v: 2 }, canaryShare: 0.5 });
    const r = await post(lines('shop/rollback'), { reason: 'canary gate pass rate 0.61 < 0.93' });
    assert.equal(r.json.line.canary, null);
    assert.equal(r.json.line.current.version, 1);
    assert.equal(r.json.line.history[0].action, 'rollback');
    assert.equal(r.json.line.history[0].version, 2);
  });

  test('bad configs, shares and ids are 400', async () => {
    const cases: Array<[string, unknown, string]> = [
      ['x/versions', { config: [1, 2] }, 'bad_request'],
      ['x/versions', { config: 'text' }, 'bad_request'],
      ['x/versions', {}, 'bad_request'],
      ['x/versions', { config: {}, canaryShare: 1.5 }, 'bad_request'],
      ['x/versions', { config: {}, canaryShare: '0.1' }, 'bad_request'],
      ['x/versions', { config: {}, other: true }, 'bad_request'],
      ['x/versions', { config: { big: Array.from({ length: 100 }, () => 'y'.repeat(4000)) } }, 'bad_request'],
      ['x/versions', '{"config": {"prototype": {}}}', 'forbidden_key'],
      ['x/rollback', { reason: 42 }, 'bad_request'],
      ['-bad!/versions', { config: {} }, 'bad_request'],
    ];
    for (const [path, body, code] of cases) {
      const r = await post(lines(path), body);
      assert.equal(r.status, 400, `${path} ${JSON.stringify(body).slice(0, 60)}`);
      assert.equal(r.json.error.code, code);
    }
    assert.equal((await get(lines('x'))).json.current, null, 'nothing was stored');
  });
});
