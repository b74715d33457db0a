// <jig-surface>: takes a layout (object, JSON text or a stream of text), runs the gates, and
// renders only what passes — painting nodes as they stream in and keeping the last good layout
// when a new one fails.
import { LitElement, css, html, render, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Catalog } from '../catalog/catalog.js';
import { builtinCatalog } from '../catalog/builtin.js';
import type { DomainRule } from '../gates/domain.js';
import { issue, type Issue } from '../gates/issue.js';
import { runGates, type GateResult } from '../gates/run.js';
import type { LayoutDocument, LayoutNode, Limits } from '../layout/document.js';
import type { Line, LineResult } from '../line/line.js';
import type { LineTrace, TraceStep } from '../line/trace.js';
import type { StationKind } from '../line/config.js';
import { DataModel } from './data-model.js';
import { emit, type JigInvalidDetail, type JigNodeDetail, type JigRenderDetail, type JigTraceDetail } from './events.js';
import { isLayoutSource, LayoutStream, readChunks, type LayoutSource } from './layout-stream.js';
import { renderNode, type RenderState } from './render.js';
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

const replaced = (): GateResult => ({ ok: false, issues: [issue('empty_input', '', 'replaced by a newer layout')] });

const now = () => performance.now();

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
    converter: { fromAttribute: (v: string | null) => (v ? v.split(/[\s,]+/).filter(Boolean) : undefined), toAttribute: (v?: string[]) => v?.join(' ') },
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

  @state() private showFallback = false;
  @state() private fallbackReason = '';
  #assembly: AbortController | null = null;
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

  #good: { layout: LayoutDocument; model: DataModel; container: HTMLElement } | null = null;
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
    if (!this.isConnected && !this.hasUpdated) { this.#pending = value; return; }
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
    if (name === 'layout') { if (value !== null && value !== old) this.layout = value; return; }
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

  override updated(changed: Map<PropertyKey, unknown>): void {
    super.updated(changed);
    if ((changed.has('intent') || changed.has('line')) && this.intent && this.line) {
      // The outcome is in the trace and the events; a cancelled run is replaced by this one.
      // After this update: assembling sets properties of its own.
      Promise.resolve().then(() => this.assemble({ intent: this.intent!, context: this.context })).catch((err: unknown) => {
        if ((err as Error)?.name !== 'AbortError') console.error(err);
      });
    }
  }

  /**
   * Runs the line for an intent: streams each station's attempt into the surface (painting as it
   * comes), then shows the layout the line chose — or its fallback, with a visible note. A newer
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
    // The surface checks each streamed attempt with the line's gates.
    this.catalog = line.catalog;
    this.rules = line.rules;
    if (line.limits) this.limits = line.limits;
    this.fallbackReason = '';
    const streams: Promise<unknown>[] = [];
    let result: LineResult;
    try {
      result = await line.assemble({
        intent: request.intent, context: request.context, signal: ctrl.signal, ...(this.actions ? { actions: this.actions } : {}),
        onAttempt: (_info, text) => { const p = this.stream(text, { signal: ctrl.signal }); streams.push(p); return p; },
        onStep: (step: TraceStep, trace: LineTrace) => {
          this.#trace = trace;
          emit<JigTraceDetail>(this, 'jig-trace', { trace, step });
        },
      });
    } catch (err) {
      if (ctrl.signal.aborted) return null;
      // The line failed unexpectedly: what was on screen stays, or the notice shows.
      if (!this.#good) this.showFallback = true;
      throw err;
    }
    await Promise.allSettled(streams);
    if (ctrl.signal.aborted || this.#assembly !== ctrl) return null;
    this.#trace = result.trace;
    this.#station = result.station;
    if (result.fallback) {
      this.fallbackReason = `Showing a default layout: ${result.reason ?? 'no station produced a layout that passed the checks'}.`;
      // Info, not a warning: a fallback is an expected outcome the site planned for.
      console.info(`<jig-surface> ${this.fallbackReason}`);
    }
    if (result.layout && JSON.stringify(this.layout) !== JSON.stringify(result.layout)) await this.show(result.layout);
    else if (!result.layout && !this.#good) this.showFallback = true;
    return result;
  }

  /** Shows a layout (object, text or stream) and resolves with the gates' verdict. */
  show(input: LayoutInput): Promise<GateResult> {
    if (isLayoutSource(input)) return this.stream(input);
    const run = this.begin();
    const t0 = now();
    if (input === null) { this.clear(); return Promise.resolve({ ok: false, issues: [issue('empty_input', '', 'no layout')] }); }
    const verdict = runGates(input, this.gateOptions());
    return this.settle(verdict, run, t0, null);
  }

  /**
   * Reads a layout as it streams in, painting each node once it and its ancestors pass the
   * node-level gates; resolves with the final verdict when the source ends.
   */
  async stream(source: LayoutSource, options: { signal?: AbortSignal } = {}): Promise<GateResult> {
    const run = this.begin();
    const abort = new AbortController();
    this.#abort = abort;
    options.signal?.addEventListener('abort', () => abort.abort(options.signal?.reason), { once: true });
    const t0 = now();
    await this.updateComplete;
    if (run !== this.#run) return replaced();

    const draft = this.openDraft();
    const parser = new LayoutStream(this.gateOptions(), {
      paint: (node) => {
        draft.nodes.set(node.id, node);
        draft.visible.add(node.id);
        emit<JigNodeDetail>(this, 'jig-node', { nodeId: node.id, type: node.type });
        draft.schedule(parser.root);
      },
      data: (value) => { if (value !== null && typeof value === 'object' && !Array.isArray(value)) draft.model.replace(value as Record<string, unknown>); },
    });

    this.streaming = true;
    let stopped: Issue | undefined;
    try {
      for await (const chunk of readChunks(source, abort.signal)) {
        if (run !== this.#run) break;
        stopped = parser.push(chunk);
        if (stopped) { abort.abort(); break; }
      }
    } catch (err) {
      stopped = issue('invalid_json', '', `the stream failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    // The stream is over: a paint it scheduled must not land after the verdict.
    draft.cancel();
    if (run !== this.#run) return replaced();
    this.streaming = false;
    if (stopped) return this.settle({ ok: false, issues: [stopped] }, run, t0, draft);
    if (!parser.scanner.done) parser.scanner.finish();
    // The gates judge the very text the nodes were painted from (or, with no document, all of it).
    const verdict = runGates(parser.document ?? parser.text, this.gateOptions());
    return this.settle(verdict, run, t0, draft);
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
  private openDraft(): Draft {
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
      const st: RenderState = { catalog: this.catalog, model, nodes, visible, draft: true };
      render(root && visible.has(root) ? renderNode(st, root) : nothing, container);
    };
    const draft: Draft = {
      container, model, nodes, visible,
      schedule: (r) => { root = r; if (live && !frame) frame = requestAnimationFrame(paint); },
      cancel: () => { live = false; if (frame) cancelAnimationFrame(frame); frame = 0; },
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

  private gateOptions() {
    return { catalog: this.catalog, limits: this.limits, actions: this.actions, rules: this.rules };
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

  private async settle(verdict: GateResult, run: number, t0: number, draft: Draft | null): Promise<GateResult> {
    this.lastVerdict = verdict;
    if (run !== this.#run) return verdict;
    if (!verdict.ok) {
      // Nothing of a failed layout stays: the draft goes, the last good one (or the fallback) returns.
      this.dropDraft();
      if (!this.#good) this.showFallback = true;
      emit<JigInvalidDetail>(this, 'jig-invalid', { issues: verdict.issues, layout: verdict.layout });
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
    const nodes = new Map(layout.nodes.map((n) => [n.id, n]));
    render(renderNode({ catalog: this.catalog, model, nodes }, layout.root), container);
    const previous = this.#good;
    this.#good = { layout, model, container };
    if (previous && previous.container !== container) previous.container.remove();
    this.showFallback = false;
    await Promise.all([...container.querySelectorAll('[node-id]')].map((el) => (el as Partial<LitElement>).updateComplete));
    if (run !== this.#run) return verdict;
    emit<JigRenderDetail>(this, 'jig-render', { layout, ms: now() - t0 });
    return verdict;
  }

  /** Removes the layout on screen. */
  clear(): void {
    this.begin();
    this.#good?.container.remove();
    this.#good = null;
    this.showFallback = false;
  }

  override render() {
    const hasFallback = !!this.querySelector(':scope > [slot="fallback"]');
    return html`${this.fallbackNote && this.fallbackReason ? html`<div part="fallback-note" class="fallback-note" role="status">${this.fallbackReason}</div>` : nothing}<slot></slot>${this.showFallback
      ? hasFallback ? html`<slot name="fallback"></slot>` : html`<div part="notice" class="notice" role="status">This content could not be shown.</div>`
      : nothing}`;
  }
}
