// A bounded load test on loopback: 20,000 events in batches (with resends) and 2,000 assemble
// calls against the stand-in upstream, concurrency bounded. No errors beyond the intended 429s,
// no lost events, memory flat between the two halves of the run.
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { after, before, describe, test } from 'node:test';
import type { JigEvent } from '../../../src/events/event.js';
import { startStandIn, type StandIn } from './stand-in.js';
import { makeEvent, SITE_AUTH, testServer, type TestServer } from './helpers.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const EVENTS = 20_000;
const BATCH = 100;
const ASSEMBLES = 2_000;
/** The assemble budget is set below the calls made: the rest must be 429s, nothing else. */
const ASSEMBLE_BUDGET = 1_800;

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

function memory() {
  gc();
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss / 2 ** 20, heap: m.heapUsed / 2 ** 20 };
}

describe('load on loopback', () => {
  let up: StandIn;
  let server: TestServer;
  before(async () => {
    up = await startStandIn('premium-test-1', { record: false });
    server = await testServer({
      JIG_UPSTREAM_URL: up.url,
      JIG_RATE_EVENTS_BURST: '100000',
      JIG_RATE_EVENTS_PER_MIN: '600000',
      JIG_RATE_ASSEMBLE_BURST: String(ASSEMBLE_BUDGET),
      JIG_RATE_ASSEMBLE_PER_MIN: '0',
    });
  });
  after(async () => {
    await server.stop();
    await up.close();
  });

  test(`${EVENTS} events and ${ASSEMBLES} assemble calls: only intended 429s, no lost events, stable memory`, async () => {
    const started = performance.now();
    const cpuStart = process.cpuUsage();
    const events: JigEvent[] = Array.from({ length: EVENTS }, (_, i) =>
      makeEvent(
        i % 3 ? 'station.attempted' : 'layout.requested',
        { station: 'browser', ms: i % 700, cost: 0 },
        { time: new Date(Date.UTC(2026, 10, 25) + i * 50).toISOString() },
      ),
    );
    const batches: JigEvent[][] = [];
    for (let i = 0; i < EVENTS; i += BATCH) {
      const batch = events.slice(i, i + BATCH);
      // Every tenth batch resends five events from the one before, as a retrying browser would.
      if (i > 0 && (i / BATCH) % 10 === 0) batch.push(...events.slice(i - 5, i));
      batches.push(batch);
    }
    const statuses = new Map<string, number>();
    const count = (k: string) => statuses.set(k, (statuses.get(k) ?? 0) + 1);
    let accepted = 0;
    let duplicates = 0;

    const sendBatch = async (batch: JigEvent[]) => {
      const res = await fetch(`${server.url}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(batch),
      });
      count(`events ${res.status}`);
      const body = (await res.json()) as { accepted: number; duplicates: number; rejected: unknown[] };
      accepted += body.accepted;
      duplicates += body.duplicates;
      assert.equal(body.rejected.length, 0);
    };
    const assemble = async () => {
      const res = await fetch(`${server.url}/v1/assemble`, {
        method: 'POST',
        headers: { ...SITE_AUTH, 'content-type': 'application/json' },
        body: JSON.stringify({ intent: 'A form to book a table' }),
      });
      count(`assemble ${res.status}`);
      const body = (await res.json()) as { layout?: unknown; error?: { code: string } };
      if (res.status === 200) assert.ok(body.layout);
      else assert.equal(body.error?.code, 'rate_limited');
    };

    const half = (n: number, part: 0 | 1) => Array.from({ length: n / 2 }, (_, i) => i + part * (n / 2));
    const run = async (part: 0 | 1) => {
      await Promise.all([
        pool(half(batches.length, part), 8, (i) => sendBatch(batches[i]!)),
        pool(half(ASSEMBLES, part), 16, () => assemble()),
      ]);
    };

    await run(0);
    const mid = memory();
    await run(1);
    const end = memory();
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;

    assert.deepEqual(Object.fromEntries([...statuses].sort()), {
      'assemble 200': ASSEMBLE_BUDGET,
      'assemble 429': ASSEMBLES - ASSEMBLE_BUDGET,
      'events 200': batches.length,
    });
    assert.equal(accepted, EVENTS, 'every distinct event stored once');
    assert.equal(duplicates, (batches.length / 10 - 1) * 5);
    const exported = await (await fetch(`${server.url}/v1/events`)).text();
    const ids = new Set(
      exported
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as JigEvent).id),
    );
    assert.equal(ids.size, EVENTS, 'the database holds exactly the distinct ids sent');
    for (const e of events) assert.ok(ids.has(e.id));
    assert.ok(end.heap - mid.heap < 24, `heap grew ${(end.heap - mid.heap).toFixed(1)} MB over the second half`);
    assert.ok(end.rss - mid.rss < 100, `rss grew ${(end.rss - mid.rss).toFixed(1)} MB over the second half`);
    // Reported, not asserted (CI machines are loaded; the test's timeout catches a hang). Client,
    // server and stand-in share this process: its CPU time is the work.
    console.log(
      `load: ${seconds.toFixed(1)} s wall, ${cpuSeconds.toFixed(1)} s CPU; heap ${mid.heap.toFixed(0)} → ${end.heap.toFixed(0)} MB; rss ${mid.rss.toFixed(0)} → ${end.rss.toFixed(0)} MB`,
    );
  });
});
