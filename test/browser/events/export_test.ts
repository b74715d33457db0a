// Export from the real store: every format, filtered by time and type, through <jig-export>;
// and 100,000 events exported whole in every format (the main thread's longest task is a bench figure).
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { describe, it, before, after } from './bdd.js';
import '../../../components/export/export.js';
import type { JigExport } from '../../../components/export/export.component.js';
import { uuidv7 } from '../../../src/events/event.js';
import { makeEvents, seedInWorker, T0, TYPES } from './make-events.js';
import { openEventStore, type EventStore } from '../../../src/events/store.js';
import { exportFile, FILE_FORMATS } from '../../../src/events/export.js';

async function text(blob: Blob) {
  return blob.text();
}

describe('export', () => {
  let store: EventStore;
  const name = `jig-export-${uuidv7()}`;
  const events = makeEvents(700);
  before(async () => {
    store = await openEventStore({ name });
    await store.putMany(events);
  });
  after(async () => {
    store.close();
    await new Promise((r) => {
      const q = indexedDB.deleteDatabase(name);
      q.onsuccess = q.onerror = q.onblocked = r;
    });
  });

  it('writes every format from the store, filtered by time range and type', async () => {
    const filter = { from: T0 + 1000, to: T0 + 3000, types: ['station.attempted', 'gate.failed'] };
    const expected = events.filter(
      (e) => Date.parse(e.time) >= T0 + 1000 && Date.parse(e.time) < T0 + 3000 && filter.types.includes(e.type),
    );
    expect(expected.length).to.be.greaterThan(20);
    const nd = await exportFile(store, 'ndjson', { filter });
    expect(nd.events).to.equal(expected.length);
    expect(
      (await text(nd.blob))
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).to.deep.equal(expected);
    const logs = JSON.parse(await text((await exportFile(store, 'otlp-logs', { filter })).blob));
    expect(logs.resourceLogs[0].scopeLogs[0].logRecords.length).to.equal(expected.length);
    const traces = JSON.parse(await text((await exportFile(store, 'otlp-traces', { filter })).blob));
    const spans = traces.resourceSpans[0].scopeSpans[0].spans;
    expect(spans.length).to.equal(expected.length);
    expect(
      spans.every(
        (s: { traceId: string; spanId: string }) => /^[0-9a-f]{32}$/.test(s.traceId) && /^[0-9a-f]{16}$/.test(s.spanId),
      ),
    ).to.equal(true);
    const seg = JSON.parse(await text((await exportFile(store, 'segment', { filter })).blob));
    expect(seg.batch.map((m: { messageId: string }) => m.messageId)).to.deep.equal(expected.map((e) => e.id));
  });

  it('writes the tuning dataset: one line per rated layout with its prompt, layout, verdicts and feedback', async () => {
    const file = await exportFile(store, 'dataset');
    const rows = (await text(file.blob))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    const rated = new Set(events.filter((e) => e.type === 'feedback.given').map((e) => e.attrs.layoutId));
    expect(rows.length).to.equal(rated.size);
    const row = rows.find((r) => r.layoutId === 'L0')!;
    expect(row.prompt).to.equal('Book a table for {party}');
    expect(row.layout).to.deep.equal({ version: 1, root: 'p', nodes: [{ id: 'p', type: 'stack' }] });
    expect(row.exemplarVersion).to.equal('x2');
    expect(row.verdicts.map((v: { passed: boolean }) => v.passed)).to.deep.equal([true, false]);
    expect(row.feedback.map((f: { rating: string }) => f.rating)).to.deep.equal(['down']);
  });

  it('<jig-export> offers a button per format and hands over the file it built', async () => {
    const el = await fixture<JigExport>(html`<jig-export no-download .store=${store}></jig-export>`);
    await el.refresh();
    await el.updateComplete;
    const buttons = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button[data-format]')];
    expect(buttons.map((b) => b.dataset.format)).to.deep.equal([...FILE_FORMATS]);
    const boxes = [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('.types input[type="checkbox"]')];
    expect(boxes.length).to.equal(TYPES.length);
    const fb = boxes.find((b) => b.parentElement!.textContent!.includes('feedback.given'))!;
    fb.click();
    const done = oneEvent(el, 'jig-export');
    buttons[0]!.click();
    const e = await done;
    expect(e.detail.format).to.equal('ndjson');
    expect(e.detail.events).to.equal(events.filter((x) => x.type === 'feedback.given').length);
    const lines = (await e.detail.blob.text()).trimEnd().split('\n');
    expect(lines.every((l: string) => JSON.parse(l).type === 'feedback.given')).to.equal(true);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="status"]')!.textContent).to.contain('100 events');
    await expect(el).to.be.accessible();
  });
});

describe('export of 100,000 events', () => {
  let store: EventStore;
  const name = `jig-export-big-${uuidv7()}`;
  const N = 100_000;
  before(async function () {
    this.timeout(240_000);
    await seedInWorker(name, N);
    store = await openEventStore({ name });
    // Warm up outside the measurement: the worker's module loads once, the database is opened.
    await exportFile(store, 'ndjson', { filter: { to: T0 + 1000 } });
    await new Promise((r) => setTimeout(r, 200));
  });
  after(async () => {
    store.close();
    await new Promise((r) => {
      const q = indexedDB.deleteDatabase(name);
      q.onsuccess = q.onerror = q.onblocked = r;
    });
  });

  // Correctness only: how long the page is blocked meanwhile is a bench figure (`npm run bench
  // -- events`), since a loaded machine stretches any task and a test must not fail for that.
  for (const format of ['ndjson', 'otlp-logs', 'otlp-traces', 'segment'] as const) {
    it(`${format}: every event, built in the worker, a whole file from first to last`, async function () {
      this.timeout(240_000);
      const progress: number[] = [];
      const file = await exportFile(store, format, { onProgress: (p) => progress.push(p.events) });
      expect(file.events).to.equal(N);
      expect(file.via).to.equal('worker');
      expect(file.blob.size).to.be.greaterThan(N * 100);
      // Progress is reported, but throttled (one message per 100 ms at most, not one per slice of
      // 50 events), and always counting up.
      expect(progress.length).to.be.lessThan(N / 50);
      expect(progress.length).to.be.at.most(Math.ceil(file.ms / 100) + 1);
      expect(progress.every((n, i) => i === 0 || n > progress[i - 1]!)).to.equal(true);
      const head = await file.blob.slice(0, 400).text();
      const tail = await file.blob.slice(file.blob.size - 4000).text();
      const first = makeEvents(1)[0]!;
      if (format === 'ndjson') {
        expect(JSON.parse(head.split('\n')[0]!).type).to.equal(first.type);
        expect(tail.endsWith('\n')).to.equal(true);
        expect(JSON.parse(tail.trimEnd().split('\n').pop()!).time).to.equal(new Date(T0 + (N - 1) * 10).toISOString());
      } else {
        expect(head.startsWith('{')).to.equal(true);
        expect(tail.trimEnd().endsWith('}')).to.equal(true);
        // The tail closes every bracket the head opened: the file is one JSON value.
        const whole = JSON.parse(await file.blob.text());
        const items =
          format === 'otlp-logs'
            ? whole.resourceLogs[0].scopeLogs[0].logRecords
            : format === 'otlp-traces'
              ? whole.resourceSpans[0].scopeSpans[0].spans
              : whole.batch;
        expect(items.length).to.equal(N);
      }
    });
  }
});

describe('in-page export (memory store, no worker)', () => {
  it('slices 100,000 events and keeps yielding to the event loop', async function () {
    this.timeout(240_000);
    const store = await openEventStore({ indexedDB: undefined });
    for (let i = 0; i < 100_000; i += 5000) await store.putMany(makeEvents(5000, T0 + i * 10));
    await new Promise((r) => setTimeout(r, 0));
    // A heartbeat task: it can only run when the export yields.
    let beats = 0;
    let longestGap = 0;
    let last = performance.now();
    let running = true;
    // User-blocking priority, as input is: it runs at every yield of the export.
    // (A 5 ms delay between beats, or the heartbeat would starve the export.)
    const post = (fn: () => void) =>
      (
        globalThis as unknown as {
          scheduler: { postTask(f: () => void, o: { priority: string; delay: number }): Promise<void> };
        }
      ).scheduler.postTask(fn, { priority: 'user-blocking', delay: 5 });
    const beat = () => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
      beats++;
      if (running) void post(beat);
    };
    void post(beat);
    const file = await exportFile(store, 'otlp-traces', { worker: false });
    running = false;
    expect(file.via).to.equal('page');
    expect(file.events).to.equal(100_001); // and the store.fallback event
    // The export yields: a task waiting for it runs again and again while it works (an export that
    // never yielded would let it run once, at the end). Gaps are timing, reported below and benched.
    expect(beats).to.be.greaterThan(3);
    // Reported, not asserted: a major GC of this 100,000-event heap can pause longer than a slice.
    console.log(
      `in-page export: ${Math.round(file.ms)} ms, ${beats} heartbeats, longest gap ${Math.round(longestGap)} ms`,
    );
  });
});
