// A2UI (v0.8 and v0.9) into Jig: keeps the peer's own state per surface (components by id, the
// data model), applies each message in order, and projects a Jig document per surface for the gates.
import type { Catalog } from '../catalog/catalog.js';
import { builtinCatalog, type ICON_NAMES } from '../catalog/builtin.js';
import { DEFAULT_LIMITS, type LayoutNode, type Limits } from '../layout/document.js';
import { parsePointer } from '../layout/pointer.js';
import { resolveLimits, type GateOptions } from '../gates/run.js';
import {
  DEFAULT_STREAM_LIMITS,
  fromValue,
  isStream,
  LineTally,
  readText,
  streamLines,
  type LineSource,
  type Message,
  type StreamLimits,
} from './lines.js';
import { Projection, type Bound, type Scope } from './project.js';
import {
  interopIssue,
  interopWarning,
  join,
  unreadable,
  type InteropIssue,
  type PeerValue,
  type ProjectionResult,
} from './report.js';
import { setOwn } from '../util/own.js';

export type A2UIVersion = 'v0.8' | 'v0.9';

/** The catalogs whose components Jig maps: A2UI's basic (v0.9) and standard (v0.8) catalogs and their minimal subsets. */
export const A2UI_CATALOGS: readonly string[] = [
  'https://a2ui.org/specification/v0_9/catalogs/basic/catalog.json',
  'https://a2ui.org/specification/v0_9/catalogs/minimal/catalog.json',
  'https://a2ui.org/specification/v0_8/standard_catalog_definition.json',
  'https://a2ui.org/specification/v0_8/catalogs/minimal/minimal_catalog.json',
];
/** Older or shortened names of the basic catalog seen in real streams: accepted with a warning. */
const CATALOG_ALIASES: Record<string, string> = {
  'https://a2ui.org/specification/v0_9/basic_catalog.json': A2UI_CATALOGS[0]!,
  'https://a2ui.org/specification/v0_9/standard_catalog.json': A2UI_CATALOGS[0]!,
};

export interface A2UIOptions extends GateOptions {
  /** More catalog ids this site accepts as A2UI's basic catalog (e.g. its own copy's URL). */
  catalogIds?: readonly string[];
  stream?: Partial<StreamLimits>;
}

export interface A2UISurfaceResult extends ProjectionResult {
  surfaceId: string;
  version: A2UIVersion;
  catalogId?: string;
}

export interface A2UIResult {
  /** Every surface passed and the stream had no bad line. */
  ok: boolean;
  surfaces: A2UISurfaceResult[];
  /** Problems of the stream itself: malformed lines, unknown versions, bad messages. */
  issues: InteropIssue[];
  warnings: InteropIssue[];
  lines: { read: number; malformed: number };
  /** Surfaces removed by `deleteSurface`. */
  deleted: string[];
}

interface PeerComponent {
  id: string;
  type: string;
  props: Record<string, unknown>;
  path: string;
  version: A2UIVersion;
}

interface Surface {
  id: string;
  version: A2UIVersion;
  catalogId?: string;
  /** v0.8: the root named by beginRendering; v0.9: "root". */
  root?: string;
  begun: boolean;
  components: Map<string, PeerComponent>;
  data: Record<string, unknown>;
  path: string;
  dataPath: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const V08_KEYS = ['beginRendering', 'surfaceUpdate', 'dataModelUpdate', 'deleteSurface'] as const;
const V09_KEYS = ['createSurface', 'updateComponents', 'updateDataModel', 'deleteSurface'] as const;

/** What one message changed, for a renderer that applies it as a data update or a patch. */
export type Applied =
  | { kind: 'none' }
  | { kind: 'begin' | 'components' | 'data' | 'delete'; surfaceId: string; path?: string };

/**
 * The peer's state: surfaces with their component buffers and data models. Apply messages in
 * order; project a surface whenever you need its Jig document.
 */
export class A2UIReader {
  readonly surfaces = new Map<string, Surface>();
  readonly issues: InteropIssue[] = [];
  readonly warnings: InteropIssue[] = [];
  readonly deleted: string[] = [];
  private readonly catalogIds: Set<string>;

  constructor(private readonly options: A2UIOptions = {}) {
    this.catalogIds = new Set([...A2UI_CATALOGS, ...(options.catalogIds ?? [])]);
  }

  apply(message: unknown, path: string): Applied {
    // A message the reader cannot take is refused where it stands; the stream goes on.
    try {
      return this.applyMessage(message, path);
    } catch (err) {
      return this.bad(path, `the message could not be applied (${err instanceof Error ? err.message : String(err)})`);
    }
  }

  private applyMessage(message: unknown, path: string): Applied {
    if (!isRecord(message)) {
      this.issues.push(interopIssue('bad_message', path, 'an A2UI message is a JSON object'));
      return { kind: 'none' };
    }
    const version = message.version;
    if (version !== undefined && version !== 'v0.9') {
      this.issues.push(
        interopIssue(
          'unsupported_version',
          join(path, 'version'),
          `A2UI ${JSON.stringify(version)} is not read by Jig; it reads v0.8 and v0.9`,
        ),
      );
      return { kind: 'none' };
    }
    const v09 = V09_KEYS.filter((k) => k in message);
    const v08 = V08_KEYS.filter((k) => k in message);
    if (version === 'v0.9' || (v09.length && !v08.some((k) => k !== 'deleteSurface'))) {
      if (version === undefined && v09.some((k) => k !== 'deleteSurface'))
        this.warnings.push(
          interopWarning(
            'cleaned_up',
            path,
            `a v0.9 message (${v09.join(', ')}) without "version": "v0.9"; read as v0.9`,
          ),
        );
      const extra = Object.keys(message).filter((k) => k !== 'version' && !(V09_KEYS as readonly string[]).includes(k));
      if (v09.length !== 1 || extra.length)
        return this.bad(
          path,
          v09.length
            ? `expected one action in a v0.9 message, found ${[...v09, ...extra].join(', ')}`
            : `expected createSurface, updateComponents, updateDataModel or deleteSurface, found ${Object.keys(message).join(', ') || 'nothing'}`,
        );
      return this.applyV09(v09[0]!, message[v09[0]!], join(path, v09[0]!));
    }
    const extra = Object.keys(message).filter((k) => !(V08_KEYS as readonly string[]).includes(k));
    if (v08.length !== 1 || extra.length)
      return this.bad(
        path,
        `expected exactly one of beginRendering, surfaceUpdate, dataModelUpdate, deleteSurface, found ${Object.keys(message).join(', ') || 'nothing'}`,
      );
    return this.applyV08(v08[0]!, message[v08[0]!], join(path, v08[0]!));
  }

  private bad(path: string, message: string): Applied {
    this.issues.push(interopIssue('bad_message', path, message));
    return { kind: 'none' };
  }

  private surfaceId(body: unknown, path: string, version: A2UIVersion): string | undefined {
    if (!isRecord(body)) {
      this.bad(path, 'expected an object');
      return undefined;
    }
    const id = body.surfaceId;
    if (typeof id === 'string' && id !== '' && id.length <= 200) return id;
    if (id === undefined && version === 'v0.8') {
      this.issues.push(
        interopIssue(
          'unsupported_feature',
          path,
          'a v0.8 message without "surfaceId" is not something Jig can place: every message names its surface',
        ),
      );
      return undefined;
    }
    this.bad(join(path, 'surfaceId'), 'expected "surfaceId", a non-empty string of at most 200 characters');
    return undefined;
  }

  private surface(id: string, version: A2UIVersion, path: string, create: boolean): Surface | undefined {
    let s = this.surfaces.get(id);
    if (s && s.version !== version) {
      this.issues.push(
        interopIssue(
          'bad_message',
          path,
          `surface "${id}" was created with A2UI ${s.version}; this message is ${version}`,
        ),
      );
      return undefined;
    }
    if (!s && create) {
      s = { id, version, begun: false, components: new Map(), data: {}, path, dataPath: path };
      this.surfaces.set(id, s);
    }
    return s;
  }

  private catalog(s: Surface, catalogId: unknown, path: string): void {
    if (catalogId === undefined) return;
    if (typeof catalogId !== 'string') {
      this.bad(path, 'expected "catalogId" to be a string');
      return;
    }
    const alias = CATALOG_ALIASES[catalogId];
    if (alias) {
      this.warnings.push(
        interopWarning(
          'cleaned_up',
          path,
          `the catalog ${JSON.stringify(catalogId)} is read as A2UI's basic catalog (${alias})`,
        ),
      );
      s.catalogId = alias;
    } else if (this.catalogIds.has(catalogId)) s.catalogId = catalogId;
    else {
      s.catalogId = catalogId;
      this.issues.push(
        interopIssue(
          'unknown_catalog',
          path,
          `surface "${s.id}" uses the catalog ${JSON.stringify(catalogId.slice(0, 200))}; Jig maps A2UI's basic catalog (and catalog ids the site lists in catalogIds)`,
        ),
      );
    }
  }

  private applyV09(kind: (typeof V09_KEYS)[number], body: unknown, path: string): Applied {
    const id = this.surfaceId(body, path, 'v0.9');
    if (id === undefined) return { kind: 'none' };
    const b = body as Record<string, unknown>;
    switch (kind) {
      case 'createSurface': {
        if (this.surfaces.get(id)?.begun)
          return this.bad(path, `surface "${id}" already exists; delete it before creating it again`);
        const s = this.surface(id, 'v0.9', path, true)!;
        if (b.catalogId === undefined) this.bad(join(path, 'catalogId'), 'createSurface needs "catalogId"');
        this.catalog(s, b.catalogId, join(path, 'catalogId'));
        s.begun = true;
        s.root = 'root';
        s.path = path;
        return { kind: 'begin', surfaceId: id };
      }
      case 'updateComponents': {
        let s = this.surface(id, 'v0.9', path, false);
        if (!s) {
          s = this.surface(id, 'v0.9', path, true)!;
          s.begun = true;
          s.root = 'root';
          this.warnings.push(
            interopWarning(
              'cleaned_up',
              path,
              `surface "${id}" was not created in this stream; read with A2UI's basic catalog`,
            ),
          );
        }
        if (!s) return { kind: 'none' };
        if (!Array.isArray(b.components) || b.components.length === 0)
          return this.bad(join(path, 'components'), 'expected a non-empty array of components');
        b.components.forEach((c, i) => this.component(s, c, join(path, 'components', i), 'v0.9'));
        return { kind: 'components', surfaceId: id };
      }
      case 'updateDataModel': {
        const s = this.surface(id, 'v0.9', path, true)!;
        if (!s) return { kind: 'none' };
        s.dataPath = join(path, 'value');
        const p = b.path === undefined ? '/' : b.path;
        if (!('value' in b)) return this.setData(s, p, undefined, join(path, 'path'), true);
        return this.setData(s, p, b.value, join(path, 'value'), false);
      }
      case 'deleteSurface':
        return this.remove(id);
    }
  }

  private applyV08(kind: (typeof V08_KEYS)[number], body: unknown, path: string): Applied {
    const id = this.surfaceId(body, path, 'v0.8');
    if (id === undefined) return { kind: 'none' };
    const b = body as Record<string, unknown>;
    switch (kind) {
      case 'beginRendering': {
        const s = this.surface(id, 'v0.8', path, true);
        if (!s) return { kind: 'none' };
        if (typeof b.root !== 'string')
          return this.bad(join(path, 'root'), 'beginRendering needs "root", the id of the root component');
        this.catalog(s, b.catalogId, join(path, 'catalogId'));
        s.root = b.root;
        s.begun = true;
        s.path = path;
        if (b.styles !== undefined)
          this.warnings.push(
            interopWarning(
              'ignored_hint',
              join(path, 'styles'),
              'styles were set aside: theme Jig with --jig-* custom properties',
            ),
          );
        return { kind: 'begin', surfaceId: id };
      }
      case 'surfaceUpdate': {
        const s = this.surface(id, 'v0.8', path, true);
        if (!s) return { kind: 'none' };
        if (!Array.isArray(b.components) || b.components.length === 0)
          return this.bad(join(path, 'components'), 'expected a non-empty array of components');
        b.components.forEach((c, i) => this.component(s, c, join(path, 'components', i), 'v0.8'));
        return { kind: 'components', surfaceId: id };
      }
      case 'dataModelUpdate': {
        const s = this.surface(id, 'v0.8', path, true);
        if (!s) return { kind: 'none' };
        if (!Array.isArray(b.contents))
          return this.bad(join(path, 'contents'), 'expected "contents", an array of {key, value…} entries');
        const value = this.contents(b.contents, join(path, 'contents'), 0);
        if (value === undefined) return { kind: 'none' };
        s.dataPath = join(path, 'contents');
        const p = b.path === undefined ? '/' : b.path;
        // v0.8 merges the entries into the object at the path (the whole model when there is none).
        return this.setData(s, p, value, join(path, 'contents'), false, true);
      }
      case 'deleteSurface':
        return this.remove(id);
    }
  }

  private remove(id: string): Applied {
    if (this.surfaces.delete(id)) this.deleted.push(id);
    return { kind: 'delete', surfaceId: id };
  }

  /** v0.8's adjacency list of typed entries becomes a JSON object. */
  private contents(entries: unknown[], path: string, depth: number): Record<string, unknown> | undefined {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      const at = join(path, i);
      if (!isRecord(e) || typeof e.key !== 'string') {
        this.bad(at, 'expected an entry {"key": …, "valueString" | "valueNumber" | "valueBoolean" | "valueMap": …}');
        return undefined;
      }
      const kinds = Object.keys(e).filter((k) => k !== 'key');
      if (kinds.length !== 1) {
        this.bad(
          at,
          `an entry holds exactly one value (valueString, valueNumber, valueBoolean or valueMap), found ${kinds.join(', ') || 'none'}`,
        );
        return undefined;
      }
      const k = kinds[0]!;
      const v = e[k];
      if (k === 'valueString' && typeof v === 'string') setOwn(out, e.key, v);
      else if (k === 'valueNumber' && typeof v === 'number') setOwn(out, e.key, v);
      else if (k === 'valueBoolean' && typeof v === 'boolean') setOwn(out, e.key, v);
      else if (k === 'valueMap' && Array.isArray(v)) {
        if (depth > 0)
          this.warnings.push(
            interopWarning(
              'cleaned_up',
              join(at, 'valueMap'),
              'a valueMap nested inside a valueMap (deeper than the v0.8 schema) is read as a nested object',
            ),
          );
        const inner = this.contents(v, join(at, 'valueMap'), depth + 1);
        if (inner === undefined) return undefined;
        setOwn(out, e.key, inner);
      } else {
        this.bad(join(at, k), `"${k}" is not a v0.8 value kind, or its value has the wrong type`);
        return undefined;
      }
    }
    return out;
  }

  private setData(s: Surface, rawPath: unknown, value: unknown, path: string, remove: boolean, merge = false): Applied {
    if (typeof rawPath !== 'string') return this.bad(path, 'expected "path" to be a string');
    let p = rawPath;
    if (p !== '/' && p !== '' && p[0] !== '/') {
      this.warnings.push(
        interopWarning('cleaned_up', path, `the data path ${JSON.stringify(p)} has no leading "/"; read as "/${p}"`),
      );
      p = '/' + p;
    }
    if (p === '/' || p === '') {
      if (remove) {
        s.data = {};
        return { kind: 'data', surfaceId: s.id, path: '/' };
      }
      if (!isRecord(value)) return this.bad(path, 'the whole data model is a JSON object');
      s.data = merge ? { ...s.data, ...structuredClone(value) } : structuredClone(value);
      return { kind: 'data', surfaceId: s.id, path: '/' };
    }
    const parsed = parsePointer(p);
    if (!parsed.ok) {
      this.issues.push({
        gate: 'bindings',
        code: parsed.reason === 'forbidden' ? 'forbidden_segment' : 'bad_pointer',
        path,
        message: parsed.message,
      });
      return { kind: 'none' };
    }
    let cur: unknown = s.data;
    const segs = parsed.segments;
    // Into an array only by index (at most its length): "length" or "x" there would resize it or hang keys on it.
    const badIndex = (holder: unknown, seg: string) =>
      Array.isArray(holder) && !(/^(0|[1-9]\d{0,8})$/.test(seg) && Number(seg) <= holder.length);
    for (const seg of segs.slice(0, -1)) {
      if (badIndex(cur, seg)) return this.badPath(s, path, p);
      const c = cur as Record<string, unknown>;
      if (!isRecord(c[seg]) && !Array.isArray(c[seg])) setOwn(c, seg, {});
      cur = c[seg];
    }
    const last = segs[segs.length - 1]!;
    if (badIndex(cur, last)) return this.badPath(s, path, p);
    const holder = cur as Record<string, unknown>;
    if (remove) {
      if (Array.isArray(holder) && /^\d+$/.test(last)) holder.splice(Number(last), 1);
      else delete holder[last];
    } else if (merge && isRecord(holder[last]) && isRecord(value))
      setOwn(holder, last, { ...(holder[last] as object), ...structuredClone(value) });
    else setOwn(holder, last, structuredClone(value));
    return { kind: 'data', surfaceId: s.id, path: p };
  }

  private badPath(s: Surface, path: string, pointer: string): Applied {
    this.issues.push({
      gate: 'bindings',
      code: 'bad_pointer',
      path,
      message: `${JSON.stringify(pointer.slice(0, 120))} goes into an array of surface "${s.id}" by something other than an index up to its length`,
    });
    return { kind: 'none' };
  }

  private component(s: Surface, c: unknown, path: string, version: A2UIVersion): void {
    if (!isRecord(c) || typeof c.id !== 'string' || c.id === '') {
      this.bad(path, 'a component needs "id", a non-empty string');
      return;
    }
    let type: string;
    let props: Record<string, unknown>;
    if (version === 'v0.8') {
      const w = c.component;
      if (!isRecord(w) || Object.keys(w).length !== 1) {
        this.bad(join(path, 'component'), 'a v0.8 component wraps its props in one key, its type: {"Text": {…}}');
        return;
      }
      type = Object.keys(w)[0]!;
      const inner = w[type];
      if (!isRecord(inner)) {
        this.bad(join(path, 'component', type), 'expected the props object');
        return;
      }
      props = { ...inner };
      if (c.weight !== undefined) props.weight = c.weight;
      path = join(path, 'component', type);
    } else {
      if (typeof c.component !== 'string') {
        this.bad(join(path, 'component'), 'a v0.9 component names its type in "component": "Text"');
        return;
      }
      type = c.component;
      const { id: _id, component: _c, ...rest } = c;
      props = rest;
    }
    if (s.components.size >= (this.options.limits?.maxNodes ?? DEFAULT_LIMITS.maxNodes) && !s.components.has(c.id)) {
      this.issues.push({
        gate: 'envelope',
        code: 'too_many_nodes',
        path,
        message: `surface "${s.id}" has more components than the node limit`,
      });
      return;
    }
    s.components.set(c.id, { id: c.id, type, props, path, version });
  }

  /** Whether every component reachable from the root is defined: A2UI shows nothing before that. */
  complete(surfaceId: string): boolean {
    const s = this.surfaces.get(surfaceId);
    if (!s?.begun || !s.root || !s.components.has(s.root)) return false;
    const seen = new Set<string>();
    const stack = [s.root];
    while (stack.length) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      const c = s.components.get(id);
      if (!c) return false;
      stack.push(...childIds(c));
    }
    return true;
  }

  /** The surface as a Jig document, through the full gates. */
  project(surfaceId: string): A2UISurfaceResult | undefined {
    const s = this.surfaces.get(surfaceId);
    if (!s) return undefined;
    return projectSurface(s, this.options);
  }

  result(lines = { read: 0, malformed: 0 }): A2UIResult {
    const surfaces = [...this.surfaces.keys()].map((id) => this.project(id)!);
    const ok = this.issues.length === 0 && surfaces.length > 0 && surfaces.every((s) => s.ok);
    return { ok, surfaces, issues: [...this.issues], warnings: [...this.warnings], lines, deleted: [...this.deleted] };
  }
}

/** Ids a component refers to (children, template, child, tabs, modal parts). */
function childIds(c: PeerComponent): string[] {
  const p = c.props;
  const out: string[] = [];
  const children = p.children;
  if (Array.isArray(children)) out.push(...children.filter((x): x is string => typeof x === 'string'));
  else if (isRecord(children)) {
    if (Array.isArray(children.explicitList))
      out.push(...children.explicitList.filter((x): x is string => typeof x === 'string'));
    const t = isRecord(children.template) ? children.template : children;
    if (typeof t.componentId === 'string') out.push(t.componentId);
  }
  for (const k of ['child', 'trigger', 'content', 'entryPointChild', 'contentChild'])
    if (typeof p[k] === 'string') out.push(p[k] as string);
  const tabs = p.tabs ?? p.tabItems;
  if (Array.isArray(tabs)) for (const t of tabs) if (isRecord(t) && typeof t.child === 'string') out.push(t.child);
  return out;
}

// ---- projection -------------------------------------------------------------------------------

/** A2UI icon names with a Jig counterpart. */
const ICONS: Record<string, (typeof ICON_NAMES)[number]> = {
  accountCircle: 'user',
  person: 'user',
  add: 'plus',
  arrowBack: 'arrow-left',
  arrowForward: 'arrow-right',
  calendarToday: 'calendar',
  event: 'calendar',
  call: 'phone',
  phone: 'phone',
  check: 'check',
  close: 'x',
  delete: 'trash',
  download: 'download',
  upload: 'upload',
  edit: 'edit',
  error: 'error',
  favorite: 'heart',
  home: 'home',
  info: 'info',
  locationOn: 'map-pin',
  lock: 'lock',
  mail: 'mail',
  menu: 'menu',
  notifications: 'bell',
  refresh: 'refresh',
  search: 'search',
  settings: 'settings',
  shoppingCart: 'cart',
  star: 'star',
  warning: 'warning',
  filter: 'filter',
};

const ALIGN = new Set(['start', 'center', 'end', 'stretch']);

class SurfaceProjector {
  readonly p: Projection;
  private readonly visiting = new Set<string>();
  private readonly done = new Map<string, string>();

  constructor(
    private readonly s: Surface,
    catalog: Catalog,
  ) {
    this.p = new Projection(catalog, s.data, s.dataPath);
  }

  /** A peer value as both versions write it. */
  bound(value: unknown, path: string): Bound | undefined {
    if (value === undefined) return undefined;
    const v08 = this.s.version === 'v0.8';
    if (isRecord(value)) {
      if ('call' in value) {
        this.p.unsupported(
          path,
          `the client function ${JSON.stringify(String(value.call).slice(0, 40))}`,
          'Jig never runs functions a document names',
        );
        return undefined;
      }
      const literalKey = Object.keys(value).find((k) => k.startsWith('literal'));
      if ('path' in value || literalKey) {
        if (!v08 && literalKey)
          this.p.warn('cleaned_up', path, `a v0.8 "${literalKey}" in a v0.9 message; read as its value`);
        if (typeof value.path === 'string')
          return literalKey ? { pointer: value.path, seed: value[literalKey] } : { pointer: value.path };
        if (literalKey) return { literal: value[literalKey] };
      }
      this.p.issue(
        interopIssue(
          'bad_message',
          path,
          `expected a value, {"path": …}${v08 ? ' or {"literalString": …}' : ''}, received an object with ${Object.keys(value).join(', ') || 'no keys'}`,
        ),
      );
      return undefined;
    }
    if (v08 && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) {
      this.p.warn('cleaned_up', path, 'a bare value where v0.8 expects {"literalString": …}; read as the literal');
    }
    return { literal: value };
  }

  private text(type: string, prop: string, value: unknown, path: string, scope: Scope): string | undefined {
    const b = this.bound(value, path);
    if (!b) return undefined;
    const v = this.p.display(type, prop, b, path, scope);
    if (v === undefined) return undefined;
    if (typeof v !== 'string' && !(typeof v === 'object' && v !== null && '$data' in v)) {
      this.p.issue({
        gate: 'catalog',
        code: 'invalid_prop',
        path,
        message: `expected text, received ${Array.isArray(v) ? 'an array' : typeof v}`,
      });
      return undefined;
    }
    return v as string;
  }

  /** Projects the component with this id (and its subtree); returns the Jig id. */
  node(peerId: string, scope: Scope, refPath: string): string {
    const c = this.s.components.get(peerId);
    const id = this.p.id(peerId, c?.path ?? refPath);
    if (!c) return id; // the graph gate reports the missing child at its parent
    if (this.done.has(peerId) || this.visiting.has(peerId)) return id; // a second parent or a cycle: the graph gate reports it
    this.visiting.add(peerId);
    this.done.set(peerId, id);
    this.map(c, id, scope);
    this.visiting.delete(peerId);
    return id;
  }

  private children(c: PeerComponent, scope: Scope): string[] {
    const ch = c.props.children;
    const at = join(c.path, 'children');
    if (Array.isArray(ch)) return ch.map((x, i) => this.node(String(x), scope, join(at, i)));
    if (!isRecord(ch)) {
      this.p.issue(interopIssue('bad_message', at, 'expected the children'));
      return [];
    }
    if (Array.isArray(ch.explicitList))
      return ch.explicitList.map((x, i) => this.node(String(x), scope, join(at, 'explicitList', i)));
    const t = isRecord(ch.template) ? ch.template : ch;
    const tpath = isRecord(ch.template) ? join(at, 'template') : at;
    const list = t.dataBinding ?? t.path;
    if (typeof t.componentId !== 'string' || typeof list !== 'string') {
      this.p.issue(interopIssue('bad_message', at, 'expected a list of ids or a template {componentId, path}'));
      return [];
    }
    return [this.template(t.componentId, list, tpath, scope)];
  }

  /** A list template: the template's node repeats over the array at `list`. */
  private template(componentId: string, list: string, path: string, scope: Scope): string {
    const pointer = this.p.absolute(list, path, scope);
    const id = this.node(componentId, { template: true }, path);
    const node = this.p.nodes.find((n) => n.id === id);
    if (pointer === undefined || !node) return id;
    if (pointer[0] === '/') {
      const parsed = parsePointer(pointer);
      const value = parsed.ok
        ? parsed.segments.reduce<unknown>(
            (cur, s) => (isRecord(cur) || Array.isArray(cur) ? (cur as Record<string, unknown>)[s] : undefined),
            this.p.data,
          )
        : undefined;
      if (isRecord(value)) {
        const keys = Object.keys(value);
        if (keys.every((k, i) => k === String(i))) {
          this.setAt(
            pointer,
            keys.map((k) => value[k]),
          );
          this.p.warn(
            'cleaned_up',
            path,
            `the template's data at ${JSON.stringify(pointer)} is a map keyed 0, 1, 2…; read as an array`,
          );
        } else
          this.p.unsupported(
            path,
            `a template over a map (${JSON.stringify(pointer)} holds an object keyed ${keys
              .slice(0, 3)
              .map((k) => JSON.stringify(k))
              .join(', ')})`,
            'Jig repeats over arrays',
          );
      }
    }
    node.repeat = pointer;
    return id;
  }

  private setAt(pointer: string, value: unknown): void {
    const parsed = parsePointer(pointer);
    if (!parsed.ok) return;
    let cur: Record<string, unknown> = this.p.data;
    for (const s of parsed.segments.slice(0, -1)) cur = cur[s] as Record<string, unknown>;
    cur[parsed.segments[parsed.segments.length - 1]!] = value;
  }

  private hints(c: PeerComponent, keep: readonly string[]): void {
    for (const k of Object.keys(c.props)) if (!keep.includes(k)) this.p.hint(c.path, k);
  }

  private map(c: PeerComponent, id: string, scope: Scope): void {
    const p = c.props;
    const at = (k: string) => join(c.path, k);
    const add = (type: string, props: Record<string, unknown>, children?: string[]) => {
      const node: LayoutNode = { id, type, props };
      for (const [k, v] of Object.entries(props)) if (v === undefined) delete props[k];
      if (children) node.children = children;
      this.p.add(node, c.path);
      return node;
    };
    this.checks(c);
    switch (c.type) {
      case 'Row':
      case 'Column':
      case 'List': {
        const direction = c.type === 'Row' || p.direction === 'horizontal' ? 'row' : 'column';
        const align = p.align ?? p.alignment;
        const node = add('stack', { direction, ...(typeof align === 'string' && ALIGN.has(align) ? { align } : {}) });
        this.hints(c, ['children', 'direction', 'align', 'alignment']);
        node.children = this.children(c, scope);
        return;
      }
      case 'Card': {
        const node = add('card', {});
        this.hints(c, ['child']);
        node.children = typeof p.child === 'string' ? [this.node(p.child, scope, at('child'))] : [];
        return;
      }
      case 'Text': {
        const variant = p.variant ?? p.usageHint;
        let text = this.text(isHeading(variant) ? 'heading' : 'text', 'text', p.text, at('text'), scope);
        this.hints(c, ['text', 'variant', 'usageHint']);
        if (text === undefined) {
          this.p.placeholder(id, c.path, 'Text');
          return;
        }
        if (isHeading(variant)) {
          if (typeof text === 'string') {
            const stripped = text.replace(/^#{1,6}\s+/, '');
            if (stripped !== text) {
              this.p.warn(
                'cleaned_up',
                at('text'),
                'the heading\'s Markdown "#" marks were removed: its variant already makes it a heading',
              );
              text = stripped;
            }
          }
          const level = Math.min(4, Number(variant.slice(1)));
          if (variant === 'h5')
            this.p.warn('cleaned_up', at('variant'), "h5 is shown as Jig's smallest heading, level 4");
          add('heading', { text, level });
        } else add('text', { text, ...(variant === 'caption' ? { tone: 'muted' } : {}) });
        return;
      }
      case 'Image': {
        const src = this.text('image', 'src', p.url, at('url'), scope);
        const altRaw = p.description ?? p.altText ?? (isRecord(p.accessibility) ? p.accessibility.label : undefined);
        const alt =
          altRaw === undefined
            ? ''
            : this.text('image', 'alt', altRaw, at(p.description !== undefined ? 'description' : 'altText'), scope);
        if (altRaw === undefined)
          this.p.warn('cleaned_up', c.path, 'the image has no description; its alt text is "" (decorative)');
        this.hints(c, ['url', 'description', 'altText', 'accessibility']);
        if (src === undefined) {
          this.p.placeholder(id, c.path, 'Image');
          return;
        }
        add('image', { src, alt: alt ?? '' });
        return;
      }
      case 'Icon': {
        const b = isRecord(p.name) && 'svgPath' in p.name ? undefined : this.bound(p.name, at('name'));
        if (isRecord(p.name) && 'svgPath' in p.name) {
          this.p.unsupported(at('name'), 'an icon drawn from an svgPath', 'Jig draws only its own icon set');
          this.p.placeholder(id, c.path, 'Icon');
          return;
        }
        if (!b || !('literal' in b) || typeof b.literal !== 'string') {
          if (b)
            this.p.unsupported(at('name'), 'an icon whose name comes from data', 'Jig icons are named in the layout');
          this.p.placeholder(id, c.path, 'Icon');
          return;
        }
        const name = ICONS[b.literal];
        if (!name) {
          this.p.unsupported(
            at('name'),
            `the icon ${JSON.stringify(b.literal)}`,
            "it has no counterpart in Jig's icon set",
          );
          this.p.placeholder(id, c.path, 'Icon');
          return;
        }
        const label =
          isRecord(p.accessibility) && typeof p.accessibility.label === 'string' ? p.accessibility.label : undefined;
        this.hints(c, ['name', 'accessibility']);
        add('icon', { name, ...(label ? { label } : {}) });
        return;
      }
      case 'Video':
      case 'AudioPlayer':
        this.p.unsupported(c.path, `the media player ${c.type}`);
        this.p.placeholder(id, c.path, c.type);
        return;
      case 'Divider':
        if (p.axis === 'vertical') this.p.hint(c.path, 'axis: vertical');
        add('divider', {});
        return;
      case 'Tabs': {
        const items = p.tabs ?? p.tabItems;
        const key = p.tabs !== undefined ? 'tabs' : 'tabItems';
        const node = add('tabs', {});
        if (!Array.isArray(items)) {
          this.p.issue(interopIssue('bad_message', at(key), 'expected the tabs, [{title, child}]'));
          node.children = [];
          return;
        }
        node.children = items.map((t, i) => {
          const tp = join(c.path, key, i);
          const tabId = this.p.made(`${id}-tab-${i + 1}`, c.id);
          const item = isRecord(t) ? t : {};
          const label = this.text('tab', 'label', item.title, join(tp, 'title'), scope) ?? `Tab ${i + 1}`;
          const tab: LayoutNode = {
            id: tabId,
            type: 'tab',
            props: { label },
            children: typeof item.child === 'string' ? [this.node(item.child, scope, join(tp, 'child'))] : [],
          };
          this.p.add(tab, tp);
          return tabId;
        });
        return;
      }
      case 'Modal': {
        const triggerId = (p.trigger ?? p.entryPointChild) as unknown;
        const contentId = (p.content ?? p.contentChild) as unknown;
        const trigger = typeof triggerId === 'string' ? this.s.components.get(triggerId) : undefined;
        const label = trigger ? this.label(trigger, scope, 'dialog', 'trigger') : undefined;
        if (trigger) this.done.set(trigger.id, ''); // folded into the dialog's trigger
        if (trigger && isRecord(trigger.props.action))
          this.p.warn(
            'cleaned_up',
            trigger.path,
            "the modal's trigger button opens the dialog; its own action is not sent (Jig's dialog trigger only opens)",
          );
        const text = label ?? 'Open';
        if (!label) this.p.warn('cleaned_up', c.path, 'the modal\'s trigger has no text; its button reads "Open"');
        add(
          'dialog',
          { trigger: text, title: text },
          typeof contentId === 'string'
            ? [this.node(contentId, scope, at(p.content !== undefined ? 'content' : 'contentChild'))]
            : [],
        );
        return;
      }
      case 'Button': {
        const label = this.label(c, scope);
        const action = this.action(c, id, scope);
        // A2UI's default style has no Jig name: only primary and borderless (Jig's secondary) carry over.
        const variant =
          p.variant === 'primary' || p.primary === true
            ? 'primary'
            : p.variant === 'borderless'
              ? 'secondary'
              : undefined;
        this.hints(c, ['child', 'action', 'variant', 'primary', 'accessibility']);
        if (label === undefined || action === undefined) {
          this.p.placeholder(id, c.path, 'Button');
          return;
        }
        add('button', { label, action, variant });
        return;
      }
      case 'TextField': {
        const label = this.text('text-field', 'label', p.label ?? 'Text', at('label'), scope);
        if (p.label === undefined) this.p.warn('cleaned_up', c.path, 'the text field has no label; it reads "Text"');
        const variant = p.variant ?? p.textFieldType;
        const value = this.bound(p.value ?? p.text, at(p.value !== undefined ? 'value' : 'text'));
        if (typeof p.validationRegexp === 'string') this.p.pattern(p.validationRegexp, at('validationRegexp'));
        this.hints(c, ['label', 'value', 'text', 'variant', 'textFieldType', 'validationRegexp', 'checks']);
        if (variant === 'obscured') {
          this.p.unsupported(
            at(p.variant !== undefined ? 'variant' : 'textFieldType'),
            'an obscured (password) text field',
            'Jig has no password input; showing it in clear would expose it',
          );
          this.p.placeholder(id, c.path, 'TextField');
          return;
        }
        const type = variant === 'number' ? 'number-field' : variant === 'date' ? 'date-field' : 'text-field';
        const bind = this.p.bind(value, id, c.path, scope, type === 'number-field' ? null : '');
        if (label === undefined || bind === undefined) {
          this.p.placeholder(id, c.path, 'TextField');
          return;
        }
        add(type, {
          label,
          bind,
          ...(variant === 'longText' ? { multiline: true } : {}),
          ...this.fieldChecks(c, type),
        });
        return;
      }
      case 'CheckBox': {
        const label = this.text('checkbox', 'label', p.label, at('label'), scope);
        const bind = this.p.bind(this.bound(p.value, at('value')), id, c.path, scope, false);
        if (label === undefined || bind === undefined) {
          this.p.placeholder(id, c.path, 'CheckBox');
          return;
        }
        add('checkbox', { label, bind });
        return;
      }
      case 'ChoicePicker':
      case 'MultipleChoice': {
        const multi = c.type === 'ChoicePicker' ? p.variant === 'multipleSelection' : p.maxAllowedSelections !== 1;
        if (multi) {
          this.p.unsupported(c.path, 'a choice of several options at once', "Jig's select and radio group pick one");
          this.p.placeholder(id, c.path, c.type);
          return;
        }
        const labelRaw = p.label ?? (isRecord(p.accessibility) ? p.accessibility.label : undefined);
        const label =
          labelRaw === undefined ? 'Choose one' : this.text('select', 'label', labelRaw, at('label'), scope);
        if (labelRaw === undefined) this.p.warn('cleaned_up', c.path, 'the choice has no label; it reads "Choose one"');
        const optionsRaw = Array.isArray(p.options) ? p.options : [];
        const options = optionsRaw.map((o, i) => {
          const oo = isRecord(o) ? o : {};
          return {
            value: String(oo.value ?? ''),
            label:
              this.text('select', 'label', oo.label, join(c.path, 'options', i, 'label'), scope) ??
              String(oo.value ?? ''),
          };
        });
        const key = c.type === 'ChoicePicker' ? 'value' : 'selections';
        const b = this.bound(p[key], at(key));
        // A one-of choice stores a one-item list in A2UI: Jig binds its first item, so the shape stays a list.
        let bind: string | undefined;
        if (b && 'pointer' in b) {
          const base = this.p.bind(b, id, at(key), scope, []);
          if (base !== undefined && base[0] === '/' && typeof this.valueAt(base) === 'string') {
            bind = base;
            this.p.warn(
              'cleaned_up',
              at(key),
              `the choice's value ${JSON.stringify(base)} holds a string, not A2UI's one-item list; bound as it is`,
            );
          } else if (base !== undefined) {
            bind = `${base}/0`;
            if (base[0] === '/') this.ensureFirst(base, at(key));
          }
        } else {
          const first = b && 'literal' in b && Array.isArray(b.literal) ? b.literal[0] : undefined;
          bind = this.p.bind({ literal: [first ?? ''] }, id, c.path, scope, ['']);
          if (bind !== undefined) bind += '/0';
        }
        this.hints(c, [
          'label',
          'options',
          'value',
          'selections',
          'variant',
          'maxAllowedSelections',
          'accessibility',
          'checks',
        ]);
        if (label === undefined || bind === undefined) {
          this.p.placeholder(id, c.path, c.type);
          return;
        }
        const type = options.length > 6 || p.displayStyle === 'chips' ? 'select' : 'radio-group';
        add(type, { label, bind, options, ...this.fieldChecks(c, type) });
        return;
      }
      case 'Slider': {
        const label = p.label === undefined ? 'Value' : this.text('slider', 'label', p.label, at('label'), scope);
        if (p.label === undefined) this.p.warn('cleaned_up', c.path, 'the slider has no label; it reads "Value"');
        const bind = this.p.bind(this.bound(p.value, at('value')), id, c.path, scope, 0);
        const min = p.min ?? p.minValue;
        const max = p.max ?? p.maxValue;
        this.hints(c, ['label', 'value', 'min', 'max', 'minValue', 'maxValue', 'checks']);
        if (label === undefined || bind === undefined) {
          this.p.placeholder(id, c.path, 'Slider');
          return;
        }
        add('slider', {
          label,
          bind,
          ...(typeof min === 'number' ? { min } : {}),
          ...(typeof max === 'number' ? { max } : {}),
        });
        return;
      }
      case 'DateTimeInput': {
        if (p.enableTime === true) {
          this.p.unsupported(at('enableTime'), 'a time input', "Jig's date field picks a day");
          this.p.placeholder(id, c.path, 'DateTimeInput');
          return;
        }
        const label = p.label === undefined ? 'Date' : this.text('date-field', 'label', p.label, at('label'), scope);
        if (p.label === undefined) this.p.warn('cleaned_up', c.path, 'the date input has no label; it reads "Date"');
        const bind = this.p.bind(this.bound(p.value, at('value')), id, c.path, scope, '');
        const range: Record<string, string> = {};
        for (const k of ['min', 'max'] as const) {
          if (typeof p[k] === 'string' && /^\d{4}-\d{2}-\d{2}/.test(p[k] as string))
            range[k] = (p[k] as string).slice(0, 10);
          else if (p[k] !== undefined) this.p.unsupported(at(k), `a ${k} that is not a literal date`);
        }
        this.hints(c, ['label', 'value', 'enableDate', 'enableTime', 'min', 'max', 'checks']);
        if (label === undefined || bind === undefined) {
          this.p.placeholder(id, c.path, 'DateTimeInput');
          return;
        }
        add('date-field', { label, bind, ...range, ...this.fieldChecks(c, 'date-field') });
        return;
      }
      default:
        this.p.unsupported(
          c.path,
          `the component type ${JSON.stringify(c.type.slice(0, 60))}`,
          "it is not in A2UI's basic catalog as Jig maps it",
        );
        this.p.placeholder(id, c.path, 'unsupported component');
    }
  }

  private valueAt(pointer: string): unknown {
    const parsed = parsePointer(pointer);
    if (!parsed.ok) return undefined;
    let cur: unknown = this.p.data;
    for (const s of parsed.segments)
      cur = isRecord(cur) || Array.isArray(cur) ? (cur as Record<string, unknown>)[s] : undefined;
    return cur;
  }

  private ensureFirst(base: string, path: string): void {
    const parsed = parsePointer(base);
    if (!parsed.ok) return;
    let cur: unknown = this.p.data;
    for (const s of parsed.segments)
      cur = isRecord(cur) || Array.isArray(cur) ? (cur as Record<string, unknown>)[s] : undefined;
    if (Array.isArray(cur) && cur.length > 0) return;
    this.setAt(base, Array.isArray(cur) ? [''] : cur === undefined ? [''] : cur);
    if (cur === undefined || (Array.isArray(cur) && cur.length === 0))
      this.p.warn(
        'seeded_data',
        path,
        `the choice's list ${JSON.stringify(base)} starts as [""] so its one item can be bound`,
      );
  }

  /**
   * A button's or trigger's text: its Text child folded in, or its accessibility label. Read for
   * `type`'s `prop`: a button label may come from data, a dialog's trigger is literal.
   */
  private label(c: PeerComponent, scope: Scope, type = 'button', prop = 'label'): string | undefined {
    const childId = c.props.child;
    const access = isRecord(c.props.accessibility) ? c.props.accessibility.label : undefined;
    if (c.type === 'Text') return this.text(type, prop, c.props.text, join(c.path, 'text'), scope);
    if (typeof childId === 'string') {
      const child = this.s.components.get(childId);
      if (child?.type === 'Text') {
        this.done.set(child.id, ''); // folded into the button's label
        const v = this.text(type, prop, child.props.text, join(child.path, 'text'), scope);
        return typeof v === 'string' ? v.replace(/^#{1,6}\s+/, '') : v;
      }
      if (child?.type === 'Icon') {
        this.done.set(child.id, '');
        if (typeof access === 'string') return access;
        const name = isRecord(child.props.name) ? child.props.name.literalString : child.props.name;
        if (typeof name === 'string') {
          this.p.warn(
            'cleaned_up',
            c.path,
            `an icon-only button reads its icon's name, "${name}"; give it accessibility.label for a better one`,
          );
          return name;
        }
      }
      if (!child) {
        this.p.issue({
          gate: 'graph',
          code: 'missing_child',
          path: join(c.path, 'child'),
          message: `the button's child "${childId}" names no component`,
        });
        return undefined;
      }
    }
    if (typeof access === 'string') return access;
    this.p.unsupported(
      c.path,
      `a ${c.type === 'Button' ? 'button' : 'trigger'} whose content is not text`,
      'Jig buttons carry a text label',
    );
    return undefined;
  }

  /** A button's action name; its context is kept beside the layout and resolved at click. */
  private action(c: PeerComponent, id: string, scope: Scope): string | undefined {
    const a = c.props.action;
    const at = join(c.path, 'action');
    if (!isRecord(a)) {
      this.p.unsupported(c.path, 'a button without an action', 'Jig buttons always act');
      return undefined;
    }
    if ('functionCall' in a) {
      this.p.unsupported(
        join(at, 'functionCall'),
        'an action that calls a client function',
        'Jig never runs functions a document names',
      );
      return undefined;
    }
    const event = this.s.version === 'v0.9' ? a.event : a;
    const epath = this.s.version === 'v0.9' ? join(at, 'event') : at;
    if (!isRecord(event) || typeof event.name !== 'string') {
      this.p.issue(interopIssue('bad_message', epath, 'an action needs "name"'));
      return undefined;
    }
    const context: Record<string, PeerValue> = {};
    const raw = event.context;
    const entries: [string, unknown, string][] = Array.isArray(raw)
      ? raw.map((e, i) => [
          isRecord(e) ? String(e.key) : '',
          isRecord(e) ? e.value : undefined,
          join(epath, 'context', i, 'value'),
        ])
      : isRecord(raw)
        ? Object.entries(raw).map(([k, v]) => [k, v, join(epath, 'context', k)])
        : [];
    for (const [key, value, path] of entries) {
      const b = this.bound(value, path);
      if (!b) continue;
      if ('literal' in b) context[key] = { literal: b.literal };
      else {
        const pointer = this.p.absolute(b.pointer, path, scope);
        if (pointer !== undefined) context[key] = { pointer };
      }
    }
    this.p.actions[id] = { name: event.name, context };
    return event.name;
  }

  /** Validation checks: what maps onto Jig props is returned; the rest is set aside with a warning. */
  private fieldChecks(c: PeerComponent, type: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const checks = c.props.checks;
    if (!Array.isArray(checks)) return out;
    checks.forEach((check, i) => {
      const at = join(c.path, 'checks', i);
      const cond = isRecord(check) && isRecord(check.condition) ? check.condition : check;
      const call = isRecord(cond) ? cond.call : undefined;
      const args = isRecord(cond) && isRecord(cond.args) ? cond.args : {};
      if (call === 'required' && type !== 'checkbox' && type !== 'slider') out.required = true;
      else if (call === 'email' && type === 'text-field') out.inputType = 'email';
      else if (call === 'numeric' && (type === 'number-field' || type === 'slider')) {
        if (typeof args.min === 'number') out.min = args.min;
        if (typeof args.max === 'number') out.max = args.max;
      } else if (call === 'regex') this.p.pattern(args.pattern, join(at, 'args', 'pattern'));
      else
        this.p.warn(
          'dropped_check',
          at,
          `the check ${JSON.stringify(String(call ?? 'unknown').slice(0, 40))} was set aside: Jig's ${type} has no prop for it (it is never evaluated as code)`,
        );
    });
    return out;
  }

  private checks(_c: PeerComponent): void {}
}

function isHeading(variant: unknown): variant is 'h1' | 'h2' | 'h3' | 'h4' | 'h5' {
  return typeof variant === 'string' && /^h[1-5]$/.test(variant);
}

function projectSurface(s: Surface, options: A2UIOptions): A2UISurfaceResult {
  const catalog = options.catalog ?? builtinCatalog;
  const base = { surfaceId: s.id, version: s.version, ...(s.catalogId ? { catalogId: s.catalogId } : {}) };
  if (!s.begun || !s.root || !s.components.has(s.root)) {
    const why = !s.begun
      ? s.version === 'v0.8'
        ? 'no beginRendering message'
        : 'no createSurface message'
      : `no component with the id ${JSON.stringify(s.root)}`;
    return {
      ...base,
      ok: false,
      issues: [interopIssue('no_root', s.path, `surface "${s.id}" cannot show: ${why}`)],
      warnings: [],
      actions: {},
      ids: {},
    };
  }
  const projector = new SurfaceProjector(s, catalog);
  const root = projector.node(s.root, { template: false }, s.path);
  const reached = new Set(projector.p.nodes.map((n) => projector.p.ids[n.id] ?? n.id));
  const unused = [...s.components.keys()].filter((id) => !reached.has(id) && !isFolded(s, id));
  if (unused.length)
    projector.p.warn(
      'cleaned_up',
      s.path,
      `${unused.length} component${unused.length === 1 ? ' is' : 's are'} not reachable from the root and ${unused.length === 1 ? 'is' : 'are'} not shown (A2UI buffers them): ${unused.slice(0, 5).join(', ')}${unused.length > 5 ? ', …' : ''}`,
    );
  const result = projector.p.finish(root, undefined, { ...options, limits: resolveLimits(options.limits) });
  return { ...base, ...result };
}

/** Text and icon children folded into a button, and modal triggers, are not nodes of their own. */
function isFolded(s: Surface, id: string): boolean {
  for (const c of s.components.values()) {
    if (
      (c.type === 'Button' && c.props.child === id) ||
      (c.type === 'Modal' && (c.props.trigger === id || c.props.entryPointChild === id))
    )
      return true;
  }
  return false;
}

/** The `{name, description, messages}` wrapper of A2UI's samples is a stream of its messages. */
function unwrap(value: unknown, path: string): Message[] | undefined {
  if (isRecord(value) && Array.isArray(value.messages) && !('version' in value)) {
    return value.messages.map((m, i) => ({ value: m, path: join(path, 'messages', i) }));
  }
  return undefined;
}

export type A2UIInput = string | readonly unknown[] | Record<string, unknown>;
export type A2UIStreamInput = LineSource;

/**
 * Reads A2UI messages (JSONL text, a JSON array, the samples' wrapper, or objects) and projects
 * every surface into a Jig document through the full gates. Pure; never throws. A stream of
 * lines (async iterable or ReadableStream) gives a promise of the same result.
 */
export function fromA2UI(input: A2UIInput, options?: A2UIOptions): A2UIResult;
export function fromA2UI(input: A2UIStreamInput, options?: A2UIOptions): Promise<A2UIResult>;
export function fromA2UI(
  input: A2UIInput | A2UIStreamInput,
  options: A2UIOptions = {},
): A2UIResult | Promise<A2UIResult> {
  if (isStream(input)) return fromA2UIStream(input, options);
  try {
    const limits: Limits = resolveLimits(options.limits);
    const stream = { ...DEFAULT_STREAM_LIMITS, ...options.stream };
    const read =
      typeof input === 'string'
        ? readText(input, limits, stream, unwrap)
        : fromValue(input, '', limits, stream, unwrap);
    const reader = new A2UIReader(options);
    reader.issues.push(...read.issues);
    for (const m of read.messages) reader.apply(m.value, m.path);
    return reader.result(read.lines);
  } catch (err) {
    return failed(err);
  }
}

async function fromA2UIStream(source: A2UIStreamInput, options: A2UIOptions): Promise<A2UIResult> {
  try {
    const stream = { ...DEFAULT_STREAM_LIMITS, ...options.stream };
    const reader = new A2UIReader(options);
    const tally = new LineTally(reader.issues, resolveLimits(options.limits), stream.maxMessages);
    for await (const { line, n } of streamLines(source, tally)) {
      const message = tally.line(line, n);
      if (message) for (const m of unwrap(message.value, message.path) ?? [message]) reader.apply(m.value, m.path);
    }
    return reader.result(tally.counts);
  } catch (err) {
    return failed(err);
  }
}

function failed(err: unknown): A2UIResult {
  return {
    ok: false,
    surfaces: [],
    issues: [unreadable('the stream', err)],
    warnings: [],
    lines: { read: 0, malformed: 0 },
    deleted: [],
  };
}
