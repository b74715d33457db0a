// The same storage tests on SQLite (a temp file), with JIG_TEST_STORAGE=memory on the in-process
// store, and with JIG_TEST_PG=1 and DATABASE_URL on PostgreSQL in a fresh schema dropped afterwards.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  dropPostgresSchema,
  openMemory,
  openPostgres,
  openSqlite,
  type Storage,
} from '../../../src/server/storage/index.js';
import { makeEvent } from './helpers.js';

const PG = process.env.JIG_TEST_PG === '1';
const KIND = PG ? 'postgres' : process.env.JIG_TEST_STORAGE === 'memory' ? 'memory' : 'sqlite';
const url = process.env.DATABASE_URL ?? '';
const schema = `jig_test_${process.pid}_${Date.now().toString(36)}`;
let dir = '';

async function open(): Promise<Storage> {
  if (PG) return openPostgres({ url, schema });
  if (KIND === 'memory') return openMemory();
  return openSqlite(join(dir, 'jig.db'));
}

describe(`storage (${KIND})`, () => {
  let store: Storage;
  before(async () => {
    if (PG) assert.ok(url, 'JIG_TEST_PG=1 needs DATABASE_URL');
    else dir = mkdtempSync(join(tmpdir(), 'jig-storage-'));
    store = await open();
  });
  after(async () => {
    await store.close();
    if (PG) await dropPostgresSchema(url, schema);
    else rmSync(dir, { recursive: true, force: true });
  });

  test('reports its kind', () => {
    assert.equal(store.kind, KIND);
  });

  test('stores events once per id, counting duplicates within and across batches', async () => {
    const a = makeEvent('layout.requested');
    const b = makeEvent('gate.passed', { station: 'browser' });
    assert.deepEqual(await store.insertEvents([a, b, a]), { accepted: 2, duplicates: 1 });
    assert.deepEqual(await store.insertEvents([b, makeEvent()]), { accepted: 1, duplicates: 1 });
    assert.equal(await store.countEvents(), 3);
    const back = await store.queryEvents({ limit: 10 });
    assert.deepEqual(
      back.find((e) => e.id === b.id),
      b,
      'events come back exactly as stored',
    );
  });

  test('queries by time range, type and line, ordered by time, with a keyset cursor', async () => {
    const base = Date.UTC(2026, 10, 20, 0, 0, 0);
    const evs = Array.from({ length: 10 }, (_, i) =>
      makeEvent(
        i % 2 ? 'gate.failed' : 'station.attempted',
        { i },
        { time: new Date(base + i * 60_000).toISOString(), line: i < 5 ? 'a' : 'b' },
      ),
    );
    await store.insertEvents([...evs].reverse());
    const range = await store.queryEvents({ since: base + 2 * 60_000, until: base + 6 * 60_000, limit: 100 });
    assert.deepEqual(
      range.map((e) => e.attrs.i),
      [2, 3, 4, 5],
    );
    const typed = await store.queryEvents({ since: base, until: base + 600_000, types: ['gate.failed'], limit: 100 });
    assert.deepEqual(
      typed.map((e) => e.attrs.i),
      [1, 3, 5, 7, 9],
    );
    const lined = await store.queryEvents({
      since: base,
      until: base + 600_000,
      line: 'b',
      types: ['station.attempted'],
      limit: 100,
    });
    assert.deepEqual(
      lined.map((e) => e.attrs.i),
      [6, 8],
    );
    const first = await store.queryEvents({ since: base, until: base + 600_000, limit: 3 });
    const last = first.at(-1)!;
    const next = await store.queryEvents({
      since: base,
      until: base + 600_000,
      limit: 3,
      after: { timeMs: Date.parse(last.time), id: last.id },
    });
    assert.deepEqual(
      [...first, ...next].map((e) => e.attrs.i),
      [0, 1, 2, 3, 4, 5],
    );
  });

  test('an unknown line has no current, no canary and no history', async () => {
    assert.deepEqual(await store.getLine('nobody'), { id: 'nobody', current: null, canary: null, history: [] });
  });

  test('versions are numbered per line; deploy, canary, promote and rollback follow the history', async () => {
    const t = (m: number) => new Date(Date.UTC(2026, 10, 25, 12, m)).toISOString();
    const v1 = await store.addLineVersion('trip', { prompt: 'one' }, undefined, t(0));
    assert.ok(v1.ok);
    assert.equal(v1.version, 1);
    assert.deepEqual(v1.state.current, { version: 1, config: { prompt: 'one' }, deployedAt: t(0) });
    const other = await store.addLineVersion('other', { x: 1 }, undefined, t(0));
    assert.ok(other.ok && other.version === 1, 'numbering is per line');

    const v2 = await store.addLineVersion('trip', { prompt: 'two' }, 0.1, t(1));
    assert.ok(v2.ok);
    assert.equal(v2.version, 2);
    assert.equal(v2.state.current!.version, 1);
    assert.deepEqual(v2.state.canary, { version: 2, config: { prompt: 'two' }, share: 0.1 });

    const promoted = await store.promoteCanary('trip', t(2));
    assert.ok(promoted.ok);
    assert.equal(promoted.state.current!.version, 2);
    assert.equal(promoted.state.canary, null);

    const v3 = await store.addLineVersion('trip', { prompt: 'three' }, 0.5, t(3));
    assert.ok(v3.ok && v3.version === 3);
    const dropped = await store.rollback('trip', 'canary worse on pass rate', t(4));
    assert.ok(dropped.ok);
    assert.equal(dropped.version, 3);
    assert.equal(dropped.state.canary, null);
    assert.equal(dropped.state.current!.version, 2, 'dropping the canary leaves current alone');

    const back = await store.rollback('trip', 'by hand', t(5));
    assert.ok(back.ok);
    assert.deepEqual(back.state.current, { version: 1, config: { prompt: 'one' }, deployedAt: t(5) });

    const none = await store.rollback('trip', undefined, t(6));
    assert.deepEqual(none.ok ? null : none.code, 'nothing_to_roll_back');
    const noCanary = await store.promoteCanary('trip', t(6));
    assert.deepEqual(noCanary.ok ? null : noCanary.code, 'no_canary');

    const v4 = await store.addLineVersion('trip', { prompt: 'four' }, undefined, t(7));
    assert.ok(v4.ok && v4.version === 4, 'numbers never repeat, even after rollbacks');

    const state = await store.getLine('trip');
    assert.deepEqual(
      state.history.map((h) => [h.action, h.version, h.previous, h.reason ?? null]),
      [
        ['deploy', 4, 1, null],
        ['rollback', 1, 2, 'by hand'],
        ['rollback', 3, 2, 'canary worse on pass rate'],
        ['canary', 3, 2, null],
        ['promote', 2, 1, null],
        ['canary', 2, 1, null],
        ['deploy', 1, null, null],
      ],
    );
    assert.equal(state.history.find((h) => h.action === 'canary')!.share, 0.5);
  });

  test('concurrent deploys to one line get distinct consecutive versions', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => store.addLineVersion('busy', { i }, undefined, new Date().toISOString())),
    );
    const versions = results.map((r) => (r.ok ? r.version : -1)).sort((a, b) => a - b);
    assert.deepEqual(versions, [1, 2, 3, 4, 5, 6, 7, 8]);
  });

  test('data survives closing and reopening the storage', {
    skip: KIND === 'memory' && 'the in-process store keeps nothing by design',
  }, async () => {
    const e = makeEvent('feedback.given', { rating: 'up' });
    await store.insertEvents([e]);
    const before = await store.countEvents();
    await store.close();
    store = await open();
    assert.equal(await store.countEvents(), before);
    assert.deepEqual((await store.insertEvents([e])).duplicates, 1);
    assert.equal((await store.getLine('trip')).current!.version, 4);
  });
});
