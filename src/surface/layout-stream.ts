// Reads a layout document as it streams in and hands over each node the moment it is complete
// and passes the node-level gates, so a surface can paint it; the final verdict comes after.
// The document is found by the parse gate's own rule (JsonScanner): the text painted is the text judged.
import type { GateOptions } from '../gates/run.js';
import { resolveLimits } from '../gates/run.js';
import { createNodeChecker, parentAllowed } from '../gates/node-checker.js';
import { builtinCatalog } from '../catalog/builtin.js';
import type { Catalog } from '../catalog/catalog.js';
import { issue, pointer, type Issue } from '../gates/issue.js';
import { JsonScanner, type PathSegment } from '../layout/json-scanner.js';
import type { LayoutNode } from '../layout/document.js';
import { readTreePrefix } from '../layout/tree.js';

export interface StreamHandlers {
  /** A node passed its own gates and its parent chain reaches the root: paint it. */
  paint(node: LayoutNode, index: number): void;
  /** A node failed its own gates and will not be painted. */
  reject?(index: number, issues: Issue[]): void;
  /** The document's `data` member is complete (painted inputs and `$data` props read it). */
  data?(value: unknown): void;
}

/** Text chunks from a fetch body, a model, or anything async-iterable. */
export type LayoutSource = ReadableStream<string | Uint8Array> | AsyncIterable<string | Uint8Array>;

export function isLayoutSource(value: unknown): value is LayoutSource {
  return (
    value !== null && typeof value === 'object' && (value instanceof ReadableStream || Symbol.asyncIterator in value)
  );
}

export async function* readChunks(source: LayoutSource, signal?: AbortSignal): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  if (source instanceof ReadableStream) {
    const reader = source.getReader();
    const onAbort = () => {
      reader.cancel(signal?.reason).catch(() => undefined);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done || signal?.aborted) break;
        yield typeof value === 'string' ? value : decoder.decode(value, { stream: true });
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      reader.releaseLock();
    }
  } else {
    for await (const value of source) {
      if (signal?.aborted) break;
      yield typeof value === 'string' ? value : decoder.decode(value, { stream: true });
    }
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}

export class LayoutStream {
  readonly scanner: JsonScanner;
  root: string | undefined;
  data: unknown;
  /** Nodes received so far by index, and which of them are painted. */
  readonly received = new Map<number, LayoutNode>();
  readonly painted = new Map<string, { node: LayoutNode; index: number }>();
  /** Issues found at node level while streaming (the final gates report the full list). */
  readonly issues: Issue[] = [];
  private readonly parentOf = new Map<string, string>();
  private readonly waiting = new Map<string, { node: LayoutNode; index: number }>();
  private readonly check;
  private readonly catalog: Catalog;
  private readonly maxBytes: number;
  private length = 0;

  constructor(
    options: GateOptions,
    private readonly handlers: StreamHandlers,
  ) {
    const limits = resolveLimits(options.limits);
    this.maxBytes = limits.maxBytes;
    this.check = createNodeChecker(options);
    this.catalog = options.catalog ?? builtinCatalog;
    this.scanner = new JsonScanner({
      maxDepth: limits.maxJsonDepth,
      notifyDepth: 2,
      onValue: (path, start, end) => this.onValue(path, start, end),
    });
  }

  /** The whole text received. */
  get text(): string {
    return this.scanner.text;
  }
  /** The document's text, once it is complete: what was painted, and what the final gates check. */
  get document(): string | undefined {
    return this.scanner.document;
  }
  /**
   * The document's text so far, from its opening "{" (undefined before it opens). A reader of
   * another form (the nested tree) paints from this, so it reads the document the gates judge.
   */
  get documentSoFar(): string | undefined {
    const s = this.scanner;
    return s.start < 0 ? undefined : s.text.slice(s.start, s.end < 0 ? undefined : s.end);
  }

  /** Feeds a chunk; returns an issue when the stream must stop now (too large, broken JSON). */
  push(chunk: string): Issue | undefined {
    this.length += chunk.length;
    if (this.length > this.maxBytes) return issue('too_large', '', `the stream passed the ${this.maxBytes}-byte limit`);
    if (this.scanner.done) return undefined; // trailing chatter after the object
    this.scanner.feed(chunk);
    const e = this.scanner.error;
    if (e) return issue(e.code, pointer(...e.path), e.message);
    this.readTree(chunk);
    return undefined;
  }

  // The nested form (docs/engines.md): a node is ready once its own props are complete. Its index
  // and id are the ones flattenTree gives it (document order, `<type>-<n>`), so the nodes
  // painted are the nodes the final gates judge.
  private tree:
    | { ready: number; nodes: Array<LayoutNode | undefined>; counters: Map<string, number>; ids: Set<string> }
    | undefined;

  private readTree(chunk: string): void {
    // A node can only become ready where an object closes or a children list opens.
    if (this.received.size || !/[}[]/.test(chunk)) return;
    const doc = this.documentSoFar;
    if (doc === undefined || doc.length > TREE_STREAM_MAX || !doc.includes('"tree"')) return;
    const { nodes } = readTreePrefix(doc);
    const t = (this.tree ??= { ready: 0, nodes: [], counters: new Map(), ids: new Set() });
    for (; t.ready < nodes.length; t.ready++) {
      const index = t.ready;
      const { type, props, extra, parent } = nodes[index]!;
      const parentNode = parent < 0 ? undefined : t.nodes[parent];
      t.nodes[index] = undefined;
      if (parent >= 0 && !parentNode) continue; // below a node that did not paint
      let id = extra.id as string | undefined;
      if (typeof id !== 'string') {
        const base = /^[A-Za-z][A-Za-z0-9_-]{0,40}$/.test(type) ? type : 'node';
        let n = t.counters.get(base) ?? 0;
        do id = `${base}-${++n}`;
        while (t.ids.has(id));
        t.counters.set(base, n);
      }
      t.ids.add(id);
      const { id: _given, ...rest } = extra;
      const node: LayoutNode = { id, type, ...(props ? { props } : {}), ...rest };
      const problems = this.check(node, index, this.data, parentNode?.type);
      if (problems.length) {
        this.issues.push(...problems);
        this.handlers.reject?.(index, problems);
        continue;
      }
      if (this.painted.has(id)) continue; // a repeated id never paints
      t.nodes[index] = node;
      if (parentNode) (parentNode.children ??= []).push(id);
      else this.root = id;
      this.painted.set(id, { node, index });
      this.handlers.paint(node, index);
    }
  }

  private onValue(path: readonly PathSegment[], start: number, end: number): void {
    const text = this.scanner.text;
    if (path.length === 1) {
      if (path[0] === 'root') {
        this.root = safeParse(text.slice(start, end)) as string;
        const w = this.root === undefined ? undefined : this.waiting.get(this.root);
        if (w) {
          this.waiting.delete(this.root!);
          this.consider(w.node, w.index);
        }
      } else if (path[0] === 'data') {
        this.data = safeParse(text.slice(start, end));
        this.handlers.data?.(this.data);
      }
      return;
    }
    if (path.length !== 2 || path[0] !== 'nodes' || typeof path[1] !== 'number') return;
    const index = path[1];
    const duplicatesBefore = this.scanner.duplicates.length;
    const node = safeParse(text.slice(start, end)) as LayoutNode;
    const problems = this.check(node, index, this.data);
    if (
      this.scanner.duplicates.some((d, i) => i >= duplicatesBefore || (d.path[0] === 'nodes' && d.path[1] === index))
    ) {
      problems.push(issue('duplicate_key', pointer('nodes', index), 'this node has a key twice'));
    }
    if (problems.length) {
      this.issues.push(...problems);
      this.handlers.reject?.(index, problems);
      return;
    }
    this.received.set(index, node);
    for (const kid of node.children ?? []) if (!this.parentOf.has(kid)) this.parentOf.set(kid, node.id);
    this.consider(node, index);
  }

  /** Paints a node whose parent is painted (or the root), then any children waiting for it. */
  private consider(node: LayoutNode, index: number): void {
    if (this.painted.has(node.id) || this.waiting.has(node.id)) return; // a duplicate id never paints
    const parentId = this.parentOf.get(node.id);
    const parent = parentId === undefined ? undefined : this.painted.get(parentId);
    if (node.id !== this.root && !parent) {
      this.waiting.set(node.id, { node, index });
      return;
    }
    if (parent && parent.node.children?.includes(node.id) === false) return;
    // The node passed its own gates on arrival; only the parent rule (a tab inside tabs) waits
    // for the parent, so that alone is checked here.
    const entry = this.catalog.get(node.type);
    if (parent && entry && !parentAllowed(entry, parent.node.type)) return;
    this.painted.set(node.id, { node, index });
    this.handlers.paint(node, index);
    for (const kid of node.children ?? []) {
      const w = this.waiting.get(kid);
      if (w) {
        this.waiting.delete(kid);
        this.consider(w.node, w.index);
      }
    }
  }
}

/** Past this size a nested document paints when complete: reading its prefix again per chunk would cost too much. */
const TREE_STREAM_MAX = 256 * 1024;

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
