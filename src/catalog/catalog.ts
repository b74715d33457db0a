// A catalog is the set of components a layout may use. Each is declared once with zod props;
// from them the catalog derives the validators, the layout's JSON Schema and the prompt text.
import type { $ZodObject, $ZodType, output } from 'zod/v4/core';
import { DEFAULT_LIMITS, ID_PATTERN_SOURCE, MAX_TITLE } from '../layout/document.js';
import { CONDITION_LIMITS } from '../layout/condition.js';
import { fnv1a32 } from '../util/hash.js';
import { toJsonSchema, type JsonSchema } from './json-schema.js';
import { propRoles, roleOf, type PropRole } from './props.js';
import { unwrapOptional } from './zod-def.js';

export type ChildrenRule =
  | { kind: 'none' }
  | { kind: 'any'; max?: number }
  | { kind: 'only'; types: readonly string[]; max?: number };

/** A problem across props that a schema alone cannot see; `path` is inside props. */
export interface PropProblem {
  code: 'bad_range' | 'impossible_date' | 'duplicate_option';
  path: readonly (string | number)[];
  message: string;
}

export interface ComponentSpec<P extends $ZodObject = $ZodObject> {
  /** The name layouts use in `type`, e.g. "text-field". */
  type: string;
  /** One or two sentences for the model: what it is and when to use it. */
  description: string;
  /** Props as a strict zod object; every prop `.describe()`d. */
  props: P;
  /** Which children the component takes. Default: none. */
  children?: ChildrenRule;
  /** When set, the node must be a direct child of one of these types (e.g. `tab` in `tabs`). */
  parents?: readonly string[];
  /** Custom element tag that renders it. Default `jig-${type}`. */
  tag?: string;
  /**
   * Checks across props (min not above max, dates on the calendar, distinct option values), run by
   * the catalog gate once the props pass the schema. Pure; returns the problems, never throws.
   */
  check?(props: output<P>): readonly PropProblem[];
}

/** A component as the gates use it: its spec plus what its props mean. */
export interface CatalogEntry extends ComponentSpec {
  tag: string;
  children: ChildrenRule;
  /** Props with a role (url, bind, action, data), found once from the zod metadata. */
  roles: ReadonlyArray<readonly [prop: string, role: PropRole]>;
  required: readonly string[];
}

export type { JsonSchema };

export interface NarrowOptions {
  /** Keep only these types. */
  only?: readonly string[];
  /** Drop these types (e.g. ['image']). */
  exclude?: readonly string[];
}

export interface Catalog {
  readonly types: readonly string[];
  get(type: string): CatalogEntry | undefined;
  has(type: string): boolean;
  /** A new catalog with more components (a spec with an existing type replaces it). */
  extend(...specs: ComponentSpec[]): Catalog;
  /** A new catalog with fewer components; children rules drop the removed types. */
  narrow(options: NarrowOptions): Catalog;
  /** JSON Schema (2020-12) of a whole layout document, for constrained decoding. No recursion (`$defs` hold the `visible` condition once). */
  jsonSchema(options?: { maxNodes?: number }): JsonSchema;
  /**
   * Compact text listing components, props and children rules, for a model's prompt. With `live`, a short
   * note on the node keys `repeat` and `visible` follows (docs/format.md §8); without, the text is unchanged.
   */
  prompt(options?: { live?: boolean }): string;
  /** A short, stable hash of the JSON Schema, to name a catalog to a server. */
  hash(): string;
}

/** The node keys of docs/format.md §8, the same for every type; the gates check what a schema cannot. */
const LIVE_KEYS = {
  repeat: {
    type: 'string',
    minLength: 1,
    description:
      'A JSON Pointer to an array in data: this node and its children render once per item; inside, pointers without a leading "/" read the item.',
  },
  visible: {
    description:
      'Shown only while this condition on data holds: {"$data": "/p", "eq": value} (or neq, gt, gte, lt, lte, in), {"and": [...]}, {"or": [...]}, {"not": {...}}.',
    $ref: '#/$defs/visible',
  },
} as const;

/**
 * The `visible` condition as JSON Schema, in `$defs` once for every node type and without recursion:
 * a test (a pointer with at most one comparison), its negation, or tests joined by `and`/`or`. A decoder
 * under it writes only what the envelope gate's condition check accepts; deeper nesting, which the gate
 * also accepts, is for hand-written layouts.
 */
function conditionDefs(): Record<string, JsonSchema> {
  const scalar = { anyOf: ['string', 'number', 'boolean', 'null'].map((type) => ({ type })) };
  const $data = { type: 'string', minLength: 1, maxLength: 200 };
  const object = (properties: Record<string, unknown>): JsonSchema => ({
    type: 'object',
    properties,
    required: Object.keys(properties),
    additionalProperties: false,
  });
  const test = { $ref: '#/$defs/visible-test' };
  const list = { type: 'array', minItems: 1, maxItems: 8, items: test };
  return {
    'visible-test': {
      anyOf: [
        object({ $data }),
        object({ $data, eq: scalar }),
        object({ $data, neq: scalar }),
        ...['gt', 'gte', 'lt', 'lte'].map((op) =>
          object({ $data, [op]: { anyOf: [{ type: 'number' }, { type: 'string' }] } }),
        ),
        object({ $data, in: { type: 'array', items: scalar, maxItems: CONDITION_LIMITS.maxIn } }),
      ],
    },
    visible: { anyOf: [test, object({ not: test }), object({ and: list }), object({ or: list })] },
  };
}

/** What a model reads about the live node keys when its page hands it data. */
const LIVE_PROMPT = `Any node but the root may also carry "repeat", ${LIVE_KEYS.repeat.description.replace(/^A/, 'a')} Any node may carry "visible", ${LIVE_KEYS.visible.description.replace(/^S/, 's')} Both read the layout's data; a pointer that does not resolve is refused.`;

/** Declares a component; gives types to its props. */
export function defineComponent<P extends $ZodObject>(spec: ComponentSpec<P>): ComponentSpec<P> {
  return spec;
}

/** Components whose props schema is made on first use (see `lazyComponent`). */
const lazySpecs = new WeakSet<ComponentSpec>();

/**
 * Declares a component whose props schema is built the first time a catalog needs it: a layout
 * uses the type, or the JSON Schema or prompt is asked for. The built-in catalog's 33 schemas were
 * most of the time `import 'jig'` and `jig check` took to start; a page uses a handful of them.
 * For components whose schemas are known good (the built-ins, proven by their tests): a mistake
 * in one surfaces on first use, where `defineComponent` surfaces it when the catalog is made.
 */
export function lazyComponent<P extends $ZodObject>(
  spec: Omit<ComponentSpec<P>, 'props'> & { props: () => P },
): ComponentSpec<P> {
  const make = spec.props;
  let made: P | undefined;
  const out = { ...spec } as unknown as ComponentSpec<P>;
  Object.defineProperty(out, 'props', { enumerable: true, get: () => (made ??= make()) });
  lazySpecs.add(out);
  return out;
}

/** An entry's own properties copied without reading them (a lazy entry's getters stay unread). */
function withChildren(entry: CatalogEntry, children: ChildrenRule): CatalogEntry {
  return Object.defineProperties(
    {},
    {
      ...Object.getOwnPropertyDescriptors(entry),
      children: { value: children, enumerable: true },
    },
  ) as CatalogEntry;
}

function compile(spec: ComponentSpec): CatalogEntry {
  if (!/^[a-z][a-z0-9-]{0,39}$/.test(spec.type)) {
    throw new TypeError(
      `Jig catalog: component type must be lower-case kebab-case (e.g. "price-tag"), received ${JSON.stringify(spec.type)}`,
    );
  }
  const tag = spec.tag ?? `jig-${spec.type}`;
  const children = spec.children ?? { kind: 'none' };
  if (!lazySpecs.has(spec)) return { ...spec, tag, children, ...propFacts(spec) };
  // Read on first use: the props schema, and what the gates learn from it.
  let facts: ReturnType<typeof propFacts> | undefined;
  const entry = { type: spec.type, description: spec.description, tag, children } as CatalogEntry;
  if (spec.parents) entry.parents = spec.parents;
  if (spec.check) entry.check = spec.check;
  return Object.defineProperties(entry, {
    props: { enumerable: true, get: () => spec.props },
    roles: { enumerable: true, get: () => (facts ??= propFacts(spec)).roles },
    required: { enumerable: true, get: () => (facts ??= propFacts(spec)).required },
  });
}

/** The props' roles and required names, checked: a role nested inside a prop is refused. */
function propFacts(spec: ComponentSpec): Pick<CatalogEntry, 'roles' | 'required'> {
  if (spec.props._zod.def.type !== 'object')
    throw new TypeError(`Jig catalog: props of "${spec.type}" must be a zod object`);
  const shape = spec.props._zod.def.shape as Record<string, $ZodType>;
  const roles: [string, PropRole][] = [];
  const required: string[] = [];
  for (const [name, schema] of Object.entries(shape)) {
    const role = roleOf(schema);
    if (role) roles.push([name, role]);
    const hidden = hiddenRoles(schema);
    if (hidden.length) {
      throw new TypeError(
        `Jig catalog: prop "${name}" of "${spec.type}" has ${hidden.join(', ')} inside it, where the gates cannot check it; use url(), bind(), action() and fromData() only as a whole prop (z.optional, z.nullable or a default around it are fine)`,
      );
    }
    if (schema._zod.optin !== 'optional') required.push(name);
  }
  return { roles, required };
}

/**
 * Roles below a prop's own (inside an array, object, union or fromData): the gates look only at
 * whole props, so a url() there would never be checked and a script URL would pass.
 */
function hiddenRoles(prop: $ZodType): string[] {
  const own = unwrapOptional(prop);
  const found: string[] = [];
  const seen = new Set<unknown>();
  const visit = (v: unknown): void => {
    if (v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) {
      v.forEach(visit);
      return;
    }
    if (!('_zod' in v)) {
      Object.values(v).forEach(visit);
      return;
    } // an object's shape
    const schema = v as $ZodType;
    const role = schema === own ? undefined : propRoles.get(schema);
    if (role) found.push(role.role === 'data' ? 'fromData()' : `${role.role}()`);
    if (schema._zod.def) Object.values(schema._zod.def).forEach(visit);
  };
  visit(prop);
  return found;
}

export function createCatalog(specs: readonly ComponentSpec[]): Catalog {
  const entries = new Map<string, CatalogEntry>();
  for (const spec of specs) entries.set(spec.type, compile(spec));
  return new CatalogImpl(entries);
}

class CatalogImpl implements Catalog {
  readonly types: readonly string[];
  private schemaCache = new Map<number, JsonSchema>();
  private promptCache: string | undefined;
  private hashCache: string | undefined;

  constructor(private readonly entries: Map<string, CatalogEntry>) {
    this.types = [...entries.keys()];
  }

  get(type: string) {
    return this.entries.get(type);
  }
  has(type: string) {
    return this.entries.has(type);
  }

  extend(...specs: ComponentSpec[]): Catalog {
    const next = new Map(this.entries);
    for (const spec of specs) next.set(spec.type, compile(spec));
    return new CatalogImpl(next);
  }

  narrow({ only, exclude = [] }: NarrowOptions): Catalog {
    const keep = (t: string) => (!only || only.includes(t)) && !exclude.includes(t);
    const next = new Map<string, CatalogEntry>();
    for (const [type, entry] of this.entries) {
      if (!keep(type)) continue;
      const c = entry.children;
      next.set(type, c.kind === 'only' ? withChildren(entry, { ...c, types: c.types.filter(keep) }) : entry);
    }
    return new CatalogImpl(next);
  }

  jsonSchema({ maxNodes = DEFAULT_LIMITS.maxNodes }: { maxNodes?: number } = {}): JsonSchema {
    const hit = this.schemaCache.get(maxNodes);
    if (hit) return hit;
    const id = { type: 'string', pattern: ID_PATTERN_SOURCE };
    const nodeSchemas = [...this.entries.values()].map((e) => {
      const props = toJsonSchema(e.props);
      const properties: Record<string, unknown> = { id, type: { const: e.type }, props, ...LIVE_KEYS };
      if (e.children.kind !== 'none') {
        properties.children = { type: 'array', items: id, ...(e.children.max ? { maxItems: e.children.max } : {}) };
      }
      return {
        type: 'object',
        description: e.description,
        properties,
        required: e.required.length ? ['id', 'type', 'props'] : ['id', 'type'],
        additionalProperties: false,
      };
    });
    const schema: JsonSchema = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      title: 'Jig layout document, version 1',
      type: 'object',
      properties: {
        version: { const: 1 },
        title: { type: 'string', maxLength: MAX_TITLE },
        root: id,
        data: { type: 'object', description: 'The data model inputs bind to and $data props read from.' },
        nodes: { type: 'array', minItems: 1, maxItems: maxNodes, items: { anyOf: nodeSchemas } },
      },
      required: ['version', 'root', 'nodes'],
      additionalProperties: false,
      $defs: conditionDefs(),
    };
    this.schemaCache.set(maxNodes, schema);
    return schema;
  }

  prompt(options?: { live?: boolean }): string {
    if (options?.live) return `${this.prompt()}\n${LIVE_PROMPT}`;
    if (this.promptCache) return this.promptCache;
    const lines = [...this.entries.values()].map((e) => {
      const props = toJsonSchema(e.props);
      const req = new Set((props.required as string[] | undefined) ?? []);
      const propText = Object.entries((props.properties as Record<string, JsonSchema>) ?? {})
        .map(
          ([name, s]) =>
            `${name}${req.has(name) ? '' : '?'}: ${typeText(s)}${s.description ? ` (${s.description})` : ''}`,
        )
        .join('; ');
      const c = e.children;
      const kids =
        c.kind === 'none'
          ? 'no children'
          : c.kind === 'any'
            ? 'children: any'
            : `children: ${c.types.join(', ') || 'none'} only`;
      const parents = e.parents ? `; only inside ${e.parents.join(' or ')}` : '';
      return `- ${e.type}: ${e.description} Props: ${propText || 'none'}. ${kids}${parents}.`;
    });
    this.promptCache = lines.join('\n');
    return this.promptCache;
  }

  hash(): string {
    return (this.hashCache ??= fnv1a(JSON.stringify(this.jsonSchema())));
  }
}

/** A short type expression for prompt text: `"a"|"b"`, `string`, `integer 1–4`, `[{key,label}]`. */
function typeText(s: JsonSchema): string {
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join('|');
  if ('const' in s) return JSON.stringify(s.const);
  if (Array.isArray(s.anyOf)) return (s.anyOf as JsonSchema[]).map(typeText).join(' or ');
  switch (s.type) {
    case 'integer':
    case 'number': {
      const range = s.minimum !== undefined && s.maximum !== undefined ? ` ${s.minimum}–${s.maximum}` : '';
      return `${s.type}${range}`;
    }
    case 'array':
      return `[${s.items ? typeText(s.items as JsonSchema) : 'any'}]`;
    case 'object': {
      const p = s.properties as Record<string, JsonSchema> | undefined;
      if (p && '$data' in p) return '{"$data":"/pointer"}';
      return p ? `{${Object.keys(p).join(',')}}` : 'object';
    }
    default:
      return String(s.type ?? 'any');
  }
}

/** FNV-1a, 32 bit, as hex: stable and tiny; not for security. */
export function fnv1a(text: string): string {
  return fnv1a32(text).toString(16).padStart(8, '0');
}
