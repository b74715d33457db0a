// Node-level gates for streaming: one node at a time, before its siblings have arrived, so a
// surface can paint each node that passes and never one that fails.
import type { Catalog, CatalogEntry } from '../catalog/catalog.js';
import { builtinCatalog } from '../catalog/builtin.js';
import type { LayoutNode } from '../layout/document.js';
import { checkNodeBindings } from './bindings.js';
import { checkNodeCatalog } from './catalog-gate.js';
import { checkNodeEnvelope } from './envelope.js';
import { issue, type Issue } from './issue.js';
import { checkNodePolicy } from './policy.js';
import { resolveLimits, type GateOptions } from './run.js';

export type NodeChecker = (node: unknown, index: number, data: unknown, parentType?: string) => Issue[];

/** Whether a component may sit directly inside a parent of this type (a tab only inside tabs). */
export function parentAllowed(entry: CatalogEntry, parentType: string): boolean {
  return !entry.parents || entry.parents.includes(parentType);
}

export function createNodeChecker(options: GateOptions = {}): NodeChecker {
  const limits = resolveLimits(options.limits);
  const catalog: Catalog = options.catalog ?? builtinCatalog;
  return (raw, index, data, parentType) => {
    const out: Issue[] = [];
    if (!checkNodeEnvelope(raw, index, limits, out)) return out;
    const node = raw as LayoutNode;
    const entry = checkNodeCatalog(node, index, catalog, out);
    checkNodePolicy(entry, node, index, limits, options, out);
    if (entry) {
      checkNodeBindings(entry, node, index, data, out);
      if (parentType !== undefined && !parentAllowed(entry, parentType)) {
        out.push(
          issue(
            'parent_not_allowed',
            `/nodes/${index}`,
            `"${entry.type}" must be a child of ${entry.parents!.join(' or ')}, not of ${parentType}`,
          ),
        );
      }
    }
    return out;
  };
}
