import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { memoryVersionStore } from '../../../src/tune/versions.js';
import { baseConfig } from './fixtures.js';

describe('version store (memory backend, same operations as IndexedDB)', () => {
  test('deploy, canary, promote and rollback keep the stack and the history', async () => {
    const vs = memoryVersionStore();
    const a = baseConfig();
    await vs.add('shop', a, { source: 'site', version: '1' });
    const b = { ...baseConfig(), generation: { temperature: 0.2 } };
    const { record } = await vs.add('shop', b, { canaryShare: 0.1 });
    assert.equal(record.version, 'local-1');
    const s1 = await vs.state('shop');
    assert.deepEqual([s1.current, s1.canary, s1.share], ['1', 'local-1', 0.1]);
    const p = await vs.promote('shop', 'no worse');
    assert.ok(p.ok);
    assert.equal(p.state.current, 'local-1');
    assert.deepEqual(p.state.stack, ['1']);
    const r = await vs.rollback('shop', 'by hand');
    assert.ok(r.ok);
    assert.equal(r.state.current, '1');
    assert.deepEqual((await vs.get('shop', r.state.current!))!.config, { ...a, version: '1' });
    assert.deepEqual(
      r.state.history.map((h) => h.action),
      ['rollback', 'promote', 'canary', 'deploy'],
    );
    assert.equal((await vs.rollback('shop')).ok, false);
    assert.deepEqual(
      (await vs.list('shop')).map((x) => x.version),
      ['1', 'local-1'],
    );
  });

  test('the server wins: its current and canary replace local ones, and bounds travel beside the config', async () => {
    const vs = memoryVersionStore();
    await vs.add('shop', baseConfig(), { source: 'site', version: '1' });
    await vs.add('shop', baseConfig(), { canaryShare: 0.2 });
    const cfg = { ...baseConfig(), tuning: { repairMax: { min: 0, max: 1 } } } as unknown as Record<string, unknown>;
    const { state, changed } = await vs.adopt('shop', {
      id: 'shop',
      current: { version: 4, config: cfg, deployedAt: '' },
      canary: null,
      history: [],
    });
    assert.equal(changed, true);
    assert.equal(state.current, '4');
    assert.equal(state.canary, null, 'a local canary on a base the server replaced is dropped');
    assert.deepEqual((await vs.get('shop', '4'))!.bounds, { repairMax: { min: 0, max: 1 } });
    assert.equal(
      (
        await vs.adopt('shop', {
          id: 'shop',
          current: { version: 4, config: cfg, deployedAt: '' },
          canary: null,
          history: [],
        })
      ).changed,
      false,
    );
  });

  test('a rollback on the server walks the local stack back instead of stacking the version it left', async () => {
    const vs = memoryVersionStore();
    const at = (v: number, cfg = baseConfig()) => ({
      id: 'shop',
      current: { version: v, config: cfg as unknown as Record<string, unknown>, deployedAt: '' },
      canary: null,
      history: [],
    });
    await vs.adopt('shop', at(1));
    await vs.adopt('shop', at(2, { ...baseConfig(), repair: { max: 2 } }));
    await vs.adopt('shop', at(3, { ...baseConfig(), repair: { max: 0 } }));
    const s = (await vs.adopt('shop', at(2, { ...baseConfig(), repair: { max: 2 } }))).state;
    assert.equal(s.current, '2');
    assert.deepEqual(s.stack, ['1']);
    assert.match(s.history[0]!.reason!, /rolled back/);
    const r = await vs.rollback('shop');
    assert.ok(r.ok);
    assert.equal(r.state.current, '1');
  });
});
