// Repeat and visibility at the bindings gate: which nodes sit inside a repeat, what each repeat
// expands to with the data at hand, and every pointer (relative ones made absolute) checked per item.
import type { Catalog } from '../catalog/catalog.js';
import { checkRelative, hasRelative, inScope, isRelativePointer, rebaseProps } from '../layout/scope.js';
import { isDataRef, type LayoutNode, type Limits } from '../layout/document.js';
import { parsePointer, resolve } from '../layout/pointer.js';
import { issue, pointer, preview, type Issue } from './issue.js';

/** One place a node renders: the template node, and the repeat item it renders for (if any). */
export interface Instance {
  index: number;
  /** The item's pointer (`/items/3`) that relative pointers join; undefined outside a repeat. */
  base?: string;
}

export interface Scopes {
  /** Per node: whether it sits inside a repeat (its own or an ancestor's). */
  inRepeat: boolean[];
  /** Every place a node renders with this data, template nodes in document order per item. */
  instances: Instance[];
}

/** Escapes one path segment of a condition path; condition paths are already pointers. */
const visibleAt = (i: number, path: string) => pointer('nodes', i, 'visible') + path;

/**
 * Walks the tree from the root: marks nodes inside a repeat, checks each repeat pointer and expands
 * it with `data`, and stops (with `repeat_too_large`) once the expansion passes `limits.maxNodes`.
 * Nodes the walk does not reach (a broken graph, reported by the graph gate) count as outside any repeat.
 */
export function expandScopes(
  nodes: readonly LayoutNode[],
  sound: readonly boolean[],
  root: unknown,
  data: unknown,
  limits: Pick<Limits, 'maxNodes'>,
  out: Issue[],
): Scopes {
  const byId = new Map<string, number>();
  nodes.forEach((n, i) => {
    if (sound[i] && !byId.has(n.id)) byId.set(n.id, i);
  });
  const inRepeat = nodes.map(() => false);
  const instances: Instance[] = [];
  const rootIndex = typeof root === 'string' ? byId.get(root) : undefined;
  if (rootIndex === undefined)
    return { inRepeat, instances: nodes.map((_, index) => ({ index })).filter((x) => sound[x.index]) };

  // Template pass: scope flags, and repeat pointers that cannot mean anything.
  const seen = new Set<number>();
  const mark = (i: number, scoped: boolean) => {
    if (seen.has(i)) return;
    seen.add(i);
    const node = nodes[i]!;
    const repeat = node.repeat;
    if (typeof repeat === 'string') {
      if (i === rootIndex)
        out.push(
          issue(
            'bad_repeat',
            pointer('nodes', i, 'repeat'),
            `the root node renders once; put "repeat" on a node inside it (received ${preview(repeat)} on "${node.id}")`,
          ),
        );
      else if (isRelativePointer(repeat) && !scoped)
        out.push(issue('bad_pointer', pointer('nodes', i, 'repeat'), relativeMessage(node.id, repeat)));
      else {
        const problem = isRelativePointer(repeat) ? checkRelative(repeat) : parseProblem(repeat);
        if (problem)
          out.push(
            problem.startsWith('pointer') && problem.includes('never allowed')
              ? issue('forbidden_segment', pointer('nodes', i, 'repeat'), problem)
              : issue('bad_pointer', pointer('nodes', i, 'repeat'), problem),
          );
      }
    }
    const own = scoped || typeof repeat === 'string';
    inRepeat[i] = own;
    for (const kid of node.children ?? []) {
      const k = byId.get(kid);
      if (k !== undefined) mark(k, own);
    }
  };
  mark(rootIndex, false);

  // Item pass: each node once per item of each repeat it sits in.
  let over = false;
  const visited = new Set<string>();
  const expand = (i: number, base: string | undefined, depth: number, repeater: number): void => {
    if (over || depth > 256) return;
    const key = `${i}@${base ?? ''}`;
    if (visited.has(key)) return; // a cycle (reported by the graph gate)
    visited.add(key);
    const node = nodes[i]!;
    const bases: (string | undefined)[] = [];
    if (typeof node.repeat === 'string' && i !== rootIndex) {
      const at = inScope(node.repeat, base);
      const p = at === null ? null : parsePointer(at);
      if (!p?.ok) return; // reported above
      const r = resolve(data, p.segments);
      if (!r.found) {
        out.push(
          issue(
            'unresolved_pointer',
            pointer('nodes', i, 'repeat'),
            `"${node.id}" repeats over ${at}, which is not in data; add an array there`,
          ),
        );
        return;
      }
      if (!Array.isArray(r.value)) {
        out.push(
          issue(
            'repeat_not_list',
            pointer('nodes', i, 'repeat'),
            `"${node.id}" repeats over ${at}, which holds ${preview(r.value)}; expected an array`,
          ),
        );
        return;
      }
      for (let k = 0; k < r.value.length; k++) bases.push(`${at}/${k}`);
      repeater = i;
    } else bases.push(base);
    for (const b of bases) {
      if (over) return;
      if (instances.length >= limits.maxNodes) {
        over = true;
        out.push(
          issue(
            'repeat_too_large',
            repeater >= 0 ? pointer('nodes', repeater, 'repeat') : pointer('nodes', i),
            `with this data the layout expands to more than ${limits.maxNodes} nodes (items × the nodes each item repeats); show fewer items or fewer nodes per item`,
          ),
        );
        return;
      }
      instances.push({ index: i, base: b });
      for (const kid of node.children ?? []) {
        const k = byId.get(kid);
        if (k !== undefined) expand(k, b, depth + 1, repeater);
      }
    }
  };
  expand(rootIndex, undefined, 0, -1);
  // Nodes the walk did not reach are still checked once, outside any repeat.
  for (let i = 0; i < nodes.length; i++) if (sound[i] && !seen.has(i)) instances.push({ index: i });
  return { inRepeat, instances };
}

function parseProblem(p: string): string | null {
  const r = parsePointer(p);
  return r.ok ? null : r.message;
}

function relativeMessage(id: string, p: string): string {
  return `"${id}" uses ${JSON.stringify(p.slice(0, 60))}, a pointer relative to a repeat item, but no node around it has "repeat"; start it with "/" to point into data`;
}

/**
 * The bindings gate's view of repeats: nodes that read relative pointers are checked once per
 * item with those pointers made absolute; outside a repeat a relative pointer is an issue of its
 * own. `check` is the per-node bindings check. Issues repeated across items are reported once.
 */
export function checkScopedBindings(
  nodes: readonly LayoutNode[],
  sound: readonly boolean[],
  catalog: Catalog,
  data: unknown,
  scopes: Scopes,
  check: (node: LayoutNode, index: number, out: Issue[]) => void,
  out: Issue[],
  only?: string,
): void {
  const seen = new Set<string>();
  const push = (x: Issue) => {
    const key = `${x.code}\u0000${x.path}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(x);
  };
  const sink: Issue[] = [];
  const flush = () => {
    for (const x of sink) push(x);
    sink.length = 0;
  };
  const checkedTemplate = new Set<number>();

  for (const { index: i, base } of scopes.instances) {
    const node = nodes[i]!;
    const entry = catalog.get(node.type);
    if (only !== undefined && !readsAround(entry, node, base, only)) continue;
    const relative = hasRelative(entry, node);
    if (!relative) {
      // The same check for every item: once is enough.
      if (checkedTemplate.has(i)) continue;
      checkedTemplate.add(i);
      if (entry) check(node, i, sink);
      visibleResolves(node, i, undefined, data, sink);
      flush();
      continue;
    }
    if (!scopes.inRepeat[i] || base === undefined) {
      if (checkedTemplate.has(i)) continue;
      checkedTemplate.add(i);
      outsideRepeat(entry, node, i, sink);
      if (entry) check(withoutRelative(entry, node), i, sink);
      flush();
      continue;
    }
    if (!checkedTemplate.has(i)) {
      checkedTemplate.add(i);
      relativeSyntax(entry, node, i, sink);
      flush();
    }
    if (entry) check({ ...node, props: rebaseProps(entry, node.props, base) }, i, sink);
    visibleResolves(node, i, base, data, sink);
    flush();
  }
  // Templates that rendered no item (an empty list): their own syntax and absolute pointers still count.
  if (only !== undefined) return;
  for (let i = 0; i < nodes.length; i++) {
    if (!sound[i] || checkedTemplate.has(i) || !scopes.inRepeat[i]) continue;
    const node = nodes[i]!;
    const entry = catalog.get(node.type);
    relativeSyntax(entry, node, i, sink);
    if (entry) check(withoutRelative(entry, node), i, sink);
    flush();
  }
}

function outsideRepeat(entry: ReturnType<Catalog['get']>, node: LayoutNode, i: number, out: Issue[]): void {
  for (const [prop, value, at] of relativeProps(entry, node, i))
    out.push(issue('bad_pointer', at, relativeMessage(node.id, value) + ` (prop ${prop})`));
}

function relativeSyntax(entry: ReturnType<Catalog['get']>, node: LayoutNode, i: number, out: Issue[]): void {
  for (const [, value, at] of relativeProps(entry, node, i)) {
    const problem = checkRelative(value);
    if (problem) out.push(issue(problem.includes('never allowed') ? 'forbidden_segment' : 'bad_pointer', at, problem));
  }
}

/** Relative pointers a node reads: [prop or "visible", pointer, issue path]. */
function relativeProps(entry: ReturnType<Catalog['get']>, node: LayoutNode, i: number): [string, string, string][] {
  const found: [string, string, string][] = [];
  if (entry && node.props) {
    for (const [prop, role] of entry.roles) {
      const v = node.props[prop];
      if (role.role === 'bind' && isRelativePointer(v)) found.push([prop, v, pointer('nodes', i, 'props', prop)]);
      else if (role.role === 'data' && isDataRef(v) && isRelativePointer(v.$data))
        found.push([prop, v.$data, pointer('nodes', i, 'props', prop, '$data')]);
    }
  }
  if (node.visible !== undefined) {
    for (const [path, p] of conditionEntries(node.visible))
      if (isRelativePointer(p)) found.push(['visible', p, visibleAt(i, path)]);
  }
  return found;
}

/** The node with its relative props left out, so the per-node check sees only absolute pointers. */
function withoutRelative(entry: NonNullable<ReturnType<Catalog['get']>>, node: LayoutNode): LayoutNode {
  if (!node.props) return node;
  let props: Record<string, unknown> | null = null;
  for (const [prop, role] of entry.roles) {
    const v = node.props[prop];
    if (
      (role.role === 'bind' && isRelativePointer(v)) ||
      (role.role === 'data' && isDataRef(v) && isRelativePointer(v.$data))
    ) {
      props ??= { ...node.props };
      delete props[prop];
    }
  }
  return props ? { ...node, props } : node;
}

/** Each `$data` of a condition with its path inside the condition (`/and/0/$data`). */
function conditionEntries(c: unknown): [string, string][] {
  const out: [string, string][] = [];
  const visit = (x: unknown, path: string) => {
    if (x === null || typeof x !== 'object') return;
    const o = x as Record<string, unknown>;
    if (Array.isArray(o.and)) o.and.forEach((y, k) => visit(y, `${path}/and/${k}`));
    else if (Array.isArray(o.or)) o.or.forEach((y, k) => visit(y, `${path}/or/${k}`));
    else if ('not' in o) visit(o.not, `${path}/not`);
    else if (typeof o.$data === 'string') out.push([`${path}/$data`, o.$data]);
  };
  visit(c, '');
  return out;
}

/** A condition's pointers resolve in data (relative ones under the item); a missing value is an issue, as for `$data` props. */
function visibleResolves(node: LayoutNode, i: number, base: string | undefined, data: unknown, out: Issue[]): void {
  if (node.visible === undefined) return;
  for (const [path, p] of conditionEntries(node.visible)) {
    const at = visibleAt(i, path);
    const abs = inScope(p, base);
    if (abs === null) continue; // reported as bad_pointer (relative outside a repeat)
    const parsed = parsePointer(abs);
    if (!parsed.ok) {
      out.push(issue(parsed.reason === 'forbidden' ? 'forbidden_segment' : 'bad_pointer', at, parsed.message));
      continue;
    }
    if (!resolve(data, parsed.segments).found)
      out.push(
        issue(
          'unresolved_pointer',
          at,
          `the "visible" condition of "${node.id}" reads ${abs}, which is not in data; add it to data`,
        ),
      );
  }
}

/** Whether `a` and `b` name the same value or one holds the other. */
export function related(a: string, b: string): boolean {
  return a === b || a === '' || b === '' || a.startsWith(b + '/') || b.startsWith(a + '/');
}

/** Whether an instance reads data at, above or below `changed` (its props, condition or repeat list). */
function readsAround(
  entry: ReturnType<Catalog['get']>,
  node: LayoutNode,
  base: string | undefined,
  changed: string,
): boolean {
  const near = (p: unknown) => {
    if (typeof p !== 'string') return false;
    const abs = inScope(p, base);
    return abs !== null && related(abs, changed);
  };
  // A list matters when it (or what holds it) changes: a change inside one item leaves the count.
  if (typeof node.repeat === 'string') {
    const list = inScope(node.repeat, base);
    if (list !== null && (changed === '' || list === changed || list.startsWith(changed + '/'))) return true;
  }
  if (entry && node.props) {
    for (const [prop, role] of entry.roles) {
      const v = node.props[prop];
      if (role.role === 'bind' && near(v)) return true;
      if (role.role === 'data' && isDataRef(v) && near(v.$data)) return true;
    }
  }
  return node.visible !== undefined && conditionEntries(node.visible).some(([, p]) => near(p));
}
