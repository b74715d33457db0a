// The event store against Chromium's real IndexedDB: schema migration, concurrent writers,
// blocked upgrades, quota pressure, hostile events, and the no-IndexedDB fallback.
import { expect } from '@open-wc/testing';
import { describe, it, afterEach } from './bdd.js';
import { createEvent, uuidv7, type JigEvent } from '../../../src/events/event.js';
import {
  CHUNK_SIZE,
  openEventStore,
  SCHEMA_VERSION,
  type EventStore,
  type StoreErrorInfo,
} from '../../../src/events/store.js';
import { createEventLog } from '../../../src/events/log.js';

const opened: EventStore[] = [];
const names: string[] = [];
function dbName(): string {
  const n = `jig-test-${uuidv7()}`;
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
function ev(type: string, attrs: JigEvent['attrs'] = {}, at?: number, more: Partial<JigEvent> = {}): JigEvent {
  const e = createEvent(type, ctx, attrs);
  if (at !== undefined) {
    e.time = new Date(at).toISOString();
    e.id = uuidv7(at);
  }
  return { ...e, ...more };
}

/** Opens a database the way Jig's v1 schema did, without the store's code. */
function openRaw(name: string, version: number, upgrade?: (db: IDBDatabase) => void): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(name, version);
    req.onupgradeneeded = () => upgrade?.(req.result);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

describe('event store', () => {
  it('writes a batch in one transaction and reads it back by time, type, trace and line version', async () => {
    const store = await open({ name: dbName() });
    expect(store.backend).to.equal('indexeddb');
    const t0 = Date.parse('2026-11-24T10:00:00Z');
    const events = [
      ev('layout.requested', {}, t0),
      ev('station.attempted', { station: 'browser', ok: true }, t0 + 1000),
      ev('gate.failed', { gate: 'catalog' }, t0 + 2000, { trace: 'other' }),
      ev('station.attempted', { station: 'premium', ok: false }, t0 + 3000, { lineVersion: '5' }),
    ];
    const r = await store.putMany(events);
    expect(r).to.deep.equal({ stored: 4, refused: [] });
    expect((await store.query()).map((e) => e.id)).to.deep.equal(events.map((e) => e.id));
    expect((await store.query({ from: t0 + 1000, to: t0 + 3000 })).map((e) => e.type)).to.deep.equal([
      'station.attempted',
      'gate.failed',
    ]);
    expect((await store.query({ types: ['station.attempted'] })).length).to.equal(2);
    expect((await store.query({ trace: 'other' })).map((e) => e.id)).to.deep.equal([events[2]!.id]);
    expect((await store.query({ line: 'trip', lineVersion: '5' })).map((e) => e.id)).to.deep.equal([events[3]!.id]);
    expect(await store.count({ shipped: false })).to.equal(4);
    // `to` is exclusive, for counts read from an index range as for queries.
    expect(await store.count({ to: t0 + 3000 })).to.equal(3);
    expect(await store.count({ types: ['station.attempted'], to: t0 + 3000 })).to.equal(1);
    expect(await store.count({ types: ['gate.failed', 'layout.requested'] })).to.equal(2);
    expect(await store.count({ line: 'trip' })).to.equal(4);
    expect(await store.countByType()).to.deep.equal({
      'layout.requested': 1,
      'station.attempted': 2,
      'gate.failed': 1,
    });
  });

  it('coalesces queued events into few transactions and keeps their order', async () => {
    let writes = 0;
    const store = await open({
      name: dbName(),
      writeHook: () => {
        writes++;
      },
    });
    const events = Array.from({ length: 300 }, (_, i) => ev('ui.action', { i }));
    const results = await Promise.all(events.map((e) => store.add(e)));
    expect(results.every((r) => r.stored === 1)).to.equal(true);
    expect(writes).to.be.lessThan(5);
    expect((await store.query()).map((e) => e.attrs.i)).to.deep.equal(events.map((_, i) => i));
  });

  it('refuses hostile events with a code and path, and keeps the rest of the batch', async () => {
    const store = await open({ name: dbName() });
    const good1 = ev('ui.action', { action: 'go' });
    const good2 = ev('ui.edited', { pointer: '/a' });
    const protoKey = JSON.parse(
      `{"id":"${uuidv7()}","type":"ui.action","time":"2026-11-24T10:00:00Z","session":"s","trace":"t","span":"p","line":"","lineVersion":"","attrs":{"__proto__":{"polluted":true}}}`,
    );
    const huge = ev('ui.action', { blob: 'x'.repeat(100_000) });
    const tooMany = ev('ui.action', Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, i])));
    const r = await store.putMany([protoKey, good1, huge, 'not an event', tooMany, good2]);
    expect(r.stored).to.equal(2);
    expect(r.refused.map((x) => [x.index, x.problem.code, x.problem.path])).to.deep.equal([
      [0, 'forbidden_key', '/attrs/__proto__'],
      [2, 'bad_attr', '/attrs/blob'],
      [3, 'not_an_object', ''],
      [4, 'too_many_attrs', '/attrs'],
    ]);
    expect(r.refused[1]!.problem.message).to.contain('at most');
    expect((await store.query()).map((e) => e.id).sort()).to.deep.equal([good1.id, good2.id].sort());
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });

  /** Writes records into an `events` store the way Jig's v1 or v2 schema did, without the store's code. */
  async function seedOld(name: string, version: 1 | 2, records: object[]) {
    const db = await openRaw(name, version, (d) => {
      const s = d.createObjectStore('events', { keyPath: 'id' });
      if (version === 1) {
        s.createIndex('time', 'time');
        s.createIndex('type', 'type');
      } else {
        s.createIndex('ts', ['ts', 'id']);
        s.createIndex('type', ['type', 'ts', 'id']);
        s.createIndex('trace', ['trace', 'ts', 'id']);
        s.createIndex('line', ['line', 'lineVersion', 'ts', 'id']);
        s.createIndex('ship', ['shipped', 'ts', 'id']);
      }
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('events', 'readwrite');
      for (const r of records) tx.objectStore('events').put(r);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }

  it('migrates a v1 database to chunks (v3) and keeps every event, now shippable and indexed', async () => {
    const name = dbName();
    // 250 events: three chunks, the last one partly full. v1 records have no `ts` and no shipping flag.
    const events = Array.from({ length: 250 }, (_, i) =>
      ev(i % 2 ? 'gate.passed' : 'gate.failed', { i }, Date.parse('2026-11-20T00:00:00Z') + i),
    );
    await seedOld(name, 1, events);

    const store = await open({ name });
    expect(SCHEMA_VERSION).to.equal(3);
    expect(await store.count()).to.equal(250);
    expect(await store.count({ shipped: false })).to.equal(250);
    expect((await store.query({ types: ['gate.failed'] })).length).to.equal(125);
    const firstTen = await store.unshipped(10);
    expect(firstTen.map((e) => e.id)).to.deep.equal(events.slice(0, 10).map((e) => e.id));
    expect((await store.query()).map((e) => e.attrs.i)).to.deep.equal(events.map((e) => e.attrs.i));
    const check = await openRaw(name, 3);
    expect([...check.objectStoreNames]).to.deep.equal(['chunks']);
    expect([...check.transaction('chunks').objectStore('chunks').indexNames].sort()).to.deep.equal([
      'ids',
      'line',
      'ship',
      'trace',
      'ts',
      'type',
    ]);
    const chunks = await new Promise<{ events: unknown[] }[]>((resolve) => {
      const q = check.transaction('chunks').objectStore('chunks').getAll();
      q.onsuccess = () => resolve(q.result);
    });
    expect(chunks.map((c) => c.events.length).sort((a, b) => a - b)).to.deep.equal([50, 100, 100]);
    check.close();
  });

  it('migrates a v2 database to chunks and keeps the shipping state of every event', async () => {
    const name = dbName();
    const t0 = Date.parse('2026-11-21T00:00:00Z');
    const events = Array.from({ length: 120 }, (_, i) => ev('ui.action', { i }, t0 + i));
    await seedOld(
      name,
      2,
      events.map((e, i) => ({
        ...e,
        ts: t0 + i,
        shipped: i < 30 ? 1 : i < 35 ? 2 : 0,
        ...(i >= 30 && i < 35 ? { dead: 'refused' } : {}),
      })),
    );
    const store = await open({ name });
    expect(await store.count()).to.equal(120);
    expect(await store.count({ shipped: true })).to.equal(30);
    expect((await store.query({ shipped: 'dead' })).map((e) => [e.attrs.i, e.dead])).to.deep.equal(
      [30, 31, 32, 33, 34].map((i) => [i, 'refused']),
    );
    expect((await store.unshipped(1))[0]!.attrs.i).to.equal(35);
    expect((await store.get(events[77]!.id))?.attrs.i).to.equal(77);
  });

  it('keeps events in chunks and still reads every index in event order, oldest or newest first, page by page', async () => {
    const name = dbName();
    const store = await open({ name });
    const t0 = Date.parse('2026-11-22T00:00:00Z');
    const types = ['gate.passed', 'gate.failed', 'ui.action'];
    const make = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => ev(types[(from + i) % 3]!, { i: from + i }, t0 + (from + i) * 1000));
    // Three writes whose times overlap: the chunks do not follow one another in time.
    const late = make(200, 150);
    const early = make(0, 200).filter((_, i) => i % 2 === 0);
    const middle = make(0, 200).filter((_, i) => i % 2 === 1);
    await store.putMany(late);
    await store.putMany(early);
    await store.putMany(middle);
    const all = [...early, ...middle, ...late].sort((a, b) => (a.attrs.i as number) - (b.attrs.i as number));
    const ids = (list: { id: string }[]) => list.map((e) => e.id);
    expect(await store.count()).to.equal(350);
    expect(ids(await store.query())).to.deep.equal(ids(all));
    expect(ids(await store.query({}, Infinity, 'newest'))).to.deep.equal(ids([...all].reverse()));
    const failed = all.filter((e) => e.type === 'gate.failed');
    for (const order of ['oldest', 'newest'] as const) {
      const seen: string[] = [];
      for await (const page of store.pages({ types: ['gate.failed'] }, 7, order)) {
        expect(page.length).to.be.at.most(7);
        seen.push(...page.map((e) => e.id));
      }
      expect(seen, order).to.deep.equal(ids(order === 'oldest' ? failed : [...failed].reverse()));
    }
    const window = { from: t0 + 95_000, to: t0 + 205_000 };
    expect(await store.count(window)).to.equal(110);
    expect(ids(await store.query(window, 5, 'newest'))).to.deep.equal(ids(all.slice(200, 205).reverse()));
    // Written in chunks of at most CHUNK_SIZE events, not one record per event.
    const raw = await openRaw(name, SCHEMA_VERSION);
    const sizes = await new Promise<number[]>((resolve) => {
      const q = raw.transaction('chunks').objectStore('chunks').getAll();
      q.onsuccess = () => resolve((q.result as { events: unknown[] }[]).map((c) => c.events.length));
    });
    raw.close();
    expect(sizes.reduce((a, b) => a + b, 0)).to.equal(350);
    expect(Math.max(...sizes)).to.equal(CHUNK_SIZE);
    expect(sizes.sort((a, b) => a - b)).to.deep.equal([50, 100, 100, 100]);
  });

  it('an event written again replaces the stored one, whichever chunk holds it', async () => {
    const store = await open({ name: dbName() });
    const t0 = Date.parse('2026-11-23T00:00:00Z');
    const events = Array.from({ length: 150 }, (_, i) => ev('ui.action', { i }, t0 + i));
    await store.putMany(events);
    const again = { ...events[120]!, attrs: { i: 120, edited: true } };
    const fresh = ev('ui.action', { i: 150 }, t0 + 150);
    // The same id twice in one batch: the last one is kept, as two puts would.
    const r = await store.putMany([
      { ...events[5]!, attrs: { first: true } },
      again,
      fresh,
      { ...events[5]!, attrs: { last: true } },
    ]);
    expect(r.stored).to.equal(4);
    expect(await store.count()).to.equal(151);
    expect((await store.get(events[120]!.id))?.attrs).to.deep.equal({ i: 120, edited: true });
    expect((await store.get(events[5]!.id))?.attrs).to.deep.equal({ last: true });
    const list = await store.query();
    expect(new Set(list.map((e) => e.id)).size).to.equal(151);
    expect(list.map((e) => e.id)).to.deep.equal([...events.map((e) => e.id), fresh.id]);
  });

  it('two store instances writing at once both keep every event', async () => {
    const name = dbName();
    const [a, b] = await Promise.all([open({ name }), open({ name })]);
    const ea = Array.from({ length: 400 }, (_, i) => ev('ui.action', { from: 'a', i }));
    const eb = Array.from({ length: 400 }, (_, i) => ev('ui.action', { from: 'b', i }));
    await Promise.all([
      ...ea.map((e) => a.add(e)),
      ...eb.map((e) => b.add(e)),
      a.putMany(ea.slice(0, 50)), // the same ids again: a put, not a duplicate
    ]);
    expect(await a.count()).to.equal(800);
    expect(await b.count({ types: ['ui.action'] })).to.equal(800);
  });

  it('a second page (an iframe) writing at the same time as this one loses nothing', async () => {
    const name = dbName();
    const store = await open({ name });
    const frame = document.createElement('iframe');
    const done = new Promise<{ stored: number }>((resolve) =>
      addEventListener('message', function on(m) {
        if (m.data?.jigTest === name) {
          removeEventListener('message', on);
          resolve(m.data);
        }
      }),
    );
    const storeUrl = new URL('../../../src/events/store.ts', import.meta.url).href;
    frame.srcdoc = `<script type="module">
      const { openEventStore } = await import(${JSON.stringify(storeUrl)});
      const { createEvent } = await import(${JSON.stringify(new URL('../../../src/events/event.ts', import.meta.url).href)});
      const s = await openEventStore({ name: ${JSON.stringify(name)} });
      const events = Array.from({ length: 500 }, (_, i) => createEvent('ui.action', { session: 'frame' }, { i }));
      await Promise.all(events.map((e) => s.add(e)));
      parent.postMessage({ jigTest: ${JSON.stringify(name)}, stored: await s.count({ types: ['ui.action'] }) }, '*');
    </script>`;
    document.body.append(frame);
    const mine = Array.from({ length: 500 }, (_, i) => ev('ui.edited', { i }));
    for (let i = 0; i < mine.length; i += 50) await store.putMany(mine.slice(i, i + 50));
    await done;
    frame.remove();
    expect(await store.count({ types: ['ui.edited'] })).to.equal(500);
    expect(await store.count({ types: ['ui.action'] })).to.equal(500);
    expect((await store.query({ types: ['ui.action'] })).every((e) => e.session === 'frame')).to.equal(true);
  });

  it('an upgrade blocked by an old connection tells the page, waits, and then keeps the queued events', async () => {
    const name = dbName();
    const old = await openRaw(name, 1, (db) => {
      const s = db.createObjectStore('events', { keyPath: 'id' });
      s.createIndex('time', 'time');
      s.createIndex('type', 'type');
    });
    old.onversionchange = null; // an old tab that never closes on its own
    let blocked: { currentVersion: number; wantedVersion: number } | undefined;
    let resolveBlocked!: () => void;
    const sawBlocked = new Promise<void>((r) => {
      resolveBlocked = r;
    });
    const opening = openEventStore({
      name,
      onBlocked: (info) => {
        blocked = info;
        resolveBlocked();
      },
    });
    await sawBlocked;
    expect(blocked).to.deep.equal({ currentVersion: 1, wantedVersion: 3 });
    old.close(); // the visitor closed the other tab
    const store = await opening;
    opened.push(store);
    await store.putMany([ev('ui.action')]);
    expect(await store.count()).to.equal(1);
    expect(store.backend).to.equal('indexeddb');
  });

  it("closes on another tab's upgrade, says so, and reopens on the next use", async () => {
    const name = dbName();
    const changes: (number | null)[] = [];
    const store = await open({ name, onVersionChange: (i) => changes.push(i.newVersion) });
    await store.putMany([ev('ui.action', { n: 1 })]);
    // Another tab with newer code upgrades to v4: it must not be blocked by this store.
    const newer = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name, 4);
      req.onblocked = () => reject(new Error('the upgrade was blocked: the store did not close'));
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    expect(changes).to.deep.equal([4]);
    newer.close();
    await store.putMany([ev('ui.action', { n: 2 })]);
    expect(await store.count()).to.equal(2);
  });

  it('under quota pressure evicts the oldest shipped events, retries, reports, and loses nothing in hand', async () => {
    let calls = 0;
    const errors: StoreErrorInfo[] = [];
    const store = await open({
      name: dbName(),
      evictBatch: 10,
      onError: (e) => errors.push(e),
      writeHook: ({ attempt }) => {
        calls++;
        if (calls === 3 && attempt === 1) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      },
    });
    const old = Array.from({ length: 30 }, (_, i) => ev('ui.action', { i }, Date.parse('2026-11-01T00:00:00Z') + i));
    await store.putMany(old); // call 1
    await store.markShipped(old.slice(0, 20).map((e) => e.id)); // shipped: the first 20
    const seen: JigEvent[] = [];
    store.addListener((e) => seen.push(e));
    await store.putMany([ev('ui.action', { warmup: true })]); // call 2
    const inHand = Array.from({ length: 5 }, (_, i) => ev('feedback.given', { rating: 'up', i }));
    const r = await store.putMany(inHand); // call 3 fails with QuotaExceededError, then succeeds
    expect(r.stored).to.equal(5);
    for (const e of inHand) expect(await store.get(e.id), e.id).to.not.equal(undefined);
    // Only shipped ones went, oldest first; every unshipped old event is still there.
    const left = await store.query({ types: ['ui.action'] });
    expect(left.filter((e) => typeof e.attrs.i === 'number').map((e) => e.attrs.i)).to.deep.equal(
      Array.from({ length: 20 }, (_, i) => i + 10),
    );
    expect(seen.map((e) => [e.type, e.attrs.count])).to.deep.equal([['store.evicted', 10]]);
    expect(await store.count({ types: ['store.evicted'] })).to.equal(1);
    expect(errors.map((e) => e.code)).to.deep.equal(['quota']);
  });

  it('when quota errors persist and nothing can be evicted, keeps the events in memory and writes them later', async () => {
    let failing = true;
    const errors: StoreErrorInfo[] = [];
    const store = await open({
      name: dbName(),
      onError: (e) => errors.push(e),
      writeHook: () => {
        if (failing) throw new DOMException('full', 'QuotaExceededError');
      },
    });
    const first = [ev('ui.action', { n: 1 }), ev('ui.action', { n: 2 })];
    const r = await store.putMany(first);
    expect(r.stored).to.equal(2);
    expect(errors.at(-1)?.held).to.equal(2);
    expect(store.stats().held).to.equal(2);
    expect(await store.count()).to.equal(2); // readable while held
    failing = false;
    await store.putMany([ev('ui.action', { n: 3 })]);
    expect(store.stats().held).to.equal(0);
    expect((await store.query()).map((e) => e.attrs.n)).to.deep.equal([1, 2, 3]);
  });

  it('with no IndexedDB falls back to memory and says so in a store.fallback event', async () => {
    const store = await open({ indexedDB: undefined, context: { session: 'x' } });
    expect(store.backend).to.equal('memory');
    expect(store.fallbackReason).to.contain('IndexedDB');
    const fallback = await store.query({ types: ['store.fallback'] });
    expect(fallback.length).to.equal(1);
    expect(fallback[0]!.attrs.reason).to.equal(store.fallbackReason);
    await store.putMany([
      ev('ui.action', {}, Date.parse('2026-11-24T10:00:00Z')),
      ev('gate.failed', {}, Date.parse('2026-11-24T10:00:01Z')),
    ]);
    expect(await store.count({ types: ['ui.action'] })).to.equal(1);
    expect(
      (await store.query({ from: '2026-11-24T10:00:00.500Z', to: '2026-11-24T11:00:00Z' })).map((e) => e.type),
    ).to.deep.equal(['gate.failed']);
  });

  it('falls back to memory when open() throws', async () => {
    // As a private window that refuses storage does: the page's own indexedDB.open throws.
    indexedDB.open = () => {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    };
    const errors: StoreErrorInfo[] = [];
    let store: EventStore;
    try {
      store = await open({ onError: (e) => errors.push(e) });
    } finally {
      Reflect.deleteProperty(indexedDB, 'open'); // the prototype's open again
    }
    expect(store.backend).to.equal('memory');
    expect(store.fallbackReason).to.contain('SecurityError');
    expect(errors[0]?.code).to.equal('open_failed');
    expect(await store.count({ types: ['store.fallback'] })).to.equal(1);
  });

  it("refuses a factory other than the page's own IndexedDB and says why", async () => {
    const other = Object.create(IDBFactory.prototype) as IDBFactory;
    const store = await open({ indexedDB: other });
    expect(store.backend).to.equal('memory');
    expect(store.fallbackReason).to.contain("page's own IndexedDB");
    expect(await store.count({ types: ['store.fallback'] })).to.equal(1);
  });

  it('marks events shipped or dead, and aggregates pass rate per station and feedback per layout', async () => {
    const store = await open({ name: dbName() });
    const log = createEventLog({ store, context: { session: 's', line: 'trip', lineVersion: '4' } });
    log.emit('station.attempted', { station: 'browser', model: 'm1', ok: true, intentClass: 'booking' });
    log.emit('station.attempted', { station: 'browser', model: 'm1', ok: false, intentClass: 'booking' });
    log.emit('station.attempted', { station: 'browser', model: 'm1', ok: true, intentClass: 'search' });
    log.emit('station.attempted', { station: 'premium', model: 'big', ok: true, intentClass: 'booking' });
    log.child({ lineVersion: '5' }).emit('station.attempted', { station: 'browser', ok: false });
    log.emit('feedback.given', { rating: 'up', layoutId: 'L1', station: 'browser', model: 'm1', comment: 'nice' });
    log.emit('feedback.given', { rating: 'down', layoutId: 'L1', station: 'browser', model: 'm1' });
    log.emit('feedback.given', { rating: 'down', layoutId: 'L2', station: 'premium', model: 'big' });
    await log.flush();
    const all = await store.passRateByStation({ line: 'trip', version: '4' });
    expect(all.browser!.attempts).to.equal(3);
    expect(all.browser!.passRate).to.be.closeTo(2 / 3, 1e-9);
    expect(all.premium!.passRate).to.equal(1);
    const booking = await store.passRateByStation({ line: 'trip', version: '4', intentClass: 'booking' });
    expect(booking.browser!.passRate).to.equal(0.5);
    const fb = await store.feedbackByLayout();
    expect(fb.L1).to.deep.include({ up: 1, down: 1, comments: ['nice'], station: 'browser', model: 'm1' });
    expect(fb.L2).to.deep.include({ up: 0, down: 1 });
    const ids = (await store.unshipped(100)).map((e) => e.id);
    await store.markShipped(ids.slice(0, 3));
    await store.markDead([{ id: ids[3]!, reason: 'bad_type: refused' }]);
    expect(await store.count({ shipped: true })).to.equal(3);
    expect(await store.count({ shipped: 'dead' })).to.equal(1);
    expect((await store.get(ids[3]!))!.dead).to.equal('bad_type: refused');
    expect((await store.unshipped(100)).length).to.equal(ids.length - 4);
  });

  it('asks for persistent storage when the site allows it', async () => {
    const store = await open({ name: dbName(), persist: true });
    const answer = await store.persisted;
    expect(typeof answer).to.equal('boolean');
    const none = await open({ name: dbName() });
    expect(await none.persisted).to.equal(undefined);
  });
});
