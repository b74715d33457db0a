// The events one request leaves behind, written by the line's own producers (TraceRecorder for
// the stations, the feedback detail <jig-feedback> records): the replay and the tuning tests stand in for visitors.
import type { JigEvent } from '../src/events/event.js';
import { createEventLog } from '../src/events/log.js';
import { feedbackDetail } from '../src/events/observe.js';
import type { Issue } from '../src/gates/issue.js';
import type { LayoutDocument } from '../src/layout/document.js';
import { layoutId } from '../src/layout/id.js';
import { TraceRecorder } from '../src/line/trace.js';

export interface SimAttempt {
  station: 'cache' | 'browser' | 'premium';
  ok: boolean;
  cost?: number;
  repair?: boolean;
  /** The prompt variant (browser only). */
  variant?: string;
  /** What a failed attempt reports; default one simulated catalog issue. */
  issues?: Issue[];
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
  return {
    version: 1,
    root: 'p',
    nodes: [
      { id: 'p', type: 'stack', children: ['h'] },
      { id: 'h', type: 'heading', props: { text: label } },
    ],
  } as LayoutDocument;
}

/** What a simulated station's failed attempt reports: one catalog issue, as the gates would. */
const SIM_ISSUE: Issue = {
  gate: 'catalog',
  code: 'unknown_type',
  path: '/nodes/1/type',
  message: 'the simulated station wrote a component the catalog does not have',
};

/**
 * The events of one request, in the order and shapes the line writes them; each event's time is
 * set from `time` (one millisecond apart), so a run is reproducible. Throws if the contract refuses one.
 */
export function requestEvents(r: SimRequest): JigEvent[] {
  const out: JigEvent[] = [];
  const refused: string[] = [];
  const log = createEventLog({
    context: { session: r.session, line: r.line, lineVersion: r.version },
    onRefused: (p, type) => refused.push(`${type} ${p.path}: ${p.message}`),
  });
  log.on((e) => out.push(e));
  const rec = new TraceRecorder({
    line: r.line,
    lineVersion: r.version,
    intent: r.intent,
    intentClass: r.intentClass,
    log,
    t0: performance.now(),
  });
  let prev: SimAttempt['station'] | undefined;
  for (const a of r.attempts) {
    if (prev && prev !== a.station) rec.escalate(prev, a.station, 'gates_failed', '');
    rec.attempt({
      station: a.station,
      model: a.station,
      attempt: a.repair ? 2 : 1,
      repair: !!a.repair,
      tokensIn: 0,
      tokensOut: 0,
      ms: 0,
      cost: a.cost ?? 0,
      ok: a.ok,
      ...(a.ok ? {} : { issues: a.issues ?? [SIM_ISSUE] }),
      ...(a.variant ? { promptVersion: `1/${a.variant}` } : {}),
    });
    prev = a.station;
  }
  if (r.rendered) {
    const { station, layout, variant } = r.rendered;
    const id = layoutId(layout);
    rec.rendered({
      station,
      model: station,
      fallback: false,
      layoutId: id,
      layoutText: JSON.stringify(layout),
      ...(variant ? { promptVersion: `1/${variant}` } : {}),
    });
    if (r.rating) {
      // What <jig-feedback> records, in the request's trace.
      const d = feedbackDetail(
        r.rating,
        null,
        { layoutId: id, station, line: r.line, lineVersion: r.version },
        `f${rec.trace.id}`,
        false,
      );
      log.child({ trace: rec.trace.id }).emit('feedback.given', d.attrs, d.context);
    }
  } else {
    if (prev) rec.escalate(prev, 'fallback', 'gates_failed', '');
    rec.rendered({ station: 'fallback', model: 'fallback', fallback: true, layoutId: 'lfallback', layoutText: '' });
  }
  rec.finish();
  if (refused.length) throw new Error(`the event contract refused simulated events: ${refused.join('; ')}`);
  const at = r.time ?? Date.now();
  out.forEach((e, i) => {
    e.time = new Date(at + i).toISOString();
  });
  return out;
}
