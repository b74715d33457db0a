// The held-out eval's fit check: does a layout have what the intent needs? A need names a
// component type, optionally props it must carry (equal values) and how many (default 1).

export interface Need {
  type: string;
  props?: Record<string, unknown>;
  min?: number;
}

export interface Fit {
  needs: Need[];
}

interface FlatNode {
  type: string;
  props?: Record<string, unknown>;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The needs a flat layout misses (none: it fits). */
export function missingNeeds(layout: { nodes: readonly FlatNode[] }, fit: Fit): Need[] {
  return fit.needs.filter((need) => {
    const count = layout.nodes.filter(
      (n) => n.type === need.type && Object.entries(need.props ?? {}).every(([k, v]) => same(n.props?.[k], v)),
    ).length;
    return count < (need.min ?? 1);
  });
}

export function fits(layout: { nodes: readonly FlatNode[] }, fit: Fit): boolean {
  return missingNeeds(layout, fit).length === 0;
}
