// Pointers relative to a repeat item (docs/format.md §8): inside a node with `repeat`, "done" or
// {"$data": "name"} mean the item's own fields. This module turns them into absolute pointers.
import type { CatalogEntry } from '../catalog/catalog.js';
import type { Condition } from './condition.js';
import { isDataRef, type LayoutNode } from './document.js';
import { FORBIDDEN_SEGMENTS } from './pointer.js';

/** A pointer without a leading "/": relative to the repeat item in scope. */
export function isRelativePointer(value: unknown): value is string {
  return typeof value === 'string' && value !== '' && value[0] !== '/';
}

/**
 * The absolute pointer a pointer names in scope: absolute ones stay, relative ones join `base`
 * (the item's pointer, `/items/3`). Without a base a relative pointer has no meaning: null.
 */
export function inScope(pointer: string, base: string | undefined): string | null {
  if (!isRelativePointer(pointer)) return pointer;
  return base === undefined ? null : `${base}/${pointer}`;
}

/** Whether a relative pointer is well formed: "~" escapes and no prototype segment. */
export function checkRelative(pointer: string): string | null {
  if (/~(?![01])/.test(pointer))
    return `"~" must be followed by 0 or 1 in a JSON Pointer, received ${JSON.stringify(pointer.slice(0, 60))}`;
  for (const raw of pointer.split('/')) {
    const s = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (FORBIDDEN_SEGMENTS.has(s))
      return `pointer ${JSON.stringify(pointer.slice(0, 60))} passes through "${s}", which is never allowed`;
  }
  return null;
}

/** Whether a node reads anything through a relative pointer (props with a role, or its condition). */
export function hasRelative(entry: CatalogEntry | undefined, node: LayoutNode): boolean {
  if (entry && node.props) {
    for (const [prop, role] of entry.roles) {
      const v = node.props[prop];
      if (role.role === 'bind' && isRelativePointer(v)) return true;
      if (role.role === 'data' && isDataRef(v) && isRelativePointer(v.$data)) return true;
    }
  }
  return node.visible !== undefined && conditionPointers(node.visible).some(isRelativePointer);
}

/** Every `$data` pointer in a condition (which passed checkCondition). */
export function conditionPointers(c: Condition): string[] {
  const out: string[] = [];
  const visit = (x: Condition) => {
    if ('and' in x) x.and.forEach(visit);
    else if ('or' in x) x.or.forEach(visit);
    else if ('not' in x) visit(x.not);
    else out.push(x.$data);
  };
  visit(c);
  return out;
}

/**
 * The props with relative pointers made absolute under `base`; the same object when none is
 * relative, so a re-render hands an element the props it already has.
 */
export function rebaseProps(
  entry: CatalogEntry,
  props: Record<string, unknown> | undefined,
  base: string | undefined,
): Record<string, unknown> {
  const src = props ?? {};
  if (base === undefined) return src;
  let out: Record<string, unknown> | null = null;
  for (const [prop, role] of entry.roles) {
    const v = src[prop];
    let next: unknown = v;
    if (role.role === 'bind' && isRelativePointer(v)) next = `${base}/${v}`;
    else if (role.role === 'data' && isDataRef(v) && isRelativePointer(v.$data)) next = { $data: `${base}/${v.$data}` };
    if (next === v) continue;
    out ??= { ...src };
    out[prop] = next;
  }
  return out ?? src;
}
