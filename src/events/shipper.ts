// Ships stored events to a receiver that speaks Jig's batch (`POST /v1/events`), at least once:
// an event is marked shipped only when acknowledged; one tab ships at a time; the tail goes by beacon.
import type { JigEvent } from './event.js';
import type { EventLog } from './log.js';
import { toEvent, type EventStore, type StoredEvent } from './store.js';
import { byteLength } from '../util/utf8.js';

/** The receiver's answer to one batch. */
export interface IngestAnswer {
  accepted: number;
  duplicates: number;
  rejected: { index: number; code: string; message: string }[];
}

export interface ShipperOptions {
  store: EventStore;
  /** The batch URL, e.g. "https://jig.example.com/v1/events". */
  endpoint: string;
  /** Feeds the page-exit beacon with events as they are emitted (else it uses what it last read from the store). */
  log?: EventLog;
  /** Events per batch. Default 200. */
  batchSize?: number;
  /** Bytes of JSON per batch. Default 512 KiB. */
  maxBatchBytes?: number;
  /** Bytes the exit beacon may carry; browsers refuse more than 64 KiB in flight. Default 60,000. */
  beaconBytes?: number;
  /** Backoff: first ceiling and the largest, in ms. Defaults 1,000 and 60,000. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Consecutive failures after which `shipNow()` gives up for now (events stay stored). Default 8. */
  maxAttempts?: number;
  /** How often a started shipper looks for new events. Default 10,000 ms. */
  intervalMs?: number;
  /** Web Locks name shared by every tab of the site. Default "jig-ship". */
  lockName?: string;
  headers?: Record<string, string>;
  fetch?: typeof fetch;
  /** Random source for the jitter (tests make it predictable). */
  random?: () => number;
  /** Where to listen for `online`, `offline` and `pagehide`. Default: the global object. */
  target?: EventTarget;
  onRetry?(info: { attempt: number; delayMs: number; reason: string }): void;
  onShipped?(info: { accepted: number; duplicates: number; dead: number }): void;
}

export interface ShipResult {
  /** Events acknowledged (accepted or duplicates) in this pass. */
  shipped: number;
  /** Events the receiver refused; marked dead, never sent again. */
  dead: number;
  /** Why the pass stopped early, if it did. */
  stopped?: 'locked' | 'offline' | 'gave-up' | 'aborted';
}

export interface Shipper {
  /** Ships everything waiting, in order, retrying with backoff; resolves when done or stopped. */
  shipNow(signal?: AbortSignal): Promise<ShipResult>;
  /** Ships periodically, on `online`, and by beacon on `pagehide`. */
  start(): void;
  stop(): void;
  /** Sends the newest unacknowledged events by `navigator.sendBeacon`; returns whether the browser took them. */
  beacon(): boolean;
}

/** Full jitter (a random delay up to an exponentially growing ceiling), per attempt starting at 1. */
export function backoffDelay(attempt: number, base: number, cap: number, random: () => number = Math.random): number {
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/** `Retry-After` in ms: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function isAnswer(x: unknown): x is IngestAnswer {
  const a = x as IngestAnswer;
  return (
    !!a &&
    typeof a === 'object' &&
    typeof a.accepted === 'number' &&
    typeof a.duplicates === 'number' &&
    Array.isArray(a.rejected)
  );
}

/** Unacknowledged events kept for the exit beacon: more than 64 KiB of any realistic events. */
const RECENT_MAX = 1000;

/** Statuses about the whole request: a missing or bad token, no such endpoint. */
const WHOLE_REQUEST = new Set([401, 403, 404, 405, 407, 410]);

class RetryableError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

function sleep(ms: number, signal: AbortSignal | undefined, wake?: EventTarget): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      wake?.removeEventListener('online', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    wake?.addEventListener('online', done, { once: true }); // back online: try at once
  });
}

export function createShipper(options: ShipperOptions): Shipper {
  const {
    store,
    endpoint,
    batchSize = 200,
    maxBatchBytes = 512 * 1024,
    beaconBytes = 60_000,
    baseDelayMs = 1000,
    maxDelayMs = 60_000,
    maxAttempts = 8,
    intervalMs = 10_000,
    lockName = 'jig-ship',
    random = Math.random,
  } = options;
  const target: EventTarget | undefined =
    options.target ?? (typeof addEventListener === 'function' ? globalThis : undefined);
  const doFetch = options.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
  /** Events not yet acknowledged that this page knows of, oldest first: what the exit beacon sends. */
  const recent = new Map<string, JigEvent>();
  let running: Promise<ShipResult> | null = null;
  let timer: ReturnType<typeof setInterval> | undefined;
  let unlisten: (() => void) | undefined;
  let stopper: AbortController | undefined;

  const online = () => typeof navigator === 'undefined' || navigator.onLine !== false;

  async function post(events: StoredEvent[], signal?: AbortSignal): Promise<IngestAnswer> {
    let res: Response;
    try {
      res = await doFetch(endpoint, {
        method: 'POST',
        body: JSON.stringify(events.map(toEvent)),
        signal,
        keepalive: false,
        headers: { 'content-type': 'application/json', ...options.headers },
      });
    } catch (err) {
      if (signal?.aborted) throw err;
      throw new RetryableError(`network: ${(err as Error).message}`);
    }
    if (res.ok) {
      const body = await res.json().catch(() => undefined);
      if (isAnswer(body)) return body;
      throw new RetryableError(`the receiver answered ${res.status} without {accepted, duplicates, rejected}`);
    }
    await res.body?.cancel().catch(() => undefined);
    if (res.status === 408 || res.status === 425 || res.status === 429 || res.status >= 500) {
      throw new RetryableError(`HTTP ${res.status}`, parseRetryAfter(res.headers.get('retry-after')));
    }
    // About the request as a whole (a token, the endpoint), not any one event: nothing is split or
    // marked dead; the pass retries with backoff and gives up with every event still unshipped.
    if (WHOLE_REQUEST.has(res.status))
      throw new Error(`HTTP ${res.status}: the receiver refused the request itself; the events stay unshipped`);
    throw Object.assign(new Error(`HTTP ${res.status}`), { status: res.status });
  }

  /** One batch; a 4xx for the whole batch splits it until the bad event is alone, then marks it dead. */
  async function sendBatch(batch: StoredEvent[], signal?: AbortSignal): Promise<{ shipped: number; dead: number }> {
    let answer: IngestAnswer;
    try {
      answer = await post(batch, signal);
    } catch (err) {
      const status = (err as { status?: number }).status;
      if (status === undefined) throw err;
      if (batch.length > 1) {
        const half = Math.ceil(batch.length / 2);
        const a = await sendBatch(batch.slice(0, half), signal);
        const b = await sendBatch(batch.slice(half), signal);
        return { shipped: a.shipped + b.shipped, dead: a.dead + b.dead };
      }
      answer = {
        accepted: 0,
        duplicates: 0,
        rejected: [
          { index: 0, code: `http_${status}`, message: `the receiver refused this event with HTTP ${status}` },
        ],
      };
    }
    // At-least-once: an answer that does not account for every event sent marks none of them.
    if (answer.accepted + answer.duplicates + answer.rejected.length < batch.length)
      throw new RetryableError(
        `the receiver accounted for ${answer.accepted + answer.duplicates + answer.rejected.length} of ${batch.length} events`,
      );
    const bad = new Map<number, string>();
    for (const r of answer.rejected)
      if (Number.isInteger(r.index) && r.index >= 0 && r.index < batch.length)
        bad.set(r.index, `${r.code}: ${r.message}`);
    const ok = batch.filter((_, i) => !bad.has(i)).map((e) => e.id);
    const dead = [...bad].map(([i, reason]) => ({ id: batch[i]!.id, reason }));
    if (ok.length) await store.markShipped(ok);
    if (dead.length) await store.markDead(dead);
    for (const e of batch) recent.delete(e.id);
    options.onShipped?.({ accepted: answer.accepted, duplicates: answer.duplicates, dead: dead.length });
    return { shipped: ok.length, dead: dead.length };
  }

  function fitBatch(rows: StoredEvent[]): StoredEvent[] {
    let bytes = 2;
    const out: StoredEvent[] = [];
    for (const r of rows) {
      bytes += byteLength(JSON.stringify(toEvent(r))) + 1;
      if (out.length && bytes > maxBatchBytes) break;
      out.push(r);
    }
    return out;
  }

  async function drain(signal?: AbortSignal): Promise<ShipResult> {
    const result: ShipResult = { shipped: 0, dead: 0 };
    let failures = 0;
    await store.flush();
    while (!signal?.aborted) {
      if (!online()) return { ...result, stopped: 'offline' };
      const batch = fitBatch(await store.unshipped(batchSize));
      if (!batch.length) break;
      try {
        const r = await sendBatch(batch, signal);
        result.shipped += r.shipped;
        result.dead += r.dead;
        failures = 0;
      } catch (err) {
        if (signal?.aborted) break;
        failures++;
        if (failures >= maxAttempts) return { ...result, stopped: 'gave-up' };
        const retryAfter = err instanceof RetryableError ? err.retryAfterMs : undefined;
        const delayMs = retryAfter ?? backoffDelay(failures, baseDelayMs, maxDelayMs, random);
        options.onRetry?.({ attempt: failures, delayMs, reason: (err as Error).message });
        await sleep(delayMs, signal, target);
      }
    }
    await refreshRecent();
    return signal?.aborted ? { ...result, stopped: 'aborted' } : result;
  }

  /** Keeps the newest unacknowledged events in memory: pagehide leaves no time to read the store. */
  function remember(e: JigEvent) {
    recent.delete(e.id);
    recent.set(e.id, e);
    if (recent.size > RECENT_MAX) recent.delete(recent.keys().next().value!);
  }

  async function refreshRecent() {
    const newest = await store.unshipped(RECENT_MAX, 'newest');
    const known = new Map(recent);
    recent.clear();
    for (const e of newest.reverse()) recent.set(e.id, toEvent(e));
    for (const [id, e] of known) if (!recent.has(id)) remember(e); // emitted after the read began
  }

  /** One tab at a time: the others find the lock taken and leave the work to it. */
  function shipNow(signal?: AbortSignal): Promise<ShipResult> {
    if (running) return running;
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    const pass = locks
      ? locks.request(lockName, { ifAvailable: true }, async (lock) =>
          lock ? drain(signal) : { shipped: 0, dead: 0, stopped: 'locked' as const },
        )
      : drain(signal);
    running = pass.finally(() => {
      running = null;
    });
    return running;
  }

  function beacon(): boolean {
    if (typeof navigator === 'undefined' || typeof navigator.sendBeacon !== 'function' || recent.size === 0)
      return false;
    // The newest events are the ones no other pass has had a chance to send.
    const all = [...recent.values()];
    const picked: string[] = [];
    let bytes = 2;
    for (let i = all.length - 1; i >= 0; i--) {
      const text = JSON.stringify(all[i]);
      const size = byteLength(text);
      if (bytes + size + 1 > beaconBytes) break;
      bytes += size + 1;
      picked.unshift(text);
    }
    if (!picked.length) return false;
    // text/plain is CORS-safelisted: a beacon to another origin needs no preflight. The events
    // stay unshipped in the store: the next visit sends them again and the receiver drops duplicates.
    return navigator.sendBeacon(endpoint, new Blob([`[${picked.join(',')}]`], { type: 'text/plain;charset=UTF-8' }));
  }

  const onOnline = () => {
    void shipNow(stopper?.signal);
  };
  const onPageHide = () => {
    beacon();
  };

  return {
    shipNow,
    beacon,
    start() {
      if (stopper) return;
      stopper = new AbortController();
      unlisten = options.log?.on(remember);
      target?.addEventListener('online', onOnline);
      target?.addEventListener('pagehide', onPageHide);
      timer = setInterval(() => {
        void shipNow(stopper?.signal);
      }, intervalMs);
      void refreshRecent().then(() => shipNow(stopper?.signal));
    },
    stop() {
      stopper?.abort();
      stopper = undefined;
      unlisten?.();
      clearInterval(timer);
      target?.removeEventListener('online', onOnline);
      target?.removeEventListener('pagehide', onPageHide);
    },
  };
}
