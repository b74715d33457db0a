// Every line config, versioned in the visitor's IndexedDB (its own small database): current,
// canary with its share, the stack rollback walks back through, and the history with reasons.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { LineConfig } from '../line/config.js';
import type { TuneBoundsInput } from './bounds.js';
import { stepVersions, type VersionOp } from '../util/line-versions.js';
import { deepEqual } from './guard.js';
import type { ServerLineState } from './server.js';
import type { Change, TuneState } from './tune.js';

export const VERSIONS_DB = 'jig-lines';
/** The config key a server version may carry its tuning bounds under (not part of the line config). */
export const BOUNDS_KEY = 'tuning';

export type VersionSource = 'site' | 'local' | 'server';

export interface VersionRecord {
  line: string;
  /** "3" for the server's version 3; "local-2" for the second version tuned here; the site's own for its config. */
  version: string;
  /** The config, with `version` set to this version (events carry it as lineVersion). */
  config: LineConfig;
  source: VersionSource;
  parent?: string;
  createdAt: string;
  /** Its place among the line's stored versions (1, 2, …). */
  n: number;
  /** The tuning proposal that made it. */
  proposal?: { changes: Change[]; from: string; events: number };
  /** Tuning's state after the round that made it. */
  tuneState?: TuneState;
  /** Bounds the server set for tuning from this version. */
  bounds?: TuneBoundsInput;
}

export type HistoryAction = 'deploy' | 'canary' | 'promote' | 'rollback' | 'sync';

export interface HistoryEntry {
  action: HistoryAction;
  version: string;
  previous: string | null;
  share?: number;
  reason?: string;
  /** The numbers behind an automatic decision. */
  evidence?: unknown;
  at: string;
}

export interface LocalLineState {
  line: string;
  current: string | null;
  canary: string | null;
  share: number;
  /** Earlier current versions, newest last. */
  stack: string[];
  /** Newest first, at most {@link HISTORY_MAX}. */
  history: HistoryEntry[];
  /** Local versions made so far (names "local-N"). */
  seq: number;
  /** Versions stored so far, of any source. */
  made: number;
}

export const HISTORY_MAX = 200;

interface Schema extends DBSchema {
  versions: { key: [string, string]; value: VersionRecord };
  lines: { key: string; value: LocalLineState };
}

export type VersionChange =
  | { ok: true; version: string; state: LocalLineState }
  | { ok: false; code: 'no_canary' | 'nothing_to_roll_back' | 'unknown_version'; message: string };

export interface AddOptions {
  /** Deploy as a canary on this share of visitors; without it the version becomes current. */
  canaryShare?: number;
  source?: VersionSource;
  /** The version name (required for site and server versions; local ones are numbered). */
  version?: string;
  parent?: string;
  proposal?: VersionRecord['proposal'];
  tuneState?: TuneState;
  bounds?: TuneBoundsInput;
  reason?: string;
}

export interface VersionStore {
  state(line: string): Promise<LocalLineState>;
  get(line: string, version: string): Promise<VersionRecord | undefined>;
  /** Every version of a line, oldest first. */
  list(line: string): Promise<VersionRecord[]>;
  add(line: string, config: LineConfig, opts?: AddOptions): Promise<{ record: VersionRecord; state: LocalLineState }>;
  promote(line: string, reason?: string): Promise<VersionChange>;
  /** Drops the canary if there is one, else returns to the previous current version. */
  rollback(line: string, reason?: string, evidence?: unknown): Promise<VersionChange>;
  /** Adds the proposal, tuning state or parent to a stored version, leaving current and canary as they are. */
  annotate(
    line: string,
    version: string,
    patch: Pick<AddOptions, 'parent' | 'proposal' | 'tuneState'>,
  ): Promise<VersionRecord | undefined>;
  /** Takes the server's current and canary as the truth (server versions win over local ones). */
  adopt(line: string, server: ServerLineState): Promise<{ state: LocalLineState; changed: boolean }>;
  close(): void;
}

export interface VersionStoreOptions {
  name?: string;
  indexedDB?: IDBFactory;
}

export const emptyLineState = (line: string): LocalLineState => ({
  line,
  current: null,
  canary: null,
  share: 0,
  stack: [],
  history: [],
  seq: 0,
  made: 0,
});
const emptyState = emptyLineState;

/** Splits what the server keeps (a line config, maybe with tuning bounds) into the two. */
export function splitServerConfig(
  raw: Record<string, unknown>,
  version: number,
): { config: LineConfig; bounds?: TuneBoundsInput } {
  const { [BOUNDS_KEY]: bounds, ...rest } = raw;
  // Kept as the server sent them: the tuner checks them (checkedBounds) before tuning on them.
  return {
    config: { ...(rest as LineConfig), version },
    ...(bounds !== undefined && bounds !== null ? { bounds: bounds as TuneBoundsInput } : {}),
  };
}

/** What a backend provides; the version operations are written once, over it. */
interface Backend {
  state(line: string): Promise<LocalLineState | undefined>;
  get(line: string, version: string): Promise<VersionRecord | undefined>;
  all(line: string): Promise<VersionRecord[]>;
  /** Runs `fn` atomically over the line's state and its versions; the state is written back after. */
  change<T>(
    line: string,
    fn: (
      s: LocalLineState,
      vs: { get(v: string): Promise<VersionRecord | undefined>; put(r: VersionRecord): void },
    ) => Promise<T>,
  ): Promise<T>;
  close(): void;
}

export async function openVersionStore(opts: VersionStoreOptions = {}): Promise<VersionStore> {
  const factory = opts.indexedDB ?? globalThis.indexedDB;
  if (!factory)
    throw new Error(
      'openVersionStore needs IndexedDB; this environment has none (use memoryVersionStore() outside a browser)',
    );
  const db: IDBPDatabase<Schema> = await openDB<Schema>(opts.name ?? VERSIONS_DB, 1, {
    upgrade(d) {
      d.createObjectStore('versions', { keyPath: ['line', 'version'] });
      d.createObjectStore('lines', { keyPath: 'line' });
    },
  });
  return versionStore({
    state: (line) => db.get('lines', line),
    get: (line, version) => db.get('versions', [line, version]),
    all: (line) => db.getAll('versions', IDBKeyRange.bound([line, ''], [line, '\uffff'])),
    async change(line, fn) {
      // One transaction over both stores, so a state never names a missing version.
      const tx = db.transaction(['versions', 'lines'], 'readwrite');
      const lines = tx.objectStore('lines');
      const vs = tx.objectStore('versions');
      const s = (await lines.get(line)) ?? emptyState(line);
      const out = await fn(s, { get: (v) => vs.get([line, v]), put: (r) => void vs.put(r) });
      void lines.put(s);
      await tx.done;
      return out;
    },
    close: () => db.close(),
  });
}

/** The same store in memory: for Node (the eval, scripts) and pages without IndexedDB. Nothing survives a reload. */
export function memoryVersionStore(): VersionStore {
  const states = new Map<string, LocalLineState>();
  const records = new Map<string, VersionRecord>();
  const key = (line: string, v: string) => `${line}\u0000${v}`;
  let queue = Promise.resolve() as Promise<unknown>;
  return versionStore({
    state: async (line) => structuredClone(states.get(line)),
    get: async (line, v) => structuredClone(records.get(key(line, v))),
    all: async (line) => [...records.values()].filter((r) => r.line === line).map((r) => structuredClone(r)),
    change(line, fn) {
      const run = queue.then(async () => {
        const s = structuredClone(states.get(line) ?? emptyState(line));
        const puts: VersionRecord[] = [];
        const out = await fn(s, {
          get: async (v) => structuredClone(puts.findLast((r) => r.version === v) ?? records.get(key(line, v))),
          put: (r) => void puts.push(structuredClone(r)),
        });
        for (const r of puts) records.set(key(line, r.version), r);
        states.set(line, s);
        return out;
      });
      queue = run.catch(() => undefined);
      return run;
    },
    close() {},
  });
}

function versionStore(b: Backend): VersionStore {
  const now = () => new Date().toISOString();
  const remember = (s: LocalLineState, e: HistoryEntry) => {
    s.history = [e, ...s.history].slice(0, HISTORY_MAX);
  };
  const change = b.change.bind(b);
  const messages = (line: string) => ({
    no_canary: `line "${line}" has no canary to promote`,
    nothing_to_roll_back: `line "${line}" has no canary and no earlier version to go back to`,
  });
  /** Takes one step of the shared state machine on `s` (in place) and writes it into the history. */
  const step = (
    s: LocalLineState,
    op: VersionOp<string>,
    reason: string | undefined,
    at: string,
    evidence?: unknown,
  ): VersionChange => {
    const r = stepVersions(
      { current: s.current, canary: s.canary, share: s.canary === null ? null : s.share, stack: s.stack },
      op,
    );
    if (!r.ok) return { ok: false, code: r.code, message: messages(s.line)[r.code] };
    Object.assign(s, {
      current: r.state.current,
      canary: r.state.canary,
      share: r.state.share ?? 0,
      stack: r.state.stack,
    });
    remember(s, {
      action: r.action,
      version: r.version,
      previous: r.previous,
      ...(r.action === 'canary' ? { share: s.share } : {}),
      ...(reason ? { reason } : {}),
      ...(evidence !== undefined ? { evidence: structuredClone(evidence) } : {}),
      at,
    });
    return { ok: true, version: r.version, state: structuredClone(s) };
  };

  return {
    async state(line) {
      return (await b.state(line)) ?? emptyState(line);
    },
    get: (line, version) => b.get(line, version),
    async list(line) {
      const all = await b.all(line);
      return all.sort((x, y) => x.n - y.n);
    },
    add(line, config, o = {}) {
      return change(line, async (s, vs) => {
        const source = o.source ?? 'local';
        const version =
          source === 'local' && o.version === undefined ? `local-${++s.seq}` : (o.version ?? String(config.version));
        const record: VersionRecord = {
          line,
          version,
          config: { ...structuredClone(config), version },
          source,
          createdAt: now(),
          n: (s.made = (s.made ?? 0) + 1),
          ...(o.parent !== undefined ? { parent: o.parent } : s.current ? { parent: s.current } : {}),
          ...(o.proposal ? { proposal: structuredClone(o.proposal) } : {}),
          ...(o.tuneState ? { tuneState: structuredClone(o.tuneState) } : {}),
          ...(o.bounds ? { bounds: structuredClone(o.bounds) } : {}),
        };
        vs.put(record);
        // A canary needs a current version beside it: the first version of a line is deployed.
        const op: VersionOp<string> =
          o.canaryShare !== undefined && s.current !== null
            ? { kind: 'canary', version, share: o.canaryShare }
            : { kind: 'deploy', version };
        step(s, op, o.reason, record.createdAt);
        return { record, state: structuredClone(s) };
      });
    },
    promote(line, reason) {
      return change(line, async (s): Promise<VersionChange> => step(s, { kind: 'promote' }, reason, now()));
    },
    rollback(line, reason, evidence) {
      return change(line, async (s): Promise<VersionChange> => step(s, { kind: 'rollback' }, reason, now(), evidence));
    },
    annotate(line, version, patch) {
      return change(line, async (_s, vs) => {
        const rec = await vs.get(version);
        if (!rec) return undefined;
        const next: VersionRecord = {
          ...rec,
          ...(patch.parent !== undefined ? { parent: patch.parent } : {}),
          ...(patch.proposal ? { proposal: structuredClone(patch.proposal) } : {}),
          ...(patch.tuneState ? { tuneState: structuredClone(patch.tuneState) } : {}),
        };
        vs.put(next);
        return next;
      });
    },
    adopt(line, server) {
      return change(line, async (s, vs) => {
        let changed = false;
        const ensure = async (v: { version: number; config: Record<string, unknown> }) => {
          const name = String(v.version);
          const had = await vs.get(name);
          const { config, bounds } = splitServerConfig(v.config, v.version);
          // The server's version n is the truth for the name "n", even over a site config that used the same name.
          if (had?.source !== 'server' || !deepEqual(had.config, config) || !deepEqual(had.bounds, bounds)) {
            vs.put({
              ...(had ?? {}),
              line,
              version: name,
              config,
              source: 'server',
              createdAt: had?.createdAt ?? now(),
              n: had?.n ?? (s.made = (s.made ?? 0) + 1),
              ...(bounds ? { bounds } : {}),
            } as VersionRecord);
            if (had) changed = true;
          }
          return name;
        };
        if (server.current) {
          const cur = await ensure(server.current);
          if (s.current !== cur) {
            const previous = s.current;
            const back = s.stack.lastIndexOf(cur);
            // The server went back to an earlier version (a rollback there): walk the stack back too,
            // so a later rollback here does not return to the version the server left.
            if (back >= 0) s.stack = s.stack.slice(0, back);
            else if (previous !== null) s.stack.push(previous);
            s.current = cur;
            changed = true;
            remember(s, {
              action: 'sync',
              version: cur,
              previous,
              reason:
                back >= 0 ? 'the server rolled back to this version' : "the server's current version takes precedence",
              at: now(),
            });
          }
        }
        if (server.canary) {
          const can = await ensure(server.canary);
          if (s.canary !== can || s.share !== server.canary.share) {
            s.canary = can;
            s.share = server.canary.share;
            changed = true;
            remember(s, {
              action: 'sync',
              version: can,
              previous: s.current,
              share: s.share,
              reason: "the server's canary takes precedence",
              at: now(),
            });
          }
        } else if (s.canary !== null) {
          const rec = await vs.get(s.canary);
          // A server canary the server no longer has was promoted or rolled back there; a local one on a stale base is dropped.
          if (rec?.source === 'server' || (changed && rec?.parent !== s.current)) {
            remember(s, {
              action: 'sync',
              version: s.canary,
              previous: s.current,
              reason:
                rec?.source === 'server'
                  ? 'the server no longer runs this canary'
                  : 'the server moved the current version under this local canary',
              at: now(),
            });
            s.canary = null;
            s.share = 0;
            changed = true;
          }
        }
        return { state: structuredClone(s), changed };
      });
    },
    close: () => b.close(),
  };
}
