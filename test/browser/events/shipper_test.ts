// Shipping to the test runner's flaky receiver (test/support/flaky-ingest.js): half the batches
// fail, some connections drop before or after the batch is stored; nothing may be lost or doubled.
import { expect } from '@open-wc/testing';
import { describe, it, afterEach } from './bdd.js';
import { createEvent, uuidv7, type JigEvent } from '../../../src/events/event.js';
import { openEventStore, type EventStore } from '../../../src/events/store.js';
import { createShipper } from '../../../src/events/shipper.js';
import { createEventLog } from '../../../src/events/log.js';

interface IngestState {
  requests: number;
  failed: number;
  dropped: number;
  beacons: number;
  received: number;
  unique: number;
  duplicates: number;
  ids: string[];
}

const stores: EventStore[] = [];
const names: string[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) s.close();
  for (const n of names.splice(0))
    await new Promise((r) => {
      const q = indexedDB.deleteDatabase(n);
      q.onsuccess = q.onerror = q.onblocked = r;
    });
});
async function newStore(): Promise<EventStore> {
  const name = `jig-ship-${uuidv7()}`;
  names.push(name);
  const s = await openEventStore({ name });
  stores.push(s);
  return s;
}
async function receiver(
  mode: 'flaky' | 'ok' | 'down',
  retryAfter?: number,
): Promise<{ endpoint: string; state(): Promise<IngestState> }> {
  const bucket = uuidv7();
  await fetch(`/__test/ingest/${bucket}/reset`, { method: 'POST', body: JSON.stringify({ mode, retryAfter }) });
  return {
    endpoint: `${location.origin}/__test/ingest/${bucket}/v1/events`,
    state: async () => (await fetch(`/__test/ingest/${bucket}/state`)).json(),
  };
}
const events = (n: number, attrs: (i: number) => JigEvent['attrs'] = (i) => ({ i })) =>
  Array.from({ length: n }, (_, i) => createEvent('ui.action', { session: 's' }, attrs(i)));

describe('shipper', () => {
  it('gets every event to a receiver that fails half its requests and drops connections, none twice after dedupe', async () => {
    const store = await newStore();
    const sent = events(1000);
    await store.putMany(sent);
    const rx = await receiver('flaky');
    const retries: string[] = [];
    const shipper = createShipper({
      store,
      endpoint: rx.endpoint,
      batchSize: 50,
      baseDelayMs: 5,
      maxDelayMs: 20,
      maxAttempts: 50,
      onRetry: (r) => retries.push(r.reason),
    });
    const result = await shipper.shipNow();
    expect(result.stopped).to.equal(undefined);
    const st = await rx.state();
    expect(st.failed).to.be.greaterThan(5);
    expect(st.dropped).to.be.greaterThan(2);
    expect(st.duplicates, 'batches stored but not acknowledged came again').to.be.greaterThan(0);
    expect(st.unique).to.equal(1000);
    expect(new Set(st.ids)).to.deep.equal(new Set(sent.map((e) => e.id)));
    expect(await store.count({ shipped: false })).to.equal(0);
    expect(await store.count({ shipped: true })).to.equal(1000);
    expect(retries.some((r) => r.startsWith('HTTP 503'))).to.equal(true);
  });

  it('marks refused events dead with the reason and does not send them again', async () => {
    const store = await newStore();
    const sent = events(10, (i) => ({ i, reject: i === 3 || i === 7 }));
    await store.putMany(sent);
    const rx = await receiver('ok');
    const shipper = createShipper({ store, endpoint: rx.endpoint });
    expect(await shipper.shipNow()).to.deep.equal({ shipped: 8, dead: 2 });
    expect((await store.get(sent[3]!.id))!.dead).to.equal(
      'rejected_by_test: this receiver refuses events marked reject',
    );
    expect(await shipper.shipNow()).to.deep.equal({ shipped: 0, dead: 0 });
    expect((await rx.state()).requests).to.equal(1);
  });

  it('honours Retry-After over its own backoff', async () => {
    const store = await newStore();
    await store.putMany(events(4));
    const rx = await receiver('flaky', 1);
    const delays: number[] = [];
    const shipper = createShipper({
      store,
      endpoint: rx.endpoint,
      batchSize: 1,
      baseDelayMs: 5,
      onRetry: (r) => delays.push(r.delayMs),
    });
    const t0 = performance.now();
    await shipper.shipNow();
    expect(delays.length).to.be.greaterThan(0);
    expect(delays.every((d) => d === 1000)).to.equal(true);
    expect(performance.now() - t0).to.be.at.least(delays.length * 1000 - 50);
    expect((await rx.state()).unique).to.equal(4);
  });

  it('ships in time order, oldest first', async () => {
    const store = await newStore();
    const t0 = Date.parse('2026-11-24T10:00:00Z');
    const sent = Array.from({ length: 30 }, (_, i) => ({
      ...createEvent('ui.action', { session: 's' }, { i }),
      id: uuidv7(t0 + (30 - i) * 1000),
      time: new Date(t0 + (30 - i) * 1000).toISOString(),
    }));
    await store.putMany(sent);
    const rx = await receiver('ok');
    await createShipper({ store, endpoint: rx.endpoint, batchSize: 7 }).shipNow();
    expect((await rx.state()).ids).to.deep.equal([...sent].reverse().map((e) => e.id));
  });

  it('lets one shipper at a time hold the jig-ship lock', async () => {
    const store = await newStore();
    await store.putMany(events(200));
    const rx = await receiver('ok');
    const a = createShipper({ store, endpoint: rx.endpoint, batchSize: 10 });
    const b = createShipper({ store, endpoint: rx.endpoint, batchSize: 10 });
    const [ra, rb] = await Promise.all([a.shipNow(), b.shipNow()]);
    expect([ra.stopped, rb.stopped]).to.deep.equal([undefined, 'locked']);
    const st = await rx.state();
    expect(st.unique).to.equal(200);
    expect(st.duplicates).to.equal(0);
  });

  it('waits while offline and ships when the online event comes', async () => {
    const store = await newStore();
    await store.putMany(events(5));
    const rx = await receiver('ok');
    const target = new EventTarget();
    const onLine = Object.getOwnPropertyDescriptor(Navigator.prototype, 'onLine')!;
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
    try {
      const shipper = createShipper({ store, endpoint: rx.endpoint, target, intervalMs: 60_000 });
      expect(await shipper.shipNow()).to.deep.equal({ shipped: 0, dead: 0, stopped: 'offline' });
      expect((await rx.state()).requests).to.equal(0);
      shipper.start();
      Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => true });
      const done = new Promise<void>((resolve) => {
        const poll = async () => ((await store.count({ shipped: true })) === 5 ? resolve() : setTimeout(poll, 20));
        void poll();
      });
      target.dispatchEvent(new Event('online'));
      await done;
      shipper.stop();
      expect((await rx.state()).unique).to.equal(5);
    } finally {
      delete (navigator as unknown as Record<string, unknown>).onLine;
      Object.defineProperty(Navigator.prototype, 'onLine', onLine);
    }
  });

  it('sends the unsent tail by beacon when the page goes away, within the beacon limit', async () => {
    const rx = await receiver('ok');
    const name = `jig-beacon-${uuidv7()}`;
    names.push(name);
    const frame = document.createElement('iframe');
    const ready = new Promise<string[]>((resolve) =>
      addEventListener('message', function on(m) {
        if (m.data?.jigBeacon === name) {
          removeEventListener('message', on);
          resolve(m.data.ids);
        }
      }),
    );
    const url = (p: string) => JSON.stringify(new URL(p, import.meta.url).href);
    frame.srcdoc = `<script type="module">
      const { openEventStore } = await import(${url('../../../src/events/store.ts')});
      const { createEventLog } = await import(${url('../../../src/events/log.ts')});
      const { createShipper } = await import(${url('../../../src/events/shipper.ts')});
      const store = await openEventStore({ name: ${JSON.stringify(name)} });
      const log = createEventLog({ store, context: { session: 'leaving' } });
      // The network fails every regular pass (fetch rejects): only the beacon can deliver.
      const shipper = createShipper({ store, log, endpoint: ${JSON.stringify(rx.endpoint)}, intervalMs: 3600000, maxAttempts: 1,
        fetch: () => Promise.reject(new TypeError('Failed to fetch')) });
      shipper.start();
      const ids = [];
      for (let i = 0; i < 400; i++) ids.push(log.emit('ui.edited', { i, pad: 'x'.repeat(200) }).event.id);
      await log.flush();
      parent.postMessage({ jigBeacon: ${JSON.stringify(name)}, ids }, '*');
    </script>`;
    document.body.append(frame);
    const ids = await ready;
    expect((await rx.state()).requests).to.equal(0);
    frame.remove(); // pagehide in the frame
    let st = await rx.state();
    for (let i = 0; i < 500 && st.beacons === 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
      st = await rx.state();
    }
    expect(st.beacons).to.equal(1);
    expect(st.requests).to.equal(1);
    expect(st.unique).to.be.greaterThan(100);
    expect(st.unique).to.be.lessThan(400); // 400 events of ~350 bytes do not fit in one beacon
    // The newest events went (the oldest wait in the store for the next visit).
    expect(st.ids).to.deep.equal(ids.slice(ids.length - st.unique));
    // Still unshipped in the store: the beacon is never acknowledged.
    const store = await openEventStore({ name });
    stores.push(store);
    expect(await store.count({ shipped: false })).to.equal(400);
  });

  it('ships what a log emits, after start()', async () => {
    const store = await newStore();
    const rx = await receiver('ok');
    const log = createEventLog({ store, context: { session: 's' } });
    const shipper = createShipper({ store, log, endpoint: rx.endpoint, intervalMs: 30 });
    shipper.start();
    const id = (log.emit('ui.action', { action: 'go' }) as { event: JigEvent }).event.id;
    for (let i = 0; i < 200 && !(await rx.state()).ids.includes(id); i++) await new Promise((r) => setTimeout(r, 20));
    shipper.stop();
    expect((await rx.state()).ids).to.include(id);
  });
});
