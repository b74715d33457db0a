// Implicit signals with no code from the site: watches a surface's DOM events and records what
// people do with a layout — rendered, acted on, edited, abandoned — and the feedback given on it.
import type { AttrValue, EventContext } from './event.js';
import { layoutId as layoutIdOf } from '../layout/id.js';
import type { EventLog } from './log.js';

/**
 * What the observer reads of a surface's DOM events, by shape: the data core names no surface
 * type (surface/events.ts's details have these fields; test/node/structure checks that they fit).
 */
export interface ObservedDetails {
  'jig-render': { layout: { readonly nodes: readonly unknown[] }; ms: number };
  'jig-action': { action: string; nodeId: string };
  'jig-edit': { nodeId: string; pointer: string; previous: unknown };
}

/** What produced a layout: the line (or site) sets it, and every signal about the layout carries it. */
export interface FeedbackSource {
  layoutId?: string;
  station?: string;
  model?: string;
  promptVersion?: string;
  exemplarVersion?: string;
  line?: string;
  lineVersion?: string;
}

export interface JigFeedbackDetail {
  rating: 'up' | 'down';
  comment: string | null;
  source: FeedbackSource;
  /** Same id for a changed mind or an added comment: the latest one counts. */
  feedbackId: string;
  /** Whether the element recorded the event itself (it had a log). */
  recorded: boolean;
  /** The `feedback.given` attrs and context, ready to record. */
  attrs: Record<string, AttrValue>;
  context: Partial<EventContext>;
}

declare global {
  interface HTMLElementEventMap {
    'jig-feedback': CustomEvent<JigFeedbackDetail>;
  }
}

const COMMENT_MAX = 2000;

function sourceAttrs(source: FeedbackSource): Record<string, AttrValue> {
  const out: Record<string, AttrValue> = {};
  for (const k of ['layoutId', 'station', 'model', 'promptVersion', 'exemplarVersion'] as const)
    if (source[k] !== undefined) out[k] = String(source[k]);
  return out;
}

function sourceContext(source: FeedbackSource): Partial<EventContext> {
  const ctx: Partial<EventContext> = {};
  if (source.line !== undefined) ctx.line = source.line;
  if (source.lineVersion !== undefined) ctx.lineVersion = source.lineVersion;
  return ctx;
}

export function feedbackDetail(
  rating: 'up' | 'down',
  comment: string | null,
  source: FeedbackSource,
  feedbackId: string,
  recorded: boolean,
): JigFeedbackDetail {
  const c = comment ? comment.slice(0, COMMENT_MAX) : null;
  return {
    rating,
    comment: c,
    source: { ...source },
    feedbackId,
    recorded,
    attrs: { rating, comment: c, feedbackId, ...sourceAttrs(source) },
    context: sourceContext(source),
  };
}

/**
 * Records `layout.rendered` (with ms), `ui.action` (with the time to the first action),
 * `ui.edited` (once per field and layout, with the pointer and whether it was pre-filled),
 * `ui.abandoned` (fields edited, no action, then the layout changed or the page was hidden),
 * and `feedback.given` from a `<jig-feedback>` inside the surface that has no log of its own.
 * `source` may be a function, read at each event (the line changes it per layout). Returns a disposer.
 */
export function observeSurface(
  surface: HTMLElement,
  log: EventLog,
  source: FeedbackSource | (() => FeedbackSource) = {},
): () => void {
  const src = () => (typeof source === 'function' ? source() : source);
  const win: EventTarget = surface.ownerDocument.defaultView ?? globalThis;
  const doc = surface.ownerDocument;
  let layoutId: string | undefined;
  let renderedAt = 0;
  let acted = false;
  let edited = new Set<string>();
  let abandonedReported = false;

  const record = (
    type: 'layout.rendered' | 'ui.action' | 'ui.edited' | 'ui.abandoned',
    attrs: Record<string, AttrValue>,
  ) => {
    const s = src();
    log.emit(type, { ...sourceAttrs(s), ...(layoutId ? { layoutId } : {}), ...attrs }, sourceContext(s));
  };

  const abandon = (reason: 'layout-changed' | 'page-hidden') => {
    if (edited.size === 0 || abandonedReported) return;
    abandonedReported = true;
    record('ui.abandoned', { reason, edits: edited.size, msSinceRender: Math.round(performance.now() - renderedAt) });
  };

  const onRender = (e: Event) => {
    const d = (e as CustomEvent<ObservedDetails['jig-render']>).detail;
    abandon('layout-changed');
    layoutId = src().layoutId ?? layoutIdOf(d.layout);
    renderedAt = performance.now();
    acted = false;
    edited = new Set();
    abandonedReported = false;
    record('layout.rendered', {
      ms: Math.round(d.ms * 10) / 10,
      nodes: Array.isArray(d.layout?.nodes) ? d.layout.nodes.length : 0,
    });
  };

  const onAction = (e: Event) => {
    const d = (e as CustomEvent<ObservedDetails['jig-action']>).detail;
    const attrs: Record<string, AttrValue> = { action: d.action, nodeId: d.nodeId, edits: edited.size };
    if (!acted && renderedAt) attrs.firstActionMs = Math.round(performance.now() - renderedAt);
    acted = true;
    edited = new Set(); // the form was completed: edits so far are not abandoned
    record('ui.action', attrs);
  };

  const onEdit = (e: Event) => {
    const d = (e as CustomEvent<ObservedDetails['jig-edit']>).detail;
    if (edited.has(d.pointer)) return; // one event per field and layout, not one per keystroke
    edited.add(d.pointer);
    abandonedReported = false;
    const prefilled = d.previous !== undefined && d.previous !== null && d.previous !== '';
    record('ui.edited', { nodeId: d.nodeId, pointer: d.pointer, prefilled });
  };

  const onFeedback = (e: Event) => {
    const d = (e as CustomEvent<JigFeedbackDetail>).detail;
    if (d.recorded) return;
    log.emit(
      'feedback.given',
      { ...(layoutId ? { layoutId } : {}), ...sourceAttrs(src()), ...d.attrs },
      { ...sourceContext(src()), ...d.context },
    );
  };

  const onHide = () => abandon('page-hidden');
  const onVisibility = () => {
    if (doc.visibilityState === 'hidden') abandon('page-hidden');
  };

  // One signal removes every listener at once.
  const stop = new AbortController();
  const listen = { signal: stop.signal };
  surface.addEventListener('jig-render', onRender, listen);
  surface.addEventListener('jig-action', onAction, listen);
  surface.addEventListener('jig-edit', onEdit, listen);
  surface.addEventListener('jig-feedback', onFeedback, listen);
  win.addEventListener('pagehide', onHide, listen);
  doc.addEventListener('visibilitychange', onVisibility, listen);
  return () => stop.abort();
}
