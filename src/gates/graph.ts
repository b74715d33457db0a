// Gate 4, graph: the flat node list forms one tree under `root` — unique ids, children that
// exist, one parent each, no cycles, everything reachable, and within the depth limit.
import type { LayoutNode, Limits } from '../layout/document.js';
import type { DocIndex } from './catalog-gate.js';
import { issue, pointer, type Issue } from './issue.js';

/** Builds the id and parent maps, reporting duplicate ids and children listed twice. */
export function indexNodes(
  nodes: readonly LayoutNode[],
  sound: readonly boolean[],
): { index: DocIndex; issues: Issue[] } {
  const issues: Issue[] = [];
  const byId: DocIndex['byId'] = new Map();
  const parentOf: DocIndex['parentOf'] = new Map();
  for (let i = 0; i < nodes.length; i++) {
    if (!sound[i]) continue;
    const n = nodes[i]!;
    const prior = byId.get(n.id);
    if (prior)
      issues.push(
        issue(
          'duplicate_id',
          pointer('nodes', i, 'id'),
          `the id "${n.id}" is already used by node ${prior.index}; ids must be unique`,
        ),
      );
    else byId.set(n.id, { node: n, index: i });
  }
  for (let i = 0; i < nodes.length; i++) {
    if (!sound[i]) continue;
    const n = nodes[i]!;
    n.children?.forEach((kid, j) => {
      const p = parentOf.get(kid);
      if (p !== undefined) {
        issues.push(
          issue(
            'multiple_parents',
            pointer('nodes', i, 'children', j),
            p === n.id
              ? `"${kid}" is listed twice among the children of "${n.id}"`
              : `"${kid}" is already a child of "${p}"; a node has one parent`,
          ),
        );
      } else parentOf.set(kid, n.id);
    });
  }
  const unsound: DocIndex['unsound'] = { ids: new Set(), below: new Set(), unreadableChildren: false };
  nodes.forEach((n, i) => {
    if (sound[i] || n === null || typeof n !== 'object') return;
    unsound.ids.add(n.id);
    if (Array.isArray(n.children)) n.children.forEach((kid) => unsound.below.add(kid));
    else if (n.children !== undefined) unsound.unreadableChildren = true;
  });
  return { index: { byId, parentOf, unsound }, issues };
}

export function graphGate(
  nodes: readonly LayoutNode[],
  sound: readonly boolean[],
  root: string,
  index: DocIndex,
  limits: Limits,
): Issue[] {
  const issues: Issue[] = [];
  const { byId, parentOf } = index;
  // Nodes the envelope gate refused still exist: they are not "missing", and what they list is
  // not "unreachable". Reporting either would send a repair after a problem that is not there.
  const { ids: unsoundIds, below: belowUnsound, unreadableChildren } = index.unsound;
  nodes.forEach((n, i) => {
    if (!sound[i]) return;
    n.children?.forEach((kid, j) => {
      if (!byId.has(kid) && !unsoundIds.has(kid))
        issues.push(
          issue(
            'missing_child',
            pointer('nodes', i, 'children', j),
            `"${n.id}" lists the child "${kid}", but no node has that id`,
          ),
        );
    });
  });
  const rootEntry = byId.get(root);
  if (!rootEntry) {
    if (!unsoundIds.has(root))
      issues.push(issue('missing_root', '/root', `the root is "${root}", but no node has that id`));
    return issues;
  }
  if (parentOf.has(root)) {
    const p = byId.get(parentOf.get(root)!);
    issues.push(
      issue(
        'root_is_child',
        p ? pointer('nodes', p.index, 'children') : '/root',
        `the root "${root}" is listed as a child of "${parentOf.get(root)}"`,
      ),
    );
  }
  // Walk down from the root. Each node has at most one recorded parent, so a node seen twice
  // on this walk means a cycle; the depth is checked as we go.
  const reached = new Set<string>([root]);
  const stack: [string, number, boolean][] = [[root, 1, false]];
  let deepReported = false;
  while (stack.length) {
    const [id, depth, inForm] = stack.pop()!;
    const entry = byId.get(id)!;
    if (depth > limits.maxTreeDepth && !deepReported) {
      issues.push(
        issue(
          'tree_too_deep',
          pointer('nodes', entry.index),
          `"${id}" is ${depth} levels below the root; the limit is ${limits.maxTreeDepth}`,
        ),
      );
      deepReported = true;
      continue;
    }
    const isForm = entry.node.type === 'form';
    if (isForm && inForm)
      issues.push(
        issue('nested_form', pointer('nodes', entry.index), `form "${id}" is inside another form; forms cannot nest`),
      );
    const kids = entry.node.children ?? [];
    const listed = new Set<string>();
    kids.forEach((kid, j) => {
      // Missing children, other parents and a second listing by this parent are reported above.
      if (!byId.has(kid) || parentOf.get(kid) !== id || listed.has(kid)) return;
      listed.add(kid);
      if (reached.has(kid)) {
        issues.push(
          issue(
            'cycle',
            pointer('nodes', entry.index, 'children', j),
            `"${id}" lists "${kid}", which is one of its ancestors`,
          ),
        );
        return;
      }
      reached.add(kid);
      stack.push([kid, depth + 1, inForm || isForm]);
    });
  }
  if (reached.size < byId.size) {
    const chains = parentChains(parentOf, reached, belowUnsound);
    for (const [id, { index: i }] of byId) {
      if (reached.has(id)) continue;
      const chain = chains(id);
      if (chain.belowUnsound || (chain.end === 'none' && unreadableChildren)) continue;
      issues.push(
        chain.end === 'cycle'
          ? issue('cycle', pointer('nodes', i), `"${id}" is in a cycle of children that never reaches the root`)
          : issue(
              'unreachable',
              pointer('nodes', i),
              `"${id}" cannot be reached from the root "${root}"; list it in a parent's children or remove it`,
            ),
      );
    }
  }
  return issues;
}

interface Chain {
  /** Where the parent chain of an unreached node ends: at a node without a parent, in a loop, or at a reached node. */
  end: 'none' | 'cycle' | 'reached';
  /** Whether some node on the chain is listed by a node the envelope gate refused. */
  belowUnsound: boolean;
}

/**
 * Follows parent links up from unreached nodes, remembering each node's answer: a long chain or
 * loop of unreachable nodes is walked once in all, not once per node (which would be quadratic).
 */
function parentChains(
  parentOf: ReadonlyMap<string, string>,
  reached: ReadonlySet<string>,
  belowUnsound: ReadonlySet<unknown>,
): (id: string) => Chain {
  const memo = new Map<string, Chain>();
  return (id) => {
    const path: string[] = [];
    const onPath = new Map<string, number>();
    let cur: string | undefined = id;
    let tail: Chain;
    for (;;) {
      if (cur === undefined) {
        tail = { end: 'none', belowUnsound: false };
        break;
      }
      if (reached.has(cur)) {
        tail = { end: 'reached', belowUnsound: false };
        break;
      }
      const known = memo.get(cur);
      if (known) {
        tail = known;
        break;
      }
      const at = onPath.get(cur);
      if (at !== undefined) {
        // Every node of a loop has the whole loop above it: they share one answer.
        const loop = path.splice(at);
        tail = { end: 'cycle', belowUnsound: loop.some((c) => belowUnsound.has(c)) };
        for (const c of loop) memo.set(c, tail);
        break;
      }
      onPath.set(cur, path.length);
      path.push(cur);
      cur = parentOf.get(cur);
    }
    for (let j = path.length - 1; j >= 0; j--) {
      tail = { end: tail.end, belowUnsound: tail.belowUnsound || belowUnsound.has(path[j]) };
      memo.set(path[j]!, tail);
    }
    return tail;
  };
}
