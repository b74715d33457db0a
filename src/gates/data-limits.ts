// The limits a layout's data must keep whenever it changes: the same checks the gates make on the
// document's data, for a surface to run again on each data update before the page shows it.
import type { LayoutDocument } from '../layout/document.js';
import { bindingsAfterChange, bindingsGate } from './bindings.js';
import { issue, preview, type Issue } from './issue.js';
import { checkJsonValue } from './parse.js';
import { checkValue } from './policy.js';
import { builtinCatalog } from '../catalog/builtin.js';
import { capIssues, resolveLimits, type GateOptions } from './run.js';

/**
 * Checks `data` as the new data of a layout that passed the gates: plain JSON within the size and
 * depth limits, keys and strings within theirs, no prototype keys, every binding still resolving
 * with a fitting type, and everything a node shows from data within the limits of its literal prop.
 * Pure: neither the layout nor the data is changed. An empty list means the update may be shown.
 */
export function checkDataLimits(layout: LayoutDocument, data: unknown, options: GateOptions = {}): Issue[] {
  const limits = resolveLimits(options.limits);
  const catalog = options.catalog ?? builtinCatalog;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return [issue('wrong_type', '/data', `expected data as an object, received ${preview(data)}`)];
  }
  const shape = checkJsonValue(data, limits);
  if (shape.issues.length) return shape.issues.map((i) => ({ ...i, path: '/data' + i.path }));
  const out: Issue[] = [];
  checkValue(data, ['data'], limits, out);
  const nodes = Array.isArray(layout.nodes) ? layout.nodes : [];
  const sound = nodes.map((n) => n !== null && typeof n === 'object' && typeof n.type === 'string');
  out.push(...bindingsGate(nodes, sound, catalog, data, layout.root, limits));
  return capIssues(out);
}

/**
 * `checkDataLimits` for one change: `data` is the new data, equal to the checked data but for the
 * value at `changed` (`value`). Checks that value's shape and policy, the size of the whole
 * (`bytes`: the checked data's size plus the change), and the bindings around `changed` only, so
 * a figure updated in a list of 200 costs the nodes that show it, not the whole layout.
 */
export function checkDataChange(
  layout: LayoutDocument,
  data: Record<string, unknown>,
  changed: string,
  value: unknown,
  bytes: number,
  options: GateOptions = {},
): Issue[] {
  const limits = resolveLimits(options.limits);
  const catalog = options.catalog ?? builtinCatalog;
  const segments =
    changed === ''
      ? []
      : changed
          .slice(1)
          .split('/')
          .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const at = '/data' + changed;
  if (bytes > limits.maxBytes)
    return [
      issue(
        'too_large',
        '/data',
        `with this change the layout's data is about ${bytes} bytes; the limit is ${limits.maxBytes}`,
      ),
    ];
  const shape = checkJsonValue(value, {
    ...limits,
    maxJsonDepth: Math.max(0, limits.maxJsonDepth - segments.length - 2),
  });
  if (shape.issues.length) return shape.issues.map((i) => ({ ...i, path: at + i.path }));
  const out: Issue[] = [];
  checkValue(value, ['data', ...segments], limits, out);
  const nodes = Array.isArray(layout.nodes) ? layout.nodes : [];
  out.push(...bindingsAfterChange(nodes, catalog, data, layout.root, limits, changed));
  return capIssues(out);
}

/** The size the gates count for a JSON value (as `checkJsonValue` measures it). */
export function jsonBytes(value: unknown): number {
  return checkJsonValue(value, { ...resolveLimits(), maxBytes: Infinity, maxJsonDepth: Infinity }).bytes;
}
