import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openEventStore } from '../../../src/events/store.js';
import { createLine } from '../../../src/line/line.js';
import { createTuner, lineServer, memoryVersionStore } from '../../../src/tune/index.js';
import { testServer, post, get, type TestServer } from '../server/helpers.js';
import { baseConfig, classRequests, eventsOf } from './fixtures.js';

describe('tuner with jig serve', () => {
  let server: TestServer;
  before(async () => {
    server = await testServer({ JIG_ADMIN_TOKEN: 't0ken' });
  });
  after(async () => {
    await server.stop();
  });

  async function setup(lineId: string) {
    const store = await openEventStore({ indexedDB: undefined, name: lineId });
    const cfg = { ...baseConfig(), id: lineId };
    const line = createLine(cfg, { store });
    const tuner = createTuner({
      store,
      line,
      versions: memoryVersionStore(),
      server: lineServer({ base: server.url, token: 't0ken' }),
    });
    await tuner.ready;
    return { store, tuner, cfg };
  }

  test("the server's current version and its bounds take precedence over the site's config", async () => {
    await post(
      `${server.url}/v1/lines/served/versions`,
      {
        config: {
          ...baseConfig(),
          id: 'served',
          generation: { temperature: 0.9 },
          tuning: { temperature: { min: 0.2, max: 0.5 } },
        },
      },
      { authorization: 'Bearer t0ken' },
    );
    const { tuner } = await setup('served');
    assert.equal(tuner.state().current, '1');
    assert.equal(tuner.lineFor('x').config.generation!.temperature, 0.9);
    assert.deepEqual(tuner.bounds().temperature, { min: 0.2, max: 0.5, step: 0.1 });
    // Local tuning stays within the server's bounds: the temperature comes down into them.
    const r = await tuner.tuneNow({ deploy: false });
    assert.equal(r.proposal.config.generation!.temperature, 0.5);
    assert.equal('tuning' in r.proposal.config, false);
    // A tuner without the admin token keeps its versions local, and the server's bounds with them.
    const store = await openEventStore({ indexedDB: undefined, name: 'served-local' });
    const local = createTuner({
      store,
      line: createLine({ ...baseConfig(), id: 'served' }, { store }),
      versions: memoryVersionStore(),
      server: lineServer({ base: server.url }),
    });
    const d = await local.tuneNow({ deploy: 'current' });
    assert.equal(d.where, 'local');
    assert.equal(local.state().current, d.deployed!.version);
    assert.deepEqual(local.bounds().temperature, { min: 0.2, max: 0.5, step: 0.1 });
  });

  test('a proposal is deployed on the server as a canary, and an automatic rollback drops it there too', async () => {
    const { store, tuner } = await setup('shop-srv');
    await store.putMany(eventsOf(classRequests({ cls: 'hard', n: 30, pass: 0.1, line: 'shop-srv' })));
    // A line the server never saw: the site's config is local only; the first deploy creates server version 1.
    const r = await tuner.tuneNow({ canaryShare: 0.2 });
    assert.equal(r.where, 'server');
    const remote = await get(`${server.url}/v1/lines/shop-srv`);
    assert.equal(remote.json.canary.version, Number(r.deployed!.version));
    assert.equal(remote.json.canary.share, 0.2);
    assert.equal(tuner.state().canary, r.deployed!.version);
    const canaryVersion = r.deployed!.version;
    const current = tuner.state().current!;
    const bad = classRequests({ cls: 'hard', n: 300, pass: 0.2, version: canaryVersion, line: 'shop-srv' });
    const good = classRequests({ cls: 'hard', n: 300, pass: 0.9, version: current, line: 'shop-srv' });
    // Now, after the canary started (the fixtures' own times are in the morning).
    await store.putMany(eventsOf([...good, ...bad].map(({ time: _t, ...r }) => r)));
    const v = await tuner.check();
    assert.equal(v!.decision, 'rollback');
    const after = await get(`${server.url}/v1/lines/shop-srv`);
    assert.equal(after.json.canary, null);
    assert.equal(after.json.history[0].action, 'rollback');
    assert.match(after.json.history[0].reason, /the canary is worse/);
    assert.equal(tuner.state().canary, null);
  });

  test('a line new to the server gets its base there first, so a rollback on the server returns to it', async () => {
    const { store, tuner, cfg } = await setup('fresh-srv');
    await store.putMany(eventsOf(classRequests({ cls: 'hard', n: 30, pass: 0.1, line: 'fresh-srv' })));
    const r = await tuner.tuneNow({ deploy: 'current' });
    assert.equal(r.where, 'server');
    const remote = await get(`${server.url}/v1/lines/fresh-srv`);
    assert.equal(remote.json.current.version, 2);
    assert.deepEqual(
      remote.json.history.map((h: { action: string; version: number }) => `${h.action} ${h.version}`),
      ['deploy 2', 'deploy 1'],
    );
    const back = await tuner.rollback('by hand');
    assert.ok(back.ok);
    assert.equal((await get(`${server.url}/v1/lines/fresh-srv`)).json.current.version, 1);
    assert.equal(tuner.state().current, '1');
    assert.deepEqual({ ...tuner.lineFor('anyone').config, version: cfg.version }, cfg);
    assert.equal(await tuner.sync(), false, 'the server and this browser agree');
  });

  test('without the admin token the deploy stays local and says so', async () => {
    const store = await openEventStore({ indexedDB: undefined, name: 'no-token' });
    const line = createLine({ ...baseConfig(), id: 'no-token' }, { store });
    const tuner = createTuner({
      store,
      line,
      versions: memoryVersionStore(),
      server: lineServer({ base: server.url }),
    });
    await store.putMany(eventsOf(classRequests({ cls: 'hard', n: 30, pass: 0.1, line: 'no-token' })));
    const r = await tuner.tuneNow();
    assert.equal(r.where, 'local');
    assert.match(r.deployed!.version, /^local-/);
  });
});
