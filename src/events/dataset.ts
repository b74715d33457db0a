// The tuning dataset: one JSON line per rated layout — the prompt (exemplars included) that
// made it, the layout, what the gates said, and what people said — joined from the events by layoutId.
import type { JigEvent } from './event.js';
import { foldLatestRating, type LatestRating } from './ratings.js';

export interface DatasetRow {
  layoutId: string;
  line: string;
  lineVersion: string;
  /** The intent class the line put the request in (as its `layout.rendered` event says). */
  intentClass: string | null;
  station: string | null;
  model: string | null;
  promptVersion: string | null;
  exemplarVersion: string | null;
  /** The prompt as sent, exemplars included (`exemplarVersion` names the set). */
  prompt: string | null;
  /** Parsed from the `layout` attr (the document the surface rendered). */
  layout: unknown;
  verdicts: { gate: string; passed: boolean; code: string | null; station: string | null }[];
  /** One entry per person's rating (the latest, when they changed their mind). */
  feedback: { rating: string; comment: string | null; time: string }[];
}

interface Pending {
  row: DatasetRow;
  trace: string;
}

const s = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function parse(v: unknown): unknown {
  if (typeof v !== 'string') return null;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  } // a truncated or plain-text attr is kept as text
}

/** Folds events (any order within a layout's trace) into dataset rows; call `rows()` at the end. */
export class DatasetBuilder {
  readonly #layouts = new Map<string, Pending>();
  readonly #gatesByTrace = new Map<string, DatasetRow['verdicts']>();
  readonly #gatesByLayout = new Map<string, DatasetRow['verdicts']>();
  /** feedbackId → its entry, so a later rating or comment replaces the earlier one. */
  readonly #feedback = new Map<string, LatestRating & { entry: DatasetRow['feedback'][number] }>();

  #layout(e: JigEvent, id: string): DatasetRow {
    let p = this.#layouts.get(id);
    if (!p) {
      p = {
        trace: e.trace,
        row: {
          layoutId: id,
          line: e.line,
          lineVersion: e.lineVersion,
          intentClass: null,
          station: null,
          model: null,
          promptVersion: null,
          exemplarVersion: null,
          prompt: null,
          layout: null,
          verdicts: [],
          feedback: [],
        },
      };
      this.#layouts.set(id, p);
    }
    return p.row;
  }

  add(e: JigEvent): void {
    const a = e.attrs;
    const layoutId = s(a.layoutId);
    if (e.type === 'gate.passed' || e.type === 'gate.failed') {
      const v = {
        gate: s(a.gate) ?? 'unknown',
        passed: e.type === 'gate.passed',
        code: s(a.code),
        station: s(a.station),
      };
      const map = layoutId ? this.#gatesByLayout : this.#gatesByTrace;
      const key = layoutId ?? e.trace;
      const list = map.get(key) ?? [];
      list.push(v);
      map.set(key, list);
      return;
    }
    if (!layoutId) return;
    if (e.type === 'layout.rendered' || e.type === 'station.attempted') {
      const row = this.#layout(e, layoutId);
      // layout.rendered is the final word on what the visitor saw; an attempt only fills gaps.
      const final = e.type === 'layout.rendered';
      const set = <K extends keyof DatasetRow>(k: K, v: DatasetRow[K] | null) => {
        if (v !== null && (final || row[k] === null)) row[k] = v as DatasetRow[K];
      };
      set('intentClass', s(a.intentClass));
      set('station', s(a.station));
      set('model', s(a.model));
      set('promptVersion', s(a.promptVersion));
      set('exemplarVersion', s(a.exemplarVersion));
      set('prompt', s(a.prompt));
      if (a.layout !== undefined) set('layout', parse(a.layout));
      return;
    }
    if (e.type === 'feedback.given') {
      const folded = foldLatestRating(this.#feedback, e, (r) => ({
        ...r,
        entry: { rating: r.rating, comment: s(a.comment), time: e.time },
      }));
      if (!folded) return;
      const row = this.#layout(e, layoutId);
      const { current, previous } = folded;
      if (previous) {
        // A changed mind: the same entry in the row takes the new rating; a comment given earlier stays unless replaced.
        current.entry = Object.assign(previous.entry, {
          rating: current.rating,
          comment: current.entry.comment ?? previous.entry.comment,
          time: e.time,
        });
      } else row.feedback.push(current.entry);
      row.station ??= s(a.station);
      row.model ??= s(a.model);
      row.promptVersion ??= s(a.promptVersion);
      row.exemplarVersion ??= s(a.exemplarVersion);
    }
  }

  /** Rows for the layouts that were rated, oldest first. */
  rows(): DatasetRow[] {
    const out: DatasetRow[] = [];
    for (const { row, trace } of this.#layouts.values()) {
      if (!row.feedback.length) continue;
      row.verdicts = this.#gatesByLayout.get(row.layoutId) ?? this.#gatesByTrace.get(trace) ?? [];
      out.push(row);
    }
    return out;
  }
}

/** JSONL of the rated layouts in `events`. */
export function toTuningDataset(events: Iterable<JigEvent>): string {
  const b = new DatasetBuilder();
  for (const e of events) b.add(e);
  return b
    .rows()
    .map((r) => `${JSON.stringify(r)}\n`)
    .join('');
}
