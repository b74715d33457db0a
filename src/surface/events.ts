// The DOM events a surface and its components fire: `jig-` prefixed, bubbling, composed,
// with a typed `detail`.
import type { Issue } from '../gates/issue.js';
import type { LayoutDocument } from '../layout/document.js';
import type { PatchOp } from '../layout/patch.js';
import type { LineTrace, TraceStep } from '../line/trace.js';

export interface JigActionDetail {
  action: string;
  nodeId: string;
  /** A snapshot of the layout's data at the moment of the action. */
  data: Record<string, unknown>;
}

export interface JigRenderDetail {
  layout: LayoutDocument;
  /** From receiving the layout to every element having finished its first update. */
  ms: number;
}

export interface JigInvalidDetail {
  issues: Issue[];
  /** The parsed document, when it parsed. */
  layout?: unknown;
  /** The refused patch, when a patch was refused (issue paths point into it: `/ops/3/value/…`). */
  patch?: unknown;
  /** The line of a patch stream the refused batch (or unreadable text) was on, from 1. */
  line?: number;
}

/** A patch passed the gates and is on screen. */
export interface JigPatchDetail {
  ops: PatchOp[];
  /** The layout now on screen. */
  layout: LayoutDocument;
  /** From the call to every changed element having updated. */
  ms: number;
  /** The line of a patch stream it came from, from 1. */
  line?: number;
}

/** Data changed from outside the page's inputs: `setData` (source "host") or a patch under /data. */
export interface JigDataDetail {
  pointer: string;
  value: unknown;
  previous: unknown;
  source: 'host' | 'patch';
  /** Inputs with focus bound at this pointer: what was being typed there was replaced. */
  editing?: string[];
}

/** An input changed a value in the layout's data. */
export interface JigEditDetail {
  nodeId: string;
  pointer: string;
  value: unknown;
  previous: unknown;
}

/** A node painted while a layout streams in. */
export interface JigNodeDetail {
  nodeId: string;
  type: string;
}

/** A step of the line's trace while a surface assembles a layout for an intent. */
export interface JigTraceDetail {
  trace: LineTrace;
  step: TraceStep;
}

declare global {
  interface HTMLElementEventMap {
    'jig-action': CustomEvent<JigActionDetail>;
    'jig-render': CustomEvent<JigRenderDetail>;
    'jig-invalid': CustomEvent<JigInvalidDetail>;
    'jig-edit': CustomEvent<JigEditDetail>;
    'jig-node': CustomEvent<JigNodeDetail>;
    'jig-trace': CustomEvent<JigTraceDetail>;
    'jig-patch': CustomEvent<JigPatchDetail>;
    'jig-data': CustomEvent<JigDataDetail>;
  }
}

/** Jig's own DOM events: the `jig-*` names in HTMLElementEventMap (each module that fires one declares it there). */
export type JigEventName = Extract<keyof HTMLElementEventMap, `jig-${string}`>;
/** The detail a `jig-*` event carries, read from its HTMLElementEventMap entry. */
export type JigEventDetail<K extends JigEventName> = HTMLElementEventMap[K] extends CustomEvent<infer D> ? D : never;

/**
 * Fires a bubbling, composed, cancelable `jig-*` event; a name that is not declared, or a detail
 * of the wrong shape, does not compile. Returns false when a listener cancelled it.
 */
export function emit<K extends JigEventName>(target: EventTarget, type: K, detail: JigEventDetail<K>): boolean {
  return target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable: true }));
}
