// What the events say, folded for tuning: per intent class and station (gate passes, audits,
// ratings), per prompt variant, per layout (its ratings and text), and per line version.
import type { JigEvent } from '../events/event.js';
import type { EventFilter, EventStore } from '../events/store.js';
import { foldLatestRating, type LatestRating } from '../events/ratings.js';
import type { Tally } from './stats.js';
import { isInheritedName } from '../util/own.js';

export interface StationEvidence {
  /** First attempts (not repairs, not vote samples after the first). */
  first: Tally;
  /** Repair attempts. */
  repairs: Tally;
  audits: number;
  /** Sum of audit agreements. */
  agreement: number;
  /** Ratings of layouts this station made. */
  rated: Tally;
  rendered: number;
  /** Dollars its attempts cost (first attempts, repairs and vote samples). */
  cost: number;
  /** Attempts the cost was spent on. */
  attempts: number;
}

export interface LayoutEvidence {
  layoutId: string;
  intentClass: string;
  intent: string;
  station: string;
  layout: unknown;
  /** ms since the epoch of its latest rendering. */
  time: number;
  rendered: number;
  up: number;
  down: number;
  /** Visitors who completed an action on it (a form sent, a button used): acceptance without a rating. */
  actions: number;
}

/** Accepted: rated and liked more than not, or acted on by enough visitors and never rated down. */
export const accepted = (l: LayoutEvidence, minRatings: number) =>
  (l.up + l.down >= minRatings && l.up > l.down) || ((l.actions ?? 0) >= minRatings && l.down === 0);

export interface VersionEvidence {
  requests: number;
  /** Requests that escalated to a station above the one they started at. */
  escalated: number;
  /** Station attempts (not the cache) and how many passed every gate. */
  gates: Tally;
  /** Ratings: ok = thumbs up. */
  feedback: Tally;
  rendered: number;
  premium: number;
  fallback: number;
  cost: number;
}

export interface ClassEvidence {
  requests: number;
  stations: Record<string, StationEvidence>;
  /** Vote outcomes: ok = agreement reached. */
  votes: Tally;
}

export interface Evidence {
  line: string;
  events: number;
  classes: Record<string, ClassEvidence>;
  /** By prompt variant id: browser first attempts' gate passes, and ratings of what they made. */
  variants: Record<string, { gates: Tally; feedback: Tally }>;
  layouts: Record<string, LayoutEvidence>;
  versions: Record<string, VersionEvidence>;
}

const map = <T>() => Object.create(null) as Record<string, T>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
/**
 * A name from an event used as a key of the evidence (class, station, layout, version, variant):
 * never one every object already has ("__proto__", "constructor", "toString"…), which visitors'
 * events could otherwise use to reach the prototype of the maps the evidence is read through.
 */
const key = (v: unknown): string | undefined => {
  const s = str(v);
  return s !== undefined && !isInheritedName(s) ? s : undefined;
};
/** What a call cost, in US dollars: a finite, non-negative amount up to a million, else nothing. */
const costOf = (v: unknown): number => (typeof v === 'number' && v >= 0 && v <= 1e6 ? v : 0);
const tally = (): Tally => ({ n: 0, ok: 0 });
const add = (t: Tally, ok: boolean) => {
  t.n++;
  if (ok) t.ok++;
};
const emptyStation = (): StationEvidence => ({
  first: tally(),
  repairs: tally(),
  audits: 0,
  agreement: 0,
  rated: tally(),
  rendered: 0,
  cost: 0,
  attempts: 0,
});

/** The variant id in a prompt version "1/<variant>". */
export const variantOf = (promptVersion: string | undefined): string | undefined => {
  if (!promptVersion) return undefined;
  const i = promptVersion.indexOf('/');
  return i < 0 ? promptVersion : promptVersion.slice(i + 1);
};

function parseLayout(text: unknown): unknown {
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  } // clipped text: not a usable layout
}

function emptyVersion(): VersionEvidence {
  return {
    requests: 0,
    escalated: 0,
    gates: tally(),
    feedback: tally(),
    rendered: 0,
    premium: 0,
    fallback: 0,
    cost: 0,
  };
}

/** Folds events one at a time; `result()` settles the ratings (the latest per feedbackId). */
export class EvidenceBuilder {
  readonly #line: string | undefined;
  readonly #ev: Evidence;
  readonly #traces = new Map<string, { intent: string; cls: string; version: string; escalated: boolean }>();
  readonly #rendered = new Map<string, { cls: string; station: string; variant?: string; version: string }>();
  readonly #actions = new Map<string, number>();
  readonly #ratings = new Map<
    string,
    LatestRating & { layoutId: string; up: boolean; trace: string; version?: string; variant?: string }
  >();

  constructor(line?: string) {
    this.#line = line;
    this.#ev = { line: line ?? '', events: 0, classes: map(), variants: map(), layouts: map(), versions: map() };
  }

  #version(v: string): VersionEvidence {
    return (this.#ev.versions[v] ??= emptyVersion());
  }
  #class(c: string): ClassEvidence {
    return (this.#ev.classes[c] ??= { requests: 0, stations: map(), votes: tally() });
  }
  #station(c: string, s: string): StationEvidence {
    return (this.#class(c).stations[s] ??= emptyStation());
  }
  #variant(v: string) {
    return (this.#ev.variants[v] ??= { gates: tally(), feedback: tally() });
  }

  add(e: JigEvent): void {
    if (this.#line !== undefined && e.line !== this.#line) return;
    this.#ev.events++;
    const a = e.attrs;
    const cls = key(a.intentClass) ?? this.#traces.get(e.trace)?.cls ?? 'unknown';
    const version = key(e.lineVersion) ?? 'unknown';
    switch (e.type) {
      case 'layout.requested': {
        this.#traces.set(e.trace, { intent: str(a.intent) ?? '', cls, version, escalated: false });
        this.#class(cls).requests++;
        this.#version(version).requests++;
        break;
      }
      case 'station.attempted': {
        const station = key(a.station) ?? 'unknown';
        const ok = a.ok === true;
        const repair = a.repair === true;
        const s = this.#station(cls, station);
        if (station !== 'cache') add(this.#version(version).gates, ok);
        const cost = costOf(a.cost);
        this.#version(version).cost += cost;
        s.cost += cost;
        s.attempts++;
        if (repair) {
          add(s.repairs, ok);
          break;
        }
        if (typeof a.sample === 'number' && a.sample > 1) break;
        add(s.first, ok);
        const variant = key(variantOf(str(a.promptVersion)));
        if (station === 'browser' && variant) add(this.#variant(variant).gates, ok);
        break;
      }
      case 'station.failed': {
        const station = key(a.station) ?? 'unknown';
        add(this.#station(cls, station).first, false);
        if (station !== 'cache') add(this.#version(version).gates, false);
        break;
      }
      case 'vote.completed':
        add(this.#class(cls).votes, a.ok === true);
        break;
      case 'audit.completed': {
        if (typeof a.agreement !== 'number') break;
        const s = this.#station(cls, key(a.station) ?? 'browser');
        s.audits++;
        s.agreement += a.agreement;
        break;
      }
      case 'layout.escalated': {
        const t = this.#traces.get(e.trace);
        // A cache that has nothing is not an escalation; moving to a paid or fallback station is.
        if (t && !t.escalated && str(a.from) !== 'cache') {
          t.escalated = true;
          this.#version(t.version).escalated++;
        }
        break;
      }
      case 'layout.rendered': {
        const id = key(a.layoutId);
        const station = key(a.station) ?? 'unknown';
        const v = this.#version(version);
        v.rendered++;
        if (station === 'premium') v.premium++;
        if (a.fallback === true || station === 'fallback') {
          v.fallback++;
          break;
        }
        if (!id) break;
        const variant = station === 'browser' ? key(variantOf(str(a.promptVersion))) : undefined;
        // The same document can be rendered by several versions: a rating belongs to the rendering it was given on.
        const made = { cls, station, version, ...(variant ? { variant } : {}) };
        this.#rendered.set(id, made);
        this.#rendered.set(`${e.trace}|${id}`, made);
        this.#station(cls, station).rendered++;
        const time = Date.parse(e.time);
        const prev = this.#ev.layouts[id];
        if (prev) {
          prev.rendered++;
          prev.time = Math.max(prev.time, time);
          break;
        }
        const layout = parseLayout(a.layout);
        if (layout === undefined) break;
        this.#ev.layouts[id] = {
          layoutId: id,
          intentClass: cls,
          intent: this.#traces.get(e.trace)?.intent ?? '',
          station,
          layout,
          time,
          rendered: 1,
          up: 0,
          down: 0,
          actions: 0,
        };
        break;
      }
      case 'ui.action': {
        const id = key(a.layoutId);
        if (id) this.#actions.set(id, (this.#actions.get(id) ?? 0) + 1);
        break;
      }
      case 'feedback.given': {
        const id = key(a.layoutId);
        if (!id || (a.rating !== 'up' && a.rating !== 'down')) break;
        const rated = key(e.lineVersion),
          variant = key(variantOf(str(a.promptVersion)));
        foldLatestRating(this.#ratings, e, (r) => ({
          ...r,
          layoutId: id,
          up: r.rating === 'up',
          trace: e.trace,
          ...(rated ? { version: rated } : {}),
          ...(variant ? { variant } : {}),
        }));
        break;
      }
    }
  }

  result(): Evidence {
    const ev = structuredClone(this.#ev);
    for (const [id, n] of this.#actions) {
      const l = ev.layouts[id];
      if (l) l.actions += n;
    }
    for (const { layoutId, up, trace, version, variant } of this.#ratings.values()) {
      const found = this.#rendered.get(`${trace}|${layoutId}`) ?? this.#rendered.get(layoutId);
      const r = found && {
        ...found,
        version: version ?? found.version,
        ...((variant ?? found.variant) ? { variant: variant ?? found.variant } : {}),
      };
      const l = ev.layouts[layoutId];
      if (l) {
        if (up) l.up++;
        else l.down++;
      }
      if (!r) continue;
      const cls = (ev.classes[r.cls] ??= { requests: 0, stations: map(), votes: tally() });
      const st = (cls.stations[r.station] ??= emptyStation());
      add(st.rated, up);
      add((ev.versions[r.version] ??= emptyVersion()).feedback, up);
      if (r.variant) add((ev.variants[r.variant] ??= { gates: tally(), feedback: tally() }).feedback, up);
    }
    return ev;
  }
}

/** Evidence from a list of events (e.g. an export), for one line or all. */
export function collectEvidence(events: Iterable<JigEvent>, line?: string): Evidence {
  const b = new EvidenceBuilder(line);
  for (const e of events) b.add(e);
  return b.result();
}

/** Evidence from the event store, page by page. */
export async function readEvidence(store: EventStore, filter: EventFilter & { line: string }): Promise<Evidence> {
  const b = new EvidenceBuilder(filter.line);
  for await (const page of store.pages(filter)) for (const e of page) b.add(e);
  return b.result();
}
