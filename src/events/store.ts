// The event store: Jig's events in the visitor's IndexedDB (through idb), with a versioned
// schema, batched writes that lose nothing under quota pressure, and a memory fallback.
import { openDB, unwrap, type DBSchema, type IDBPDatabase, type OpenDBCallbacks } from 'idb';
import {
  createEvent,
  uuidv7,
  validateEvent,
  type AttrValue,
  type EventContext,
  type EventProblem,
  type JigEvent,
} from './event.js';
import { emptyAggregates, foldAggregate, type Aggregates } from './aggregates.js';

export const DEFAULT_DB_NAME = 'jig-events';
/**
 * The schema this code writes. v1: events by id with `time` and `type` indexes; v2: the shipping flag
 * and compound indexes; v3: chunks of events, each index a multiEntry index over the chunks' key arrays.
 */
export const SCHEMA_VERSION = 3;
/** Where v1 and v2 kept one record per event (moved into chunks by the v3 migration). */
const LEGACY_EVENTS = 'events';

/** What the store keeps for one event: the event and its shipping state. */
export interface StoredEvent extends JigEvent {
  /** Milliseconds since the epoch (from `time`), for time ranges. */
  ts: number;
  /** 0 waiting, 1 acknowledged by the receiver, 2 refused by it (dead, with `dead` the reason). */
  shipped: 0 | 1 | 2;
  dead?: string;
}

export type IndexName = 'ts' | 'type' | 'trace' | 'line' | 'ship';
/** Every index ends with `ts` and `id`, so keys are unique and pages resume after the last key. */
const INDEX_PATHS: Record<IndexName, (keyof StoredEvent & string)[]> = {
  ts: ['ts', 'id'],
  type: ['type', 'ts', 'id'],
  trace: ['trace', 'ts', 'id'],
  line: ['line', 'lineVersion', 'ts', 'id'],
  ship: ['shipped', 'ts', 'id'],
};

export interface EventFilter {
  /** Inclusive lower bound (ISO time, Date or ms). */
  from?: string | number | Date;
  /** Exclusive upper bound. */
  to?: string | number | Date;
  /** Only these types. */
  types?: readonly string[];
  trace?: string;
  line?: string;
  lineVersion?: string;
  /** `false`: waiting to ship; `true`: acknowledged; `'dead'`: refused by the receiver. */
  shipped?: boolean | 'dead';
}

export interface RefusedEvent {
  index: number;
  id?: string;
  problem: EventProblem;
}

export interface WriteResult {
  stored: number;
  refused: RefusedEvent[];
}

export interface StoreErrorInfo {
  code: 'quota' | 'write_failed' | 'open_failed';
  message: string;
  error?: unknown;
  /** Events kept in memory until the next write succeeds. */
  held?: number;
}

export interface EventStoreOptions {
  /** Database name; defaults to "jig-events". */
  name?: string;
  /**
   * Pass `undefined` explicitly (or have none in the page) to use memory. The store opens the
   * page's own `indexedDB` through idb; any other factory is refused and the store falls back to memory.
   */
  indexedDB?: IDBFactory | undefined;
  /** Context for the store's own events (`store.fallback`, `store.evicted`). */
  context?: EventContext;
  /** Ask the browser to keep the data (navigator.storage.persist()). */
  persist?: boolean;
  /** Events per write transaction from the queue. Default 500. */
  batchSize?: number;
  /** Older-shipped events removed per quota retry. Default 500. */
  evictBatch?: number;
  /** Another connection is keeping this one from upgrading: ask the visitor to close other tabs. */
  onBlocked?(info: { currentVersion: number; wantedVersion: number }): void;
  /** Another tab is upgrading the database: this connection has closed and reopens on the next use. */
  onVersionChange?(info: { newVersion: number | null }): void;
  onError?(info: StoreErrorInfo): void;
  /** Fault injection for tests: called inside every write before the events are put; a throw fails that write. */
  writeHook?(info: { attempt: number; count: number }): void;
}

export interface StoreStats {
  backend: 'indexeddb' | 'memory';
  held: number;
  queued: number;
}

/** The store. Create one with {@link openEventStore}; it is an object you pass around, not a global. */
export interface EventStore {
  readonly backend: 'indexeddb' | 'memory';
  /** The database name (a Worker can open the same database by it). */
  readonly name: string;
  /** Why the store is in memory, when it is. */
  readonly fallbackReason: string | undefined;
  /** Resolves with the browser's answer when `persist` was asked (undefined otherwise). */
  readonly persisted: Promise<boolean | undefined>;
  /** Writes events in one transaction. Hostile events are refused one by one; the rest are kept. */
  putMany(events: readonly unknown[]): Promise<WriteResult>;
  /** Queues one event; queued events are written together. Resolves once it is stored. */
  add(event: unknown): Promise<WriteResult>;
  /** Writes everything queued now. */
  flush(): Promise<void>;
  get(id: string): Promise<StoredEvent | undefined>;
  query(filter?: EventFilter, limit?: number, order?: 'oldest' | 'newest'): Promise<StoredEvent[]>;
  /** Reads in pages, oldest first, each page in its own short transaction. */
  pages(
    filter?: EventFilter,
    pageSize?: number,
    order?: 'oldest' | 'newest',
  ): AsyncGenerator<StoredEvent[], void, undefined>;
  count(filter?: EventFilter): Promise<number>;
  countByType(filter?: EventFilter): Promise<Record<string, number>>;
  /** Pass rate per station, feedback per layout/station/model, from one pass over the events. */
  aggregates(filter?: EventFilter): Promise<Aggregates>;
  passRateByStation(q: { line?: string; version?: string; intentClass?: string }): Promise<Aggregates['stations']>;
  feedbackByLayout(filter?: EventFilter): Promise<Aggregates['layouts']>;
  /** The oldest (or newest) events waiting to ship. */
  unshipped(limit: number, order?: 'oldest' | 'newest'): Promise<StoredEvent[]>;
  markShipped(ids: readonly string[]): Promise<void>;
  markDead(items: readonly { id: string; reason: string }[]): Promise<void>;
  /** Removes the oldest acknowledged (then dead) events; returns how many went. */
  evictShipped(count: number): Promise<number>;
  /** Listens to the store's own events (`store.fallback`, `store.evicted`). */
  addListener(fn: (event: JigEvent) => void): () => void;
  stats(): StoreStats;
  close(): void;
}

// ---- keys and ranges ----------------------------------------------------------------------

function toMs(t: string | number | Date): number {
  return typeof t === 'number' ? t : t instanceof Date ? t.getTime() : Date.parse(t);
}

export function toStored(e: JigEvent): StoredEvent {
  return { ...e, ts: Date.parse(e.time), shipped: 0 };
}

/** Strips the store's bookkeeping: the §5 event. */
export function toEvent(r: StoredEvent): JigEvent {
  return {
    id: r.id,
    type: r.type,
    time: r.time,
    session: r.session,
    trace: r.trace,
    span: r.span,
    line: r.line,
    lineVersion: r.lineVersion,
    attrs: r.attrs,
  };
}

type Key = (string | number)[];

function keyOf(index: IndexName, r: StoredEvent): Key {
  // Every path names a string or number field of a stored event (the index would not hold it otherwise).
  return INDEX_PATHS[index].map((p) => r[p] as string | number);
}

interface Plan {
  index: IndexName;
  lower: Key;
  upper: Key;
  /** Checks what the index range does not. */
  keep(r: StoredEvent): boolean;
  /** The range alone answers the filter (a count needs no records read). */
  exact: boolean;
}

/** Chooses the narrowest index for a filter; the rest of the filter is checked per record. */
function plan(f: EventFilter = {}): Plan {
  const from = f.from === undefined ? -Infinity : toMs(f.from);
  const to = f.to === undefined ? Infinity : toMs(f.to);
  // ±Infinity are valid IndexedDB keys; NaN (an unparseable bound) is not, so it means "no bound".
  const lo = Number.isNaN(from) ? -Infinity : from;
  const hi = Number.isNaN(to) ? Infinity : to;
  const types = f.types?.length ? new Set(f.types) : undefined;
  const shippedCode = f.shipped === undefined ? undefined : f.shipped === 'dead' ? 2 : f.shipped ? 1 : 0;
  const keep = (r: StoredEvent) =>
    r.ts >= lo &&
    r.ts < hi &&
    (!types || types.has(r.type)) &&
    (f.trace === undefined || r.trace === f.trace) &&
    (f.line === undefined || r.line === f.line) &&
    (f.lineVersion === undefined || r.lineVersion === f.lineVersion) &&
    (shippedCode === undefined || r.shipped === shippedCode);
  // `to` is exclusive: an upper key [..., hi, ''] sorts before every [..., hi, id].
  const only = (...set: unknown[]) => set.filter((x) => x !== undefined).length === 0;
  if (f.trace !== undefined)
    return {
      index: 'trace',
      lower: [f.trace, lo, ''],
      upper: [f.trace, hi, ''],
      keep,
      exact: only(types, f.line, f.lineVersion, shippedCode),
    };
  if (f.line !== undefined && f.lineVersion !== undefined)
    return {
      index: 'line',
      lower: [f.line, f.lineVersion, lo, ''],
      upper: [f.line, f.lineVersion, hi, ''],
      keep,
      exact: only(types, shippedCode),
    };
  if (types && types.size === 1) {
    const t = [...types][0]!;
    return {
      index: 'type',
      lower: [t, lo, ''],
      upper: [t, hi, ''],
      keep,
      exact: only(f.line, f.lineVersion, shippedCode),
    };
  }
  if (shippedCode !== undefined)
    return {
      index: 'ship',
      lower: [shippedCode, lo, ''],
      upper: [shippedCode, hi, ''],
      keep,
      exact: only(types, f.line, f.lineVersion),
    };
  return { index: 'ts', lower: [lo, ''], upper: [hi, ''], keep, exact: only(types, f.line, f.lineVersion) };
}

/** IndexedDB's key order for the keys used here (numbers < strings; arrays element-wise). */
function cmp(a: Key, b: Key): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!,
      y = b[i]!;
    if (x === y) continue;
    if (typeof x !== typeof y) return typeof x === 'number' ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

// ---- backends ------------------------------------------------------------------------------

interface Page {
  rows: StoredEvent[];
  next: Key | undefined;
}

/** What the two backends (IndexedDB, memory) provide; everything else is shared. */
interface Backend {
  readonly kind: 'indexeddb' | 'memory';
  put(records: StoredEvent[], attempt: number): Promise<void>;
  get(id: string): Promise<StoredEvent | undefined>;
  /**
   * Records of one index after `after` (exclusive) up to `upper`, at most `limit`, and the index key
   * to read on from when the index may hold more (undefined once it is read to the end).
   */
  range(index: IndexName, lower: Key, upper: Key, after: Key | undefined, limit: number): Promise<Page>;
  /** The same, newest first: records before `before` (exclusive) down to `lower`. */
  rangeDesc(index: IndexName, lower: Key, upper: Key, before: Key | undefined, limit: number): Promise<Page>;
  count(index: IndexName, lower: Key, upper: Key): Promise<number>;
  update(ids: readonly string[], patch: (r: StoredEvent) => void): Promise<void>;
  deleteOldest(index: IndexName, lower: Key, upper: Key, count: number): Promise<number>;
  close(): void;
}

/** How many leading key parts of each index are fixed in a query range (the rest is [ts, id]). */
const PREFIX: Record<IndexName, number> = { ts: 0, type: 1, trace: 1, line: 2, ship: 1 };

/**
 * The memory fallback: one list in [ts, id] order, kept by appending (events arrive in time
 * order). Every query range fixes an index's prefix and then runs in time order, so each
 * index is that list filtered by its prefix: no per-index sorting, no long task.
 */
class MemoryBackend implements Backend {
  readonly kind = 'memory' as const;
  readonly #byId = new Map<string, StoredEvent>();
  #list: StoredEvent[] = [];
  #sorted = true;

  constructor(private readonly hook?: EventStoreOptions['writeHook']) {}

  async put(records: StoredEvent[], attempt: number): Promise<void> {
    this.hook?.({ attempt, count: records.length });
    for (const r of records) {
      const old = this.#byId.get(r.id);
      this.#byId.set(r.id, r);
      if (old) {
        this.#list[this.#list.indexOf(old)] = r;
        if (old.ts !== r.ts) this.#sorted = false;
        continue;
      }
      const last = this.#list[this.#list.length - 1];
      if (last && cmp([r.ts, r.id], [last.ts, last.id]) < 0) this.#sorted = false;
      this.#list.push(r);
    }
  }
  async get(id: string) {
    return this.#byId.get(id);
  }
  #ordered(): StoredEvent[] {
    if (!this.#sorted) {
      this.#list.sort((a, b) => a.ts - b.ts || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      this.#sorted = true;
    }
    return this.#list;
  }
  /** First position in the list whose [ts, id] is > (exclusive) or >= the bound. */
  #search(bound: Key, exclusive: boolean): number {
    const list = this.#ordered();
    let lo = 0,
      hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const r = list[mid]!;
      const c = cmp([r.ts, r.id], bound);
      if (c < 0 || (exclusive && c === 0)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  static #matches(index: IndexName, r: StoredEvent, prefix: Key): boolean {
    const path = INDEX_PATHS[index];
    for (let i = 0; i < prefix.length; i++) if (r[path[i]!] !== prefix[i]) return false;
    return true;
  }
  async range(index: IndexName, lower: Key, upper: Key, after: Key | undefined, limit: number) {
    const p = PREFIX[index];
    const prefix = lower.slice(0, p);
    const end = upper.slice(p);
    const list = this.#ordered();
    const out: StoredEvent[] = [];
    for (
      let i = after ? this.#search(after.slice(p), true) : this.#search(lower.slice(p), false);
      i < list.length && out.length < limit;
      i++
    ) {
      const r = list[i]!;
      if (cmp([r.ts, r.id], end) > 0) break;
      if (MemoryBackend.#matches(index, r, prefix)) out.push(r);
    }
    return MemoryBackend.#page(index, out, limit);
  }
  static #page(index: IndexName, rows: StoredEvent[], limit: number): Page {
    return { rows, next: rows.length === limit ? keyOf(index, rows[rows.length - 1]!) : undefined };
  }
  async rangeDesc(index: IndexName, lower: Key, upper: Key, before: Key | undefined, limit: number) {
    const p = PREFIX[index];
    const prefix = lower.slice(0, p);
    const start = lower.slice(p);
    const list = this.#ordered();
    const out: StoredEvent[] = [];
    for (
      let i = (before ? this.#search(before.slice(p), false) : this.#search(upper.slice(p), true)) - 1;
      i >= 0 && out.length < limit;
      i--
    ) {
      const r = list[i]!;
      if (cmp([r.ts, r.id], start) < 0) break;
      if (MemoryBackend.#matches(index, r, prefix)) out.push(r);
    }
    return MemoryBackend.#page(index, out, limit);
  }
  async count(index: IndexName, lower: Key, upper: Key) {
    return (await this.range(index, lower, upper, undefined, Infinity)).rows.length;
  }
  async update(ids: readonly string[], patch: (r: StoredEvent) => void) {
    for (const id of ids) {
      const r = this.#byId.get(id);
      if (r) patch(r);
    } // shipping state only: the order stays
  }
  async deleteOldest(index: IndexName, lower: Key, upper: Key, count: number) {
    const victims = new Set((await this.range(index, lower, upper, undefined, count)).rows);
    for (const r of victims) this.#byId.delete(r.id);
    if (victims.size) this.#list = this.#list.filter((r) => !victims.has(r));
    return victims.size;
  }
  close() {}
}

/**
 * How many events one stored record (a chunk) holds. Each chunk carries its events' index keys in
 * multiEntry arrays, so every query still reads an exact per-event index; what batching saves is
 * the browser's cost per record. Measured in Chromium (same run, raw writes of 2,000 events, 500 a
 * transaction, one per transaction 1,621/s): 25 per chunk 19,066/s, 50 20,000/s, 100 21,930/s,
 * 250 18,467/s, 500 13,115/s (the multiEntry arrays grow costly past a few hundred).
 */
export const CHUNK_SIZE = 100;
const CHUNKS = 'chunks';
/** The chunk's multiEntry indexes: `ids` (get by id, updates) and one per query index. */
const CHUNK_INDEXES = ['ids', ...(Object.keys(INDEX_PATHS) as IndexName[])] as const;
type ChunkIndex = (typeof CHUNK_INDEXES)[number];

/** One stored record: up to {@link CHUNK_SIZE} events and, per index, one key per event. */
export interface Chunk {
  id: string;
  events: StoredEvent[];
  ids: string[];
  ts: Key[];
  type: Key[];
  trace: Key[];
  line: Key[];
  ship: Key[];
}

/** The chunk of these events (a new one, or `id` written again with what it keeps). */
function chunkOf(events: StoredEvent[], id = uuidv7()): Chunk {
  return {
    id,
    events,
    ids: events.map((r) => r.id),
    ts: events.map((r) => keyOf('ts', r)),
    type: events.map((r) => keyOf('type', r)),
    trace: events.map((r) => keyOf('trace', r)),
    line: events.map((r) => keyOf('line', r)),
    ship: events.map((r) => keyOf('ship', r)),
  };
}

/** The chunks a write puts: its events in order, {@link CHUNK_SIZE} a chunk (exported for the bench, which puts them by hand as its baseline). */
export function chunksOf(events: StoredEvent[]): Chunk[] {
  const out: Chunk[] = [];
  for (let i = 0; i < events.length; i += CHUNK_SIZE) out.push(chunkOf(events.slice(i, i + CHUNK_SIZE)));
  return out;
}

/** The database as idb sees it: chunks by id, with the multiEntry indexes of {@link CHUNK_INDEXES}. */
interface EventsSchema extends DBSchema {
  chunks: { key: string; value: Chunk; indexes: Record<ChunkIndex, Key | string> };
}

/** A chunk's events as stored, without what is not an object (another script may have put anything there). */
function storedEvents(chunk: Chunk): StoredEvent[] {
  return Array.isArray(chunk.events) ? chunk.events.filter((e) => e !== null && typeof e === 'object') : [];
}

/** A chunk's events as every reader expects them. */
function eventsOf(chunk: Chunk): StoredEvent[] {
  return storedEvents(chunk).map(sane);
}

/** An array of strings and numbers (no NaN): the keys Jig writes, compared in JS by {@link cmp}. */
function plainKey(k: unknown): k is Key {
  return Array.isArray(k) && k.every((x) => typeof x === 'string' || (typeof x === 'number' && !Number.isNaN(x)));
}

/** Whether IndexedDB would hold `k` as a key (checked in JS for the usual shapes, by IndexedDB otherwise). */
function validKey(k: unknown): k is Key | string | number {
  if (typeof k === 'string') return true;
  if (typeof k === 'number') return !Number.isNaN(k);
  if (plainKey(k)) return true;
  try {
    indexedDB.cmp(k, k);
    return true;
  } catch {
    return false;
  }
}

/** IndexedDB's order for any two valid keys: {@link cmp} for strings and numbers, IndexedDB's own otherwise. */
function order(a: Key, b: Key): number {
  return plainKey(a) && plainKey(b) ? cmp(a, b) : indexedDB.cmp(a, b);
}

/**
 * The entries a chunk makes in one index, exactly as the index holds them: one per valid, distinct
 * key of its array, with the event whose id ends the key when the chunk has it. A chunk written by
 * another script on the origin may hold keys without events: those entries have no row, but a
 * page still counts them, so reading goes on after them instead of stopping short.
 */
function entries(chunk: Chunk, index: IndexName, within: (key: Key) => boolean): Entry[] {
  const all: unknown = chunk?.[index];
  if (!Array.isArray(all)) return [];
  const keys = all.filter((k): k is Key => validKey(k) && within(k as Key));
  if (!keys.length) return [];
  // Keys end with their event's id, so distinct ids mean distinct keys; only a chunk written by
  // another script can repeat one, and only then are whole keys compared.
  const idOf = (k: Key) => (Array.isArray(k) ? k[k.length - 1] : k);
  let distinct = keys;
  if (new Set(keys.map(idOf)).size !== keys.length) {
    const seen = new Set<string>();
    distinct = keys.filter((k) => {
      const text = JSON.stringify(k);
      if (seen.has(text)) return false;
      seen.add(text);
      return true;
    });
  }
  const byId = new Map<unknown, StoredEvent>();
  for (const e of storedEvents(chunk)) if (typeof e.id === 'string') byId.set(e.id, e);
  return distinct.map((key) => {
    const found = byId.get(idOf(key));
    return { key, row: found && sane(found) };
  });
}

interface Entry {
  key: Key;
  row: StoredEvent | undefined;
}

/** A page from the first `limit` entries of a window (`full`: the index may hold more after them). */
function pageOf(list: Entry[], limit: number, full: boolean): Page {
  const window = list.slice(0, limit);
  return {
    rows: window.flatMap((e) => (e.row ? [e.row] : [])),
    next: full ? window[window.length - 1]?.key : undefined,
  };
}

/**
 * IndexedDB in chunks: a write puts one record per {@link CHUNK_SIZE} events, and every index is a
 * multiEntry index over the chunks' key arrays, so the queries read the same per-event order and
 * counts as one record per event would give. A range read takes the index's primary keys (the
 * chunks) for its window, reads each chunk once, and keeps the events whose keys fall in it.
 */
class IdbBackend implements Backend {
  readonly kind = 'indexeddb' as const;
  #db: Promise<IDBPDatabase<EventsSchema>> | null = null;
  #closed = false;

  constructor(
    private readonly name: string,
    private readonly opts: EventStoreOptions,
  ) {}

  /** Opens (or reopens after another tab's upgrade closed this connection). */
  db(): Promise<IDBPDatabase<EventsSchema>> {
    if (this.#closed)
      return Promise.reject(
        new DOMException('The event store was closed; open a new one with openEventStore().', 'InvalidStateError'),
      );
    this.#db ??= this.#open().catch((err) => {
      this.#db = null;
      throw err;
    });
    return this.#db;
  }

  /** idb's openDB, retried once without a version when another tab already upgraded past this code's. */
  async #open(): Promise<IDBPDatabase<EventsSchema>> {
    let db: IDBPDatabase<EventsSchema> | undefined;
    const callbacks: OpenDBCallbacks<EventsSchema> = {
      upgrade: (db, oldVersion, _newVersion, tx) => migrate(unwrap(db), unwrap(tx), oldVersion),
      blocked: (currentVersion, wantedVersion) =>
        this.opts.onBlocked?.({ currentVersion, wantedVersion: wantedVersion ?? SCHEMA_VERSION }),
      // Called only once the open has resolved, so `db` is this connection.
      blocking: (_current, newVersion) => {
        db?.close();
        this.#db = null;
        this.opts.onVersionChange?.({ newVersion });
      },
    };
    try {
      db = await openDB<EventsSchema>(this.name, SCHEMA_VERSION, callbacks);
    } catch (err) {
      // Another tab already upgraded past this code's version: use the newer schema as it is.
      if ((err as DOMException)?.name !== 'VersionError') throw err;
      db = await openDB<EventsSchema>(this.name, undefined, callbacks);
    }
    return db;
  }

  /**
   * One transaction for the whole batch, on the raw IDB objects (a promise per request, idb's
   * wrapper, cost more than the requests). `relaxed` durability lets the browser answer before the
   * disk flush (events are telemetry: a crash may lose the last batch, never corrupt the store). An
   * event whose id is already stored replaces it: the ids index is read for the batch's id range
   * first, and any chunk holding one of these ids loses it in the same transaction.
   */
  async put(records: StoredEvent[], attempt: number): Promise<void> {
    const db = unwrap(await this.db());
    const tx = db.transaction(CHUNKS, 'readwrite', { durability: 'relaxed' });
    let failure: unknown;
    const done = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      // A failed put fires `error` on its request (kept: it names the cause, e.g. the quota), then `abort`.
      tx.onerror = (e) => {
        failure ??= (e.target as IDBRequest | null)?.error ?? tx.error;
      };
      tx.onabort = () =>
        reject(failure ?? tx.error ?? new DOMException('The write transaction was aborted.', 'AbortError'));
    });
    try {
      this.opts.writeHook?.({ attempt, count: records.length });
      if (records.length) {
        // The last of two events with one id wins, as two puts would.
        const byId = new Map<string, StoredEvent>();
        for (const r of records) byId.set(r.id, r);
        const list = byId.size === records.length ? records : [...byId.values()];
        let lo = list[0]!.id,
          hi = lo;
        for (const r of list) {
          if (r.id < lo) lo = r.id;
          if (r.id > hi) hi = r.id;
        }
        const store = tx.objectStore(CHUNKS);
        // Asked before the new chunks are put, so it sees only what was stored before.
        const clash = store.index('ids').getAllKeys(IDBKeyRange.bound(lo, hi));
        clash.onsuccess = () => {
          for (const key of new Set(clash.result)) {
            const got = store.get(key);
            got.onsuccess = () => {
              const old = got.result as Chunk | undefined;
              if (!old || !Array.isArray(old.ids) || !old.ids.some((id) => byId.has(id))) return;
              const kept = eventsOf(old).filter((e) => !byId.has(e.id));
              if (kept.length) store.put(chunkOf(kept, old.id));
              else store.delete(key);
            };
          }
        };
        for (const chunk of chunksOf(list)) store.put(chunk);
      }
    } catch (err) {
      failure = err;
      try {
        tx.abort();
      } catch {
        /* already finished */
      }
      await done.catch(() => undefined);
      throw err;
    }
    await done;
  }

  async get(id: string) {
    const tx = (await this.db()).transaction(CHUNKS);
    const key = await tx.store.index('ids').getKey(id);
    const chunk = key === undefined ? undefined : await tx.store.get(key);
    const found = chunk && storedEvents(chunk).find((e) => e.id === id);
    return found && sane(found);
  }

  /** The rows of the chunks `keys` in `index` within [lower, upper] (bounds open where asked), in key order. */
  async #rows(
    tx: { store: { get(key: string): Promise<Chunk | undefined> } },
    keys: string[],
    index: IndexName,
    lower: Key,
    upper: Key,
    openLower: boolean,
    openUpper: boolean,
  ) {
    const chunks = await Promise.all([...new Set(keys)].map((k) => tx.store.get(k)));
    const within = (key: Key) => {
      const lo = order(key, lower),
        hi = order(key, upper);
      return (openLower ? lo > 0 : lo >= 0) && (openUpper ? hi < 0 : hi <= 0);
    };
    return chunks.flatMap((c) => (c ? entries(c, index, within) : [])).sort((a, b) => order(a.key, b.key));
  }

  async range(index: IndexName, lower: Key, upper: Key, after: Key | undefined, limit: number) {
    const tx = (await this.db()).transaction(CHUNKS);
    const from = after ?? lower;
    const r = IDBKeyRange.bound(from, upper, after !== undefined, false);
    // One primary key per index entry: the first `limit` entries are the smallest keys of these chunks.
    const keys = await tx.store.index(index).getAllKeys(r, Number.isFinite(limit) ? limit : undefined);
    return pageOf(
      await this.#rows(tx, keys, index, from, upper, after !== undefined, false),
      limit,
      keys.length === limit,
    );
  }

  async rangeDesc(index: IndexName, lower: Key, upper: Key, before: Key | undefined, limit: number) {
    const tx = (await this.db()).transaction(CHUNKS);
    const to = before ?? upper;
    // Newest first: a key cursor (no values read) collects the window's chunks, then each is read once.
    const keys: string[] = [];
    let cursor = await tx.store
      .index(index)
      .openKeyCursor(IDBKeyRange.bound(lower, to, false, before !== undefined), 'prev');
    while (cursor && keys.length < limit) {
      keys.push(cursor.primaryKey);
      cursor = keys.length < limit ? await cursor.continue() : null;
    }
    const list = (await this.#rows(tx, keys, index, lower, to, false, before !== undefined)).reverse();
    return pageOf(list, limit, keys.length === limit);
  }

  async count(index: IndexName, lower: Key, upper: Key) {
    return (await this.db()).countFromIndex(CHUNKS, index, IDBKeyRange.bound(lower, upper));
  }

  /** Patches events in place: each chunk holding one is read, changed and put back once. */
  async update(ids: readonly string[], patch: (r: StoredEvent) => void) {
    const tx = (await this.db()).transaction(CHUNKS, 'readwrite');
    const want = new Set(ids);
    const keys = new Set(
      (await Promise.all([...want].map((id) => tx.store.index('ids').getKey(id)))).filter((k) => k !== undefined),
    );
    await Promise.all(
      [...keys].map(async (key) => {
        const c = await tx.store.get(key);
        if (!c) return;
        const events = eventsOf(c);
        for (const r of events) if (want.has(r.id)) patch(r);
        await tx.store.put(chunkOf(events, c.id));
      }),
    );
    await tx.done;
  }

  /** Removes the `count` smallest entries of the range, rewriting (or deleting) each chunk once. */
  async deleteOldest(index: IndexName, lower: Key, upper: Key, count: number) {
    const tx = (await this.db()).transaction(CHUNKS, 'readwrite');
    const keys = await tx.store.index(index).getAllKeys(IDBKeyRange.bound(lower, upper), count);
    const victims = new Set(
      (await this.#rows(tx, keys, index, lower, upper, false, false))
        .slice(0, count)
        .flatMap((e) => (e.row ? [e.row.id] : [])),
    );
    await Promise.all(
      [...new Set(keys)].map(async (key) => {
        const c = await tx.store.get(key);
        if (!c) return;
        const kept = eventsOf(c).filter((e) => !victims.has(e.id));
        if (kept.length) await tx.store.put(chunkOf(kept, c.id));
        else await tx.store.delete(key);
      }),
    );
    await tx.done;
    return victims.size;
  }

  close() {
    this.#closed = true;
    void this.#db?.then(
      (d) => d.close(),
      () => undefined,
    );
    this.#db = null;
  }
}

/**
 * A record as read back from IndexedDB, in the shape every reader expects. Jig writes only checked
 * events, but another script on the origin may write into the database: a record of the wrong shape
 * (no attrs, a number for a session) is read with empty strings and attributes where it has none of
 * the right type, so one bad record neither breaks an export nor shortens a page of a query.
 */
function sane(r: StoredEvent): StoredEvent {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const ok =
    r !== null &&
    typeof r === 'object' &&
    typeof r.id === 'string' &&
    typeof r.type === 'string' &&
    typeof r.time === 'string' &&
    typeof r.session === 'string' &&
    typeof r.trace === 'string' &&
    typeof r.span === 'string' &&
    typeof r.line === 'string' &&
    typeof r.lineVersion === 'string' &&
    r.attrs !== null &&
    typeof r.attrs === 'object' &&
    !Array.isArray(r.attrs);
  if (ok) return r;
  const o = (r ?? {}) as Partial<StoredEvent>;
  const attrs: Record<string, AttrValue> = {};
  if (o.attrs && typeof o.attrs === 'object' && !Array.isArray(o.attrs))
    for (const [k, v] of Object.entries(o.attrs))
      if (v === null || ['string', 'boolean'].includes(typeof v) || (typeof v === 'number' && Number.isFinite(v)))
        attrs[k] = v;
  return {
    ...o,
    id: text(o.id),
    type: text(o.type),
    time: text(o.time),
    session: text(o.session),
    trace: text(o.trace),
    span: text(o.span),
    line: text(o.line),
    lineVersion: text(o.lineVersion),
    attrs,
  } as StoredEvent;
}

/**
 * Schema migrations, run in the upgrade transaction; every event is kept. v1 and v2 held one
 * record per event in `events`; v3 makes the `chunks` store and moves them there, a chunk per
 * {@link CHUNK_SIZE} events in id order (v1's records get the `ts` and shipping state they lacked),
 * then deletes the old store.
 */
function migrate(db: IDBDatabase, tx: IDBTransaction, oldVersion: number): void {
  if (oldVersion >= 3) return;
  const chunks = db.createObjectStore(CHUNKS, { keyPath: 'id' });
  for (const name of CHUNK_INDEXES) chunks.createIndex(name, name, { multiEntry: true });
  if (!db.objectStoreNames.contains(LEGACY_EVENTS)) return;
  const events = tx.objectStore(LEGACY_EVENTS);
  const step = (after?: IDBValidKey) => {
    const req = events.getAll(after === undefined ? undefined : IDBKeyRange.lowerBound(after, true), CHUNK_SIZE);
    req.onsuccess = () => {
      const page = req.result as Partial<StoredEvent>[];
      if (!page.length) {
        db.deleteObjectStore(LEGACY_EVENTS);
        return;
      }
      chunks.put(
        chunkOf(
          page.map((r) =>
            sane({
              ...r,
              ts: typeof r.ts === 'number' ? r.ts : Date.parse(String(r.time)),
              shipped: r.shipped ?? 0,
            } as StoredEvent),
          ),
        ),
      );
      step(page[page.length - 1]!.id);
    };
  };
  step();
}

// ---- the store -----------------------------------------------------------------------------

function isQuota(err: unknown): boolean {
  const name = (err as { name?: string } | null)?.name;
  return name === 'QuotaExceededError' || (err as { inner?: { name?: string } })?.inner?.name === 'QuotaExceededError';
}

function hasIndexedDb(options: EventStoreOptions): { factory?: IDBFactory; reason?: string } {
  if ('indexedDB' in options && !options.indexedDB) return { reason: 'no IndexedDB was given to the store' };
  let f: IDBFactory | undefined;
  try {
    f = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  } catch (err) {
    return { reason: `IndexedDB is not accessible: ${(err as Error).message}` };
  }
  if (!f) return { reason: 'this browser has no IndexedDB (private mode or storage disabled)' };
  if (options.indexedDB && options.indexedDB !== f)
    return { reason: "the store opens the page's own IndexedDB (through idb); the factory given is another one" };
  return { factory: f };
}

/**
 * Opens the event store. Never rejects: without IndexedDB (none in the page, or open() fails)
 * it keeps events in memory and records a `store.fallback` event saying why.
 */
export async function openEventStore(options: EventStoreOptions = {}): Promise<EventStore> {
  const name = options.name ?? DEFAULT_DB_NAME;
  const found = hasIndexedDb(options);
  let backend: Backend;
  let fallbackReason: string | undefined = found.reason;
  if (found.factory) {
    const idb = new IdbBackend(name, options);
    try {
      await idb.db();
      backend = idb;
    } catch (err) {
      fallbackReason = `IndexedDB could not be opened (${(err as Error)?.name ?? 'Error'}: ${(err as Error)?.message ?? err})`;
      options.onError?.({ code: 'open_failed', message: fallbackReason, error: err });
      backend = new MemoryBackend(options.writeHook);
    }
  } else {
    backend = new MemoryBackend(options.writeHook);
  }
  const store = new Store(backend, name, options, fallbackReason);
  if (fallbackReason) await store.note('store.fallback', { reason: fallbackReason });
  return store;
}

class Store implements EventStore {
  readonly persisted: Promise<boolean | undefined>;
  #queue: { event: unknown; resolve(r: WriteResult): void; reject(e: unknown): void }[] = [];
  #flushing: Promise<void> | null = null;
  /** Events the backend could not take yet (quota with nothing left to evict, or a failed write). */
  #held: StoredEvent[] = [];
  #listeners = new Set<(e: JigEvent) => void>();

  readonly #b: Backend;

  constructor(
    backend: Backend,
    readonly name: string,
    private readonly options: EventStoreOptions,
    readonly fallbackReason: string | undefined,
  ) {
    this.#b = backend;
    this.persisted = options.persist ? requestPersistence() : Promise.resolve(undefined);
  }

  get backend(): 'indexeddb' | 'memory' {
    return this.#b.kind;
  }

  /** Records one of the store's own events and tells the listeners. */
  async note(
    type: 'store.fallback' | 'store.evicted',
    attrs: Record<string, string | number | boolean | null>,
  ): Promise<void> {
    const event = createEvent(type, this.options.context ?? { session: 'store' }, attrs);
    for (const fn of this.#listeners) fn(event);
    await this.#write([toStored(event)]);
  }

  addListener(fn: (event: JigEvent) => void) {
    this.#listeners.add(fn);
    return () => {
      this.#listeners.delete(fn);
    };
  }

  stats(): StoreStats {
    return { backend: this.#b.kind, held: this.#held.length, queued: this.#queue.length };
  }

  async putMany(events: readonly unknown[]): Promise<WriteResult> {
    const refused: RefusedEvent[] = [];
    const records: StoredEvent[] = [];
    events.forEach((value, index) => {
      const v = validateEvent(value);
      if (v.ok) records.push(toStored(v.event));
      else
        refused.push({
          index,
          id:
            typeof (value as { id?: unknown })?.id === 'string' ? (value as { id: string }).id.slice(0, 64) : undefined,
          problem: v.problem,
        });
    });
    if (records.length) await this.#write(records);
    return { stored: records.length, refused };
  }

  /**
   * Writes records in one transaction. A quota error evicts the oldest shipped events and
   * retries; when nothing can be evicted (or another error persists) the records stay in
   * memory, are reported, and go with the next write. The events in hand are never dropped.
   */
  async #write(records: StoredEvent[]): Promise<void> {
    const batch = this.#held.length ? [...this.#held, ...records] : records;
    this.#held = [];
    const evictBatch = this.options.evictBatch ?? 500;
    let evicted = 0;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#b.put(batch, attempt);
        break;
      } catch (err) {
        if (isQuota(err) && attempt <= 5) {
          // Eviction may fail too (the store closed meanwhile): then the batch is held like any failed write.
          const n = await this.evictShipped(Math.max(evictBatch, batch.length)).catch(() => 0);
          evicted += n;
          if (n > 0 || attempt === 1) continue; // a quota error can be momentary: one plain retry
        }
        // Added to what other writes failing meanwhile hold (never in place of it).
        this.#held = this.#held.length ? [...this.#held, ...batch] : batch;
        const code = isQuota(err) ? 'quota' : 'write_failed';
        this.options.onError?.({
          code,
          message: `${batch.length} events could not be written (${(err as Error)?.name}: ${(err as Error)?.message}); they are kept in memory and retried with the next write`,
          error: err,
          held: this.#held.length,
        });
        return;
      }
    }
    if (evicted > 0) {
      const event = createEvent('store.evicted', this.options.context ?? { session: 'store' }, {
        count: evicted,
        reason: 'quota',
      });
      for (const fn of this.#listeners) fn(event);
      this.options.onError?.({
        code: 'quota',
        message: `storage was full: ${evicted} already-shipped events were removed to keep ${batch.length} new ones`,
      });
      await this.#write([toStored(event)]);
    }
  }

  add(event: unknown): Promise<WriteResult> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ event, resolve, reject });
      if (this.#queue.length >= (this.options.batchSize ?? 500)) void this.flush();
      else if (this.#queue.length === 1) queueMicrotask(() => void this.flush());
    });
  }

  /** Coalesces: everything queued while a write is in flight goes in the next single transaction. */
  flush(): Promise<void> {
    if (this.#flushing) return this.#flushing.then(() => (this.#queue.length ? this.flush() : undefined));
    const items = this.#queue.splice(0, this.#queue.length);
    if (!items.length && !this.#held.length) return Promise.resolve();
    this.#flushing = (async () => {
      try {
        const r = await this.putMany(items.map((i) => i.event));
        const refusedAt = new Map(r.refused.map((x) => [x.index, x]));
        items.forEach((it, i) => {
          const bad = refusedAt.get(i);
          it.resolve(bad ? { stored: 0, refused: [{ ...bad, index: 0 }] } : { stored: 1, refused: [] });
        });
      } catch (err) {
        for (const it of items) it.reject(err);
      } finally {
        this.#flushing = null;
      }
    })();
    return this.#flushing;
  }

  /** Reads see this store's own writes: what is queued is written first. */
  async #settle(): Promise<void> {
    if (this.#queue.length || this.#flushing) await this.flush();
  }

  async get(id: string) {
    await this.#settle();
    return (await this.#b.get(id.toLowerCase())) ?? this.#held.find((r) => r.id === id.toLowerCase());
  }

  async *pages(
    filter: EventFilter = {},
    pageSize = 1000,
    order: 'oldest' | 'newest' = 'oldest',
  ): AsyncGenerator<StoredEvent[], void, undefined> {
    await this.#settle();
    const p = plan(filter);
    let after: Key | undefined;
    const held = this.#held.filter(p.keep);
    if (order === 'newest' && held.length) yield held.reverse();
    for (;;) {
      const page =
        order === 'oldest'
          ? await this.#b.range(p.index, p.lower, p.upper, after, pageSize)
          : await this.#b.rangeDesc(p.index, p.lower, p.upper, after, pageSize);
      const kept = page.rows.filter(p.keep);
      if (kept.length) yield kept;
      if (page.next === undefined) break;
      after = page.next;
    }
    if (order === 'oldest' && held.length) yield held;
  }

  async query(
    filter: EventFilter = {},
    limit = Infinity,
    order: 'oldest' | 'newest' = 'oldest',
  ): Promise<StoredEvent[]> {
    const out: StoredEvent[] = [];
    for await (const page of this.pages(filter, Math.min(limit, 1000), order)) {
      for (const r of page) {
        if (out.length >= limit) return out;
        out.push(r);
      }
    }
    return out;
  }

  async count(filter: EventFilter = {}): Promise<number> {
    await this.#settle();
    const p = plan(filter);
    const held = this.#held.filter(p.keep).length;
    if (p.exact) return (await this.#b.count(p.index, p.lower, p.upper)) + held;
    let n = 0;
    for await (const page of this.pages(filter)) n += page.length;
    return n;
  }

  async countByType(filter: EventFilter = {}): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for await (const page of this.pages(filter)) for (const r of page) out[r.type] = (out[r.type] ?? 0) + 1;
    return out;
  }

  async aggregates(filter: EventFilter = {}): Promise<Aggregates> {
    const agg = emptyAggregates();
    for await (const page of this.pages(filter)) for (const r of page) foldAggregate(agg, r);
    return agg;
  }

  async passRateByStation(q: { line?: string; version?: string; intentClass?: string }) {
    const agg = await this.aggregates({ line: q.line, lineVersion: q.version, types: ['station.attempted'] });
    if (q.intentClass === undefined) return agg.stations;
    return agg.stationsByClass[q.intentClass] ?? {};
  }

  async feedbackByLayout(filter: EventFilter = {}) {
    return (await this.aggregates({ ...filter, types: ['feedback.given'] })).layouts;
  }

  async unshipped(limit: number, order: 'oldest' | 'newest' = 'oldest') {
    return this.query({ shipped: false }, limit, order);
  }

  async markShipped(ids: readonly string[]) {
    await this.#flushHeldFirst();
    await this.#b.update(ids, (r) => {
      r.shipped = 1;
    });
  }

  async markDead(items: readonly { id: string; reason: string }[]) {
    await this.#flushHeldFirst();
    const reasons = new Map(items.map((i) => [i.id, i.reason]));
    await this.#b.update([...reasons.keys()], (r) => {
      r.shipped = 2;
      r.dead = reasons.get(r.id)!.slice(0, 500);
    });
  }

  async #flushHeldFirst() {
    if (this.#held.length) await this.#write([]);
  }

  async evictShipped(count: number): Promise<number> {
    let n = await this.#b.deleteOldest('ship', [1, -Infinity, ''], [1, Infinity, ''], count);
    if (n < count) n += await this.#b.deleteOldest('ship', [2, -Infinity, ''], [2, Infinity, ''], count - n);
    return n;
  }

  close() {
    this.#b.close();
  }
}

async function requestPersistence(): Promise<boolean | undefined> {
  const storage = (globalThis.navigator as Navigator | undefined)?.storage;
  if (!storage?.persist) return undefined;
  try {
    if (await storage.persisted()) return true;
    return await storage.persist();
  } catch {
    return false; // the browser refused to answer (e.g. an opaque origin): not persisted
  }
}
