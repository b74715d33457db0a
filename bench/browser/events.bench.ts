// Event store and export benchmarks, in Chromium with real IndexedDB: write throughput batched
// vs one event per transaction (same run), and 100,000 events exported per format with the
// longest main-thread task seen meanwhile.
import { createEvent, uuidv7, type JigEvent } from '../../src/events/event.js';
import { exportFile, FILE_FORMATS } from '../../src/events/export.js';
import { openEventStore, type EventStore } from '../../src/events/store.js';

interface Result { name: string; value: number; unit: string; baseline?: { name: string; value: number }; ratio?: number; note?: string }

const T0 = Date.parse('2026-11-24T10:00:00Z');
const TYPES = ['layout.requested', 'station.attempted', 'gate.passed', 'gate.failed', 'layout.rendered', 'ui.action', 'feedback.given'];

function events(n: number, start: number): JigEvent[] {
  return Array.from({ length: n }, (_, k) => {
    const i = Math.round((start - T0) / 10) + k;
    const type = TYPES[i % TYPES.length]!;
    const at = start + k * 10;
    const e = createEvent(type, { session: `s${i % 13}`, trace: `t${Math.floor(i / 7)}`, span: `sp${Math.floor(i / 7)}`, line: 'trip', lineVersion: '4' }, {
      station: i % 3 ? 'browser' : 'premium', model: i % 3 ? 'SmolLM2-360M' : 'gpt-4.1-mini', layoutId: `L${Math.floor(i / 7)}`,
      ...(type === 'station.attempted' ? { tokensIn: 800 + (i % 50), tokensOut: 200 + (i % 30), ms: 900 + (i % 400), cost: 0.0004, ok: i % 5 !== 0 } : {}),
      ...(type === 'feedback.given' ? { rating: i % 2 ? 'up' : 'down' } : {}),
    });
    return { ...e, id: uuidv7(at), time: new Date(at).toISOString() };
  });
}

async function drop(store: EventStore) {
  store.close();
  await new Promise((r) => { const q = indexedDB.deleteDatabase(store.name); q.onsuccess = q.onerror = q.onblocked = r; });
}

const idle = () => new Promise((r) => setTimeout(r, 50));

export default async function (): Promise<Result[]> {
  const out: Result[] = [];

  // Writes: the same events, batched (500 per transaction) and one per transaction.
  const batchedStore = await openEventStore({ name: `jig-bench-w1-${uuidv7()}` });
  const many = events(20_000, T0);
  let t = performance.now();
  for (let i = 0; i < many.length; i += 500) await batchedStore.putMany(many.slice(i, i + 500));
  const batched = many.length / ((performance.now() - t) / 1000);
  await drop(batchedStore);

  const singleStore = await openEventStore({ name: `jig-bench-w2-${uuidv7()}` });
  const few = events(2_000, T0);
  t = performance.now();
  for (const e of few) await singleStore.putMany([e]);
  const single = few.length / ((performance.now() - t) / 1000);
  await drop(singleStore);

  out.push({ name: 'events written per second, one per transaction', value: Math.round(single), unit: 'events/s', note: '2,000 events, putMany([e]) each' });
  out.push({
    name: 'events written per second, batched (500 per transaction)', value: Math.round(batched), unit: 'events/s',
    baseline: { name: 'one per transaction', value: Math.round(single) }, ratio: Math.round((batched / single) * 10) / 10, note: '20,000 events',
  });

  // Export: 100,000 events per format, and the longest main-thread task meanwhile.
  const N = 100_000;
  const store = await openEventStore({ name: `jig-bench-x-${uuidv7()}` });
  for (let i = 0; i < N; i += 5000) await store.putMany(events(5000, T0 + i * 10));
  await idle();
  for (const via of ['worker', 'page'] as const) {
    for (const format of FILE_FORMATS) {
      const long: PerformanceEntry[] = [];
      const obs = new PerformanceObserver((l) => long.push(...l.getEntries()));
      obs.observe({ type: 'longtask' });
      const file = await exportFile(store, format, { worker: via === 'worker' });
      await idle();
      long.push(...obs.takeRecords());
      obs.disconnect();
      const longest = long.reduce((m, e) => Math.max(m, e.duration), 0);
      out.push({ name: `export 100,000 events, ${format} (${file.via})`, value: Math.round(file.ms), unit: 'ms', note: `${(file.blob.size / 1024 / 1024).toFixed(1)} MiB, ${file.events} events` });
      out.push({ name: `longest main-thread task during the ${format} export (${file.via})`, value: Math.round(longest), unit: 'ms', note: long.length ? `${long.length} tasks over 50 ms` : 'no task over 50 ms (the longtask API reports only those)' });
    }
  }
  await drop(store);
  return out;
}
