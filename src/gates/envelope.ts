// Gate 2, envelope: the document's own keys and types (docs/format.md §1–2), node shapes and ids,
// and the node-count limit. Everything later relies on what this gate establishes.
import { checkCondition } from '../layout/condition.js';
import { DOCUMENT_KEYS, ID_PATTERN, NODE_KEYS, type Limits } from '../layout/document.js';
import { issue, pointer, preview, type Issue } from './issue.js';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const docKeys: ReadonlySet<string> = new Set(DOCUMENT_KEYS);
const nodeKeys: ReadonlySet<string> = new Set(NODE_KEYS);

/** Checks one node's shape; `index` places it in the document. */
export function checkNodeEnvelope(node: unknown, index: number, limits: Limits, out: Issue[]): boolean {
  const at = (...s: (string | number)[]) => pointer('nodes', index, ...s);
  if (!isObject(node)) {
    out.push(issue('wrong_type', at(), `expected a node object {"id", "type", …}, received ${preview(node)}`));
    return false;
  }
  let ok = true;
  for (const k of Object.keys(node)) {
    if (!nodeKeys.has(k) && node[k] !== undefined) {
      out.push(
        issue('unknown_key', at(k), `a node has only id, type, props, children, repeat and visible; received "${k}"`),
      );
      ok = false;
    }
  }
  if (node.id === undefined) {
    out.push(issue('missing_key', at('id'), 'every node needs an "id"'));
    ok = false;
  } else if (typeof node.id !== 'string') {
    out.push(issue('wrong_type', at('id'), `expected the id as a string, received ${preview(node.id)}`));
    ok = false;
  } else if (!ID_PATTERN.test(node.id)) {
    out.push(
      issue(
        'bad_id',
        at('id'),
        `expected an id like "name_1" (a letter, then letters, digits, "_" or "-", at most 64), received ${preview(node.id)}`,
      ),
    );
    ok = false;
  }
  if (node.type === undefined) {
    out.push(issue('missing_key', at('type'), 'every node needs a "type" from the catalog'));
    ok = false;
  } else if (typeof node.type !== 'string') {
    out.push(issue('wrong_type', at('type'), `expected the type as a string, received ${preview(node.type)}`));
    ok = false;
  }
  if (node.props !== undefined && !isObject(node.props)) {
    out.push(issue('wrong_type', at('props'), `expected props as an object, received ${preview(node.props)}`));
    ok = false;
  }
  if (node.repeat !== undefined && (typeof node.repeat !== 'string' || node.repeat === '')) {
    out.push(
      issue(
        'bad_repeat',
        at('repeat'),
        `expected "repeat" as a pointer to an array in data such as "/items", received ${preview(node.repeat)}`,
      ),
    );
    ok = false;
  }
  if (node.visible !== undefined) {
    for (const p of checkCondition(node.visible).problems) {
      out.push(issue('bad_condition', at('visible') + p.path, p.message));
      ok = false;
    }
  }
  if (node.children !== undefined) {
    const c = node.children;
    if (!Array.isArray(c)) {
      out.push(issue('wrong_type', at('children'), `expected children as an array of ids, received ${preview(c)}`));
      ok = false;
    } else {
      if (c.length > limits.maxChildren) {
        out.push(
          issue(
            'too_many_nodes',
            at('children'),
            `a node may list at most ${limits.maxChildren} children, received ${c.length}`,
          ),
        );
        ok = false;
      }
      for (let j = 0; j < c.length && j < limits.maxChildren; j++) {
        if (typeof c[j] !== 'string') {
          out.push(issue('wrong_type', at('children', j), `expected a child id string, received ${preview(c[j])}`));
          ok = false;
        } else if (!ID_PATTERN.test(c[j] as string)) {
          out.push(issue('bad_id', at('children', j), `expected a node id, received ${preview(c[j])}`));
          ok = false;
        }
      }
    }
  }
  return ok;
}

export interface EnvelopeResult {
  issues: Issue[];
  /** False when the document's shape is too broken for later gates to read. */
  readable: boolean;
  /** Indexes of nodes whose shape is sound (later gates check only these). */
  soundNodes: boolean[];
}

export function envelopeGate(doc: unknown, limits: Limits): EnvelopeResult {
  const issues: Issue[] = [];
  if (!isObject(doc)) {
    issues.push(
      issue('not_an_object', '', `expected a layout object {"version": 1, "root", "nodes"}, received ${preview(doc)}`),
    );
    return { issues, readable: false, soundNodes: [] };
  }
  for (const k of Object.keys(doc)) {
    if (!docKeys.has(k) && doc[k] !== undefined)
      issues.push(issue('unknown_key', pointer(k), `a layout has only ${DOCUMENT_KEYS.join(', ')}; received "${k}"`));
  }
  if (doc.version === undefined) issues.push(issue('missing_key', '/version', 'expected "version": 1'));
  else if (doc.version !== 1)
    issues.push(issue('bad_version', '/version', `expected "version": 1, received ${preview(doc.version)}`));
  if (doc.title !== undefined && typeof doc.title !== 'string')
    issues.push(issue('wrong_type', '/title', `expected the title as a string, received ${preview(doc.title)}`));
  if (doc.root === undefined) issues.push(issue('missing_key', '/root', 'expected "root": the id of the top node'));
  else if (typeof doc.root !== 'string')
    issues.push(issue('wrong_type', '/root', `expected the root id as a string, received ${preview(doc.root)}`));
  else if (!ID_PATTERN.test(doc.root))
    issues.push(issue('bad_id', '/root', `expected a node id, received ${preview(doc.root)}`));
  if (doc.data !== undefined && !isObject(doc.data))
    issues.push(issue('wrong_type', '/data', `expected data as an object, received ${preview(doc.data)}`));
  const nodes = doc.nodes;
  if (nodes === undefined) {
    issues.push(issue('missing_key', '/nodes', 'expected "nodes": an array of node objects'));
    return { issues, readable: false, soundNodes: [] };
  }
  if (!Array.isArray(nodes)) {
    issues.push(issue('wrong_type', '/nodes', `expected nodes as an array, received ${preview(nodes)}`));
    return { issues, readable: false, soundNodes: [] };
  }
  if (nodes.length === 0) {
    issues.push(issue('empty_nodes', '/nodes', 'expected at least one node'));
    return { issues, readable: false, soundNodes: [] };
  }
  if (nodes.length > limits.maxNodes) {
    issues.push(
      issue('too_many_nodes', '/nodes', `expected at most ${limits.maxNodes} nodes, received ${nodes.length}`),
    );
    return { issues, readable: false, soundNodes: [] };
  }
  const soundNodes = nodes.map((n, i) => checkNodeEnvelope(n, i, limits, issues));
  const readable = typeof doc.root === 'string';
  return { issues, readable, soundNodes };
}
