// The event log stations and surfaces write to: it stamps the context (session, trace, line
// version) on each event, checks it, tells the listeners, and queues it into the store.
import {
  createEvent,
  randomHex,
  validateEvent,
  type AttrValue,
  type EventAttrs,
  type EventContext,
  type EventProblem,
  type JigEvent,
  type KnownEventType,
} from './event.js';
import type { EventStore } from './store.js';

export type EmitResult = { ok: true; event: JigEvent } | { ok: false; problem: EventProblem };

export interface EventLog {
  readonly context: Readonly<Required<EventContext>>;
  readonly store: EventStore | undefined;
  /**
   * Records one of Jig's event types (a name outside the contract does not compile). Attributes
   * are checked against the contract at run time; a bad event is refused (with its problem) and
   * reported to `onRefused`; it never throws.
   */
  emit<T extends KnownEventType>(
    type: T,
    attrs?: EventAttrs<T> | Record<string, AttrValue>,
    context?: Partial<EventContext>,
  ): EmitResult;
  /** Listens to every event this log (and its children, and its store) records. */
  on(listener: (event: JigEvent) => void): () => void;
  /** A log with more context (a new trace or span, another line version), sharing store and listeners. */
  child(context: Partial<EventContext>): EventLog;
  /** Resolves once every emitted event is in the store. */
  flush(): Promise<void>;
}

export interface EventLogOptions {
  store?: EventStore;
  context: EventContext;
  onRefused?(problem: EventProblem, type: string): void;
}

interface Shared {
  store: EventStore | undefined;
  listeners: Set<(event: JigEvent) => void>;
  onRefused?: (problem: EventProblem, type: string) => void;
}

export function createEventLog(options: EventLogOptions): EventLog {
  const shared: Shared = { store: options.store, listeners: new Set(), onRefused: options.onRefused };
  options.store?.addListener((e) => tell(shared, e));
  return makeLog(shared, {
    session: options.context.session,
    trace: options.context.trace ?? randomHex(16),
    span: options.context.span ?? randomHex(8),
    line: options.context.line ?? '',
    lineVersion: options.context.lineVersion ?? '',
  });
}

function tell(shared: Shared, event: JigEvent): void {
  for (const fn of shared.listeners) {
    try {
      fn(event);
    } catch (err) {
      queueMicrotask(() => {
        throw err;
      });
    } // one listener's bug must not stop the others or the store
  }
}

function makeLog(shared: Shared, context: Required<EventContext>): EventLog {
  return {
    context,
    store: shared.store,
    emit(type, attrs = {}, extra) {
      let v: ReturnType<typeof validateEvent>;
      try {
        v = validateEvent(createEvent(type, { ...context, ...extra }, attrs as Record<string, AttrValue>));
      } catch (err) {
        // Attributes that cannot be read (a throwing getter): refused like any bad event, never thrown.
        v = {
          ok: false,
          problem: {
            code: 'not_an_object',
            path: '/attrs',
            message: `the attributes could not be read: ${err instanceof Error ? err.message : String(err)}`,
          },
        };
      }
      if (!v.ok) {
        try {
          shared.onRefused?.(v.problem, type);
        } catch (err) {
          queueMicrotask(() => {
            throw err;
          });
        }
        return v;
      }
      tell(shared, v.event);
      // The store holds what it cannot write and reports through its own onError.
      shared.store?.add(v.event).catch(() => undefined);
      return v;
    },
    on(listener) {
      shared.listeners.add(listener);
      return () => {
        shared.listeners.delete(listener);
      };
    },
    child(more) {
      return makeLog(shared, {
        ...context,
        ...Object.fromEntries(Object.entries(more).filter(([, v]) => v !== undefined)),
      } as Required<EventContext>);
    },
    async flush() {
      await shared.store?.flush();
    },
  };
}
