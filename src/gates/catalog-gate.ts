// Gate 3, catalog: each node's type is in the catalog, its props pass the component's zod
// schema (unknown props refused), and its children are of the types and number it takes.
import * as z from 'zod/mini';
import type { Catalog, CatalogEntry, PropProblem } from '../catalog/catalog.js';
import type { LayoutNode } from '../layout/document.js';
import { editDistance } from '../util/edit-distance.js';
import { valueAt, zodIssueMessage } from '../util/zod-issue.js';
import { issue, pointer, preview, type Issue } from './issue.js';

/** Closest known type, for "did you mean" in messages. */
function suggest(type: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const k of known) {
    // Lengths further apart than the best distance so far cannot beat it: skip the table.
    if (Math.abs(type.length - k.length) >= bestD) continue;
    const d = editDistance(type.toLowerCase(), k);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best;
}

/** What a prop that is a union (a literal or a binding) expected. */
export const PROP_UNION = { union: 'a literal value or {"$data": "/pointer"}' };

/** Props of one node against its component's schema. */
export function checkProps(entry: CatalogEntry, node: LayoutNode, index: number, out: Issue[]): void {
  const props = node.props ?? {};
  const r = z.safeParse(entry.props, props);
  if (r.success) {
    if (entry.check) checkAcross(entry, r.data, index, out);
    return;
  }
  for (const zi of r.error.issues) {
    const path = zi.path.map(String);
    if (zi.code === 'unrecognized_keys') {
      for (const key of zi.keys) {
        const at = pointer('nodes', index, 'props', ...path, key);
        const known = path.length === 0 ? Object.keys(entry.props._zod.def.shape) : [];
        out.push(
          issue(
            'unknown_prop',
            at,
            path.length === 0
              ? `"${entry.type}" has no prop "${key}"; its props are ${known.length ? known.join(', ') : 'none'}`
              : `unexpected key "${key}"`,
          ),
        );
      }
      continue;
    }
    const at = pointer('nodes', index, 'props', ...path);
    // A missing prop that may come from data fails its union, not a type: still a missing prop.
    if ((zi.code === 'invalid_type' || zi.code === 'invalid_union') && valueAt(props, zi.path) === undefined) {
      const expected = zi.code === 'invalid_type' ? zi.expected : PROP_UNION.union;
      out.push(issue('missing_prop', at, `"${entry.type}" needs the prop "${path.join('.')}" (${expected})`));
    } else {
      out.push(issue('invalid_prop', at, `${entry.type}.${path.join('.')}: ${zodIssueMessage(zi, props, PROP_UNION)}`));
    }
  }
}

/** The component's checks across props; a site's check that throws counts as a failure, never a pass. */
function checkAcross(entry: CatalogEntry, props: unknown, index: number, out: Issue[]): void {
  let problems: readonly PropProblem[];
  try {
    problems = entry.check!(props as Record<string, unknown>);
  } catch (err) {
    out.push(
      issue(
        'invalid_prop',
        pointer('nodes', index, 'props'),
        `the checks of "${entry.type}" failed: ${err instanceof Error ? err.message : String(err)}`,
      ),
    );
    return;
  }
  for (const p of problems) out.push(issue(p.code, pointer('nodes', index, 'props', ...p.path), p.message));
}

/** Type and props of one node (used while streaming, before siblings arrive). */
export function checkNodeCatalog(
  node: LayoutNode,
  index: number,
  catalog: Catalog,
  out: Issue[],
): CatalogEntry | undefined {
  const entry = catalog.get(node.type);
  if (!entry) {
    const hint = suggest(node.type, catalog.types);
    out.push(
      issue(
        'unknown_type',
        pointer('nodes', index, 'type'),
        `unknown component type ${preview(node.type)}${hint ? `; did you mean "${hint}"?` : ''} Known types: ${catalog.types.join(', ')}`,
      ),
    );
    return undefined;
  }
  checkProps(entry, node, index, out);
  if (node.children?.length && entry.children.kind === 'none') {
    out.push(
      issue(
        'children_not_allowed',
        pointer('nodes', index, 'children'),
        `"${entry.type}" takes no children, received ${node.children.length}`,
      ),
    );
  }
  return entry;
}

export interface DocIndex {
  /** First node for each id. */
  byId: Map<string, { node: LayoutNode; index: number }>;
  /** Parent id of each child id (first listing wins). */
  parentOf: Map<string, string>;
  /**
   * Nodes the envelope gate refused still exist: their ids, the ids they list, and whether one
   * lists children unreadably. Nothing is reported missing, unreachable or misplaced for them.
   */
  unsound: { ids: Set<unknown>; below: Set<unknown>; unreadableChildren: boolean };
}

export function catalogGate(
  nodes: readonly LayoutNode[],
  sound: readonly boolean[],
  catalog: Catalog,
  index: DocIndex,
): Issue[] {
  const out: Issue[] = [];
  for (let i = 0; i < nodes.length; i++) {
    if (!sound[i]) continue;
    const node = nodes[i]!;
    const entry = checkNodeCatalog(node, i, catalog, out);
    if (!entry) continue;
    const rule = entry.children;
    const kids = node.children ?? [];
    if (rule.kind !== 'none' && rule.max !== undefined && kids.length > rule.max) {
      out.push(
        issue(
          'too_many_children',
          pointer('nodes', i, 'children'),
          `"${entry.type}" takes at most ${rule.max} children, received ${kids.length}`,
        ),
      );
    }
    if (rule.kind === 'only') {
      kids.forEach((kid, j) => {
        const child = index.byId.get(kid);
        if (child && !rule.types.includes(child.node.type)) {
          out.push(
            issue(
              'child_type_not_allowed',
              pointer('nodes', i, 'children', j),
              `"${entry.type}" takes only ${rule.types.join(', ')}; "${kid}" is a ${child.node.type}`,
            ),
          );
        }
      });
    }
    if (
      entry.parents &&
      !index.unsound.below.has(node.id) &&
      !(index.unsound.unreadableChildren && !index.parentOf.has(node.id))
    ) {
      const parentId = index.parentOf.get(node.id);
      const parent = parentId === undefined ? undefined : index.byId.get(parentId);
      if (!parent || !entry.parents.includes(parent.node.type)) {
        out.push(
          issue(
            'parent_not_allowed',
            pointer('nodes', i),
            `"${entry.type}" "${node.id}" must be a child of ${entry.parents.join(' or ')}${parent ? `, not of ${parent.node.type} "${parentId}"` : ''}`,
          ),
        );
      }
    }
  }
  return out;
}
