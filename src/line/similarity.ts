// Structural agreement between layouts: the component skeleton in tree order and the data
// pointers they bind. Used by the vote (which sample the others agree with) and consistency checks.
import type { LayoutDocument } from '../layout/document.js';
import { isDataRef } from '../layout/document.js';
import { editDistance } from '../util/edit-distance.js';

export interface Skeleton {
  /** `depth:type` for each node reached from the root, depth first. */
  shape: string[];
  /** Every `bind` and `$data` pointer. */
  pointers: Set<string>;
}

export function skeleton(layout: LayoutDocument): Skeleton {
  const byId = new Map(layout.nodes.map((n) => [n.id, n]));
  const shape: string[] = [];
  const pointers = new Set<string>();
  const seen = new Set<string>();
  const walk = (id: string, depth: number) => {
    const n = byId.get(id);
    if (!n || seen.has(id)) return;
    seen.add(id);
    shape.push(`${depth}:${n.type}`);
    for (const v of Object.values(n.props ?? {})) {
      if (isDataRef(v)) pointers.add(v.$data);
    }
    if (typeof n.props?.bind === 'string') pointers.add(n.props.bind);
    for (const c of n.children ?? []) walk(c, depth + 1);
  };
  walk(layout.root, 0);
  return { shape, pointers };
}

/**
 * Similarity in [0, 1]: 0.7 × (1 − edit distance of the skeletons / the longer one) + 0.3 ×
 * Jaccard of the pointer sets (1 when neither binds anything). Identical structure gives 1.
 */
export function similarity(a: LayoutDocument | Skeleton, b: LayoutDocument | Skeleton): number {
  const x = 'shape' in a ? a : skeleton(a);
  const y = 'shape' in b ? b : skeleton(b);
  const longest = Math.max(x.shape.length, y.shape.length);
  const shape = longest === 0 ? 1 : 1 - editDistance(x.shape, y.shape) / longest;
  const union = new Set([...x.pointers, ...y.pointers]);
  let both = 0;
  for (const p of x.pointers) if (y.pointers.has(p)) both++;
  const binds = union.size === 0 ? 1 : both / union.size;
  return Math.round((0.7 * shape + 0.3 * binds) * 1e6) / 1e6;
}

export interface VoteOutcome {
  /** Index (into the samples) of the layout the others agree with most. */
  medoid: number;
  /** Mean similarity of the medoid to every other sample, failed samples counting 0. */
  agreement: number;
  /** Pairwise similarities of the passing samples. */
  matrix: number[][];
}

/**
 * Picks the medoid among the samples that passed the gates. `total` is the number of samples
 * drawn (failed ones count as full disagreement). Null when none passed.
 */
export function vote(passing: readonly LayoutDocument[], total = passing.length): VoteOutcome | null {
  if (passing.length === 0) return null;
  const sk = passing.map(skeleton);
  const matrix = sk.map((a, i) => sk.map((b, j) => (i === j ? 1 : similarity(a, b))));
  let medoid = 0;
  let best = -1;
  matrix.forEach((row, i) => {
    const sum = row.reduce((s, v, j) => s + (i === j ? 0 : v), 0);
    if (sum > best) {
      best = sum;
      medoid = i;
    }
  });
  const others = Math.max(1, total - 1);
  const agreement = total <= 1 ? 1 : Math.round((best / others) * 1e6) / 1e6;
  return { medoid, agreement, matrix };
}
