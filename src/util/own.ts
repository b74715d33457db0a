// Keys from outside (a layout, a peer's message, a visitor's event) as own data, never as the
// members every object inherits.

/**
 * Sets `key` on `o` as an own, writable, enumerable data property. Unlike `o[key] = value`, a key
 * "__proto__" stays a key (which the gates then refuse) instead of replacing the object's
 * prototype, and a frozen source's descriptors are not carried over.
 */
export function setOwn(o: object, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });
}

/** Whether `name` is a member every object has ("__proto__", "constructor", "toString"…). */
export function isInheritedName(name: string): boolean {
  return name in Object.prototype;
}
