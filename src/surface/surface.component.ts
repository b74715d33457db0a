// <jig-surface>: takes a layout (object, JSON text or a stream of text), runs the gates, and
// renders only what passes — painting nodes as they stream in and keeping the last good layout
// when a new one fails.
import { Task, TaskStatus, initialState } from '@lit/task';
import { LitElement, css, html, render, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Catalog } from '../catalog/catalog.js';
import { builtinCatalog } from '../catalog/builtin.js';
import type { DomainRule } from '../gates/domain.js';
import { issue, type Issue } from '../gates/issue.js';
import { runGates, type GateOptions, type GateResult } from '../gates/run.js';
import { DEFAULT_LIMITS, type LayoutDocument, type LayoutNode, type Limits } from '../layout/document.js';
import type { PatchOp } from '../layout/patch.js';
import { parsePointer, resolve } from '../layout/pointer.js';
import type { Line, LineResult } from '../line/line.js';
import type { LineTrace, TraceStep } from '../line/trace.js';
import type { StationKind } from '../line/config.js';
import { DataModel } from './data-model.js';
import { emit } from './events.js';
import { isLayoutSource, LayoutStream, readChunks, type LayoutSource } from './layout-stream.js';
import { detectFormat } from '../interop/detect.js';
import type { LivePlan, LiveResult } from '../layout/live.js';
import { newDependencies, renderNode, reshapes, type Dependencies, type RenderState } from './render.js';
import { surfaceStyles } from './surface.styles.js';

export type LayoutInput = LayoutDocument | string | LayoutSource | null;

/** A layout being streamed: painted as it comes, inert and without image loads until it passes. */
interface Draft {
  container: HTMLElement;
  model: DataModel;
  nodes: Map<string, LayoutNode>;
  visible: Set<string>;
  /** Paints at the next frame (at most once per frame), from `root`. */
  schedule(root: string | undefined): void;
  /** No paint happens after this. */
  cancel(): void;
}

/** The layout on screen: its document, live data, container, and what its shape depends on. */
interface Shown {
  layout: LayoutDocument;
  model: DataModel;
  container: HTMLElement;
  nodes: Map<string, LayoutNode>;
  deps: Dependencies;
  /** Stops following the model's changes (the layout left the page). */
  unlisten(): void;
}

/** A text painted as it streamed, waiting for its verdict (null: a newer layout replaced it). */
type Painted = { run: number; t0: number; draft: Draft; stopped?: Issue; judge(): unknown } | null;

const replaced = (): GateResult => ({ ok: false, issues: [issue('empty_input', '', 'replaced by a newer layout')] });

const now = () => performance.now();
/** Patch application and live planning, in their own chunk: only pages that call patch, setData or streamPatches load it. */
const loadLive = () => import('../layout/live.js');

function lookup(data: unknown, pointer: string): unknown {
  if (pointer === '') return data;
  const p = parsePointer(pointer);
  return p.ok ? resolve(data, p.segments).value : undefined;
}

const fallbackNoteStyles = css`
  .fallback-note {
    margin-block-end: var(--jig-space-s, 0.5rem);
    padding: var(--jig-space-s, 0.5rem) var(--jig-space-m, 1rem);
    border-radius: var(--jig-radius, 8px);
    background: var(--jig-color-warning-bg, light-dark(#fff6e0, #3a2f12));
    color: var(--jig-color-text, light-dark(#1d1f24, #e6e8ee));
    font-size: 0.9em;
  }
`;

/**
 * @summary Renders a layout document after the quality gates pass it; never renders what fails.
 * @slot fallback - Shown when no layout has passed yet and the latest one failed.
 * @event jig-render - Every node is in the page and updated: `{layout, ms}`.
 * @event jig-invalid - A layout failed its gates: `{issues, layout?}`; the last good layout stays.
 * @event jig-action - A form or button fired an action: `{action, nodeId, data}` (from the components).
 * @event jig-node - A node was painted while streaming: `{nodeId, type}`.
 * @event jig-trace - A step of the line's trace for the current intent: `{trace, step}`.
 * @csspart notice - The short notice shown when nothing can be shown.
 * @csspart fallback-note - With `fallback-note`: the note saying why the line's fallback layout is on screen.
 * @cssproperty --jig-color-scheme - `light dark` (default), `light` or `dark`.
 */
export class JigSurface extends LitElement {
  static override styles = [surfaceStyles, fallbackNoteStyles];

  /** Actions the page accepts; others fail the policy gate. Attribute: space-separated names. */
  @property({
    converter: {
      fromAttribute: (v: string | null) => (v ? v.split(/[\s,]+/).filter(Boolean) : undefined),
      toAttribute: (v?: string[]) => v?.join(' '),
    },
  })
  actions: string[] | undefined;

  /** The components layouts may use (default: the built-in catalog). */
  @property({ attribute: false }) catalog: Catalog = builtinCatalog;
  /** Size limits; unset ones keep their defaults. */
  @property({ attribute: false }) limits: Partial<Limits> | undefined;
  /** The site's domain rules (gate 7). */
  @property({ attribute: false }) rules: readonly DomainRule[] = [];
  /** Set while a stream is being read. */
  @property({ type: Boolean, reflect: true }) streaming = false;

  /** The production line `intent` and `assemble()` run (see src/line). */
  @property({ attribute: false }) line: Line | undefined;
  /** An intent: setting it (with a `line`) assembles a layout for it, cancelling the one in progress. */
  @property() intent: string | undefined;
  /** Context sent with the intent (JSON-serialisable). */
  @property({ attribute: false }) context: unknown;

  /**
   * Shows a note above the line's fallback layout saying why it is there. Off by default: the
   * reason is developer text (it goes to the trace, `jig-trace` events and the console), and a
   * site's fallback should read as the site wrote it.
   */
  @property({ type: Boolean, attribute: 'fallback-note' }) fallbackNote = false;

  /** Set while `assemble()` runs (for `intent` or called directly): a page can show that work is under way. */
  @property({ type: Boolean, reflect: true }) assembling = false;

  /**
   * What `show()` and `layout` read besides Jig's own layouts: `a2ui` or `json-render` messages and
   * streams, or `auto` to detect them (docs/interop.md). Default `jig`: nothing else is read.
   */
  @property() format: 'jig' | 'a2ui' | 'json-render' | 'auto' = 'jig';

  @state() private showFallback = false;
  @state() private fallbackReason = '';
  #assembly: AbortController | null = null;
  /** The gates the layout on screen passed (a line's, when the line made it): patches and repaints use them. */
  #shownGates: GateOptions | null = null;

  /**
   * The run for `intent`: a new intent or line aborts the one in progress. Its outcome is in the
   * trace and the events; `intentStatus` says where it is.
   */
  #intentRun = new Task(this, {
    args: () => [this.intent, this.line] as const,
    task: async ([intent, line], { signal }) => {
      if (!intent || !line) return initialState;
      // After this update: assembling sets properties of its own.
      await Promise.resolve();
      return this.assemble({ intent, context: this.context, signal });
    },
    onError: (err: unknown) => {
      if ((err as Error)?.name !== 'AbortError') console.error(err);
    },
  });

  /** Where the run for `intent` is: `idle` (no intent or line), `pending`, `complete` or `error`. */
  get intentStatus(): 'idle' | 'pending' | 'complete' | 'error' {
    switch (this.#intentRun.status) {
      case TaskStatus.PENDING:
        return 'pending';
      case TaskStatus.COMPLETE:
        return 'complete';
      case TaskStatus.ERROR:
        return 'error';
      default:
        return 'idle';
    }
  }
  #trace: LineTrace | null = null;
  #station: StationKind | null = null;

  /** The station whose layout is on screen after the latest `assemble()`, or null. */
  get station(): StationKind | null {
    return this.#station;
  }

  /** The trace of the latest (or running) `assemble()`, or null. */
  get trace(): LineTrace | null {
    return this.#trace;
  }

  /** The verdict on the latest layout given. */
  lastVerdict: GateResult | null = null;

  #good: Shown | null = null;
  #draft: Draft | null = null;
  #run = 0;
  #abort: AbortController | null = null;
  #pending: LayoutInput = null;

  /** The layout on screen (the last one that passed), or null. */
  get layout(): LayoutDocument | null {
    return this.#good?.layout ?? null;
  }

  /** Assign an object, JSON text or a stream; the gates decide whether it renders. */
  set layout(value: LayoutInput) {
    if (!this.isConnected && !this.hasUpdated) {
      this.#pending = value;
      return;
    }
    void this.show(value);
  }

  /** The live data of the layout on screen (inputs write here). */
  get model(): DataModel | null {
    return this.#good?.model ?? null;
  }

  /** A snapshot of the data of the layout on screen. */
  get data(): Record<string, unknown> | null {
    return this.#good?.model.snapshot() ?? null;
  }

  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'layout'];
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (name === 'layout') {
      if (value !== null && value !== old) this.layout = value;
      return;
    }
    super.attributeChangedCallback(name, old, value);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.#pending !== null) {
      const p = this.#pending;
      this.#pending = null;
      void this.updateComplete.then(() => this.show(p));
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#abort?.abort();
    this.#assembly?.abort();
  }

  /**
   * Runs the line for an intent: paints each station's attempt as it streams, shows it or takes it
   * away on the line's verdict (the line gates each text once, with its catalog, rules and limits
   * and this surface's actions), then shows the layout the line chose — or its fallback. A newer
   * call cancels this one (it then resolves with null).
   */
  async assemble(request: { intent: string; context?: unknown; signal?: AbortSignal }): Promise<LineResult | null> {
    const line = this.line;
    if (!line) throw new Error('<jig-surface> has no line: set `surface.line = createLine(config)` before assembling');
    this.#assembly?.abort();
    const ctrl = new AbortController();
    this.#assembly = ctrl;
    request.signal?.addEventListener('abort', () => ctrl.abort(request.signal?.reason), { once: true });
    if (request.signal?.aborted) ctrl.abort(request.signal.reason);
    // The line's gates, not this surface's own properties: they stay as the page set them.
    const gates: GateOptions = {
      catalog: line.catalog,
      rules: line.rules,
      ...(line.limits ? { limits: line.limits } : {}),
      ...(this.actions ? { actions: this.actions } : {}),
    };
    this.fallbackReason = '';
    this.assembling = true;
    const passed = new Map<unknown, GateResult>();
    // A verdict with no text before it (the cache, the fallback) is shown with the result, below.
    let unpainted: GateResult | null = null;
    let painting: Promise<Painted> | null = null;
    let result: LineResult;
    try {
      const assembly = line.assemble({
        intent: request.intent,
        context: request.context,
        signal: ctrl.signal,
        ...(this.actions ? { actions: this.actions } : {}),
        onStep: (step: TraceStep, trace: LineTrace) => {
          this.#trace = trace;
          emit(this, 'jig-trace', { trace, step });
        },
      });
      for await (const event of assembly) {
        if (event.kind === 'attempt') {
          painting = this.paint(event.text, gates, ctrl.signal);
          continue;
        }
        if (event.verdict.ok) passed.set(event.verdict.layout, event.verdict);
        if (!painting) {
          unpainted = event.verdict;
          continue;
        }
        const painted = await painting;
        painting = null;
        if (painted) await this.settle(event.verdict, painted.run, painted.t0, painted.draft, gates);
      }
      result = await assembly;
    } catch (err) {
      // What this run painted and nobody judged leaves the page (unless a newer layout took over).
      const painted = await painting;
      if (painted && painted.run === this.#run) this.begin();
      if (ctrl.signal.aborted) return null;
      // The line failed unexpectedly: what was on screen stays, or the notice shows.
      if (!this.#good) this.showFallback = true;
      throw err;
    } finally {
      if (this.#assembly === ctrl) this.assembling = false;
    }
    if (ctrl.signal.aborted || this.#assembly !== ctrl) return null;
    this.#trace = result.trace;
    this.#station = result.station;
    if (result.fallback) {
      this.fallbackReason = `Showing a default layout: ${result.reason ?? 'no station produced a layout that passed the checks'}.`;
      // Info, not a warning: a fallback is an expected outcome the site planned for.
      console.info(`<jig-surface> ${this.fallbackReason}`);
    }
    // The chosen layout passed when the line judged it; a vote may choose a sample other than the
    // last one shown, and one already on screen stays as it is (with what the visitor typed).
    if (result.layout && JSON.stringify(this.layout) !== JSON.stringify(result.layout)) {
      await this.settle(
        passed.get(result.layout) ?? { ok: true, layout: result.layout, warnings: [] },
        this.begin(),
        now(),
        null,
        gates,
      );
    } else if (!result.layout && unpainted && !unpainted.ok)
      await this.settle(unpainted, this.begin(), now(), null, gates);
    else if (!result.layout && !this.#good) this.showFallback = true;
    return result;
  }

  /** Shows a layout (object, text or stream) and resolves with the gates' verdict. */
  show(input: LayoutInput): Promise<GateResult> {
    if (this.format !== 'jig' && input !== null) {
      // A Jig layout is always read as one (the peers' own documents become Jig layouts shown here).
      const detected = isLayoutSource(input) ? undefined : detectFormat(input);
      const peer = this.format === 'auto' ? detected : detected === 'jig' ? undefined : this.format;
      if (peer === 'a2ui' || peer === 'json-render') return this.showPeer(input, peer);
    }
    if (isLayoutSource(input)) return this.stream(input);
    const run = this.begin();
    const t0 = now();
    if (input === null) {
      this.clear();
      return Promise.resolve({ ok: false, issues: [issue('empty_input', '', 'no layout')] });
    }
    const verdict = runGates(input, this.gateOptions());
    return this.settle(verdict, run, t0, null, this.gateOptions());
  }

  /** A peer's document or stream, through jig/interop (loaded only when a page uses it). */
  private async showPeer(input: unknown, format: 'a2ui' | 'json-render'): Promise<GateResult> {
    const { renderA2UI, renderJsonRender } = await import('../interop/render.js');
    const r =
      format === 'a2ui' ? await renderA2UI(this, input as string) : await renderJsonRender(this, input as string);
    const issues = 'surfaces' in r ? [...r.issues, ...r.surfaces.flatMap((x) => x.issues)] : r.issues;
    const layout = this.layout;
    return r.ok && layout ? { ok: true, layout, warnings: [] } : { ok: false, issues: issues as Issue[] };
  }

  /**
   * Reads a layout as it streams in, painting each node once it and its ancestors pass the
   * node-level gates; resolves with the final verdict when the source ends.
   */
  async stream(source: LayoutSource, options: { signal?: AbortSignal } = {}): Promise<GateResult> {
    const gates = this.gateOptions();
    const painted = await this.paint(source, gates, options.signal);
    if (!painted) return replaced();
    if (painted.stopped)
      return this.settle({ ok: false, issues: [painted.stopped] }, painted.run, painted.t0, painted.draft, gates);
    // The gates judge the very text the nodes were painted from (or, with no document, all of it).
    return this.settle(runGates(painted.judge(), gates), painted.run, painted.t0, painted.draft, gates);
  }

  /**
   * Paints a text as it streams in, each node once it and its ancestors pass the node-level gates.
   * Resolves when the text ends (or a node-level gate stops it) with the draft, for a verdict.
   */
  private async paint(source: LayoutSource, gates: GateOptions, signal?: AbortSignal): Promise<Painted> {
    const run = this.begin();
    const abort = new AbortController();
    this.#abort = abort;
    signal?.addEventListener('abort', () => abort.abort(signal.reason), { once: true });
    const t0 = now();
    await this.updateComplete;
    if (run !== this.#run) return null;

    const draft = this.openDraft(gates.catalog ?? this.catalog);
    const parser = new LayoutStream(gates, {
      paint: (node) => {
        draft.nodes.set(node.id, node);
        draft.visible.add(node.id);
        emit(this, 'jig-node', { nodeId: node.id, type: node.type });
        draft.schedule(parser.root);
      },
      data: (value) => {
        if (value !== null && typeof value === 'object' && !Array.isArray(value))
          draft.model.replace(value as Record<string, unknown>);
      },
    });

    this.streaming = true;
    let stopped: Issue | undefined;
    try {
      for await (const chunk of readChunks(source, abort.signal)) {
        if (run !== this.#run) break;
        stopped = parser.push(chunk);
        if (stopped) {
          abort.abort();
          break;
        }
      }
    } catch (err) {
      stopped = issue('invalid_json', '', `the stream failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    // The stream is over: a paint it scheduled must not land after the verdict.
    draft.cancel();
    if (run !== this.#run) return null;
    this.streaming = false;
    return {
      run,
      t0,
      draft,
      ...(stopped ? { stopped } : {}),
      judge: () => {
        if (!parser.scanner.done) parser.scanner.finish();
        return parser.document ?? parser.text;
      },
    };
  }

  /** Starts a new layout: the stream in progress stops, and its draft leaves the page now. */
  private begin(): number {
    this.#abort?.abort();
    this.#abort = null;
    this.streaming = false;
    this.dropDraft();
    return ++this.#run;
  }

  /**
   * A container for a streaming layout. It is inert (no focus, clicks or typing: nothing of an
   * unchecked document can act) and its image URLs are withheld, so a document the gates refuse
   * sends no request. Painting is batched to one frame; `cancel()` kills a pending paint.
   */
  private openDraft(catalog: Catalog): Draft {
    const container = this.makeContainer(true);
    const model = new DataModel();
    const nodes = new Map<string, LayoutNode>();
    const visible = new Set<string>();
    let frame = 0;
    let live = true;
    let root: string | undefined;
    const paint = () => {
      frame = 0;
      if (!live) return;
      const st: RenderState = { catalog, model, nodes, visible, draft: true };
      render(root && visible.has(root) ? renderNode(st, root) : nothing, container);
    };
    const draft: Draft = {
      container,
      model,
      nodes,
      visible,
      schedule: (r) => {
        root = r;
        if (live && !frame) frame = requestAnimationFrame(paint);
      },
      cancel: () => {
        live = false;
        if (frame) cancelAnimationFrame(frame);
        frame = 0;
      },
    };
    this.#draft = draft;
    return draft;
  }

  /** Removes the draft (if any) and shows the last good layout again. */
  private dropDraft(): void {
    const draft = this.#draft;
    if (!draft) return;
    draft.cancel();
    draft.container.remove();
    this.#draft = null;
    if (this.#good) this.#good.container.hidden = false;
  }

  private gateOptions(): GateOptions {
    return { catalog: this.catalog, limits: this.limits, actions: this.actions, rules: this.rules };
  }

  /** The gates of the layout on screen (a line's catalog and rules when the line made it), with today's actions. */
  private shownGates(): GateOptions {
    return this.#shownGates ? { ...this.#shownGates, actions: this.actions } : this.gateOptions();
  }

  private makeContainer(draft: boolean): HTMLElement {
    const el = document.createElement('div');
    el.className = 'jig-layout';
    if (draft) {
      el.dataset.draft = '';
      el.inert = true;
      el.setAttribute('aria-busy', 'true');
    }
    this.#good?.container.toggleAttribute('hidden', draft);
    this.showFallback = false;
    this.append(el);
    return el;
  }

  private async settle(
    verdict: GateResult,
    run: number,
    t0: number,
    draft: Draft | null,
    gates: GateOptions,
  ): Promise<GateResult> {
    this.lastVerdict = verdict;
    if (run !== this.#run) return verdict;
    if (!verdict.ok) {
      // Nothing of a failed layout stays: the draft goes, the last good one (or the fallback) returns.
      this.dropDraft();
      if (!this.#good) this.showFallback = true;
      emit(this, 'jig-invalid', { issues: verdict.issues, layout: verdict.layout });
      return verdict;
    }
    const layout = verdict.layout;
    // One data model: the one the streamed inputs already hold, set to exactly the checked data.
    const model = draft?.model ?? new DataModel(layout.data ?? {});
    if (draft) model.replace(layout.data ?? {});
    const container = draft?.container ?? this.makeContainer(false);
    this.#draft = null;
    delete container.dataset.draft;
    container.inert = false;
    container.removeAttribute('aria-busy');
    container.hidden = false;
    const previous = this.#good;
    previous?.unlisten();
    this.#shownGates = gates;
    this.#good = this.showLive(layout, model, container);
    if (previous && previous.container !== container) previous.container.remove();
    this.showFallback = false;
    await Promise.all(
      [...container.querySelectorAll('[node-id]')].map((el) => (el as Partial<LitElement>).updateComplete),
    );
    if (run !== this.#run) return verdict;
    emit(this, 'jig-render', { layout, ms: now() - t0 });
    return verdict;
  }

  /**
   * Renders a checked layout into its container and keeps it following its data: a change that can
   * reshape the tree (a repeat's list, a `visible` pointer) renders it again, keyed, once per task.
   */
  private showLive(layout: LayoutDocument, model: DataModel, container: HTMLElement): Shown {
    const shown: Shown = {
      layout,
      model,
      container,
      nodes: new Map(layout.nodes.map((n) => [n.id, n])),
      deps: newDependencies(),
      unlisten: () => {},
    };
    let queued = false;
    const onChange = (e: Event) => {
      if (queued || !reshapes(shown.deps, (e as CustomEvent<{ pointer: string }>).detail.pointer)) return;
      queued = true;
      queueMicrotask(() => {
        queued = false;
        if (this.#good === shown) this.paintShown(shown);
      });
    };
    model.addEventListener('change', onChange);
    shown.unlisten = () => model.removeEventListener('change', onChange);
    this.paintShown(shown);
    return shown;
  }

  private paintShown(shown: Shown): void {
    const deps = newDependencies();
    render(
      renderNode(
        {
          catalog: this.shownGates().catalog ?? this.catalog,
          model: shown.model,
          nodes: shown.nodes,
          root: shown.layout.root,
          deps,
        },
        shown.layout.root,
      ),
      shown.container,
    );
    shown.deps = deps;
  }

  /**
   * Applies RFC 6902 operations to the layout on screen (paths into the flat document:
   * `/nodes/3/props/text`, `/data/kpi/revenue`). The patched document passes every gate before the
   * page changes; otherwise nothing changes, `jig-invalid` fires with paths into the patch, and the
   * result says why. Untouched nodes keep their elements (and focus, caret, what is being typed).
   */
  patch(ops: unknown): Promise<LiveResult> {
    return this.patchAt(ops);
  }

  /**
   * Asks the line's premium station to change the layout on screen ("make the chart weekly"). The answer
   * is a patch: gated by the line (docs/line.md, "Refine"), then applied with `patch()`, which gates it
   * again against the page as it is now. `jig-trace` fires with the refine's `patch` step; a patch the
   * gates refuse changes nothing and fires `jig-invalid`. A station that cannot answer (no server, no
   * upstream) refuses nothing: the result says why and `issues` is empty.
   */
  async refine(
    intent: string,
    options: { context?: unknown; signal?: AbortSignal } = {},
  ): Promise<
    | (LiveResult & { ops: PatchOp[]; trace?: LineTrace })
    | { ok: false; issues: Issue[]; ops: PatchOp[]; reason: string; detail: string; trace?: LineTrace }
  > {
    const line = this.line;
    if (!line) throw new Error('<jig-surface> has no line: set `surface.line = createLine(config)` before refining');
    const good = this.#good;
    if (!good)
      return {
        ...this.refuse([issue('patch_failed', '', 'no layout is on screen to refine; show one first')]),
        ops: [],
      };
    const result = await line.refine({
      intent,
      layout: { ...good.layout, data: good.model.snapshot() },
      ...options,
      onStep: (step: TraceStep, trace: LineTrace) => {
        this.#trace = trace;
        emit(this, 'jig-trace', { trace, step });
      },
    });
    this.#trace = result.trace;
    if (!result.ok) {
      if (!result.issues?.length)
        return { ok: false, issues: [], ops: [], reason: result.reason, detail: result.detail, trace: result.trace };
      return { ...this.refuse(result.issues), ops: [], trace: result.trace };
    }
    return { ...(await this.patch(result.ops)), ops: result.ops, trace: result.trace };
  }

  private async patchAt(ops: unknown, line?: number): Promise<LiveResult> {
    const t0 = now();
    const { planPatch } = await loadLive();
    const good = this.#good;
    if (!good)
      return this.refuse([issue('patch_failed', '', 'no layout is on screen to patch; show one first')], ops, line);
    const planned = planPatch(good.layout, good.model.snapshot(), ops, this.shownGates());
    if (!planned.ok) return this.refuse(planned.issues, ops, line);
    await this.apply(good, planned.plan, 'patch');
    emit(this, 'jig-patch', {
      ops: ops as PatchOp[],
      layout: planned.plan.layout,
      ms: now() - t0,
      ...(line !== undefined ? { line } : {}),
    });
    return { ok: true, layout: planned.plan.layout };
  }

  /**
   * Sets one value in the data of the layout on screen (`"-"` appends to an array). The update is
   * checked as the gates check data (bindings keep their types, `$data`, `visible` and `repeat`
   * pointers resolve, limits hold); bound elements update in place and `jig-data` fires. A refused
   * update changes nothing and fires `jig-invalid`.
   */
  async setData(pointer: string, value: unknown): Promise<LiveResult> {
    const { planData } = await loadLive();
    const good = this.#good;
    if (!good)
      return this.refuse([
        issue('unresolved_pointer', '/data', 'no layout is on screen; show one before setting its data'),
      ]);
    const planned = planData(good.layout, good.model.peek(), pointer, value, this.shownGates());
    if (!planned.ok) return this.refuse(planned.issues);
    await this.apply(good, planned.plan, 'host');
    return { ok: true, layout: planned.plan.layout };
  }

  /**
   * Reads a stream of patches, one JSON line each (an op, or an array of ops), applying each batch
   * as it arrives. A line that is not JSON or not ops, and a batch the gates refuse, fire
   * `jig-invalid` with the line's number and are counted; later lines still apply.
   */
  async streamPatches(
    source: LayoutSource,
    options: { signal?: AbortSignal } = {},
  ): Promise<{ applied: number; refused: number; issues: Issue[] }> {
    const totals = { applied: 0, refused: 0, issues: [] as Issue[] };
    let line = 0;
    let rest = '';
    const refuse = (message: string) => {
      const found = [issue('bad_patch_line', '', message)];
      totals.refused++;
      totals.issues.push(...found);
      emit(this, 'jig-invalid', { issues: found, line });
    };
    const take = async (text: string) => {
      line++;
      if (text.trim() === '') return;
      let ops: unknown;
      try {
        ops = JSON.parse(text);
      } catch (err) {
        refuse(`line ${line} is not JSON: ${err instanceof Error ? err.message : String(err)}`);
        return;
      }
      if (ops === null || typeof ops !== 'object') {
        refuse(
          `line ${line} holds ${JSON.stringify(text.slice(0, 40))}; expected an operation object or an array of them`,
        );
        return;
      }
      const r = await this.patchAt(Array.isArray(ops) ? ops : [ops], line);
      if (r.ok) totals.applied++;
      else {
        totals.refused++;
        totals.issues.push(...r.issues);
      }
    };
    // A line is at most a whole layout's size: past it, the line is refused and skipped to its end.
    const maxLine = this.limits?.maxBytes ?? DEFAULT_LIMITS.maxBytes;
    let skipping = false;
    try {
      for await (const chunk of readChunks(source, options.signal ?? new AbortController().signal)) {
        let from = rest.length; // only the new text can hold the next newline
        rest += chunk;
        let nl: number;
        while ((nl = rest.indexOf('\n', from)) >= 0) {
          const text = rest.slice(0, nl);
          rest = rest.slice(nl + 1);
          from = 0;
          if (skipping) {
            skipping = false;
            continue;
          }
          await take(text);
        }
        if (!skipping && rest.length > maxLine) {
          line++;
          refuse(`line ${line} is longer than ${maxLine} characters; it is skipped`);
          skipping = true;
        }
        if (skipping) rest = '';
      }
      if (rest.trim() !== '' && !skipping) await take(rest);
    } catch (err) {
      // The source failed: what came before it stays applied; the call still resolves with the count.
      refuse(`the stream failed after line ${line}: ${err instanceof Error ? err.message : String(err)}`);
    }
    return totals;
  }

  /** Shows a checked change: data first (bound elements follow), then the nodes, keyed, in place. */
  private async apply(good: Shown, plan: LivePlan, source: 'host' | 'patch'): Promise<void> {
    const editing = plan.changedData.length ? this.editingAt(good.container, plan.changedData) : [];
    const before = good.model.peek();
    good.layout = plan.layout;
    if (plan.nodesChanged) good.nodes = new Map(plan.layout.nodes.map((n) => [n.id, n]));
    if (plan.changedData.length) good.model.adopt(plan.data, plan.changedData);
    if (plan.nodesChanged) this.paintShown(good);
    for (const pointer of plan.changedData) {
      emit(this, 'jig-data', {
        pointer,
        value: good.model.get(pointer),
        previous: lookup(before, pointer),
        source,
        ...(editing.length ? { editing } : {}),
      });
    }
    // Only the elements the change reached have an update pending: waiting on all 500 would cost more than the change.
    const pending: Promise<unknown>[] = [];
    for (const el of good.container.querySelectorAll('[node-id]'))
      if ((el as Partial<LitElement>).isUpdatePending) pending.push((el as LitElement).updateComplete);
    await Promise.all(pending);
  }

  /** Inputs with focus bound at, above or below a changed pointer: someone is typing there. */
  private editingAt(container: HTMLElement, pointers: readonly string[]): string[] {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    const out: string[] = [];
    for (let at: Element | null = el; at; at = at.parentElement ?? (at.getRootNode() as ShadowRoot).host ?? null) {
      if (!container.contains(at)) continue;
      const bind = (at as { props?: { bind?: unknown } }).props?.bind;
      if (
        typeof bind === 'string' &&
        pointers.some((p) => p === '' || bind === p || bind.startsWith(p + '/') || p.startsWith(bind + '/'))
      )
        out.push(at.getAttribute('node-id') ?? '');
    }
    return out;
  }

  private refuse(issues: Issue[], patch?: unknown, line?: number): LiveResult {
    emit(this, 'jig-invalid', {
      issues,
      ...(patch !== undefined ? { patch } : {}),
      ...(line !== undefined ? { line } : {}),
    });
    return { ok: false, issues };
  }

  /** Removes the layout on screen. */
  clear(): void {
    this.begin();
    this.#good?.unlisten();
    this.#good?.container.remove();
    this.#good = null;
    this.showFallback = false;
  }

  override render() {
    const hasFallback = !!this.querySelector(':scope > [slot="fallback"]');
    return html`${this.fallbackNote && this.fallbackReason ? html`<div part="fallback-note" class="fallback-note" role="status">${this.fallbackReason}</div>` : nothing}<slot></slot>${
      this.showFallback
        ? hasFallback
          ? html`<slot name="fallback"></slot>`
          : html`<div part="notice" class="notice" role="status">This content could not be shown.</div>`
        : nothing
    }`;
  }
}
