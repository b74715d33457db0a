// Drives a <jig-surface> from an A2UI or json-render stream: shows a surface once its root's
// closure is complete and gated, applies later data as data updates and structure as gated patches,
// and reports the user's actions back in the peer's own shape.
import type { GateResult } from '../gates/run.js';
import type { LayoutDocument } from '../layout/document.js';
import { escapeSegment, parsePointer } from '../layout/pointer.js';
import { inScope } from '../layout/scope.js';
import { A2UIReader, type A2UIOptions, type A2UIResult, type A2UIStreamInput } from './a2ui.js';
import { detectFormat } from './detect.js';
import { SpecBuilder, SpecFence, specLines, type JsonRenderOptions, type JsonRenderResult } from './json-render.js';
import { DEFAULT_STREAM_LIMITS, isStream, LineTally, parseValue, streamLines } from './lines.js';
import { resolveLimits } from '../gates/run.js';
import type { InteropIssue, PeerAction, ProjectionResult } from './report.js';

/** What the helpers need of a <jig-surface> (its public API), so this module stays free of the DOM classes. */
export interface SurfaceLike extends EventTarget {
  show(input: unknown): Promise<GateResult>;
  patch(ops: unknown): Promise<{ ok: boolean; issues?: unknown[] }>;
  setData(pointer: string, value: unknown): Promise<{ ok: boolean; issues?: unknown[] }>;
  readonly layout: LayoutDocument | null;
}

export interface RenderOptions {
  /** Called with each user action in the peer's shape (also dispatched as `a2ui-action` / `json-render-action`). */
  onAction?: (message: Record<string, unknown>) => void;
  signal?: AbortSignal;
}

/** An A2UI action message as the peer's server expects it (v0.9 `action`, v0.8 `userAction`). */
export interface A2UIActionMessage {
  version?: 'v0.9';
  action?: A2UIAction;
  userAction?: A2UIAction;
}
export interface A2UIAction {
  name: string;
  surfaceId: string;
  sourceComponentId: string;
  timestamp: string;
  context: Record<string, unknown>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Resolves an action's context against the data at the moment of the action. `item` is the
 * pointer of the repeated item the clicked element renders for (its `jig-item`): a pointer
 * relative to the item reads that item's field, as A2UI and json-render resolve it.
 */
function resolveContext(action: PeerAction, data: Record<string, unknown>, item?: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(action.context)) {
    if ('literal' in v) {
      out[k] = v.literal;
      continue;
    }
    const at = inScope(v.pointer, item);
    const parsed = at === null ? null : parsePointer(at);
    if (!parsed?.ok) continue; // relative, outside any item: nothing to read
    let cur: unknown = data;
    // Own values only: a path such as "/valueOf" reads nothing, never a member every object has.
    for (const s of parsed.segments)
      cur =
        (isRecord(cur) || Array.isArray(cur)) && Object.hasOwn(cur, s)
          ? (cur as Record<string, unknown>)[s]
          : undefined;
    out[k] = cur;
  }
  return out;
}

/** The repeated item an action came from: the `jig-item` of the element that sent it, if any. */
function itemOf(e: Event): string | undefined {
  for (const n of e.composedPath()) {
    const item = (n as Partial<Element>).getAttribute?.('jig-item');
    if (item) return item;
  }
  return undefined;
}

/** One changed value of the data, at the deepest pointer where both sides keep the same shape. */
interface DataChange {
  pointer: string;
  value: unknown;
}

const MAX_CHANGES = 64;

/**
 * The values that differ between two data models, each at the deepest pointer where both keep the
 * same keys (objects) or length (arrays), so one changed field of one item of a list is one change
 * and the elements of the other items are left alone. False when there are more than MAX_CHANGES.
 */
function dataChanges(prev: unknown, next: unknown, at: string, out: DataChange[]): boolean {
  if (Array.isArray(prev) && Array.isArray(next) && prev.length === next.length) {
    for (let i = 0; i < next.length; i++) if (!dataChanges(prev[i], next[i], `${at}/${i}`, out)) return false;
    return true;
  }
  if (isRecord(prev) && isRecord(next)) {
    const keys = Object.keys(next);
    if (keys.length === Object.keys(prev).length && keys.every((k) => Object.hasOwn(prev, k))) {
      for (const k of keys) if (!dataChanges(prev[k], next[k], `${at}/${escapeSegment(k)}`, out)) return false;
      return true;
    }
  }
  if (JSON.stringify(prev) === JSON.stringify(next)) return true;
  out.push({ pointer: at, value: next });
  return out.length <= MAX_CHANGES;
}

/** Keeps the page in step with successive projections of one surface. */
class Sync {
  shown: LayoutDocument | null = null;
  projection: ProjectionResult | null = null;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly surface: SurfaceLike) {}

  /** Queued so updates reach the page in the order the messages came. */
  update(p: ProjectionResult): Promise<void> {
    this.queue = this.queue.then(() => this.apply(p));
    return this.queue;
  }

  private async apply(p: ProjectionResult): Promise<void> {
    if (!p.ok || !p.layout) return; // not yet whole: A2UI shows nothing of it; the last good stays
    this.projection = p;
    const next = p.layout;
    const prev = this.shown;
    if (!prev || prev.root !== next.root) {
      const r = await this.surface.show(next);
      if (r.ok) this.shown = next;
      return;
    }
    const sameNodes = JSON.stringify(prev.nodes) === JSON.stringify(next.nodes);
    const prevData = prev.data ?? {};
    const nextData = next.data ?? {};
    if (sameNodes) {
      // Data only: each changed value is a data update at its own pointer, so bound elements
      // change in place and the items of a list that did not change are not touched.
      const changes: DataChange[] = [];
      const fine = dataChanges(prevData, nextData, '', changes);
      if (fine && changes.length === 0) {
        this.shown = next;
        return;
      }
      if (fine && changes.length === 1 && changes[0]!.pointer !== '') {
        if ((await this.surface.setData(changes[0]!.pointer, changes[0]!.value)).ok) this.shown = next;
        return;
      }
      // Several changes apply as one gated patch (all or nothing); a reshaped root as one replacement.
      const ops =
        fine && changes.every((c) => c.pointer !== '')
          ? changes.map((c) => ({ op: 'replace', path: '/data' + c.pointer, value: c.value }))
          : [{ op: 'replace', path: '/data', value: nextData }];
      if ((await this.surface.patch(ops)).ok) this.shown = next;
      return;
    }
    // Structure changed: one gated patch, node by node where the ids line up, else the node list whole.
    const ops: unknown[] = [];
    const sameIds = prev.nodes.length === next.nodes.length && prev.nodes.every((n, i) => n.id === next.nodes[i]!.id);
    if (sameIds)
      next.nodes.forEach((n, i) => {
        if (JSON.stringify(n) !== JSON.stringify(prev.nodes[i]))
          ops.push({ op: 'replace', path: `/nodes/${i}`, value: n });
      });
    else ops.push({ op: 'replace', path: '/nodes', value: next.nodes });
    if (JSON.stringify(prevData) !== JSON.stringify(nextData))
      ops.unshift({
        op: next.data ? (prev.data ? 'replace' : 'add') : 'remove',
        path: '/data',
        ...(next.data ? { value: nextData } : {}),
      });
    if ((await this.surface.patch(ops)).ok) this.shown = next;
  }
}

/** The next task: what the stream has at hand (the rest of a chunk) is read before it runs. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Shows a stream's latest state once the lines at hand are read: lines that arrive together (one
 * chunk) are projected and gated once, not once a line (which was quadratic in a long chunk), and
 * a stream that trickles still shows each state as it comes.
 */
class Latest {
  private dirty = false;
  private running: Promise<void> | null = null;

  constructor(private readonly show: () => Promise<void>) {}

  /** The state changed: show it after the lines at hand. */
  mark(): void {
    this.dirty = true;
    this.running ??= this.run();
  }

  private async run(): Promise<void> {
    try {
      while (this.dirty) {
        await nextTask();
        this.dirty = false;
        await this.show();
      }
    } finally {
      this.running = null;
    }
  }

  /** Resolves once the latest state is shown. */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }
}

function invalid(surface: SurfaceLike, issues: InteropIssue[]): void {
  surface.dispatchEvent(new CustomEvent('jig-invalid', { detail: { issues }, bubbles: true, composed: true }));
}

/**
 * Renders one A2UI surface of a stream (the first one, or `surfaceId`) into a <jig-surface>:
 * messages apply in order, the surface shows once complete and gated, later `updateDataModel` /
 * `dataModelUpdate` messages are data updates and `updateComponents` gated patches. User actions
 * come back as `a2ui-action` events carrying the A2UI message. Resolves with the stream's result.
 */
export async function renderA2UI(
  surface: SurfaceLike,
  source: string | readonly unknown[] | A2UIStreamInput,
  options: RenderOptions & A2UIOptions & { surfaceId?: string } = {},
): Promise<A2UIResult> {
  let reader = new A2UIReader(options);
  const sync = new Sync(surface);
  let target = options.surfaceId;
  const limits = resolveLimits(options.limits);
  const onAction = (e: Event) => {
    const detail = (e as CustomEvent<{ action: string; nodeId: string; data: Record<string, unknown> }>).detail;
    const action = sync.projection?.actions[detail.nodeId];
    if (!action || !target) return;
    const s = reader.surfaces.get(target);
    const body: A2UIAction = {
      name: action.name,
      surfaceId: target,
      sourceComponentId: sync.projection?.ids[detail.nodeId] ?? detail.nodeId,
      timestamp: new Date().toISOString(),
      context: resolveContext(action, detail.data, itemOf(e)),
    };
    const message: A2UIActionMessage = s?.version === 'v0.8' ? { userAction: body } : { version: 'v0.9', action: body };
    surface.dispatchEvent(new CustomEvent('a2ui-action', { detail: message, bubbles: true, composed: true }));
    options.onAction?.(message as Record<string, unknown>);
  };
  surface.addEventListener('jig-action', onAction);
  options.signal?.addEventListener('abort', () => surface.removeEventListener('jig-action', onAction), { once: true });
  /**
   * Applies one message; with `show`, a complete surface goes to the page (gated) at once. True
   * when the message changed the surface rendered here.
   */
  const step = async (value: unknown, path: string, show = true) => {
    const applied = reader.apply(value, path);
    if (applied.kind === 'none') return false;
    target ??= applied.surfaceId;
    if (applied.surfaceId !== target || applied.kind === 'delete') return false;
    if (show && reader.complete(target)) await sync.update(reader.project(target)!);
    return true;
  };
  let tally = new LineTally(reader.issues, limits, DEFAULT_STREAM_LIMITS.maxMessages);
  if (typeof source === 'string' || Array.isArray(source)) {
    const items = typeof source === 'string' ? source.split('\n') : source;
    const all = async (show: boolean) => {
      for (let n = 0; n < items.length; n++) {
        if (options.signal?.aborted) break;
        const item = items[n];
        if (typeof item === 'string') {
          const message = tally.line(item, n);
          if (message) await step(message.value, message.path, show);
        } else {
          tally.counts.read++;
          await step(item, `/${n}`, show);
        }
      }
    };
    // The whole stream is at hand, so no one sees the states between its messages: the surface the
    // last one leaves is projected and gated once (each message gating the whole surface again was
    // quadratic). When that surface does not pass, the messages go again one by one on a fresh
    // reader, each complete state shown as it comes, so the last good state stays as it would streamed.
    await all(false);
    const last = target && reader.complete(target) ? reader.project(target) : null;
    if (last?.ok) await sync.update(last);
    else {
      reader = new A2UIReader(options);
      tally = new LineTally(reader.issues, limits, DEFAULT_STREAM_LIMITS.maxMessages);
      target = options.surfaceId;
      await all(true);
    }
  } else if (isStream(source)) {
    const latest = new Latest(async () => {
      if (target && reader.complete(target)) await sync.update(reader.project(target)!);
    });
    for await (const { line, n } of streamLines(source, tally, options.signal)) {
      const message = tally.line(line, n);
      if (message && (await step(message.value, message.path, false))) latest.mark();
    }
    await latest.settled();
  }
  const result = reader.result(tally.counts);
  const mine = result.surfaces.find((s) => s.surfaceId === target);
  if (!mine?.ok || result.issues.length) invalid(surface, [...result.issues, ...(mine?.issues ?? [])]);
  return result;
}

/**
 * Renders a json-render spec or SpecStream into a <jig-surface>: the spec shows once it passes,
 * each later line is a gated patch (or a data update). Actions come back as `json-render-action`
 * events `{action, params}` with params resolved from the data.
 */
export async function renderJsonRender(
  surface: SurfaceLike,
  source: string | Record<string, unknown> | A2UIStreamInput,
  options: RenderOptions & JsonRenderOptions = {},
): Promise<JsonRenderResult> {
  const limits = resolveLimits(options.limits);
  let builder = new SpecBuilder(limits);
  const sync = new Sync(surface);
  const onAction = (e: Event) => {
    const detail = (e as CustomEvent<{ nodeId: string; data: Record<string, unknown> }>).detail;
    const action = sync.projection?.actions[detail.nodeId];
    if (!action) return;
    const message = {
      action: action.name,
      params: resolveContext(action, detail.data, itemOf(e)),
      sourceElement: sync.projection?.ids[detail.nodeId] ?? detail.nodeId,
    };
    surface.dispatchEvent(new CustomEvent('json-render-action', { detail: message, bubbles: true, composed: true }));
    options.onAction?.(message);
  };
  surface.addEventListener('jig-action', onAction);
  options.signal?.addEventListener('abort', () => surface.removeEventListener('jig-action', onAction), { once: true });
  /** The spec as the lines read so far leave it, gated; kept until another line comes. */
  let settled: JsonRenderResult | undefined;
  const settle = async () => {
    const r = (settled = builder.finish(options));
    if (r.ok) await sync.update(r);
  };
  let passed: JsonRenderResult | undefined;
  if (isRecord(source) && !isStream(source)) {
    builder.spec = source;
  } else if (typeof source === 'string') {
    const whole = source.trim().startsWith('{') ? parseValue(source, '', limits) : undefined;
    if (whole?.ok && isRecord(whole.value) && !('op' in whole.value)) builder.spec = whole.value;
    else {
      // As for A2UI above: the spec the last line leaves is gated once; when it fails, the lines go
      // again one by one on a fresh builder so the last good state shows.
      const lines = [...specLines(source)];
      for (const { line, n } of lines) builder.line(line, n);
      const last = builder.finish(options);
      if (last.ok) passed = last;
      else {
        builder = new SpecBuilder(limits);
        for (const { line, n } of lines) {
          builder.line(line, n);
          await settle();
        }
      }
    }
  } else {
    const fence = new SpecFence(builder.lines);
    const latest = new Latest(settle);
    for await (const { line, n } of streamLines(source, builder.tally, options.signal)) {
      if (!fence.patch(line)) continue;
      builder.line(line, n);
      settled = undefined;
      latest.mark();
    }
    await latest.settled();
  }
  // A whole text that passed at once, or a stream whose last state is shown, is not projected
  // and gated a second time.
  const result = passed ?? settled ?? builder.finish(options);
  if (!result.ok) invalid(surface, result.issues);
  else if (result !== settled) await sync.update(result);
  return result;
}

/** Renders any of the formats: a Jig layout (shown as it is), A2UI or json-render, named or detected. */
export async function renderPeer(
  surface: SurfaceLike,
  source: string | Record<string, unknown> | readonly unknown[],
  options: RenderOptions & A2UIOptions & JsonRenderOptions & { format?: 'auto' | 'jig' | 'a2ui' | 'json-render' } = {},
): Promise<unknown> {
  const format = !options.format || options.format === 'auto' ? detectFormat(source) : options.format;
  if (format === 'a2ui') return renderA2UI(surface, source as string, options);
  if (format === 'json-render') return renderJsonRender(surface, source as string, options);
  return surface.show(source);
}
