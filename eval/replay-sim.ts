// The events one request leaves behind, in the shapes the line writes them (src/line/trace.ts):
// used by the replay experiment and the tuning tests to stand in for visitors and stations.
import { createEvent, type JigEvent } from '../src/events/event.js';
import { layoutId } from '../src/line/line.js';
import type { LayoutDocument } from '../src/layout/document.js';

export interface SimAttempt {
  station: 'cache' | 'browser' | 'premium';
  ok: boolean;
  cost?: number;
  repair?: boolean;
  /** The prompt variant (browser only). */
  variant?: string;
}

export interface SimRequest {
  line: string;
  version: string;
  session: string;
  intent: string;
  intentClass: string;
  attempts: SimAttempt[];
  /** What rendered: a station's layout, or the fallback (null). */
  rendered: { station: 'cache' | 'browser' | 'premium'; layout: LayoutDocument; variant?: string } | null;
  rating?: 'up' | 'down';
  /** Event time (ms); default now. */
  time?: number;
}

/** A small valid layout that differs by `label`, so each one has its own layout id. */
export function simLayout(label: string): LayoutDocument {
  return { version: 1, root: 'p', nodes: [{ id: 'p', type: 'stack', children: ['h'] }, { id: 'h', type: 'heading', props: { text: label } }] } as LayoutDocument;
}

let traceSeq = 0;

export function requestEvents(r: SimRequest): JigEvent[] {
  const trace = (++traceSeq).toString(16).padStart(32, '0');
  const ctx = { session: r.session, trace, line: r.line, lineVersion: r.version };
  const at = r.time ?? Date.now();
  const out: JigEvent[] = [];
  let tick = 0;
  const ev = (type: string, attrs: JigEvent['attrs']) => {
    const e = createEvent(type, ctx, attrs);
    e.time = new Date(at + tick++).toISOString();
    out.push(e);
  };
  const cls = r.intentClass;
  ev('layout.requested', { intentClass: cls, intent: r.intent });
  let prev: string | undefined;
  for (const a of r.attempts) {
    if (prev && prev !== a.station) ev('layout.escalated', { from: prev, to: a.station, station: a.station, reason: 'gates_failed', intentClass: cls });
    ev('station.attempted', {
      station: a.station, model: a.station, intentClass: cls, ok: a.ok, cost: a.cost ?? 0, repair: !!a.repair, attempt: a.repair ? 2 : 1,
      ...(a.variant ? { promptVersion: `1/${a.variant}` } : {}),
    });
    prev = a.station;
  }
  if (r.rendered) {
    const id = layoutId(r.rendered.layout);
    ev('layout.rendered', {
      station: r.rendered.station, model: r.rendered.station, fallback: false, layoutId: id, intentClass: cls, layout: JSON.stringify(r.rendered.layout),
      ...(r.rendered.variant ? { promptVersion: `1/${r.rendered.variant}` } : {}),
    });
    if (r.rating) ev('feedback.given', { layoutId: id, rating: r.rating, station: r.rendered.station });
  } else {
    if (prev && prev !== 'fallback') ev('layout.escalated', { from: prev, to: 'fallback', station: 'fallback', reason: 'gates_failed', intentClass: cls });
    ev('layout.rendered', { station: 'fallback', model: 'fallback', fallback: true, layoutId: 'lfallback', intentClass: cls });
  }
  return out;
}
