// The one rule for feedback, shared by every fold (the store's aggregates, the dataset, the
// tuner's evidence, the server's stats): per feedback id, only the latest rating counts.
import type { JigEvent } from './event.js';

export type RatingValue = 'up' | 'down';

/** What a fold keeps per feedback id: the rating and when it was given, plus what the fold needs to undo it. */
export interface LatestRating {
  rating: RatingValue;
  /** The event's time and id: a rating given earlier never replaces a later one, whatever order events arrive in. */
  at: string;
  eventId: string;
}

/** A Map, or a plain record through `recordSlots`. */
export interface RatingSlots<T> {
  get(key: string): T | undefined;
  set(key: string, value: T): void;
}

export function recordSlots<T>(record: Record<string, T>): RatingSlots<T> {
  return {
    get: (k) => (Object.hasOwn(record, k) ? record[k] : undefined),
    set: (k, v) => {
      record[k] = v;
    },
  };
}

/** The rating a `feedback.given` event carries, or undefined for any other event or value. */
export function ratingOf(e: JigEvent): RatingValue | undefined {
  if (e.type !== 'feedback.given') return undefined;
  const r = e.attrs.rating;
  return r === 'up' || r === 'down' ? r : undefined;
}

/** The id one person's rating of one layout goes by: `feedbackId`, or the event's own id. */
export function feedbackKey(e: JigEvent): string {
  const id = e.attrs.feedbackId;
  return typeof id === 'string' && id !== '' ? id : e.id;
}

const later = (a: { at: string; eventId: string }, b: { at: string; eventId: string }) => {
  const ta = Date.parse(a.at),
    tb = Date.parse(b.at);
  return ta !== tb ? ta > tb : a.eventId > b.eventId;
};

/**
 * Folds one event. For a rating that is now the latest for its feedback id, stores `make(rating)`
 * and returns it with the entry it replaced (the caller undoes that one's counts). Returns
 * undefined for an event that is no rating, or a rating older than the one kept.
 */
export function foldLatestRating<T extends LatestRating>(
  slots: RatingSlots<T>,
  e: JigEvent,
  make: (base: LatestRating) => T,
): { current: T; previous?: T } | undefined {
  const rating = ratingOf(e);
  if (!rating) return undefined;
  const key = feedbackKey(e);
  const base: LatestRating = { rating, at: e.time, eventId: e.id };
  const previous = slots.get(key);
  if (previous && !later(base, previous)) return undefined;
  const current = make(base);
  slots.set(key, current);
  return previous ? { current, previous } : { current };
}
