import { LitElement, html, nothing, svg } from 'lit';
import { property, state } from 'lit/decorators.js';
import { randomHex } from '../../src/events/event.js';
import type { EventLog } from '../../src/events/log.js';
import { feedbackDetail, type FeedbackSource, type JigFeedbackDetail } from '../../src/events/observe.js';
import { emit } from '../../src/surface/events.js';
import { buttonStyles, srOnlyStyles, themeStyles } from '../shared/theme.styles.js';
import { feedbackStyles } from './feedback.styles.js';

/** A thumb drawn inline (no icon font, no emoji font needed); turned over for "down". */
const thumbIcon = (
  down: boolean,
) => html`<svg part="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false"
  style=${down ? 'transform: rotate(180deg)' : ''}>${svg`<path fill="currentColor" d="M2 10h4v11H2zM8 21h9.5a2 2 0 0 0 2-1.6l1.4-7A2 2 0 0 0 19 10h-5.5l.9-4.3a1.8 1.8 0 0 0-1.8-2.2L8 9.5z"/>`}</svg>`;

/**
 * @summary Thumbs up or down (and an optional comment) on the layout a surface shows.
 * Records `feedback.given` through `.log` with the layout id, line version, station, model and
 * prompt/exemplar versions from `.source`; without a log, `observeSurface` records the event.
 * @event jig-feedback - A rating or comment was given: `{rating, comment, source, feedbackId, recorded}`.
 * @csspart base - The container. @csspart up - The thumbs-up button. @csspart down - The thumbs-down button.
 * @csspart icon - The thumb drawings. @csspart comment - The comment textarea. @csspart send - The send button. @csspart status - The confirmation.
 * @cssproperty --jig-color-accent - Pressed thumb.
 */
export class JigFeedback extends LitElement {
  static override styles = [themeStyles, buttonStyles, srOnlyStyles, feedbackStyles];

  /** What produced the layout being rated; set by the site or the line. */
  @property({ attribute: false }) source: FeedbackSource = {};
  /** Where feedback is recorded; optional (see `observeSurface`). */
  @property({ attribute: false }) log: EventLog | undefined;
  /** Offer a comment box. */
  @property({ type: Boolean, reflect: true }) comment = false;
  /** The question shown before the thumbs. */
  @property() question = 'Was this helpful?';
  /** The current rating. */
  @state() rating: 'up' | 'down' | null = null;
  @state() private status = '';
  @state() private text = '';
  /** One id per rating session, so a changed mind replaces the earlier rating instead of adding one. */
  #feedbackId = randomHex(8);
  #layoutId: string | undefined;

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    // A new layout is a new question: forget the last answer.
    if (changed.has('source') && this.source.layoutId !== this.#layoutId) {
      this.#layoutId = this.source.layoutId;
      this.reset();
    }
  }

  /** Clears the rating and comment (a new layout). */
  reset(): void {
    this.rating = null;
    this.text = '';
    this.status = '';
    this.#feedbackId = randomHex(8);
  }

  #record(rating: 'up' | 'down', comment: string | null): void {
    const detail: JigFeedbackDetail = feedbackDetail(rating, comment, this.source, this.#feedbackId, !!this.log);
    if (this.log) this.log.emit('feedback.given', detail.attrs, detail.context);
    emit(this, 'jig-feedback', detail);
  }

  #rate(rating: 'up' | 'down'): void {
    if (this.rating === rating) return;
    this.rating = rating;
    this.#record(rating, this.text.trim() || null);
    this.status = this.comment ? 'Thanks. Add a comment if you like.' : 'Thanks for the feedback.';
  }

  #send(e: Event): void {
    e.preventDefault();
    const text = this.text.trim();
    if (!this.rating || !text) return;
    this.#record(this.rating, text);
    this.status = 'Thanks, your comment was sent.';
  }

  override render() {
    const thumb = (
      rating: 'up' | 'down',
      label: string,
    ) => html`<button type="button" class="btn thumb" data-variant="secondary"
      part=${rating} aria-pressed=${this.rating === rating ? 'true' : 'false'} aria-label=${label} @click=${() => this.#rate(rating)}>${thumbIcon(rating === 'down')}</button>`;
    const id = 'jig-feedback-comment';
    return html`<div part="base" class="base" role="group" aria-labelledby="q">
      <div class="row">
        <span id="q" class="question">${this.question}</span>
        ${thumb('up', 'Yes, helpful')}
        ${thumb('down', 'No, not helpful')}
      </div>
      ${
        this.comment && this.rating
          ? html`<form class="base" @submit=${this.#send}>
          <label class="sr-only" for=${id}>Comment</label>
          <textarea part="comment" id=${id} maxlength="2000" placeholder="What would have been better?" .value=${this.text}
            @input=${(e: Event) => {
              this.text = (e.target as HTMLTextAreaElement).value;
            }}></textarea>
          <div class="row"><button part="send" class="btn" type="submit" ?disabled=${!this.text.trim()}>Send comment</button></div>
        </form>`
          : nothing
      }
      <div part="status" class="status" role="status" aria-live="polite">${this.status}</div>
    </div>`;
  }
}
