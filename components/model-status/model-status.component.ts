import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { EngineChoice, EnginePlan } from '../../src/engines/capabilities.js';
import {
  EngineError,
  classifyError,
  type Engine,
  type LoadOptions,
  type LoadProgress,
} from '../../src/engines/engine.js';
import { emit } from '../../src/surface/events.js';
import { themeStyles } from '../shared/theme.styles.js';
import { modelStatusStyles } from './model-status.styles.js';

/** Makes and loads an engine; called again on Retry. */
export type ModelLoader = (opts: LoadOptions) => Promise<Engine>;

export interface JigModelReadyDetail {
  engine: Engine;
  ms: number;
}
export interface JigModelErrorDetail {
  error: EngineError;
  code: EngineError['code'];
  message: string;
}
export interface JigModelProgressDetail {
  progress: LoadProgress;
}

type Phase = 'idle' | 'loading' | 'ready' | 'failed';

let uid = 0;

/**
 * @summary Shows which browser model will run and why, its download with a real progress bar,
 * Cancel and Retry, and the reason when it fails.
 * @event jig-model-ready - The model loaded; `detail: {engine, ms}`.
 * @event jig-model-error - The load failed or was cancelled; `detail: {error, code, message}`.
 * @event jig-model-progress - A progress report; `detail: {progress}`.
 * @csspart base - The frame. @csspart engine - Engine and model name. @csspart reason - Why this engine.
 * @csspart progress - The progress bar. @csspart status - The live status line. @csspart error - The failure reason.
 * @csspart load-button - Load. @csspart cancel-button - Cancel. @csspart retry-button - Retry.
 * @cssproperty --jig-color-accent - Progress bar and primary button colour.
 */
export class JigModelStatus extends LitElement {
  static override styles = [themeStyles, modelStatusStyles];

  /** An engine to load. Either this or `loader`. */
  @property({ attribute: false }) engine: Engine | null = null;
  /** A function that makes and loads an engine (used instead of `engine`; called again on Retry). */
  @property({ attribute: false }) loader: ModelLoader | null = null;
  /** The plan behind the engine, for the "why" line and download size. */
  @property({ attribute: false }) plan: EnginePlan | null = null;
  /** The whole choice, to list the engines left out and why. */
  @property({ attribute: false }) choice: EngineChoice | null = null;
  /** Start loading as soon as an engine or loader is set. */
  @property({ type: Boolean }) autoload = false;
  /** Give up after this many ms. */
  @property({ type: Number, attribute: 'timeout-ms' }) timeoutMs: number | undefined;

  @state() private phase: Phase = 'idle';
  @state() private progress: LoadProgress | undefined;
  @state() private error: EngineError | undefined;

  #ctrl: AbortController | undefined;
  #loading: Promise<Engine | undefined> | undefined;
  readonly #id = `jig-model-status-${++uid}`;

  /** Where things stand: 'idle', 'loading', 'ready' or 'failed'. */
  get state(): Phase {
    return this.phase;
  }
  /** The failure, when it failed. */
  get failure(): EngineError | undefined {
    return this.error;
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (
      this.autoload &&
      this.phase === 'idle' &&
      (changed.has('engine') || changed.has('loader') || changed.has('autoload')) &&
      (this.engine || this.loader)
    ) {
      void this.load();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#ctrl?.abort();
  }

  /** Loads the model. Resolves with the engine, or undefined when it failed (see `jig-model-error`). */
  load(): Promise<Engine | undefined> {
    if (this.#loading) return this.#loading;
    const ctrl = (this.#ctrl = new AbortController());
    this.phase = 'loading';
    this.error = undefined;
    this.progress = { phase: 'checking', text: 'Starting…' };
    const started = performance.now();
    const opts: LoadOptions = {
      signal: ctrl.signal,
      timeoutMs: this.timeoutMs,
      onProgress: (p) => {
        if (ctrl.signal.aborted) return;
        this.progress = p;
        emit(this, 'jig-model-progress', { progress: p });
      },
    };
    const run = async (): Promise<Engine | undefined> => {
      try {
        let engine: Engine;
        if (this.loader) engine = await this.loader(opts);
        else if (this.engine) {
          await this.engine.load(opts);
          engine = this.engine;
        } else
          throw new EngineError(
            'unavailable',
            this.plan?.kind ?? 'wllama',
            'no engine or loader was given to <jig-model-status>',
          );
        this.engine = engine;
        this.phase = 'ready';
        emit(this, 'jig-model-ready', { engine, ms: performance.now() - started });
        return engine;
      } catch (e) {
        const err =
          e instanceof EngineError
            ? e
            : classifyError(e, this.engine?.kind ?? this.plan?.kind ?? 'wllama', 'loading the model', ctrl.signal);
        this.error = err;
        this.phase = 'failed';
        emit(this, 'jig-model-error', { error: err, code: err.code, message: err.message });
        return undefined;
      } finally {
        this.#loading = undefined;
      }
    };
    this.#loading = run();
    return this.#loading;
  }

  /** Stops a load in progress (it fails with code 'aborted'). */
  cancel(): void {
    this.#ctrl?.abort();
  }

  /** Loads again after a failure. */
  retry(): Promise<Engine | undefined> {
    return this.load();
  }

  override render() {
    const kind = this.plan?.kind ?? this.engine?.kind;
    const model = this.plan?.model ?? this.engine?.model;
    const bytes = this.progress?.total ?? this.plan?.downloadBytes ?? this.engine?.info().downloadBytes;
    const note = this.plan?.kind === 'wllama' ? this.plan.note : undefined;
    const p = this.progress;
    const value = this.phase === 'ready' ? 1 : p?.fraction;
    const statusText =
      this.phase === 'idle' ? 'Not loaded yet.' : this.phase === 'failed' ? 'The model did not load.' : (p?.text ?? '');
    const skipped = this.choice?.skipped ?? [];
    return html`<section part="base" class="base" aria-labelledby="${this.#id}-title">
      <div class="head">
        <span part="engine" class="engine" id="${this.#id}-title">${kind ? `${engineName(kind)}${model ? ` · ${model}` : ''}` : 'No browser model'}</span>
        ${bytes ? html`<span part="size" class="size">${formatBytes(bytes)} download</span>` : nothing}
      </div>
      ${this.plan?.reason ? html`<p part="reason" class="reason">${this.plan.reason}</p>` : nothing}
      ${note ? html`<p part="note" class="note">${note}</p>` : nothing}
      <div class="bar">
        <label for="${this.#id}-progress" id="${this.#id}-label">${this.phase === 'ready' ? 'Model ready' : `Model ${p?.phase ?? 'download'}`}</label>
        <!-- No value while the size is unknown: an indeterminate bar, not a false 0%. -->
        <progress part="progress" id="${this.#id}-progress" max="1" value=${ifDefined(value ?? (this.phase === 'loading' ? undefined : 0))}
          aria-valuetext=${value !== undefined ? `${Math.round(value * 100)}%` : this.phase === 'loading' ? 'in progress' : '0%'}></progress>
      </div>
      <p part="status" class="status" role="status" aria-live="polite">${statusText}</p>
      ${this.error ? html`<p part="error" class="error" role="alert"><code>${this.error.code}</code>: ${this.error.message}</p>` : nothing}
      <div class="actions">
        ${this.phase === 'idle' ? html`<button part="load-button" class="primary" @click=${() => void this.load()} ?disabled=${!this.engine && !this.loader}>Load model</button>` : nothing}
        ${this.phase === 'loading' ? html`<button part="cancel-button" @click=${() => this.cancel()}>Cancel</button>` : nothing}
        ${this.phase === 'failed' ? html`<button part="retry-button" class="primary" @click=${() => void this.retry()}>Retry</button>` : nothing}
      </div>
      ${skipped.length ? html`<details><summary>Engines not used here (${skipped.length})</summary><ul>${skipped.map((s) => html`<li>${engineName(s.kind)}: ${s.reason}</li>`)}</ul></details>` : nothing}
    </section>`;
  }
}

function engineName(kind: string): string {
  return kind === 'webllm'
    ? 'WebLLM (WebGPU)'
    : kind === 'prompt-api'
      ? 'Chrome built-in AI'
      : kind === 'wllama'
        ? 'wllama (CPU)'
        : kind;
}

function formatBytes(n: number): string {
  if (n >= 1_073_741_824) return `${(n / 1_073_741_824).toFixed(1)} GB`;
  if (n >= 1_048_576) return `${(n / 1_048_576).toFixed(n >= 104_857_600 ? 0 : 1)} MB`;
  return `${Math.max(1, Math.round(n / 1024))} kB`;
}
