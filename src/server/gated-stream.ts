// What the premium station streams to the browser: never the upstream's raw text, only the
// layout document rebuilt from members and nodes that passed their gates as they arrived.
import { createNodeChecker, type NodeChecker } from '../gates/node-checker.js';
import { resolveLimits, type GateOptions } from '../gates/run.js';
import { checkJsonValue } from '../gates/parse.js';
import { ID_PATTERN, LAYOUT_VERSION, MAX_TITLE, type LayoutDocument, type Limits } from '../layout/document.js';
import { JsonScanner, type PathSegment } from '../layout/json-scanner.js';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Reads one attempt's upstream text and returns, piece by piece, the text the client may see:
 * `{"version":1,"title":…,"root":…,"data":…,"nodes":[node, node, …` with each member checked
 * and each node through the node-level gates. The document is found in the text by the parse
 * gate's own rule (a JsonScanner), so what streams is what the final verdict reads; chatter,
 * a second object, a rejected node or a member that fails its check never leave the server.
 * When the verdict passes, `close` completes the text so it parses to the approved layout.
 */
export class GatedStream {
  private readonly scanner: JsonScanner;
  private readonly check: NodeChecker;
  private readonly limits: Limits;
  private out = '';
  private opened = false;
  private nodesOpen = false;
  private data: unknown;
  /** Top-level members already sent, with the text sent for each. */
  private readonly sentMembers = new Map<string, string>();
  /** Node texts sent, in order. */
  private readonly sentNodes: string[] = [];

  constructor(options: GateOptions = {}) {
    this.limits = resolveLimits(options.limits);
    this.check = createNodeChecker(options);
    this.scanner = new JsonScanner({
      maxDepth: this.limits.maxJsonDepth,
      notifyDepth: 2,
      onValue: (path, start, end) => this.onValue(path, start, end),
    });
  }

  /** Feeds upstream text; returns the gated text to send now (often ''). */
  push(text: string): string {
    if (!this.scanner.done && !this.scanner.failed && this.scanner.text.length + text.length <= this.limits.maxBytes)
      this.scanner.feed(text);
    const ready = this.out;
    this.out = '';
    return ready;
  }

  /**
   * The rest of the text once the whole attempt passed: the members and nodes not sent yet and
   * the closing brackets. Empty when what was sent does not lead to `layout` (then the client
   * keeps the verdict's layout and the streamed text stays an unfinished document).
   */
  close(layout: LayoutDocument): string {
    const nodes = layout.nodes.map((n) => JSON.stringify(n));
    if (this.sentNodes.some((t, i) => nodes[i] !== t)) return '';
    for (const [key, text] of this.sentMembers) if (JSON.stringify(Reflect.get(layout, key)) !== text) return '';
    let tail = '';
    if (this.nodesOpen)
      tail +=
        nodes
          .slice(this.sentNodes.length)
          .map((t) => `,${t}`)
          .join('') + ']';
    else tail += `${this.opened ? ',' : '{'}"nodes":[${nodes.join(',')}]`;
    for (const [key, value] of Object.entries(layout)) {
      if (key === 'nodes' || this.sentMembers.has(key) || value === undefined) continue;
      tail += `,${JSON.stringify(key)}:${JSON.stringify(value)}`;
    }
    return tail + '}';
  }

  private emit(text: string): void {
    this.out += (this.opened ? ',' : '{') + text;
    this.opened = true;
  }

  private onValue(path: readonly PathSegment[], start: number, end: number): void {
    const text = this.scanner.text.slice(start, end);
    if (path.length === 1 && typeof path[0] === 'string') this.member(path[0], text);
    else if (path.length === 2 && path[0] === 'nodes' && typeof path[1] === 'number') this.node(path[1], text);
  }

  /** version, title, root and data go out before the first node when they pass; later ones wait for `close`. */
  private member(key: string, text: string): void {
    if (this.nodesOpen || this.sentMembers.has(key) || this.twice(key)) return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return;
    }
    const fine =
      key === 'version'
        ? value === LAYOUT_VERSION
        : key === 'title'
          ? typeof value === 'string' && value.length <= MAX_TITLE
          : key === 'root'
            ? typeof value === 'string' && ID_PATTERN.test(value)
            : key === 'data'
              ? isObject(value) && checkJsonValue(value, this.limits).issues.length === 0
              : false;
    if (!fine) return;
    if (key === 'data') this.data = value;
    const json = JSON.stringify(value);
    this.sentMembers.set(key, json);
    this.emit(`${JSON.stringify(key)}:${json}`);
  }

  private node(index: number, text: string): void {
    // Only nodes in order: a gap (a node that failed) ends what streams of this attempt.
    if (index !== this.sentNodes.length || this.twice('nodes', index)) return;
    let node: unknown;
    try {
      node = JSON.parse(text);
    } catch {
      return;
    }
    if (this.check(node, index, this.data).length) return;
    const json = JSON.stringify(node);
    if (!this.nodesOpen) {
      this.emit('"nodes":[');
      this.nodesOpen = true;
      this.out += json;
    } else this.out += `,${json}`;
    this.sentNodes.push(json);
  }

  /** A key written twice anywhere in this member or node: the gates refuse the document, so nothing of it streams. */
  private twice(key: string, index?: number): boolean {
    return this.scanner.duplicates.some(
      (d) => d.path.length <= 1 || (d.path[0] === key && (index === undefined || d.path[1] === index)),
    );
  }
}
