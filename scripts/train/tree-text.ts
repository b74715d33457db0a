// The layout model's output text: the nested generation form (docs/engines.md, "The nested form") as compact JSON in a
// fixed key order, with the narrow string and number syntax models/README.md promises the engine.
export interface TreeNode {
  type: string;
  props?: Record<string, unknown>;
  children?: TreeNode[];
}
export interface TreeDoc {
  version: 1;
  title?: string;
  data?: Record<string, unknown>;
  tree?: TreeNode;
}

/** Strings the model writes: printable ASCII without `"` or `\`, so no escape is ever needed. */
const PLAIN = /^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/;

function value(v: unknown, at: string): string {
  if (typeof v === 'string') {
    if (!PLAIN.test(v)) throw new Error(`${at}: string ${JSON.stringify(v)} needs an escape or is not printable ASCII`);
    return `"${v}"`;
  }
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || Math.round(v * 100) / 100 !== v)
      throw new Error(`${at}: number ${v} has more than two decimals`);
    return String(v);
  }
  if (typeof v === 'boolean' || v === null) return String(v);
  if (Array.isArray(v)) return `[${v.map((x, i) => value(x, `${at}/${i}`)).join(',')}]`;
  if (typeof v === 'object')
    return `{${Object.entries(v as object)
      .map(([k, x]) => `${value(k, at)}:${value(x, `${at}/${k}`)}`)
      .join(',')}}`;
  throw new Error(`${at}: ${typeof v} is not JSON`);
}

function node(t: TreeNode, at: string): string {
  const parts = [`"type":${value(t.type, at)}`];
  if (t.props && Object.keys(t.props).length) parts.push(`"props":${value(t.props, `${at}/props`)}`);
  if (t.children) parts.push(`"children":[${t.children.map((c, i) => node(c, `${at}/children/${i}`)).join(',')}]`);
  return `{${parts.join(',')}}`;
}

/** Compact JSON, keys in the order version, title, data, tree and type, props, children. Throws on text the contract forbids. */
export function toModelText(d: TreeDoc): string {
  const parts = ['"version":1'];
  if (d.title !== undefined) parts.push(`"title":${value(d.title, '/title')}`);
  if (d.data !== undefined) parts.push(`"data":${value(d.data, '/data')}`);
  if (!d.tree) throw new Error('no tree');
  parts.push(`"tree":${node(d.tree, '/tree')}`);
  return `{${parts.join(',')}}`;
}
