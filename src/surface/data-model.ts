// The live data of a rendered layout: inputs write to it through JSON Pointers, `$data` props
// read from it, and every change is announced so displays and analytics follow.
import { parsePointer, resolve, setAt } from '../layout/pointer.js';

export interface DataChange {
  pointer: string;
  value: unknown;
  previous: unknown;
  /** The node that made the change, when an input did. */
  nodeId?: string;
}

export class DataModel extends EventTarget {
  #data: Record<string, unknown>;

  constructor(initial: Record<string, unknown> = {}) {
    super();
    this.#data = structuredClone(initial);
  }

  /** The value at a pointer, or undefined when it does not resolve (or is malformed). */
  get(pointer: string): unknown {
    const p = parsePointer(pointer);
    return p.ok ? resolve(this.#data, p.segments).value : undefined;
  }

  /** Writes a value; false when the pointer is malformed or its parent is missing. */
  set(pointer: string, value: unknown, nodeId?: string): boolean {
    const p = parsePointer(pointer);
    if (!p.ok) return false;
    const previous = resolve(this.#data, p.segments).value;
    if (Object.is(previous, value)) return true;
    if (!setAt(this.#data, p.segments, value)) return false;
    this.dispatchEvent(new CustomEvent<DataChange>('change', { detail: { pointer, value, previous, nodeId } }));
    return true;
  }

  /** Replaces all the data (a layout's `data` arriving); every reader is told (pointer ""). */
  replace(data: Record<string, unknown>): void {
    const previous = this.#data;
    this.#data = structuredClone(data);
    this.dispatchEvent(new CustomEvent<DataChange>('change', { detail: { pointer: '', value: data, previous } }));
  }

  /** A deep copy, safe to hand to the host page. */
  snapshot(): Record<string, unknown> {
    return structuredClone(this.#data);
  }
}
