// Event store and export benchmarks, in Chromium with real IndexedDB: write throughput batched
// and queued vs one event per transaction (alternated in the same run), and 100,000 events
// exported per format with the longest main-thread task seen meanwhile.
import { createEvent, uuidv7, type JigEvent } from '../../src/events/event.js';
import { exportFile, FILE_FORMATS } from '../../src/events/export.js';
import {
  CHUNK_SIZE,
  chunksOf,
  openEventStore,
  toStored,
  type EventStore,
  type StoredEvent,
} from '../../src/events/store.js';
import { alternate, pairedRow, soloRow, spread, type Row } from '../support/stats.js';

const T0 = Date.parse('2026-11-24T10:00:00Z');
const TYPES = [
  'layout.requested',
  'station.attempted',
  'gate.passed',
  'gate.failed',
  'layout.rendered',
  'ui.action',
  'feedback.given',
];

function events(n: number, start: number): JigEvent[] {
  return Array.from({ length: n }, (_, k) => {
    const i = Math.round((start - T0) / 10) + k;
    const type = TYPES[i % TYPES.length]!;
    const at = start + k * 10;
    const e = createEvent(
      type,
      {
        session: `s${i % 13}`,
        trace: `t${Math.floor(i / 7)}`,
        span: `sp${Math.floor(i / 7)}`,
        line: 'trip',
        lineVersion: '4',
      },
      {
        station: i % 3 ? 'browser' : 'premium',
        model: i % 3 ? 'SmolLM2-360M' : 'gpt-4.1-mini',
        layoutId: `L${Math.floor(i / 7)}`,
        ...(type === 'station.attempted'
          ? { tokensIn: 800 + (i % 50), tokensOut: 200 + (i % 30), ms: 900 + (i % 400), cost: 0.0004, ok: i % 5 !== 0 }
          : {}),
        ...(type === 'feedback.given' ? { rating: i % 2 ? 'up' : 'down' } : {}),
      },
    );
    return { ...e, id: uuidv7(at), time: new Date(at).toISOString() };
  });
}

/** Closes a store (Jig's or a raw database) and deletes its database. */
async function drop(store: Pick<EventStore, 'close' | 'name'>) {
  store.close();
  await new Promise((r) => {
    const q = indexedDB.deleteDatabase(store.name);
    q.onsuccess = q.onerror = q.onblocked = r;
  });
}

const idle = () => new Promise((r) => setTimeout(r, 50));

/** Opens a database by hand; `upgrade` makes its object stores when it is new. */
const openRaw = (name: string, upgrade?: (db: IDBDatabase) => void) =>
  new Promise<IDBDatabase>((resolve, reject) => {
    const q = upgrade ? indexedDB.open(name, 1) : indexedDB.open(name);
    if (upgrade) q.onupgradeneeded = () => upgrade(q.result);
    q.onsuccess = () => resolve(q.result);
    q.onerror = () => reject(q.error);
  });

/** The indexes of schema v2, one record per event. */
const V2_INDEXES = {
  ts: ['ts', 'id'],
  type: ['type', 'ts', 'id'],
  trace: ['trace', 'ts', 'id'],
  line: ['line', 'lineVersion', 'ts', 'id'],
  ship: ['shipped', 'ts', 'id'],
};

/** Makes schema v2's object store: one record per event, its five indexes. */
const makeV2 = (db: IDBDatabase) => {
  const s = db.createObjectStore('events', { keyPath: 'id' });
  for (const [index, path] of Object.entries(V2_INDEXES)) s.createIndex(index, path);
};

/** Puts records by hand into `storeName` in one raw transaction (relaxed durability, no validation). */
const putRaw = (db: IDBDatabase, storeName: string) => (records: object[]) =>
  new Promise<void>((resolve, reject) => {
    const tx = db.transaction(storeName, 'readwrite', { durability: 'relaxed' });
    const os = tx.objectStore(storeName);
    for (const r of records) os.put(r);
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error);
  });

/** Events per second of `write` over `list`. */
async function rate(list: JigEvent[], write: (list: JigEvent[]) => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await write(list);
  return list.length / ((performance.now() - t) / 1000);
}

export default async function (): Promise<Row[]> {
  const out: Row[] = [];

  // Writes into one store (so both see the same database size), fresh events every run.
  const store0 = await openEventStore({ name: `jig-bench-w-${uuidv7()}` });
  let at = T0;
  const next = (n: number) => {
    const list = events(n, at);
    at += n * 10;
    return list;
  };
  const batched = (list: JigEvent[]) =>
    rate(list, async (l) => {
      for (let i = 0; i < l.length; i += 500) await store0.putMany(l.slice(i, i + 500));
    });
  const single = (list: JigEvent[]) =>
    rate(list, async (l) => {
      for (const e of l) await store0.putMany([e]);
    });
  const queued = (list: JigEvent[]) => rate(list, (l) => Promise.all(l.map((e) => store0.add(e))));
  const RUNS = 8;
  const w = await alternate(
    () => batched(next(2_000)),
    () => single(next(200)),
    { runs: RUNS, warmup: 1 },
  );
  out.push(
    pairedRow(
      'events written per second, batched (500 per transaction)',
      'events/s',
      w,
      'one per transaction (putMany([e]), awaited)',
      { digits: 0, note: `goal ≥ 10×; 2,000 events per run beside 200 one at a time, ${RUNS} runs each, alternated` },
    ),
  );
  const q = await alternate(
    () => queued(next(2_000)),
    () => single(next(200)),
    { runs: RUNS, warmup: 1 },
  );
  out.push(
    pairedRow(
      'events written per second, queued with add() (coalesced into one transaction per flush)',
      'events/s',
      q,
      'one per transaction',
      { digits: 0, note: 'what the log does: no await per event' },
    ),
  );
  // The ceiling: the same chunks put by hand into the same object store and indexes (one raw
  // transaction per 500 events, relaxed durability, no validation, no id check): what IndexedDB
  // itself allows with this schema.
  const raw = await openRaw(store0.name);
  const rawChunks = (records: StoredEvent[]) => putRaw(raw, 'chunks')(chunksOf(records));
  /** Events per second of fresh events put by hand with `put`, 500 per transaction. */
  const rawBatched = (put: (records: StoredEvent[]) => Promise<void>) =>
    rate(next(2_000), async (l) => {
      const records = l.map(toStored);
      for (let i = 0; i < records.length; i += 500) await put(records.slice(i, i + 500));
    });
  const c = await alternate(
    () => batched(next(2_000)),
    () => rawBatched(rawChunks),
    { runs: RUNS, warmup: 1 },
  );
  raw.close();
  out.push(
    pairedRow(
      'events written per second, batched, against raw IndexedDB puts of the same chunks',
      'events/s',
      c,
      `raw IDB puts of the same chunks (${CHUNK_SIZE} events each) into the same store and 6 indexes, 500 events per transaction, no validation`,
      {
        digits: 0,
        note: 'ratio 1 = as fast as IndexedDB allows with this schema; Jig adds the event checks and the read for ids already stored',
      },
    ),
  );
  await drop(store0);

  // What one record per event allows (schema v2, and the reason for chunks): the same records into
  // an object store with v2's five indexes, and into one with no index at all, 500 per raw
  // transaction beside one per transaction.
  for (const [label, upgrade] of [
    ['with the five indexes of schema v2', makeV2],
    ['with no index', (db: IDBDatabase) => db.createObjectStore('events', { keyPath: 'id' })],
  ] as const) {
    const db = await openRaw(`jig-bench-bare-${uuidv7()}`, upgrade);
    const put = putRaw(db, 'events');
    const b = await alternate(
      () => rawBatched(put),
      () =>
        rate(next(200), async (l) => {
          for (const e of l) await put([toStored(e)]);
        }),
      { runs: RUNS, warmup: 1 },
    );
    await drop(db);
    out.push(
      pairedRow(
        `raw IndexedDB puts, one record per event ${label}, 500 per transaction`,
        'events/s',
        b,
        'the same, one per transaction',
        { digits: 0, note: 'what batching gives while each event is its own record' },
      ),
    );
  }

  // Export: 100,000 events per format, and the longest main-thread task meanwhile.
  const N = 100_000;
  const store = await openEventStore({ name: `jig-bench-x-${uuidv7()}` });
  for (let i = 0; i < N; i += 5000) await store.putMany(events(5000, T0 + i * 10));
  await exportFile(store, 'ndjson', { filter: { to: T0 + 1000 } }); // the worker's module loads once
  await idle();
  const longestDuring = async (run: () => Promise<{ ms: number; events: number; blob: Blob; via: string }>) => {
    const long: PerformanceEntry[] = [];
    const obs = new PerformanceObserver((l) => long.push(...l.getEntries()));
    obs.observe({ type: 'longtask' });
    const file = await run();
    await idle();
    long.push(...obs.takeRecords());
    obs.disconnect();
    return { file, longest: long.reduce((m, e) => Math.max(m, e.duration), 0), count: long.length };
  };
  const WORKER_RUNS = 3;
  for (const format of FILE_FORMATS) {
    const ms: number[] = [];
    const longest: number[] = [];
    let over = 0;
    let size = 0;
    let via = '';
    for (let i = 0; i < WORKER_RUNS; i++) {
      const r = await longestDuring(() => exportFile(store, format, { worker: true }));
      ms.push(r.file.ms);
      longest.push(r.longest);
      over += r.count;
      size = r.file.blob.size;
      via = r.file.via;
    }
    out.push(
      soloRow(`export 100,000 events, ${format} (${via})`, 'ms', spread(ms), {
        digits: 0,
        note: `${(size / 1024 / 1024).toFixed(1)} MiB; ${WORKER_RUNS} runs`,
      }),
    );
    out.push({
      ...soloRow(`longest main-thread task during the ${format} export (${via})`, 'ms', spread(longest), { digits: 0 }),
      note: over
        ? `${over} tasks over 50 ms in ${WORKER_RUNS} runs (goal: none)`
        : `no task over 50 ms in ${WORKER_RUNS} runs (the longtask API reports only those; 0 means none)`,
    });
  }
  for (const format of FILE_FORMATS) {
    const r = await longestDuring(() => exportFile(store, format, { worker: false }));
    out.push({
      name: `export 100,000 events, ${format} (${r.file.via}, in slices)`,
      value: Math.round(r.file.ms),
      unit: 'ms',
      note: `${r.file.events} events`,
    });
    out.push({
      name: `longest main-thread task during the ${format} export (${r.file.via})`,
      value: Math.round(r.longest),
      unit: 'ms',
      note: r.count
        ? `${r.count} tasks over 50 ms: reading IndexedDB pages costs the page what the worker spares it`
        : 'no task over 50 ms',
    });
  }

  // Reads: what chunks cost a query that keeps a share of what it reads, beside the same number of
  // events kept one record per event (schema v2's layout) and read as v2 read them, getAll on the
  // index, 1,000 a page, by hand (no checks of what is read: the floor for that layout).
  const v2 = await openRaw(`jig-bench-v2-${uuidv7()}`, makeV2);
  for (let i = 0; i < N; i += 5000) await putRaw(v2, 'events')(events(5000, T0 + i * 10).map(toStored));
  const rawPages = async (index: keyof typeof V2_INDEXES, lower: unknown[], upper: unknown[]) => {
    let n = 0;
    let after: IDBValidKey | undefined;
    for (;;) {
      const range = after === undefined ? IDBKeyRange.bound(lower, upper) : IDBKeyRange.bound(after, upper, true);
      const rows = await new Promise<StoredEvent[]>((resolve, reject) => {
        const q = v2.transaction('events').objectStore('events').index(index).getAll(range, 1000);
        q.onsuccess = () => resolve(q.result);
        q.onerror = () => reject(q.error);
      });
      n += rows.length;
      if (rows.length < 1000) return n;
      const last = rows[rows.length - 1]!;
      after = V2_INDEXES[index].map((p) => last[p as keyof StoredEvent] as string | number);
    }
  };
  const timed = async (run: () => Promise<unknown>) => {
    const t = performance.now();
    await run();
    return performance.now() - t;
  };
  const TRACES = Array.from({ length: 50 }, (_, i) => `t${i * 100}`);
  const reads: [string, () => Promise<unknown>, () => Promise<unknown>][] = [
    [
      'read one type (feedback.given: 14,286 of 100,000 events)',
      () => store.query({ types: ['feedback.given'] }),
      () => rawPages('type', ['feedback.given', -Infinity, ''], ['feedback.given', Infinity, '']),
    ],
    [
      '50 queries by trace (7 events each, of 100,000)',
      async () => {
        for (const trace of TRACES) await store.query({ trace });
      },
      async () => {
        for (const trace of TRACES) await rawPages('trace', [trace, -Infinity, ''], [trace, Infinity, '']);
      },
    ],
    [
      'read all 100,000 events in time order, 1,000 a page',
      async () => {
        for await (const _ of store.pages({}, 1000));
      },
      () => rawPages('ts', [-Infinity, ''], [Infinity, '']),
    ],
  ];
  for (const [name, jig, raw] of reads) {
    const r = await alternate(
      () => timed(jig),
      () => timed(raw),
      { runs: 5, warmup: 1 },
    );
    out.push(
      pairedRow(name, 'ms', r, 'one record per event (v2 layout), raw getAll on its index', {
        digits: 0,
        note: 'chunks are read whole: a query that keeps few of their events reads more than it returns',
      }),
    );
  }
  await drop(v2);
  await drop(store);
  return out;
}
