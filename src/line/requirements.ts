// What a layout of an intent class must contain before the cheap stations may serve it: the line
// config's `routing.classes[cls].require`, written by the site or learned by the tuner from the
// layouts visitors accepted (src/tune/requirements.ts). Checked as a rule of gate 7.
import type { DomainRule, RuleProblem } from '../gates/domain.js';
import type { Requirement } from './config.js';

/** A layout node as far as requirements read it. */
export interface NodeLike {
  type: string;
  props?: Record<string, unknown>;
}

/** Whether a node is one the requirement counts: its type, and each required prop equal. */
export function matches(node: NodeLike, r: Requirement): boolean {
  if (node.type !== r.type) return false;
  if (!r.props) return true;
  for (const k in r.props) if (!Object.hasOwn(node.props ?? {}, k) || node.props![k] !== r.props[k]) return false;
  return true;
}

/** How many nodes of a layout the requirement counts. */
export function countOf(nodes: readonly NodeLike[], r: Requirement): number {
  let n = 0;
  for (const node of nodes) if (matches(node, r)) n++;
  return n;
}

/** Whether a layout's nodes hold the requirement's component as many times as it asks (default once). */
export function meets(nodes: readonly NodeLike[], r: Requirement): boolean {
  return countOf(nodes, r) >= (r.min ?? 1);
}

/** The requirements a layout's nodes do not meet (none: it has everything). */
export function unmet(nodes: readonly NodeLike[], reqs: readonly Requirement[]): Requirement[] {
  return reqs.filter((r) => !meets(nodes, r));
}

/** One requirement in words: `a text-field with inputType "url"`, `at least 2 × step`. */
export function describeRequirement(r: Requirement): string {
  const props = Object.entries(r.props ?? {})
    .map(([k, v]) => `${k} ${JSON.stringify(v)}`)
    .join(' and ');
  const what = `${r.type}${props ? ` with ${props}` : ''}`;
  return (r.min ?? 1) > 1 ? `at least ${r.min} × ${what}` : `${/^[aeiou]/i.test(r.type) ? 'an' : 'a'} ${what}`;
}

/** The rule a request of class `cls` runs on layouts from the cache and the browser. */
export function requirementRule(cls: string, reqs: readonly Requirement[]): DomainRule {
  return {
    name: `requirements of "${cls}"`,
    check(layout) {
      const problems: RuleProblem[] = [];
      for (const r of unmet(layout.nodes, reqs)) {
        const has = countOf(layout.nodes, r);
        problems.push({
          code: 'missing_requirement',
          path: '',
          message: `needs ${describeRequirement(r)}; this layout has ${has === 0 ? 'none' : has}`,
        });
      }
      return problems;
    },
  };
}
