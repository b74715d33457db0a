// Builds a Jig document from a peer's components, one node at a time, keeping where each node
// came from so the gates' issues point back into the peer's input; then runs the full gates.
import type { Catalog } from '../catalog/catalog.js';
import { builtinCatalog } from '../catalog/builtin.js';
import { ID_PATTERN, type LayoutDocument, type LayoutNode } from '../layout/document.js';
import { parsePointer, resolve } from '../layout/pointer.js';
import { runGates, type GateOptions } from '../gates/run.js';
import { patternProblem } from './pattern.js';
import {
  fromGateIssue,
  interopIssue,
  interopWarning,
  unsupported,
  type InteropIssue,
  type PeerAction,
  type ProjectionResult,
} from './report.js';
import type { InteropWarningCode } from '../gates/codes.js';
import { setOwn } from '../util/own.js';

/** A bound value as both peers write it: a literal, or a pointer into the data. */
export type Bound = { literal: unknown } | { pointer: string; seed?: unknown };

/** Where a component sits: inside a repeated template, relative pointers name the item's fields. */
export interface Scope {
  template: boolean;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export class Projection {
  readonly nodes: LayoutNode[] = [];
  /** The peer path of each node, by index. */
  readonly sources: string[] = [];
  readonly issues: InteropIssue[] = [];
  readonly warnings: InteropIssue[] = [];
  readonly actions: Record<string, PeerAction> = {};
  readonly ids: Record<string, string> = {};
  readonly data: Record<string, unknown>;
  private readonly byPeerId = new Map<string, string>();
  private readonly used = new Set<string>();
  private hints: Map<string, string[]> = new Map();

  constructor(
    readonly catalog: Catalog,
    data: unknown,
    readonly dataPath: string,
  ) {
    this.data = isRecord(data) ? structuredClone(data) : {};
  }

  /** The Jig id for a peer id: itself when it fits Jig's pattern, else a readable renaming. */
  id(peerId: string, path: string): string {
    const known = this.byPeerId.get(peerId);
    if (known) return known;
    let id = peerId;
    if (!ID_PATTERN.test(id) || this.used.has(id)) {
      const base =
        peerId
          .replace(/[^A-Za-z0-9_-]+/g, '-')
          .replace(/^[^A-Za-z]+/, '')
          .slice(0, 56) || 'node';
      id = base;
      for (let n = 2; this.used.has(id); n++) id = `${base}-${n}`;
      this.ids[id] = peerId;
      this.warn(
        'renamed_id',
        path,
        `the id ${JSON.stringify(peerId.slice(0, 60))} is not a Jig node id (letters, digits, "-" and "_", starting with a letter); it is "${id}" in the layout`,
      );
    }
    this.byPeerId.set(peerId, id);
    this.used.add(id);
    return id;
  }

  /** An id for a node the import makes (a tab around a peer tab's child, a repeat wrapper). */
  made(base: string, peerId: string): string {
    let id = base.slice(0, 60);
    for (let n = 2; this.used.has(id); n++) id = `${base.slice(0, 56)}-${n}`;
    this.used.add(id);
    this.ids[id] = peerId;
    return id;
  }

  add(node: LayoutNode, source: string): void {
    if (node.props && Object.keys(node.props).length === 0) delete node.props;
    this.nodes.push(node);
    this.sources.push(source);
  }

  /** A stand-in node for a component that was refused, so one refusal does not cascade into graph issues. */
  placeholder(id: string, source: string, what: string): void {
    this.add({ id, type: 'text', props: { text: `[${what}]` } }, source);
  }

  unsupported(path: string, feature: string, why?: string): void {
    this.issues.push(unsupported(path, feature, why));
  }

  issue(i: InteropIssue): void {
    this.issues.push(i);
  }

  warn(code: InteropWarningCode, path: string, message: string): void {
    this.warnings.push(interopWarning(code, path, message));
  }

  /** Presentation hints are gathered per component and reported once. */
  hint(path: string, name: string): void {
    const list = this.hints.get(path) ?? [];
    list.push(name);
    this.hints.set(path, list);
  }

  /**
   * A display prop: `{"$data"}` where the component takes one (it stays live: a data update changes
   * it in place), else the value read now from the data (the renderer re-projects when the data
   * changes). Inside a template a relative pointer can only be kept where Jig takes `{"$data"}`.
   * An absolute pointer must resolve, as the bindings gate requires; the issue names the peer's prop.
   */
  display(
    type: string,
    prop: string,
    value: Bound,
    path: string,
    scope: Scope,
    want: 'string' | 'number' | 'any' = 'string',
  ): unknown {
    if ('literal' in value) return value.literal;
    const pointer = this.absolute(value.pointer, path, scope);
    if (pointer === undefined) return undefined;
    if ('seed' in value && value.seed !== undefined) this.seed(pointer, value.seed, path);
    const entry = this.catalog.get(type);
    const takesData = entry?.roles.some(([name, role]) => name === prop && role.role === 'data');
    if (pointer[0] !== '/') {
      if (takesData) return { $data: pointer };
      this.unsupported(
        path,
        `reading "${prop}" of a repeated item (${JSON.stringify(pointer)})`,
        `Jig's ${type} takes a literal ${prop}, not {"$data": …}`,
      );
      return undefined;
    }
    const r = this.read(pointer, path);
    if (r === undefined) return undefined;
    if (takesData) return { $data: pointer };
    if (want === 'any') return r.value;
    if (want === 'number') {
      if (typeof r.value === 'number') return r.value;
    } else if (typeof r.value === 'string') return r.value;
    else if (typeof r.value === 'number' || typeof r.value === 'boolean') return String(r.value);
    this.issue({
      gate: 'bindings',
      code: 'type_mismatch',
      path,
      message: `${JSON.stringify(pointer)} holds ${Array.isArray(r.value) ? 'an array' : typeof r.value}; "${prop}" needs ${want === 'number' ? 'a number' : 'text'}`,
    });
    return undefined;
  }

  /** The value at an absolute display pointer, or undefined with the issue reported at the peer's path. */
  private read(pointer: string, path: string): { value: unknown } | undefined {
    const parsed = parsePointer(pointer);
    if (!parsed.ok) {
      this.issue({
        gate: 'bindings',
        code: parsed.reason === 'forbidden' ? 'forbidden_segment' : 'bad_pointer',
        path,
        message: parsed.message,
      });
      return undefined;
    }
    const r = resolve(this.data, parsed.segments);
    if (!r.found) {
      this.issue({
        gate: 'bindings',
        code: 'unresolved_pointer',
        path,
        message: `${JSON.stringify(pointer)} does not resolve in the data; a display binding must name a value that is there`,
      });
      return undefined;
    }
    return { value: r.value };
  }

  /**
   * An input's binding. A pointer binds; a missing parent object is created; a literal without a
   * pointer becomes local state under `/_local/<id>` (the input still edits it, as in the peer).
   */
  bind(value: Bound | undefined, nodeId: string, path: string, scope: Scope, fallback: unknown): string | undefined {
    if (value === undefined || 'literal' in value) {
      const local = isRecord(this.data._local) ? this.data._local : (this.data._local = {});
      (local as Record<string, unknown>)[nodeId] =
        value && 'literal' in value && value.literal !== undefined && value.literal !== null ? value.literal : fallback;
      this.warn(
        'seeded_data',
        path,
        `the input has no data path; its value lives in the layout's data at /_local/${nodeId}`,
      );
      return `/_local/${nodeId}`;
    }
    const pointer = this.absolute(value.pointer, path, scope);
    if (pointer === undefined) return undefined;
    if (pointer[0] === '/') {
      this.parents(pointer, path);
      if ('seed' in value && value.seed !== undefined) this.seed(pointer, value.seed, path);
    }
    return pointer;
  }

  /** Writes a value at a pointer (v0.8's path-and-literal shorthand seeds the data model). */
  seed(pointer: string, value: unknown, path: string): void {
    const parsed = parsePointer(pointer);
    if (!parsed.ok) return;
    this.parents(pointer, path);
    let cur: unknown = this.data;
    // Through own objects only: a path through a number or a string (`/a/b` where /a is 5) seeds nothing.
    for (const s of parsed.segments.slice(0, -1))
      cur =
        (isRecord(cur) || Array.isArray(cur)) && Object.hasOwn(cur, s)
          ? (cur as Record<string, unknown>)[s]
          : undefined;
    if (isRecord(cur)) setOwn(cur, parsed.segments[parsed.segments.length - 1]!, value);
  }

  /** Creates missing parent objects of an absolute pointer (A2UI and json-render create them on write). */
  private parents(pointer: string, path: string): void {
    const parsed = parsePointer(pointer);
    if (!parsed.ok) return;
    let cur: unknown = this.data;
    const made: string[] = [];
    for (const s of parsed.segments.slice(0, -1)) {
      if (!isRecord(cur)) return;
      if (!Object.hasOwn(cur, s)) {
        cur[s] = {};
        made.push(s);
      }
      cur = cur[s];
    }
    if (made.length)
      this.warn(
        'seeded_data',
        path,
        `created the missing object${made.length > 1 ? 's' : ''} ${made.map((m) => JSON.stringify(m)).join(', ')} so ${JSON.stringify(pointer)} can be written`,
      );
  }

  /**
   * A pointer as Jig reads it in this scope: relative pointers stay relative inside a template;
   * outside one, a pointer without "/" is read from the root (as both peers do) and reported.
   */
  absolute(pointer: string, path: string, scope: Scope): string | undefined {
    if (typeof pointer !== 'string') {
      this.issue({
        gate: 'bindings',
        code: 'bad_pointer',
        path,
        message: `a data path is a string, received ${typeof pointer}`,
      });
      return undefined;
    }
    if (pointer === '.' || pointer === '' || pointer === '/') {
      if (scope.template && pointer !== '/') {
        this.unsupported(path, 'a binding to the whole repeated item (".")', 'Jig binds fields of an item');
        return undefined;
      }
      this.unsupported(path, 'a binding to the whole data model');
      return undefined;
    }
    if (pointer[0] === '/' || scope.template) return pointer;
    this.warn(
      'cleaned_up',
      path,
      `the path ${JSON.stringify(pointer)} has no leading "/" outside a template; read as "/${pointer}"`,
    );
    return '/' + pointer;
  }

  /** A validation pattern: refused when it could backtrack catastrophically, otherwise set aside. */
  pattern(pattern: unknown, path: string): void {
    const problem =
      typeof pattern !== 'string' ? 'a pattern is a string' : (patternProblem(pattern) ?? syntaxProblem(pattern));
    if (problem) {
      this.issue(interopIssue('unsafe_pattern', path, `the validation pattern is refused: ${problem}`));
      return;
    }
    this.warn(
      'dropped_check',
      path,
      'the pattern check was set aside: Jig inputs have no pattern prop (it is never evaluated here)',
    );
  }

  /** Runs the gates on the projected document and maps their issues back to the peer's paths. */
  finish(root: string, title: string | undefined, options: GateOptions): ProjectionResult {
    for (const [path, names] of this.hints)
      this.warn('ignored_hint', path, `presentation hints Jig does not take were set aside: ${names.join(', ')}`);
    this.hints = new Map();
    const doc: LayoutDocument = {
      version: 1,
      ...(title ? { title } : {}),
      root,
      ...(Object.keys(this.data).length ? { data: this.data } : {}),
      nodes: this.nodes,
    };
    const verdict = runGates(doc, { catalog: this.catalog, ...options });
    const issues = [...this.issues];
    if (!verdict.ok) {
      for (const i of verdict.issues) issues.push(fromGateIssue(i, this.peerPath(i.path), i.path));
    }
    const warnings = [
      ...this.warnings,
      ...(verdict.ok ? verdict.warnings.map((w) => fromGateIssue(w, this.peerPath(w.path), w.path)) : []),
    ];
    const ok = verdict.ok && issues.length === 0;
    return {
      ok,
      ...(ok && verdict.ok ? { layout: verdict.layout } : { projected: doc }),
      issues,
      warnings,
      actions: this.actions,
      ids: this.ids,
    };
  }

  private peerPath(layoutPath: string): string {
    const m = /^\/nodes\/(\d+)(\/.*)?$/.exec(layoutPath);
    if (m) return this.sources[Number(m[1])] ?? layoutPath;
    if (layoutPath.startsWith('/data')) return this.dataPath + layoutPath.slice(5);
    return '';
  }
}

function syntaxProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern, 'u');
    return undefined;
  } catch {
    try {
      new RegExp(pattern);
      return undefined;
    } catch (err) {
      return `it is not a valid regular expression (${err instanceof Error ? err.message : String(err)})`;
    }
  }
}

export { builtinCatalog };
