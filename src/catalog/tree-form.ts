// What a model may write in the nested generation form (docs/engines.md, "The nested form"), derived from a catalog once
// and emitted twice: as a JSON Schema for engines that take one, and as a GBNF grammar for llama.cpp.
import { ACTION_PATTERN, BUILTIN_ACTIONS, MAX_TITLE } from '../layout/document.js';
import { FORBIDDEN_SEGMENTS } from '../layout/pointer.js';
import type { Catalog, CatalogEntry } from './catalog.js';
import { toJsonSchema, type JsonSchema } from './json-schema.js';

/**
 * How binds are written, which decides whether the grammar can promise they resolve:
 * - `'root'`: the document has `"data":{}` and every bind is `/key` (its parent is data itself);
 * - `{group}`: the document has `"data":{"<group>":{}}` and every bind is `/<group>/key`;
 * - `'none'`: no data, so no component that needs a bind.
 * The JSON Schema cannot tie a bind to a data key; it allows one group and binds of one or two segments.
 */
export type TreeDataMode = 'root' | 'none' | { group: string };

export interface TreeFormOptions {
  /** Levels of the tree, the root being level 1. Default 6. */
  maxDepth?: number;
  /** Children of one node (never more than the catalog allows). Default 12. */
  maxChildren?: number;
  /** Items of an array prop (options, list items, rows…). Default 8. */
  maxItems?: number;
  /** Characters of free text (never more than the catalog allows). Default 80. */
  maxText?: number;
  /** Actions the host accepts (next-step and prev-step are always allowed). Default: any well-formed name. */
  actions?: readonly string[];
  /** See TreeDataMode. Default 'root'. */
  data?: TreeDataMode;
  /**
   * The layout offers a way forward by construction, for a site whose rules demand one: the root
   * is a component with an action prop (form, button) set to one of `actions` other than
   * next-step and prev-step, or a container whose last child is one (the JSON Schema: any child).
   * Needs `actions`. Default false.
   */
  wayForward?: boolean;
  /**
   * Opt in to `repeat` and `visible` (docs/format.md §8–9) for a page that hands the model its data:
   * the document carries exactly this data (plus the bind group, if any), nodes below the root may
   * repeat over its arrays (not inside another repeat), and any node may carry a `visible` test on
   * its values. Off by default: without data a repeat or a condition cannot resolve, and Jig's
   * layout model learned the form without them. Needs `data` 'none' (the default here) or a group
   * that is not a key of this data; the two-step treeGrammarSteps does not take it.
   */
  live?: { data: Record<string, unknown> };
}

// ---- The description: JSON values a model may write, as data both emitters read.

/** Part of a string's content: a literal, a regex (a subset: classes, groups, |, ?, *, +, {m,n}), free text, or a data key. */
type Part = { lit: string } | { re: string } | { text: readonly [min: number, max: number] } | { key: true };
export type Shape =
  | { t: 'const'; value: string | number | boolean }
  | { t: 'enum'; values: readonly (string | number)[] }
  | { t: 'string'; parts: Part[] }
  | { t: 'int'; min?: number; max?: number }
  | { t: 'number'; min?: number; max?: number; positive?: boolean }
  | { t: 'bool' }
  | { t: 'null' }
  /** `last`: the last item is drawn from this shape instead (JSON Schema: `contains`). */
  | { t: 'array'; items: Shape; min: number; max: number; last?: Shape }
  /** `anyOrder`: the fields in any order (each at most once), as model output for props varies. */
  | { t: 'object'; fields: { name: string; shape: Shape; required: boolean }[]; anyOrder: boolean }
  | { t: 'record'; value: Shape; max: number }
  | { t: 'anyOf'; of: Shape[] }
  | { t: 'ref'; name: string };

export interface TreeForm {
  /**
   * Named shapes: `props-<type>`, `node-<depth>-<f|o>[r]-<type>` (f: inside a form; r: inside a repeat),
   * `rep-<depth>-<f|o>-<type>` (a node that repeats), `slot-<n>`, and with `live` `repeat` and `visible`.
   */
  defs: Map<string, Shape>;
  /** The slot the tree's root is drawn from. */
  rootSlot: string;
  /** How the document's data is written. */
  data: TreeDataMode;
  /** With TreeFormOptions.live: the document's whole data, written as it is. */
  liveData?: Record<string, unknown>;
  /** Props written as free text because their schema was beyond the description (the gates still check them). */
  loose: string[];
}

/** A data key: a letter, then letters and digits; never a word that reaches a prototype. */
const KEY_RE = '[a-z][A-Za-z0-9]{0,23}';
const KEY_MAX = 24;
const SEGMENT = '[A-Za-z0-9._~-]{1,30}';
const HOST = '[a-z0-9-]{1,30}(\\.[a-z0-9-]{1,30}){1,3}';
const PATH = `(/${SEGMENT}){0,4}`;
const RELATIVE = `/(${SEGMENT}(/${SEGMENT}){0,3})?`;
/** URLs the policy gate allows, kept to what a model needs: no scheme it could get wrong. */
const URL_RE = {
  link: `https://${HOST}${PATH}|${RELATIVE}|#[A-Za-z0-9_-]{1,40}|mailto:[a-z0-9._+-]{1,30}@${HOST}|tel:\\+?[0-9]{3,15}`,
  image: `https://${HOST}${PATH}|${RELATIVE}`,
} as const;
const ACTION_RE = '[A-Za-z][A-Za-z0-9_.:-]{0,31}';
/** A day that is on the calendar in any year (no 29 February), so the date check always passes. */
const MONTH_DAY =
  '((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-8]))';
const DATE_RE = `(19[0-9]{2}|20[0-9]{2})-${MONTH_DAY}`;
const ISO_DATE_PATTERNS = new Set(['\\d{4}-\\d{2}-\\d{2}', '[0-9]{4}-[0-9]{2}-[0-9]{2}']);
/**
 * Props named min and max form a range the catalog checks (min ≤ max). A grammar cannot compare
 * two numbers written apart, so the nested form splits the range at a fixed point: min at most 1
 * and max at least 1; dates: min up to 2026, max from 2027.
 */
const RANGE = {
  number: { min: { t: 'int', min: -999, max: 1 } as Shape, max: { t: 'int', min: 1, max: 99_999 } as Shape },
  date: {
    min: { t: 'string', parts: [{ re: `(19[0-9]{2}|20[01][0-9]|202[0-6])-${MONTH_DAY}` }] } as Shape,
    max: { t: 'string', parts: [{ re: `(202[7-9]|20[3-9][0-9])-${MONTH_DAY}` }] } as Shape,
  },
};

/** Describes the nested form for a catalog. */
export function describeTreeForm(catalog: Catalog, options: TreeFormOptions = {}): TreeForm {
  const maxDepth = options.maxDepth ?? 6;
  const maxChildren = options.maxChildren ?? 12;
  const maxItems = options.maxItems ?? 8;
  const maxText = options.maxText ?? 80;
  const data = options.data ?? (options.live ? 'none' : 'root');
  if (typeof data === 'object' && (!new RegExp(`^${KEY_RE}$`).test(data.group) || FORBIDDEN_SEGMENTS.has(data.group))) {
    throw new TypeError(
      `Jig tree form: a data group is a key like "signup" (a lower-case letter, then letters and digits, at most ${KEY_MAX}), received ${JSON.stringify(data.group)}`,
    );
  }
  const defs = new Map<string, Shape>();
  const loose: string[] = [];
  const cap = { maxItems, maxText };
  const liveData = options.live ? liveDataOf(options.live.data, data) : undefined;
  const live = liveData ? liveShapes(liveData, maxText) : { lists: [], values: [] };
  if (live.lists.length) defs.set('repeat', { t: 'enum', values: live.lists });
  if (live.values.length) {
    const { test, visible } = conditionShapes(live.values, maxText);
    defs.set('visible-test', test);
    defs.set('visible', visible);
  }

  // Props per type; a type whose required bind cannot be written (no data) is left out.
  const usable = new Set<string>();
  for (const type of catalog.types) {
    const entry = catalog.get(type)!;
    const props = propsShape(entry, cap, options.actions, data, loose);
    if (!props) continue;
    usable.add(type);
    defs.set(`props-${type}`, props);
  }

  const slots = new Map<string, string>();
  // Inside a repeat (r) a node may not repeat again, so the expanded size stays one list long.
  const slotFor = (depth: number, inForm: boolean, types: string[], inRepeat = false): string => {
    const key = `${depth}|${inForm}|${inRepeat}|${types.join(',')}`;
    let name = slots.get(key);
    if (name) return name;
    name = `slot-${slots.size + 1}`;
    slots.set(key, name);
    const repeats = defs.has('repeat') && depth >= 2 && !inRepeat;
    defs.set(name, {
      t: 'anyOf',
      of: types.flatMap((type): Shape[] => [
        { t: 'ref', name: nodeFor(depth, inForm, type, inRepeat) },
        ...(repeats ? [{ t: 'ref', name: nodeFor(depth, inForm, type, true, true) } as Shape] : []),
      ]),
    });
    return name;
  };
  const nodeFor = (depth: number, inForm: boolean, type: string, inRepeat = false, repeats = false): string => {
    const name = repeats
      ? `rep-${depth}-${inForm ? 'f' : 'o'}-${type}`
      : `node-${depth}-${inForm ? 'f' : 'o'}${inRepeat ? 'r' : ''}-${type}`;
    if (defs.has(name)) return name;
    const entry = catalog.get(type)!;
    const fields: { name: string; shape: Shape; required: boolean }[] = [
      { name: 'type', shape: { t: 'const', value: type }, required: true },
    ];
    defs.set(name, { t: 'object', fields, anyOrder: false }); // placed first: the recursion below refers to it
    // Before props, so a node streamed in this order is known to repeat or hide when it first paints.
    if (repeats) fields.push({ name: 'repeat', shape: { t: 'ref', name: 'repeat' }, required: true });
    if (defs.has('visible')) fields.push({ name: 'visible', shape: { t: 'ref', name: 'visible' }, required: false });
    fields.push({ name: 'props', shape: { t: 'ref', name: `props-${type}` }, required: entry.required.length > 0 });
    const rule = entry.children;
    const below = inForm || type === 'form';
    if (rule.kind !== 'none' && depth < maxDepth) {
      const kids = catalog.types.filter(
        (u) => usable.has(u) && childAllowed(catalog, entry, u) && !(below && u === 'form'),
      );
      const max = Math.min(maxChildren, rule.max ?? Infinity);
      if (kids.length && max > 0)
        fields.push({
          name: 'children',
          shape: { t: 'array', items: { t: 'ref', name: slotFor(depth + 1, below, kids, inRepeat) }, min: 1, max },
          required: false,
        });
    }
    return name;
  };
  const rootTypes = catalog.types.filter((t) => usable.has(t) && !catalog.get(t)!.parents);
  if (!rootTypes.length) throw new TypeError('Jig tree form: no component of this catalog can be the root');
  const rootSlot = slotFor(1, false, rootTypes);
  const out = { defs, rootSlot, data, loose, ...(liveData ? { liveData } : {}) };
  if (!options.wayForward) return out;
  return { ...out, rootSlot: wayForwardRoot(catalog, defs, rootTypes, nodeFor, options.actions) };
}

/** Pointers a live form may name: keys a grammar writes without escapes, never one that reaches a prototype. */
const LIVE_KEY = /^[A-Za-z0-9_-]{1,40}$/;
const LIVE_DEPTH = 4;

/** The document's data with the bind group added, after checking the two do not meet. */
function liveDataOf(given: Record<string, unknown>, data: TreeDataMode): Record<string, unknown> {
  if (given === null || typeof given !== 'object' || Array.isArray(given))
    throw new TypeError(`Jig tree form: live.data is the document's data object, received ${JSON.stringify(given)}`);
  if (data === 'root')
    throw new TypeError(
      "Jig tree form: with live data, binds go under a group of their own (data: {group: 'form'}) or nowhere (data: 'none'), not at the root",
    );
  // A JSON round trip: the grammar writes it as text, and what it writes must be what the gates read.
  const copy = JSON.parse(JSON.stringify(given)) as Record<string, unknown>;
  if (typeof data === 'object') {
    if (Object.hasOwn(copy, data.group))
      throw new TypeError(`Jig tree form: the bind group "${data.group}" is already a key of live.data`);
    copy[data.group] = {};
  }
  return copy;
}

/** Arrays a node may repeat over, and values a condition may test: absolute pointers into the data. */
function liveShapes(data: Record<string, unknown>, maxText: number): { lists: string[]; values: string[] } {
  const lists: string[] = [];
  const values: string[] = [];
  const walk = (v: unknown, at: string, depth: number): void => {
    if (Array.isArray(v)) {
      lists.push(at);
      values.push(at);
      return;
    }
    if (v !== null && typeof v === 'object') {
      if (depth >= LIVE_DEPTH) return;
      for (const [k, x] of Object.entries(v)) {
        if (LIVE_KEY.test(k) && !FORBIDDEN_SEGMENTS.has(k)) walk(x, `${at}/${k}`, depth + 1);
      }
      return;
    }
    if (typeof v !== 'string' || v.length <= maxText) values.push(at);
  };
  for (const [k, x] of Object.entries(data)) if (LIVE_KEY.test(k) && !FORBIDDEN_SEGMENTS.has(k)) walk(x, `/${k}`, 1);
  return { lists: lists.slice(0, 64), values: values.slice(0, 64) };
}

/**
 * `visible` in the live form: one test (`{"$data": p, "<op>": value}`), its negation, or two or three tests
 * joined by `and`/`or`. Every pointer names a value in the document's data, so it resolves.
 */
function conditionShapes(pointers: string[], maxText: number): { test: Shape; visible: Shape } {
  const at = { name: '$data', shape: { t: 'enum', values: pointers } as Shape, required: true };
  const scalar: Shape = {
    t: 'anyOf',
    of: [{ t: 'string', parts: [{ text: [0, Math.min(maxText, 40)] }] }, { t: 'number' }, { t: 'bool' }, { t: 'null' }],
  };
  const compared = (op: string, shape: Shape): Shape => ({
    t: 'object',
    fields: [at, { name: op, shape, required: true }],
    anyOrder: false,
  });
  const test: Shape = {
    t: 'anyOf',
    of: [
      { t: 'object', fields: [at], anyOrder: false },
      compared('eq', scalar),
      compared('neq', scalar),
      ...['gt', 'gte', 'lt', 'lte'].map((op) => compared(op, { t: 'number' })),
      compared('in', { t: 'array', items: scalar, min: 1, max: 4 }),
    ],
  };
  const one: Shape = { t: 'ref', name: 'visible-test' };
  const joined = (key: string): Shape => ({
    t: 'object',
    fields: [{ name: key, shape: { t: 'array', items: one, min: 2, max: 3 }, required: true }],
    anyOrder: false,
  });
  const visible: Shape = {
    t: 'anyOf',
    of: [
      one,
      { t: 'object', fields: [{ name: 'not', shape: one, required: true }], anyOrder: false },
      joined('and'),
      joined('or'),
    ],
  };
  return { test, visible };
}

type ObjectShape = Extract<Shape, { t: 'object' }>;

/**
 * The root slot of TreeFormOptions.wayForward: a component with an action prop written with one
 * of the host's own actions, or a container whose last child is such a component. Variants of
 * the usual nodes (`way-…`), so everything below the root is the same form as without it.
 */
function wayForwardRoot(
  catalog: Catalog,
  defs: Map<string, Shape>,
  rootTypes: string[],
  nodeFor: (depth: number, inForm: boolean, type: string) => string,
  actions: readonly string[] | undefined,
): string {
  const host = [...new Set(actions ?? [])].filter(
    (a) => !(BUILTIN_ACTIONS as readonly string[]).includes(a) && ACTION_PATTERN.test(a),
  );
  if (!host.length)
    throw new TypeError(
      "Jig tree form: wayForward needs the host's actions (options.actions), other than next-step and prev-step",
    );
  const actionProp = (type: string) => [...catalog.get(type)!.roles].find(([, r]) => r.role === 'action')?.[0];
  const actors = catalog.types.filter((t) => defs.has(`props-${t}`) && actionProp(t));
  if (!actors.length)
    throw new TypeError('Jig tree form: wayForward needs a component with an action prop (a form or a button)');
  for (const t of actors) {
    const props = defs.get(`props-${t}`) as ObjectShape;
    const name = actionProp(t)!;
    defs.set(`props-${t}-way`, {
      ...props,
      fields: props.fields.map((f) =>
        f.name === name ? { name, shape: { t: 'enum', values: host }, required: true } : f,
      ),
    });
  }
  const wayNode = (depth: number, inForm: boolean, type: string): string => {
    const name = `way-${depth}-${inForm ? 'f' : 'o'}-${type}`;
    if (defs.has(name)) return name;
    const node = defs.get(nodeFor(depth, inForm, type)) as ObjectShape;
    defs.set(name, {
      ...node,
      fields: node.fields.map((f) =>
        f.name === 'props' ? { name: 'props', shape: { t: 'ref', name: `props-${type}-way` }, required: true } : f,
      ),
    });
    return name;
  };
  const roots: Shape[] = [];
  for (const t of rootTypes) {
    if (actors.includes(t)) {
      roots.push({ t: 'ref', name: wayNode(1, false, t) });
      continue;
    }
    const node = defs.get(nodeFor(1, false, t)) as ObjectShape;
    const children = node.fields.find((f) => f.name === 'children');
    if (children?.shape.t !== 'array' || children.shape.items.t !== 'ref') continue;
    // The children's slot lists the node variants it allows; an actor among them can close the list.
    const slot = defs.get(children.shape.items.name) as Extract<Shape, { t: 'anyOf' }>;
    const inForm = t === 'form';
    const last = actors
      .filter((a) => slot.of.some((x) => x.t === 'ref' && x.name === `node-2-${inForm ? 'f' : 'o'}-${a}`))
      .map((a): Shape => ({ t: 'ref', name: wayNode(2, inForm, a) }));
    if (!last.length) continue;
    const name = `way-1-o-${t}`;
    defs.set(name, {
      ...node,
      fields: node.fields.map((f) =>
        f === children
          ? {
              name: 'children',
              shape: { ...children.shape, last: last.length === 1 ? last[0]! : { t: 'anyOf', of: last } } as Shape,
              required: true,
            }
          : f,
      ),
    });
    roots.push({ t: 'ref', name });
  }
  defs.set('way-root', { t: 'anyOf', of: roots });
  return 'way-root';
}

function childAllowed(catalog: Catalog, parent: CatalogEntry, type: string): boolean {
  const rule = parent.children;
  if (rule.kind === 'none') return false;
  if (rule.kind === 'only' && !rule.types.includes(type)) return false;
  const parents = catalog.get(type)!.parents;
  return !parents || parents.includes(parent.type);
}

function propsShape(
  entry: CatalogEntry,
  cap: { maxItems: number; maxText: number },
  actions: readonly string[] | undefined,
  data: TreeDataMode,
  loose: string[],
): Shape | undefined {
  const schema = toJsonSchema(entry.props);
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const roles = new Map(entry.roles);
  const fields: { name: string; shape: Shape; required: boolean }[] = [];
  for (const [name, prop] of Object.entries(properties)) {
    const role = roles.get(name);
    let shape: Shape;
    if (role?.role === 'url') shape = { t: 'string', parts: [{ re: URL_RE[role.kind] }] };
    else if (role?.role === 'action') {
      shape = actions
        ? { t: 'enum', values: [...new Set([...actions, ...BUILTIN_ACTIONS])].filter((a) => ACTION_PATTERN.test(a)) }
        : { t: 'string', parts: [{ re: ACTION_RE }] };
    } else if (role?.role === 'bind') {
      if (data === 'none') {
        if (required.has(name)) return undefined;
        continue;
      }
      shape = { t: 'string', parts: [{ lit: data === 'root' ? '/' : `/${data.group}/` }, { key: true }] };
    } else {
      shape = fromSchema(prop, cap, () => loose.push(`${entry.type}.${name}`));
    }
    fields.push({ name, shape, required: required.has(name) });
  }
  const min = fields.find((f) => f.name === 'min');
  const max = fields.find((f) => f.name === 'max');
  if (min && max) {
    const kind = (f: typeof min) =>
      f.shape.t === 'int' || f.shape.t === 'number'
        ? 'number'
        : f.shape.t === 'string' && f.shape.parts.some((p) => 're' in p && p.re === DATE_RE)
          ? 'date'
          : undefined;
    const k = kind(min);
    if (k && kind(max) === k) {
      min.shape = RANGE[k].min;
      max.shape = RANGE[k].max;
    }
  }
  return { t: 'object', fields, anyOrder: true };
}

const isDataRef = (s: JsonSchema) => s.type === 'object' && !!s.properties && '$data' in (s.properties as object);

/** A prop's JSON Schema (as toJsonSchema makes it) as a shape: `$data` refs dropped, sizes capped. */
function fromSchema(s: JsonSchema, cap: { maxItems: number; maxText: number }, onLoose: () => void): Shape {
  if ('const' in s) return { t: 'const', value: s.const as string | number | boolean };
  if (Array.isArray(s.enum)) return { t: 'enum', values: s.enum as (string | number)[] };
  if (Array.isArray(s.anyOf)) {
    // A display prop takes a literal or {"$data": …}; the form writes literals only, so every
    // value it can produce is in the document and the bindings gate has nothing to resolve.
    const of = (s.anyOf as JsonSchema[]).filter((x) => !isDataRef(x)).map((x) => fromSchema(x, cap, onLoose));
    return of.length === 1 ? of[0]! : { t: 'anyOf', of };
  }
  switch (s.type) {
    case 'string': {
      if (typeof s.pattern === 'string') {
        const re = s.pattern.replace(/^\^/, '').replace(/\$$/, '');
        if (ISO_DATE_PATTERNS.has(re)) return { t: 'string', parts: [{ re: DATE_RE }] };
        if (regexFits(re)) return { t: 'string', parts: [{ re }] };
        onLoose();
      }
      const min = Number(s.minLength ?? 0);
      return {
        t: 'string',
        parts: [{ text: [min, Math.max(min, Math.min(Number(s.maxLength ?? Infinity), cap.maxText))] }],
      };
    }
    case 'integer':
      return { t: 'int', min: bound(s.minimum, s.exclusiveMinimum, 1), max: bound(s.maximum, s.exclusiveMaximum, -1) };
    case 'number':
      if (s.exclusiveMinimum === 0 && s.maximum === undefined) return { t: 'number', positive: true };
      return {
        t: 'number',
        min: bound(s.minimum, s.exclusiveMinimum, 1),
        max: bound(s.maximum, s.exclusiveMaximum, -1),
      };
    case 'boolean':
      return { t: 'bool' };
    case 'null':
      return { t: 'null' };
    case 'array': {
      const min = Number(s.minItems ?? 0);
      return {
        t: 'array',
        items: fromSchema((s.items ?? {}) as JsonSchema, cap, onLoose),
        min,
        max: Math.max(min, Math.min(Number(s.maxItems ?? Infinity), cap.maxItems)),
      };
    }
    case 'object': {
      if (s.properties) {
        const req = new Set((s.required as string[] | undefined) ?? []);
        const fields = Object.entries(s.properties as Record<string, JsonSchema>).map(([name, v]) => ({
          name,
          shape: fromSchema(v, cap, onLoose),
          required: req.has(name),
        }));
        return { t: 'object', fields, anyOrder: fields.length <= 6 };
      }
      if (s.additionalProperties && typeof s.additionalProperties === 'object') {
        return {
          t: 'record',
          value: fromSchema(s.additionalProperties as JsonSchema, cap, onLoose),
          max: Math.min(cap.maxItems, 6),
        };
      }
    }
  }
  onLoose();
  return { t: 'string', parts: [{ text: [0, cap.maxText] }] };
}

function bound(inclusive: unknown, exclusive: unknown, step: 1 | -1): number | undefined {
  if (typeof inclusive === 'number') return inclusive;
  if (typeof exclusive === 'number')
    return Number.isInteger(exclusive) ? exclusive + step : step > 0 ? Math.ceil(exclusive) : Math.floor(exclusive);
  return undefined;
}

// ---- JSON Schema

const TEXT_SCHEMA = (min: number, max: number): JsonSchema => ({
  type: 'string',
  ...(min ? { minLength: min } : {}),
  maxLength: max,
});

function partPattern(p: Part): string {
  if ('lit' in p) return p.lit.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  if ('re' in p) return `(?:${p.re})`;
  if ('key' in p) return KEY_RE;
  return `[^"\\\\]{${p.text[0]},${p.text[1]}}`;
}

function shapeSchema(s: Shape): JsonSchema {
  switch (s.t) {
    case 'const':
      return { const: s.value };
    case 'enum':
      return { enum: [...s.values] };
    case 'string': {
      const only = s.parts.length === 1 ? s.parts[0]! : undefined;
      if (only && 'text' in only) return TEXT_SCHEMA(only.text[0], only.text[1]);
      return { type: 'string', pattern: `^${s.parts.map(partPattern).join('')}$` };
    }
    case 'int':
      return {
        type: 'integer',
        ...(s.min !== undefined ? { minimum: s.min } : {}),
        ...(s.max !== undefined ? { maximum: s.max } : {}),
      };
    case 'number':
      return s.positive
        ? { type: 'number', exclusiveMinimum: 0 }
        : {
            type: 'number',
            ...(s.min !== undefined ? { minimum: s.min } : {}),
            ...(s.max !== undefined ? { maximum: s.max } : {}),
          };
    case 'bool':
      return { type: 'boolean' };
    case 'null':
      return { type: 'null' };
    case 'array':
      return {
        type: 'array',
        items: shapeSchema(s.items),
        ...(s.min ? { minItems: s.min } : {}),
        maxItems: s.max,
        ...(s.last ? { contains: shapeSchema(s.last) } : {}),
      };
    case 'object': {
      const properties: Record<string, JsonSchema> = {};
      for (const f of s.fields) properties[f.name] = shapeSchema(f.shape);
      const required = s.fields.filter((f) => f.required).map((f) => f.name);
      return { type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties: false };
    }
    case 'record':
      return {
        type: 'object',
        propertyNames: { pattern: `^${KEY_RE}$` },
        additionalProperties: shapeSchema(s.value),
        maxProperties: s.max,
      };
    case 'anyOf':
      return { anyOf: s.of.map(shapeSchema) };
    case 'ref':
      return { $ref: `#/$defs/${s.name}` };
  }
}

/** The nested form as JSON Schema (2020-12), every def named in `$defs`. */
export function treeFormJsonSchema(form: TreeForm): JsonSchema {
  const $defs: Record<string, JsonSchema> = {};
  for (const [name, shape] of form.defs) $defs[name] = shapeSchema(shape);
  const data: JsonSchema = form.liveData
    ? { const: form.liveData }
    : typeof form.data === 'object'
      ? {
          type: 'object',
          properties: { [form.data.group]: { type: 'object', maxProperties: 0 } },
          required: [form.data.group],
          additionalProperties: false,
        }
      : form.data === 'root'
        ? { type: 'object', maxProperties: 0 }
        : {
            type: 'object',
            propertyNames: { pattern: `^${KEY_RE}$` },
            additionalProperties: { type: 'object', maxProperties: 0 },
            maxProperties: 1,
          };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'Jig layout, nested generation form',
    type: 'object',
    properties: {
      version: { const: 1 },
      title: TEXT_SCHEMA(1, MAX_TITLE),
      ...(form.data === 'none' && !form.liveData ? {} : { data }),
      tree: { $ref: `#/$defs/${form.rootSlot}` },
    },
    required: ['version', ...(form.data === 'none' && !form.liveData ? [] : ['data']), 'tree'],
    additionalProperties: false,
    $defs,
  };
}

// ---- GBNF (llama.cpp): no optional whitespace, keys in a fixed order except within props.

/** Printable ASCII without `"` and `\`: strings never need an escape. */
const TEXT_CHARS = charSet((c) => c >= 0x20 && c <= 0x7e && c !== 0x22 && c !== 0x5c);

function charSet(pred: (c: number) => boolean): boolean[] {
  return Array.from({ length: 128 }, (_, c) => pred(c));
}

function classText(set: readonly boolean[]): string {
  const hex = (c: number) =>
    /[A-Za-z0-9]/.test(String.fromCharCode(c)) ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, '0')}`;
  let out = '';
  for (let c = 0; c < 128; c++) {
    if (!set[c]) continue;
    let end = c;
    while (end + 1 < 128 && set[end + 1]) end++;
    out += end > c + 1 ? `${hex(c)}-${hex(end)}` : end === c + 1 ? hex(c) + hex(end) : hex(c);
    c = end;
  }
  if (!out) throw new TypeError('Jig tree form: an empty character class');
  return `[${out}]`;
}

/** A GBNF string literal for exact text. */
function lit(text: string): string {
  return `"${text.replace(/[\\"]/g, (m) => '\\' + m).replace(/\n/g, '\\n')}"`;
}

const repeat = (x: string, min: number, max: number) =>
  max === min ? (min === 1 ? x : `${x}{${min}}`) : `${x}{${min},${max}}`;

class Gbnf {
  rules = new Map<string, string>();
  private named = new Map<string, string>();

  rule(name: string, body: string): string {
    if (!this.rules.has(name)) this.rules.set(name, body);
    return name;
  }

  /** A rule for a repeated body, shared by every shape that needs the same one. */
  shared(hint: string, body: string): string {
    const hit = this.named.get(body);
    if (hit) return hit;
    const name = `${hint}-${this.named.size + 1}`;
    this.named.set(body, name);
    return this.rule(name, body);
  }

  text(): string {
    return [...this.rules].map(([n, b]) => `${n} ::= ${b}`).join('\n') + '\n';
  }
}

/** Record keys come in this order of their first letter, one per group, so no key repeats. */
const KEY_BUCKETS = ['abcd', 'efgh', 'ijkl', 'mnop', 'qrst', 'uvwxyz'];

function keyRule(g: Gbnf, letters = 'abcdefghijklmnopqrstuvwxyz'): string {
  // A data key, excluding the words that reach a prototype, by walking their spellings.
  const first = charSet((c) => letters.includes(String.fromCharCode(c)));
  const base = letters.length === 26 ? 'key' : `key-${letters}`;
  const rest = charSet((c) => /[A-Za-z0-9]/.test(String.fromCharCode(c)));
  const words = [...FORBIDDEN_SEGMENTS].filter((w) => new RegExp(`^${KEY_RE}$`).test(w));
  const tail = (n: number) => (n > 0 ? `${classText(rest)}{0,${n}}` : '""');
  const at = (prefix: string): string => {
    const name = prefix ? `key-${prefix}` : base;
    if (g.rules.has(name)) return name;
    g.rules.set(name, '');
    const next = new Set(
      words
        .filter((w) => w.startsWith(prefix) && w.length > prefix.length && (prefix || letters.includes(w[0]!)))
        .map((w) => w[prefix.length]!),
    );
    const allowed = prefix ? rest : first;
    const others = charSet((c) => allowed[c]! && !next.has(String.fromCharCode(c)));
    const alts: string[] = [];
    if (prefix && !words.includes(prefix)) alts.push('""');
    if (prefix.length < KEY_MAX) {
      alts.push(`${classText(others)} ${tail(KEY_MAX - prefix.length - 1)}`);
      for (const ch of next) alts.push(`${lit(ch)} ${at(prefix + ch)}`);
    }
    g.rules.set(name, alts.join(' | '));
    return name;
  };
  return at('');
}

function stringGbnf(g: Gbnf, parts: Part[]): string {
  const body = parts.map((p) => {
    if ('lit' in p) return lit(p.lit);
    if ('key' in p) return keyRule(g);
    if ('re' in p) return `(${regexGbnf(p.re)})`;
    return p.text[1] === 0 ? '""' : repeat(g.shared('char', classText(TEXT_CHARS)), p.text[0], p.text[1]);
  });
  // Shared: llama.cpp expands every {m,n} into rules of its own, so each distinct string is written once.
  return g.shared('str', `"\\"" ${body.join(' ')} "\\""`);
}

/** Integers as digits, so a bound is kept by construction (a range too wide to list is narrowed). */
function intGbnf(min = -999_999, max = 999_999): string {
  if (max - min <= 40) return Array.from({ length: max - min + 1 }, (_, i) => lit(String(min + i))).join(' | ');
  const alts: string[] = [];
  // Positive numbers with fewer digits than max has: all of them are <= max.
  const positive = (lo: number, hi: number) => {
    const digits = String(hi).length - 1;
    if (lo <= 1 && digits >= 1) alts.push(digits === 1 ? '[1-9]' : `[1-9] [0-9]{0,${digits - 1}}`);
    else alts.push(...Array.from({ length: Math.min(40, hi - lo + 1) }, (_, i) => lit(String(lo + i))));
  };
  if (max >= 1) positive(Math.max(min, 1), max);
  if (min <= 0 && max >= 0) alts.push('"0"');
  if (min <= -1) {
    const digits = String(-min).length - 1;
    if (max >= -1 && digits >= 1) alts.push(digits === 1 ? '"-" [1-9]' : `"-" [1-9] [0-9]{0,${digits - 1}}`);
  }
  return alts.length ? alts.join(' | ') : lit(String(min));
}

function numberGbnf(s: Extract<Shape, { t: 'number' }>): string {
  if (s.positive) return '[1-9] [0-9]{0,5} ("." [0-9] [0-9]?)? | "0." [1-9] [0-9]?';
  // Bounded numbers are written as integers in range; unbounded ones may carry two decimals.
  if (s.min !== undefined || s.max !== undefined)
    return intGbnf(
      s.min === undefined ? undefined : Math.ceil(s.min),
      s.max === undefined ? undefined : Math.floor(s.max),
    );
  return '"-"? ("0" | [1-9] [0-9]{0,5}) ("." [0-9] [0-9]?)?';
}

function shapeGbnf(g: Gbnf, s: Shape, rawHint: string): string {
  const hint = rawHint.replace(/[^A-Za-z0-9-]/g, '-');
  switch (s.t) {
    case 'const':
      return lit(JSON.stringify(s.value));
    case 'enum':
      return `(${s.values.map((v) => lit(JSON.stringify(v))).join(' | ')})`;
    case 'string':
      return stringGbnf(g, s.parts);
    case 'int':
      return `(${intGbnf(s.min, s.max)})`;
    case 'number':
      return `(${numberGbnf(s)})`;
    case 'bool':
      return '("true" | "false")';
    case 'null':
      return '"null"';
    case 'ref':
      return s.name;
    case 'anyOf':
      return `(${s.of.map((x, i) => shapeGbnf(g, x, `${hint}-${i}`)).join(' | ')})`;
    case 'array': {
      const item = g.shared(`${hint}-item`, shapeGbnf(g, s.items, `${hint}-item`));
      if (s.last) {
        // Any items, then the one that must be there: a grammar checks "ends with" where it cannot count "contains".
        const last = g.shared(`${hint}-last`, shapeGbnf(g, s.last, `${hint}-last`));
        return `"[" ${s.max > 1 ? `(${item} ","){0,${s.max - 1}} ` : ''}${last} "]"`;
      }
      const more = s.max > 1 ? ` ("," ${item}){${Math.max(0, s.min - 1)},${s.max - 1}}` : '';
      const body = `"[" ${item}${more} "]"`;
      return s.min === 0 ? `("[]" | ${body})` : body;
    }
    case 'record': {
      // Keys in rising groups of first letters: a grammar cannot remember which keys it wrote.
      const value = g.shared(`${hint}-value`, shapeGbnf(g, s.value, `${hint}-value`));
      const after = (bucket: number, count: number): string => {
        const name = `${hint}-r${bucket}-${count}`;
        if (g.rules.has(name)) return name;
        g.rules.set(name, '');
        const alts = ['"}"'];
        if (count < s.max) {
          for (let b = bucket + 1; b < KEY_BUCKETS.length; b++)
            alts.push(
              `${count ? '"," ' : ''}"\\"" ${keyRule(g, KEY_BUCKETS[b])} "\\":" ${value} ${after(b, count + 1)}`,
            );
        }
        g.rules.set(name, alts.join(' | '));
        return name;
      };
      return `"{" ${after(-1, 0)}`;
    }
    case 'object':
      return objectGbnf(g, s, hint);
  }
}

function objectGbnf(g: Gbnf, s: Extract<Shape, { t: 'object' }>, hint: string): string {
  const kv = s.fields.map((f) => `${lit(`"${f.name}":`)} ${shapeGbnf(g, f.shape, `${hint}-${f.name}`)}`);
  if (!s.anyOrder) {
    // Fixed order: each optional field in its place or not at all; a comma only after a field.
    const ordered = (i: number, started: boolean): string => {
      if (i === s.fields.length) return '"}"';
      const name = `${hint}-o${i}${started ? 'x' : ''}`;
      if (g.rules.has(name)) return name;
      g.rules.set(name, '');
      const write = `${started ? '"," ' : ''}${kv[i]} ${ordered(i + 1, true)}`;
      g.rules.set(name, s.fields[i]!.required ? write : `${write} | ${ordered(i + 1, started)}`);
      return name;
    };
    return `"{" ${ordered(0, false)}`;
  }
  // Any order, each field once: one rule per set of fields already written.
  const required = s.fields.reduce((m, f, i) => (f.required ? m | (1 << i) : m), 0);
  const state = (used: number): string => {
    const name = `${hint}-s${used.toString(36)}`;
    if (g.rules.has(name)) return name;
    g.rules.set(name, '');
    const alts: string[] = [];
    if ((used & required) === required) alts.push('"}"');
    s.fields.forEach((_, i) => {
      if (!(used & (1 << i))) alts.push(`"," ${kv[i]} ${state(used | (1 << i))}`);
    });
    g.rules.set(name, alts.join(' | '));
    return name;
  };
  const alts: string[] = [];
  if (required === 0) alts.push('"}"');
  s.fields.forEach((_, i) => alts.push(`${kv[i]} ${state(1 << i)}`));
  return `"{" (${alts.join(' | ')})`;
}

function treeRules(form: TreeForm): Gbnf {
  const g = new Gbnf();
  for (const [name, shape] of form.defs) {
    // Named shapes become rules; their inner rules take the name as a prefix.
    g.rules.set(name, '');
    g.rules.set(name, shapeGbnf(g, shape, name));
  }
  return g;
}

function dataText(form: TreeForm): string {
  if (form.liveData) return `,"data":${JSON.stringify(form.liveData)}`;
  const data = form.data;
  return data === 'none' ? '' : data === 'root' ? ',"data":{}' : `,"data":{"${data.group}":{}}`;
}

const TITLE = (g: Gbnf) => `(${lit(',"title":')} ${stringGbnf(g, [{ text: [1, 80] }])})?`;

/** The whole nested document as a GBNF grammar (rule `root`). */
export function treeFormGrammar(form: TreeForm): string {
  const g = treeRules(form);
  g.rules.set(
    'root',
    `${lit('{"version":1')} ${TITLE(g)} ${lit(dataText(form) + ',"tree":') || '""'} ${form.rootSlot} "}"`,
  );
  return reorderRoot(g);
}

/**
 * The document up to `"tree":` (and a little after), for decoding in two steps: the model first chooses its data
 * (`{}`, one empty group, or none), then the whole document is decoded again under
 * treeFormGrammar for that choice, so every bind resolves by construction.
 */
export function treeHeadGrammar(): string {
  const g = new Gbnf();
  const key = keyRule(g);
  // A little of the tree may follow: a model's learned pieces run on past `"tree":`, and a
  // grammar ending there would turn it away from the piece it means, and from its real choice.
  g.rules.set(
    'root',
    `${lit('{"version":1')} ${TITLE(g)} (${lit(',"data":')} ("{}" | "{\\"" ${key} "\\":{}}"))? ${lit(',"tree":')} [\\x20-\\x7e]{0,40}`,
  );
  return reorderRoot(g);
}

/** Only the tree and the closing brace: the second step after treeHeadGrammar. */
export function treeBodyGrammar(form: TreeForm): string {
  const g = treeRules(form);
  g.rules.set('root', `${form.rootSlot} "}"`);
  return reorderRoot(g);
}

/** Reads the data choice from a head written under treeHeadGrammar. */
export function dataModeOfHead(head: string): TreeDataMode {
  const m = /"data":\{(?:"([^"]+)":\{\})?\}/.exec(head);
  if (!m) return 'none';
  return m[1] ? { group: m[1] } : 'root';
}

function reorderRoot(g: Gbnf): string {
  const root = g.rules.get('root')!;
  g.rules.delete('root');
  return `root ::= ${root}\n${g.text()}`;
}

// ---- A regex subset to GBNF: what catalog patterns and URL rules use.

interface Cursor {
  s: string;
  i: number;
}

/** True when `re` is within the subset regexGbnf reads. */
export function regexFits(re: string): boolean {
  try {
    regexGbnf(re);
    return true;
  } catch {
    return false;
  }
}

/** Converts a regex (no anchors) to a GBNF expression whose strings all match it and hold no `"` or `\`. */
export function regexGbnf(re: string): string {
  const cur: Cursor = { s: re, i: 0 };
  const out = alternation(cur);
  if (cur.i !== re.length) throw new SyntaxError(`unexpected ${re[cur.i]} at ${cur.i} in /${re}/`);
  return out;
}

function alternation(c: Cursor): string {
  const alts = [sequence(c)];
  while (c.s[c.i] === '|') {
    c.i++;
    alts.push(sequence(c));
  }
  return alts.length > 1 ? alts.join(' | ') : alts[0]!;
}

function sequence(c: Cursor): string {
  const items: string[] = [];
  while (c.i < c.s.length && c.s[c.i] !== '|' && c.s[c.i] !== ')') {
    const atom = atomOf(c);
    items.push(quantified(c, atom));
  }
  return items.length ? items.join(' ') : '""';
}

function quantified(c: Cursor, atom: string): string {
  const q = c.s[c.i];
  if (q === '?') {
    c.i++;
    return `${atom}?`;
  }
  // Unbounded repeats are bounded here: every string a model writes has an end.
  if (q === '*') {
    c.i++;
    return `${atom}{0,64}`;
  }
  if (q === '+') {
    c.i++;
    return `${atom}{1,64}`;
  }
  if (q === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(c.s.slice(c.i));
    if (!m) throw new SyntaxError('a bad {m,n}');
    c.i += m[0].length;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? min + 64 : Number(m[3]);
    return max === 0 ? '""' : repeat(atom, min, max);
  }
  return atom;
}

const ESCAPES: Record<string, (c: number) => boolean> = {
  d: (c) => c >= 0x30 && c <= 0x39,
  w: (c) => /\w/.test(String.fromCharCode(c)),
  s: (c) => c === 0x20,
};

function atomOf(c: Cursor): string {
  const ch = c.s[c.i]!;
  if (ch === '(') {
    c.i++;
    if (c.s.startsWith('?:', c.i)) c.i += 2;
    const inner = alternation(c);
    if (c.s[c.i] !== ')') throw new SyntaxError('an unclosed group');
    c.i++;
    return `(${inner})`;
  }
  if (ch === '[') return classText(classOf(c));
  if (ch === '.') {
    c.i++;
    return classText(TEXT_CHARS);
  }
  if (ch === '^' || ch === '$' || ch === '*' || ch === '+' || ch === '?' || ch === '{')
    throw new SyntaxError(`unsupported ${ch}`);
  const set = escapedOrChar(c);
  return classText(set);
}

/** One character or escape, as the set of what it matches (only safe characters). */
function escapedOrChar(c: Cursor): boolean[] {
  let ch = c.s[c.i++]!;
  if (ch === '\\') {
    ch = c.s[c.i++]!;
    const esc = ESCAPES[ch];
    if (esc) return charSet((x) => TEXT_CHARS[x]! && esc(x));
    if (/[A-Za-z0-9]/.test(ch)) throw new SyntaxError(`unsupported escape \\${ch}`);
  }
  const code = ch.charCodeAt(0);
  if (code > 127 || !TEXT_CHARS[code])
    throw new SyntaxError(`the character ${JSON.stringify(ch)} is not written in the nested form`);
  return charSet((x) => x === code);
}

function classOf(c: Cursor): boolean[] {
  c.i++; // [
  const negate = c.s[c.i] === '^';
  if (negate) c.i++;
  const set = charSet(() => false);
  let first = true;
  while (c.i < c.s.length && (c.s[c.i] !== ']' || first)) {
    first = false;
    const start = c.i;
    const one = escapedOrCharLoose(c);
    if (c.s[c.i] === '-' && c.s[c.i + 1] !== ']' && c.i + 1 < c.s.length && one.single !== undefined) {
      c.i++;
      const two = escapedOrCharLoose(c);
      if (two.single === undefined) throw new SyntaxError(`a bad range at ${start}`);
      for (let x = one.single; x <= two.single; x++) set[x] = true;
    } else
      one.set.forEach((v, x) => {
        if (v) set[x] = true;
      });
  }
  if (c.s[c.i] !== ']') throw new SyntaxError('an unclosed class');
  c.i++;
  return charSet((x) => TEXT_CHARS[x]! && (negate ? !set[x] : set[x]!));
}

/** Inside a class any ASCII character may be named; only safe ones are kept afterwards. */
function escapedOrCharLoose(c: Cursor): { set: boolean[]; single?: number } {
  let ch = c.s[c.i++]!;
  if (ch === '\\') {
    ch = c.s[c.i++]!;
    const esc = ESCAPES[ch];
    if (esc) return { set: charSet(esc) };
    if (/[A-Za-z0-9]/.test(ch)) throw new SyntaxError(`unsupported escape \\${ch}`);
  }
  const code = ch.charCodeAt(0);
  if (code > 127) throw new SyntaxError('a character outside ASCII');
  return { set: charSet((x) => x === code), single: code };
}

/**
 * The grammar for a two-step decode: the head (title and data) chooses the data; the document
 * is then decoded from the same prompt under the grammar for that data (made once per choice).
 * Decoding again, rather than resuming after the head, keeps the model on its own token
 * boundaries: resuming mid-piece sent Jig's layout model astray.
 */
export function treeGrammarSteps(
  catalog: Catalog,
  options: Omit<TreeFormOptions, 'data' | 'live'> = {},
): { first: string; firstTokens: number; then: (head: string) => string } {
  const bodies = new Map<string, string>();
  return {
    first: treeHeadGrammar(),
    // A title of 80 characters and a data group fit well within this; the rest is not needed.
    firstTokens: 96,
    then: (head) => {
      const data = dataModeOfHead(head);
      const key = JSON.stringify(data);
      let body = bodies.get(key);
      if (!body) {
        // The head already wrote the data, so live data has no place here (a caller from plain JS may pass it).
        const { live: _live, ...rest } = options as TreeFormOptions;
        body = treeFormGrammar(describeTreeForm(catalog, { ...rest, data }));
        bodies.set(key, body);
      }
      return body;
    },
  };
}
