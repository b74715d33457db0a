// A realistic mix of Jig events for the export tests and the benchmark.
import { createEvent, uuidv7, type JigEvent } from '../../../src/events/event.js';

export const T0 = Date.parse('2026-11-24T10:00:00Z');
export const TYPES = [
  'layout.requested',
  'station.attempted',
  'gate.passed',
  'gate.failed',
  'layout.rendered',
  'ui.action',
  'feedback.given',
];

/** `n` events, one every 10 ms from `start`, seven types in turn, seven events per trace and layout. */
export function makeEvents(n: number, start = T0): JigEvent[] {
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
        lineVersion: String(3 + (i % 2)),
      },
      {
        station: i % 3 ? 'browser' : 'premium',
        model: i % 3 ? 'SmolLM2-360M' : 'gpt-4.1-mini',
        layoutId: `L${Math.floor(i / 7)}`,
        ...(type === 'station.attempted'
          ? { tokensIn: 800 + (i % 50), tokensOut: 200 + (i % 30), ms: 900 + (i % 400), cost: 0.0004, ok: i % 5 !== 0 }
          : {}),
        ...(type.startsWith('gate.') ? { gate: 'catalog', code: type === 'gate.failed' ? 'unknown_type' : null } : {}),
        ...(type === 'feedback.given' ? { rating: i % 2 ? 'up' : 'down', comment: i % 4 ? null : 'too long' } : {}),
        ...(type === 'layout.rendered'
          ? {
              prompt: 'Book a table for {party}',
              exemplarVersion: 'x2',
              layout: '{"version":1,"root":"p","nodes":[{"id":"p","type":"stack"}]}',
            }
          : {}),
      },
    );
    return { ...e, id: uuidv7(at), time: new Date(at).toISOString() };
  });
}

/** Fills database `name` with `count` events from a worker. */
export function seedInWorker(name: string, count: number, start = T0): Promise<void> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('./seed-worker.ts', import.meta.url), { type: 'module' });
    w.onmessage = () => {
      w.terminate();
      resolve();
    };
    w.onerror = (e) => {
      w.terminate();
      reject(new Error(e.message));
    };
    w.postMessage({ name, count, start });
  });
}
