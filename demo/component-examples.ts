// For the components page: an example layout for any catalog component, made from its props'
// JSON Schema and roles (binds get data of the right type, URLs stay offline), and a short type text.
import type { Catalog, CatalogEntry, JsonSchema } from '../src/catalog/catalog.js';
import { toJsonSchema } from '../src/catalog/json-schema.js';

// A 1×1 PNG: an image example that makes no network request.
const PIXEL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
const BIND_SAMPLE: Record<string, unknown> = { string: '', number: 3, boolean: false, date: '2026-12-05' };
const isDataRef = (s: JsonSchema) => Boolean((s.properties as Record<string, unknown> | undefined)?.$data);

function words(name: string): string {
  const spaced = name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** A value the schema accepts, named after the prop where text is free. */
function sample(schema: JsonSchema, name: string): unknown {
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (Array.isArray(schema.anyOf)) {
    const options = (schema.anyOf as JsonSchema[]).filter((o) => !isDataRef(o) && o.type !== 'null');
    return sample(options[0] ?? (schema.anyOf as JsonSchema[])[0]!, name);
  }
  switch (schema.type) {
    case 'string': {
      const pattern = typeof schema.pattern === 'string' ? schema.pattern : '';
      if (pattern.includes('\\d{4}')) return '2026-12-05';
      const text = words(name);
      const max = typeof schema.maxLength === 'number' ? schema.maxLength : 80;
      return text.slice(0, max);
    }
    case 'integer':
    case 'number': {
      const min =
        typeof schema.minimum === 'number'
          ? schema.minimum
          : typeof schema.exclusiveMinimum === 'number'
            ? schema.exclusiveMinimum + 1
            : 0;
      const max = typeof schema.maximum === 'number' ? schema.maximum : min + 10;
      return Math.min(Math.max(min, 3), max);
    }
    case 'boolean':
      return false;
    case 'array': {
      const items = (schema.items ?? {}) as JsonSchema;
      const count = Math.max(typeof schema.minItems === 'number' ? schema.minItems : 0, 2);
      return Array.from({ length: count }, (_, i) => {
        const v = sample(items, `${name.replace(/s$/, '')} ${i + 1}`);
        return typeof v === 'number' ? v + i * 2 : v;
      });
    }
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const required = new Set((schema.required as string[] | undefined) ?? []);
      if (!Object.keys(props).length && schema.additionalProperties) return { name: 'Ada', visits: 3 };
      // Items of a list are told apart by their number ("Option 2"); a column's key names a row field.
      const nth = Number(/(\d+)$/.exec(name)?.[1] ?? 1);
      const text = (k: string, s: JsonSchema) =>
        k === 'key'
          ? (['name', 'visits'][nth - 1] ?? `field${nth}`)
          : k === 'label' || k === 'value'
            ? `${words(name)}`
            : sample(s, k);
      return Object.fromEntries(
        Object.entries(props)
          .filter(([k]) => required.has(k))
          .map(([k, s]) => [k, s.type === 'string' ? text(k, s) : s.type === 'number' ? nth * 3 : sample(s, k)]),
      );
    }
    default:
      return null;
  }
}

interface Node {
  id: string;
  type: string;
  props?: Record<string, unknown>;
  children?: string[];
}

export interface Example {
  layout: { version: 1; title: string; root: string; data: Record<string, unknown>; nodes: Node[] };
}

/** An example layout showing `type`, inside the parent it needs and with a child where it takes one. */
export function exampleLayout(catalog: Catalog, type: string): Example['layout'] {
  const data: Record<string, unknown> = {};
  const nodes: Node[] = [];
  let n = 0;
  const node = (t: string, depth: number): string => {
    const entry = catalog.get(t) as CatalogEntry;
    const id = `${t.replace(/-/g, '_')}${++n}`;
    const schema = toJsonSchema(entry.props);
    const props: Record<string, unknown> = {};
    const required = new Set((schema.required as string[] | undefined) ?? []);
    for (const [key, s] of Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>)) {
      const role = entry.roles.find(([prop]) => prop === key)?.[1] as
        | { role: string; value?: string; kind?: string }
        | undefined;
      if (role?.role === 'bind') {
        data[id] = BIND_SAMPLE[role.value ?? 'string'] ?? '';
        props[key] = `/${id}`;
      } else if (role?.role === 'url') {
        props[key] = role.kind === 'image' ? PIXEL : 'https://example.com/';
      } else if (role?.role === 'action') {
        props[key] = 'save';
      } else if (required.has(key) || key === 'label' || key === 'title') {
        props[key] = sample(s, key);
      }
    }
    const out: Node = { id, type: t, props };
    nodes.push(out);
    const rule = entry.children;
    if (depth < 3 && rule.kind !== 'none') {
      // A form shows a field and its button; other containers a paragraph, or the one type they take.
      const types = rule.kind === 'only' ? rule.types : ['text'];
      const kids =
        types.includes('text-field') && types.includes('button')
          ? ['text-field', 'button']
          : [types.includes('text') ? 'text' : types[0]!];
      out.children = kids.map((k) => node(k, depth + 1));
    }
    return id;
  };
  // A component that lives only inside another (a tab in tabs) is shown in its parent.
  const parent = (catalog.get(type) as CatalogEntry).parents?.[0];
  const root = parent ? node(parent, 0) : node(type, 0);
  return { version: 1, title: type, root, data, nodes };
}

/** A short type: `'a' | 'b'`, `string (≤ 120)`, `number (1–12)`, `… or {"$data"}`. */
export function typeText(schema: JsonSchema): string {
  if ('const' in schema) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (Array.isArray(schema.anyOf)) {
    const options = schema.anyOf as JsonSchema[];
    const plain = options.filter((o) => !isDataRef(o)).map(typeText);
    return options.some(isDataRef) ? `${plain.join(' | ')} or {"$data": pointer}` : plain.join(' | ');
  }
  const range = (lo: unknown, hi: unknown) =>
    lo !== undefined || hi !== undefined ? ` (${lo ?? ''}–${hi ?? ''})` : '';
  switch (schema.type) {
    case 'string':
      return `string${schema.maxLength !== undefined ? ` (≤ ${String(schema.maxLength)})` : ''}`;
    case 'integer':
    case 'number':
      return `${String(schema.type)}${range(schema.minimum ?? schema.exclusiveMinimum, schema.maximum ?? schema.exclusiveMaximum)}`;
    case 'array':
      return `array of ${typeText((schema.items ?? {}) as JsonSchema)}${schema.maxItems !== undefined ? ` (≤ ${String(schema.maxItems)})` : ''}`;
    case 'object': {
      const props = Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>);
      if (!props.length) return 'object';
      const required = new Set((schema.required as string[] | undefined) ?? []);
      return `{${props.map(([k, s]) => `${k}${required.has(k) ? '' : '?'}: ${typeText(s)}`).join(', ')}}`;
    }
    default:
      return String(schema.type ?? 'any');
  }
}
