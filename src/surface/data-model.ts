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

  /**
   * Replaces all the data (a layout's `data` arriving, or a checked update from the host). Readers
   * are told once per pointer in `changed` (each value and the one before it); without it, once with
   * pointer "" (everything may have changed).
   */
  replace(data: Record<string, unknown>, changed?: readonly string[]): void {
    this.adopt(structuredClone(data), changed);
  }

  /** As `replace`, keeping `data` itself: the caller hands it over and must not change it after. */
  adopt(data: Record<string, unknown>, changed?: readonly string[]): void {
    const previous = this.#data;
    this.#data = data;
    if (!changed) {
      this.dispatchEvent(new CustomEvent<DataChange>('change', { detail: { pointer: '', value: data, previous } }));
      return;
    }
    for (const pointer of changed) {
      const p = pointer === '' ? { ok: true as const, segments: [] } : parsePointer(pointer);
      const at = (d: unknown) => (p.ok ? resolve(d, p.segments).value : undefined);
      this.dispatchEvent(
        new CustomEvent<DataChange>('change', { detail: { pointer, value: at(this.#data), previous: at(previous) } }),
      );
    }
  }

  /** The live data itself, not a copy: for checks that only read it. */
  peek(): Readonly<Record<string, unknown>> {
    return this.#data;
  }

  /** A deep copy, safe to hand to the host page. */
  snapshot(): Record<string, unknown> {
    return structuredClone(this.#data);
  }
}
