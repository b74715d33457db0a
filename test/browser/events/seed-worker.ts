// Seeds a test database from a worker, so the seeding's garbage and long tasks stay off the
// page whose main thread the export tests watch.
import { openEventStore } from '../../../src/events/store.js';
import { makeEvents } from './make-events.js';

self.onmessage = async (e: MessageEvent<{ name: string; count: number; start: number }>) => {
  const { name, count, start } = e.data;
  const store = await openEventStore({ name });
  for (let i = 0; i < count; i += 5000) await store.putMany(makeEvents(Math.min(5000, count - i), start + i * 10));
  store.close();
  self.postMessage({ done: true });
};
