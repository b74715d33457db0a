// A request as one station sees it, for testing a station alone (no createLine): a real trace
// recorder and event log, the built-in catalog's gates, and a record of what the station tallied.
import { createEventLog } from '../../src/events/log.js';
import type { JigEvent } from '../../src/events/event.js';
import type { GateOptions } from '../../src/gates/run.js';
import type { StationKind } from '../../src/line/config.js';
import type { AssemblyEvent, Outcome, StationContext, StationRun } from '../../src/line/station.js';
import { TraceRecorder } from '../../src/line/trace.js';

export interface TestContext extends StationContext {
  events: JigEvent[];
  tallies: Array<[StationKind, boolean]>;
}

export function stationContext(
  over: Partial<Omit<StationContext, 'rec' | 'tally' | 'remaining'>> & { budgetMs?: number } = {},
): TestContext {
  const events: JigEvent[] = [];
  const log = createEventLog({ context: { session: 's-station' } });
  log.on((e) => events.push(e));
  const t0 = performance.now();
  const intent = over.intent ?? 'Book a table';
  const cls = over.cls ?? 'book-table';
  const tallies: Array<[StationKind, boolean]> = [];
  const gates: GateOptions = over.gates ?? {};
  return {
    intent,
    cls,
    gates,
    background: over.background ?? false,
    repairsUsed: over.repairsUsed ?? 0,
    ...(over.context !== undefined ? { context: over.context } : {}),
    ...(over.signal ? { signal: over.signal } : {}),
    ...(over.failed ? { failed: over.failed } : {}),
    rec: new TraceRecorder({ line: 'station-test', lineVersion: '1', intent, intentClass: cls, t0, log }),
    remaining: () => (over.budgetMs ?? Infinity) - (performance.now() - t0),
    tally: (station, ok) => {
      tallies.push([station, ok]);
    },
    events,
    tallies,
  };
}

/** Runs a station to its end, reading every attempt's text as a reader would. */
export async function readAll(
  run: StationRun,
): Promise<{ outcome: Outcome; seen: Array<AssemblyEvent & { textRead?: string }> }> {
  const seen: Array<AssemblyEvent & { textRead?: string }> = [];
  const reading: Promise<void>[] = [];
  for (;;) {
    const step = await run.next();
    if (step.done) {
      await Promise.all(reading);
      return { outcome: step.value, seen };
    }
    const event: AssemblyEvent & { textRead?: string } = { ...step.value };
    seen.push(event);
    if (event.kind === 'attempt') {
      event.textRead = '';
      reading.push(
        (async () => {
          try {
            for await (const c of event.text) event.textRead += c;
          } catch {
            event.textRead += '<broke off>';
          }
        })(),
      );
    }
  }
}
