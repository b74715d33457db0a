// Gate 5, bindings: every input's `bind` and every `{"$data": …}` prop is a well-formed JSON
// Pointer that resolves in `data` (an input may create its last segment), with a fitting type.
import type { CatalogEntry } from '../catalog/catalog.js';
import type { BindValue, DataShape } from '../catalog/props.js';
import { isDataRef, type LayoutNode } from '../layout/document.js';
import { parsePointer, resolve, resolveParent } from '../layout/pointer.js';
import { issue, pointer, preview, type Issue } from './issue.js';

const isRecord = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);

function fitsBind(kind: BindValue, v: unknown): boolean {
  switch (kind) {
    case 'string': return typeof v === 'string' || typeof v === 'number' || v === null;
    case 'number': return (typeof v === 'number' && Number.isFinite(v)) || v === null;
    case 'boolean': return typeof v === 'boolean';
    case 'date': return v === null || (typeof v === 'string' && (v === '' || /^\d{4}-\d{2}-\d{2}$/.test(v)));
  }
}

const bindWords: Record<BindValue, string> = {
  string: 'a string', number: 'a number (or null)', boolean: 'true or false', date: 'a "YYYY-MM-DD" string (or "")',
};

function fitsShape(shape: DataShape, v: unknown): boolean {
  switch (shape) {
    case 'scalar': return typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
    case 'number': return typeof v === 'number' && Number.isFinite(v);
    case 'string-list': return Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number');
    case 'records': return Array.isArray(v) && v.every(isRecord);
    case 'series': return Array.isArray(v) && v.every((p) => isRecord(p) && typeof p.label === 'string' && typeof p.value === 'number' && Number.isFinite(p.value));
  }
}

const shapeWords: Record<DataShape, string> = {
  scalar: 'a string or number', number: 'a number', 'string-list': 'an array of strings or numbers', records: 'an array of objects', series: 'an array of {"label": string, "value": number}',
};

/** Bindings of one node; `data` is the document's data (undefined when it has none). */
export function checkNodeBindings(entry: CatalogEntry, node: LayoutNode, index: number, data: unknown, out: Issue[]): void {
  if (!entry.roles.length || !node.props) return;
  for (const [prop, role] of entry.roles) {
    const value = node.props[prop];
    if (value === undefined) continue;
    if (role.role === 'bind') {
      const at = pointer('nodes', index, 'props', prop);
      const p = parsePointer(value);
      if (!p.ok) { out.push(issue(p.reason === 'forbidden' ? 'forbidden_segment' : 'bad_pointer', at, p.message)); continue; }
      const parent = resolveParent(data, p.segments);
      if (!parent.found) {
        const parentPtr = p.segments.length > 1 ? '/' + (value as string).split('/').slice(1, -1).join('/') : 'data';
        out.push(issue('unresolved_pointer', at, `"${node.id}" binds ${JSON.stringify(value)}, but ${parentPtr === 'data' ? 'the layout has no data object' : `${parentPtr} is not an object in data`}; add it to data`));
        continue;
      }
      const cur = resolve(data, p.segments);
      if (cur.found && !fitsBind(role.value, cur.value)) {
        out.push(issue('type_mismatch', at, `${entry.type} "${node.id}" needs ${bindWords[role.value]} at ${value}, but data holds ${preview(cur.value)}`));
      }
    } else if (role.role === 'data' && isDataRef(value)) {
      const at = pointer('nodes', index, 'props', prop, '$data');
      const p = parsePointer(value.$data);
      if (!p.ok) { out.push(issue(p.reason === 'forbidden' ? 'forbidden_segment' : 'bad_pointer', at, p.message)); continue; }
      const r = resolve(data, p.segments);
      if (!r.found) { out.push(issue('unresolved_pointer', at, `${entry.type}.${prop} reads ${value.$data}, which is not in data`)); continue; }
      if (!fitsShape(role.shape, r.value)) {
        out.push(issue('type_mismatch', at, `${entry.type}.${prop} needs ${shapeWords[role.shape]} at ${value.$data}, but data holds ${preview(r.value)}`));
      }
    }
  }
}
