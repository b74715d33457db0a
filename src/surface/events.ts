// The DOM events a surface and its components fire: `jig-` prefixed, bubbling, composed,
// with a typed `detail`.
import type { Issue } from '../gates/issue.js';
import type { LayoutDocument } from '../layout/document.js';
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
  }
}

export function emit<T>(target: EventTarget, type: string, detail: T): boolean {
  return target.dispatchEvent(new CustomEvent<T>(type, { detail, bubbles: true, composed: true, cancelable: true }));
}
