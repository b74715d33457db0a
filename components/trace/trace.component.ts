// <jig-trace>: a request through the line, for people — each station tried, gate verdicts,
// repairs, votes, escalations with their reason, latency and cost, as it happens.
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { LineTrace, TraceStep } from '../../src/line/trace.js';
import { traceStyles } from './trace.styles.js';

const REASONS: Record<string, string> = {
  gates_failed: 'the layout still failed the gates after repairs',
  low_confidence: 'the samples did not agree enough',
  divergent: 'the layout differs too much from the last accepted one',
  engine_failed: 'the model engine failed',
  premium_failed: 'the premium station failed',
  latency_budget: 'the time budget ran out',
  cost_budget: 'the cost budget does not allow it',
  repair_budget: 'the request used up its repairs',
  no_engine: 'no model engine could start',
  cache_miss: 'nothing cached for this intent',
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const ms = (n: number) => (n < 1000 ? `${Math.round(n)} ms` : `${(n / 1000).toFixed(2)} s`);
const usd = (n: number) => (n === 0 ? '$0' : n < 0.01 ? `$${n.toFixed(5)}` : `$${n.toFixed(3)}`);

/**
 * @summary Shows one request's trace through the production line, step by step.
 * @csspart summary - The line with intent, class, station, time and cost.
 * @csspart steps - The list of steps. @csspart step - One step.
 * @cssproperty --jig-trace-cache - Colour of the cache station. @cssproperty --jig-trace-browser - …browser. @cssproperty --jig-trace-premium - …premium. @cssproperty --jig-trace-fallback - …fallback.
 */
export class JigTrace extends LitElement {
  static override styles = traceStyles;

  /** The trace to show (a line's result `trace`, or the surface's `trace`). */
  @property({ attribute: false }) trace: LineTrace | null = null;

  #unfollow: (() => void) | undefined;

  /** Shows the trace of every request a surface (or anything firing `jig-trace`) runs, live. */
  follow(target: EventTarget): () => void {
    this.#unfollow?.();
    const on = (e: Event) => {
      this.trace = (e as CustomEvent<{ trace: LineTrace }>).detail.trace;
      this.requestUpdate();
    };
    target.addEventListener('jig-trace', on);
    this.#unfollow = () => target.removeEventListener('jig-trace', on);
    return this.#unfollow;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unfollow?.();
  }

  override render() {
    const t = this.trace;
    if (!t) return html`<p class="empty" part="summary">No request yet.</p>`;
    const patch = t.steps.find((x) => x.kind === 'patch');
    const served = t.done
      ? patch
        ? patch.ok
          ? html`patched by <strong>${patch.station}</strong>`
          : html`<strong>nothing changed</strong>`
        : t.station
          ? html`served by <strong>${t.station}</strong>${t.fallback ? ' (fallback)' : ''}`
          : html`<strong>nothing served</strong>`
      : html`<strong>running…</strong>`;
    return html`
      <div class="summary" part="summary" aria-live="polite">
        <span>“${t.intent}”</span><span>class <code>${t.intentClass}</code></span>
        <span>${served}</span><span>${ms(t.ms)}</span><span>${usd(t.costUsd)}</span>
        <span class="detail">line ${t.line} v${t.lineVersion} · trace ${t.id.slice(0, 8)}</span>
      </div>
      <ol part="steps">${t.steps.map((s, i) => this.step(s, t.steps.slice(0, i)))}</ol>`;
  }

  private row(
    s: TraceStep,
    station: string,
    what: TemplateResult | string,
    ok?: boolean,
    detail?: TemplateResult | string,
  ) {
    return html`<li part="step" data-kind=${s.kind} data-ok=${ok === undefined ? nothing : String(ok)}>
      <span class="at">+${ms(s.at)}</span><span class="station" data-station=${station}>${station}</span>
      <span><span class="what">${what}</span>${detail ? html`<span class="detail">${detail}</span>` : nothing}</span>
    </li>`;
  }

  /**
   * What an escalation adds to the steps before it: the line's detail, unless an earlier row said
   * it already (a failed call's message) or the attempts say it better (issues after repairs).
   */
  private escalationDetail(s: Extract<TraceStep, { kind: 'escalate' }>, before: TraceStep[]): string {
    const attempts = before.filter(
      (x): x is Extract<TraceStep, { kind: 'attempt' }> => x.kind === 'attempt' && x.station === s.from,
    );
    const last = attempts.at(-1);
    if (last?.error && s.detail === `${last.error.code}: ${last.error.message}`) return '';
    if (s.reason === 'gates_failed' && last && !last.error) {
      const repairs = before.filter((x) => x.kind === 'repair' && x.station === s.from).length;
      const issues = last.issues?.length ?? 0;
      return repairs
        ? `${plural(issues, 'gate issue')} left after ${plural(repairs, 'repair')}`
        : `${plural(issues, 'gate issue')}, no repair allowed`;
    }
    return s.detail;
  }

  private step(s: TraceStep, before: TraceStep[]) {
    switch (s.kind) {
      case 'route':
        return this.row(
          s,
          s.start,
          `route: start at ${s.start}`,
          undefined,
          s.skipped.length ? `skipped ${s.skipped.map((x) => `${x.station} (${x.reason})`).join('; ')}` : '',
        );
      case 'cache':
        return this.row(s, 'cache', s.hit ? 'cache hit: last good layout for this class' : 'cache miss', s.hit);
      case 'attempt': {
        const label = `${s.repair ? 'repair attempt' : s.sample ? `sample ${s.sample}` : `attempt ${s.attempt || 1}`} · ${s.model}`;
        if (s.error)
          return this.row(s, s.station, `${label}: ${s.error.code}`, false, `${s.error.message} · ${ms(s.ms)}`);
        const figures = `${s.tokensIn} in / ${s.tokensOut} out tokens · ${ms(s.ms)} · ${usd(s.cost)}`;
        if (s.ok) return this.row(s, s.station, `${label}: passed every gate`, true, figures);
        const issues = s.issues ?? [];
        return this.row(
          s,
          s.station,
          `${label}: ${plural(issues.length, 'gate issue')}`,
          false,
          html`${figures}
          <ul class="issues">${issues.slice(0, 4).map((i) => html`<li>${i.gate}/${i.code} at ${i.path || '/'}: ${i.message}</li>`)}${issues.length > 4 ? html`<li>…and ${issues.length - 4} more</li>` : nothing}</ul>`,
        );
      }
      case 'repair':
        return this.row(s, s.station, `repair: ${plural(s.issues, 'issue')} sent back to the model`);
      case 'vote':
        return this.row(
          s,
          s.station,
          `vote: ${s.passed}/${s.samples} samples passed, agreement ${s.agreement.toFixed(2)} (needs ${s.threshold})`,
          s.ok,
          s.ok ? `sample ${s.medoid + 1} chosen` : 'not confident enough',
        );
      case 'divergent':
        return this.row(
          s,
          s.station,
          `differs from the last accepted layout (similarity ${s.similarity.toFixed(2)}, threshold ${s.threshold})`,
          !s.escalate,
        );
      case 'escalate':
        return this.row(
          s,
          s.to,
          `escalated ${s.from} → ${s.to}: ${REASONS[s.reason] ?? s.reason}`,
          undefined,
          this.escalationDetail(s, before),
        );
      case 'rendered':
        return this.row(
          s,
          s.station,
          s.fallback ? 'rendered the fallback layout' : `rendered (${s.model})`,
          !s.fallback,
          `after ${ms(s.ms)}`,
        );
      case 'audit':
        return this.row(
          s,
          'premium',
          s.agreement === null
            ? 'audit could not run'
            : `audit: premium agrees ${s.agreement.toFixed(2)} with the ${s.station} layout`,
          s.agreement === null ? undefined : s.agreement >= 0.5,
          s.detail,
        );
      case 'cancelled':
        return this.row(s, '—', 'cancelled', false, s.reason);
      case 'patch': {
        // A refine: the station answered a patch to the layout on screen instead of a new layout.
        const label = `patch · ${s.model}${s.repaired ? ' (repaired by the server)' : ''}`;
        if (s.error)
          return this.row(s, s.station, `${label}: ${s.error.code}`, false, `${s.error.message} · ${ms(s.ms)}`);
        const figures = `${s.tokensIn} in / ${s.tokensOut} out tokens · ${ms(s.ms)} · ${usd(s.cost)}`;
        if (s.ok) return this.row(s, s.station, `${label}: ${plural(s.ops, 'op')}, passed every gate`, true, figures);
        const issues = s.issues ?? [];
        return this.row(
          s,
          s.station,
          `${label}: ${s.ops ? `${plural(s.ops, 'op')} refused, ` : ''}${plural(issues.length, 'gate issue')}; the page keeps its layout`,
          false,
          html`${figures}
          <ul class="issues">${issues.slice(0, 4).map((i) => html`<li>${i.gate}/${i.code} at ${i.path || '/'}: ${i.message}</li>`)}${issues.length > 4 ? html`<li>…and ${issues.length - 4} more</li>` : nothing}</ul>`,
        );
      }
    }
  }
}
