// The server's one storage interface: events (deduplicated by id) and line versions.
// SQLite (embedded, the default), PostgreSQL and an in-process store pass the same tests.
import type { JigEvent } from '../../events/event.js';

export type StorageKind = 'sqlite' | 'postgres' | 'memory';

export interface InsertResult {
  /** Events stored by this call. */
  accepted: number;
  /** Events whose id was already stored (or appeared twice in the batch). */
  duplicates: number;
}

export interface EventQuery {
  /** Inclusive lower bound on the event time, Unix ms. */
  since?: number;
  /** Exclusive upper bound on the event time, Unix ms. */
  until?: number;
  /** Only these types (none given: every type). */
  types?: readonly string[];
  line?: string;
  /** Keyset cursor: only events ordered after this (time, id). */
  after?: { timeMs: number; id: string };
  limit: number;
}

export interface LineVersionRef {
  version: number;
  config: Record<string, unknown>;
}

export interface LineState {
  id: string;
  current: (LineVersionRef & { deployedAt: string }) | null;
  canary: (LineVersionRef & { share: number }) | null;
  history: LineHistoryEntry[];
}

export type LineAction = 'deploy' | 'canary' | 'promote' | 'rollback';

export interface LineHistoryEntry {
  action: LineAction;
  /** The version the action made current or canary, or the canary it dropped. */
  version: number;
  /** The current version before the action, if any. */
  previous: number | null;
  share?: number;
  reason?: string;
  at: string;
}

export type LineChange =
  | { ok: true; version: number; state: LineState }
  | { ok: false; code: 'no_canary' | 'nothing_to_roll_back'; message: string };

export interface Storage {
  readonly kind: StorageKind;
  insertEvents(events: readonly JigEvent[]): Promise<InsertResult>;
  /** Ordered by time, then id. */
  queryEvents(query: EventQuery): Promise<JigEvent[]>;
  countEvents(): Promise<number>;
  getLine(id: string): Promise<LineState>;
  /** A new version (previous max + 1): as the canary when `canaryShare` is given, else as current. */
  addLineVersion(
    id: string,
    config: Record<string, unknown>,
    canaryShare: number | undefined,
    at: string,
  ): Promise<LineChange>;
  promoteCanary(id: string, at: string): Promise<LineChange>;
  /** Drops the canary if any, else returns to the previous current version. */
  rollback(id: string, reason: string | undefined, at: string): Promise<LineChange>;
  /** A cheap round trip, for /healthz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** How many history entries a line keeps and returns. */
export const HISTORY_LIMIT = 100;
/** How many earlier current versions rollback can walk back through. */
export const STACK_LIMIT = 100;
