// Hostile input against the real IndexedDB store: quota pressure with concurrent writes, a quota
// retry cut short, odd strings in indexed fields, and a malformed record in the database.
import { expect } from '@open-wc/testing';
import { describe, it, afterEach } from './bdd.js';
import { createEvent, uuidv7, type JigEvent } from '../../../src/events/event.js';
import { openEventStore, type EventStore, type StoreErrorInfo } from '../../../src/events/store.js';
import { exportFile } from '../../../src/events/export.js';

const opened: EventStore[] = [];
const names: string[] = [];
function dbName(): string {
  const n = `jig-hostile-${uuidv7()}`;
  names.push(n);
  return n;
}
async function open(options: Parameters<typeof openEventStore>[0]): Promise<EventStore> {
  const s = await openEventStore(options);
  opened.push(s);
  return s;
}
afterEach(async () => {
  for (const s of opened.splice(0)) s.close();
  for (const n of names.splice(0))
    await new Promise((r) => {
      const q = indexedDB.deleteDatabase(n);
      q.onsuccess = q.onerror = q.onblocked = r;
    });
});

const ctx = { session: 'sess-1', trace: 'trace-1', span: 'span-1', line: 'trip', lineVersion: '4' };
const ev = (type: string, attrs: JigEvent['attrs'] = {}, more: Partial<JigEvent> = {}): JigEvent => ({
  ...createEvent(type, ctx, attrs),
  ...more,
});
const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

describe('event store (IndexedDB) with hostile input', () => {
  it('under persistent quota, two writes at the same time both keep their events in memory', async () => {
    let failing = false;
    const errors: StoreErrorInfo[] = [];
    const store = await open({
      name: dbName(),
      onError: (e) => errors.push(e),
      writeHook: () => {
        if (failing) throw quota();
      },
    });
    failing = true;
    const a = ev('ui.action', { nodeId: 'a' });
    const b = ev('ui.action', { nodeId: 'b' });
    await Promise.all([store.putMany([a]), store.putMany([b])]);
    const heldWhileFull = store.stats().held;
    failing = false;
    await store.putMany([ev('gate.passed')]);
    const ids = new Set((await store.query({ types: ['ui.action'] })).map((e) => e.id));
    expect(
      [a, b].filter((e) => !ids.has(e.id)).map((e) => e.attrs.nodeId),
      `held while full: ${heldWhileFull}; onError: ${errors.map((e) => `${e.code}/${e.held}`).join(', ')}`,
    ).to.deep.equal([]);
  });

  it('a quota retry whose eviction fails (the store closed meanwhile) keeps the events in hand, and putMany does not reject', async () => {
    let store: EventStore | undefined;
    let failing = false;
    const errors: StoreErrorInfo[] = [];
    store = await open({
      name: dbName(),
      onError: (e) => errors.push(e),
      writeHook: ({ attempt }) => {
        if (failing && attempt === 1) {
          store!.close(); // e.g. the page tears the store down while a write is under way
          throw quota();
        }
      },
    });
    failing = true;
    const inHand = [ev('ui.action', { nodeId: 'in-hand' })];
    let rejected: unknown;
    await store.putMany(inHand).catch((e: unknown) => {
      rejected = e;
    });
    expect(
      {
        rejected: rejected ? `${(rejected as Error).name}: ${(rejected as Error).message}` : undefined,
        held: store.stats().held,
      },
      `onError: ${errors.map((e) => e.code).join(', ')}`,
    ).to.deep.equal({ rejected: undefined, held: 1 });
  });

  it('holds: lone surrogates, U+2028 and NUL in indexed fields are stored, found by trace, and exported as valid NDJSON', async () => {
    const store = await open({ name: dbName() });
    const odd = 'a\ud800b\u2028c\u0000d\udfff';
    const events = [ev('ui.action', { nodeId: odd }, { trace: odd, line: odd, lineVersion: odd }), ev('gate.passed')];
    const r = await store.putMany(events);
    expect(r.stored).to.equal(2);
    expect((await store.query({ trace: odd })).map((e) => e.id)).to.deep.equal([events[0]!.id]);
    expect((await store.query({ line: odd, lineVersion: odd })).length).to.equal(1);
    for (const worker of [true, false]) {
      const f = await exportFile(store, 'ndjson', { worker });
      const lines = (await f.blob.text()).split('\n').filter(Boolean);
      const back = lines.map((l) => JSON.parse(l) as JigEvent);
      expect(back.find((e) => e.id === events[0]!.id)?.trace, `via ${f.via}`).to.equal(odd);
    }
  });

  it('a malformed record in the database (written by another script on the origin) does not break the export of the others', async () => {
    const name = dbName();
    const store = await open({ name });
    const good = [ev('ui.action', { nodeId: 'n' }), ev('station.attempted', { station: 'browser', ok: true })];
    await store.putMany(good);
    // A chunk with the store's bookkeeping, holding an event with no attrs, session or span, an
    // index key whose event is missing, junk in its key arrays, and a chunk whose events are not a list.
    const bad = {
      id: uuidv7(),
      type: 'station.attempted',
      time: new Date().toISOString(),
      ts: Date.now(),
      shipped: 0,
      trace: 't',
      line: '',
      lineVersion: '',
    };
    const ghost = uuidv7(bad.ts - 1000);
    const keys = (id: string) => ({
      ids: [id],
      ts: [[bad.ts, id]],
      type: [['station.attempted', bad.ts, id]],
      trace: [['t', bad.ts, id]],
      line: [['', '', bad.ts, id]],
      ship: [[0, bad.ts, id]],
    });
    await new Promise<void>((resolve, reject) => {
      const q = indexedDB.open(name);
      q.onsuccess = () => {
        const db = q.result;
        const tx = db.transaction('chunks', 'readwrite');
        const k = keys(bad.id),
          g = keys(ghost);
        tx.objectStore('chunks').put({
          id: uuidv7(),
          events: [bad, null, 7],
          ids: [...k.ids, ...g.ids, { not: 'a key' }],
          ts: [...k.ts, ...g.ts, NaN, null],
          type: [...k.type, ...g.type, [true]],
          trace: [...k.trace, ...g.trace],
          line: [...k.line, ...g.line],
          ship: [...k.ship, ...g.ship, 'x'],
        });
        tx.objectStore('chunks').put({ id: uuidv7(), events: 'not a list', ts: [[bad.ts - 2000, uuidv7()]] });
        tx.oncomplete = () => {
          db.close();
          resolve();
        };
        tx.onerror = () => reject(tx.error);
      };
      q.onerror = () => reject(q.error);
    });
    // Index entries without an event are no rows, but reading goes on after them: even one entry a
    // page, with the two ghosts first in time, every event is read.
    const rows: string[] = [];
    for await (const page of store.pages({}, 1)) rows.push(...page.map((e) => e.id));
    expect(rows.sort()).to.deep.equal([bad.id, ...good.map((e) => e.id)].sort());
    expect((await store.query({ types: ['station.attempted'] })).map((e) => e.id).sort()).to.deep.equal(
      [bad.id, good[1]!.id].sort(),
    );
    expect((await store.get(bad.id))?.attrs).to.deep.equal({});
    expect(await store.get(ghost)).to.equal(undefined);
    for (const e of good) expect((await store.get(e.id))?.id).to.equal(e.id);
    await store.markShipped([bad.id, ...good.map((e) => e.id)]);
    expect(await store.count({ shipped: true })).to.equal(3);
    const outcomes: string[] = [];
    for (const format of ['ndjson', 'otlp-logs', 'otlp-traces', 'segment', 'dataset'] as const) {
      try {
        const f = await exportFile(store, format, { worker: false });
        if (format !== 'ndjson' && format !== 'dataset') JSON.parse(await f.blob.text());
        outcomes.push(`${format}: ok`);
      } catch (err) {
        outcomes.push(`${format}: ${(err as Error).name}: ${(err as Error).message}`);
      }
    }
    try {
      await store.aggregates();
      outcomes.push('aggregates: ok');
    } catch (err) {
      outcomes.push(`aggregates: ${(err as Error).name}: ${(err as Error).message}`);
    }
    expect(outcomes).to.deep.equal([
      'ndjson: ok',
      'otlp-logs: ok',
      'otlp-traces: ok',
      'segment: ok',
      'dataset: ok',
      'aggregates: ok',
    ]);
  });

  it('holds: hostile events in a real IndexedDB batch are refused one by one and the rest are kept', async () => {
    const store = await open({ name: dbName() });
    const good = ev('ui.action', { nodeId: 'ok' });
    const r = await store.putMany([
      { ...ev('ui.action'), attrs: { ms: Number.NaN } },
      JSON.parse(
        JSON.stringify(ev('ui.action', { nodeId: 'x' })).replace('"attrs":{', '"attrs":{"__proto__":{"p":1},'),
      ),
      { ...ev('ui.action'), extra: 1 },
      good,
    ]);
    expect(r.stored).to.equal(1);
    expect(r.refused.map((x) => [x.index, x.problem.code, x.problem.path])).to.deep.equal([
      [0, 'bad_attr', '/attrs/ms'],
      [1, 'forbidden_key', '/attrs/__proto__'],
      [2, 'unknown_field', '/extra'],
    ]);
    expect((await store.get(good.id))?.id).to.equal(good.id);
  });
});
