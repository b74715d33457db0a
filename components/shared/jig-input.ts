// The base of the form fields: a label tied to one native control in the shadow root, two-way
// binding to the layout's data through the `bind` pointer, validity, and Enter to submit.
import { LitElement, html, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { DataChange } from '../../src/surface/data-model.js';
import { emit } from '../../src/surface/events.js';
import { JigElement } from './jig-element.js';
import { fieldStyles } from './theme.styles.js';

export interface InputProps {
  label: string;
  bind: string;
  required?: boolean;
}

export abstract class JigInputElement<P extends InputProps = InputProps> extends JigElement<P> {
  static override styles = [...JigElement.styles, fieldStyles];
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  /** Set while the field fails its own checks (after a submit attempt or on blur). */
  // useDefault: the initial false is not reflected (a removeAttribute per field on its first update).
  @property({ type: Boolean, reflect: true, useDefault: true }) invalid = false;
  protected error = '';

  protected override get readsData(): boolean {
    return true;
  }

  protected override dataChanged(change: DataChange): void {
    if (
      change.pointer === '' ||
      change.pointer === this.props.bind ||
      change.pointer.startsWith(this.props.bind + '/') ||
      this.props.bind.startsWith(change.pointer + '/')
    )
      this.requestUpdate();
  }

  /** The bound value. */
  get value(): unknown {
    return this.model.get(this.props.bind);
  }

  /** Writes the bound value and tells the page (`jig-edit`). */
  protected write(value: unknown): void {
    const previous = this.value;
    if (Object.is(previous, value)) return;
    if (this.model.set(this.props.bind, value, this.nodeId)) {
      emit(this, 'jig-edit', { nodeId: this.nodeId, pointer: this.props.bind, value, previous });
    }
    if (this.invalid) this.checkValidity();
  }

  /** The native control inside the shadow root. */
  protected get control(): HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement | null {
    return this.renderRoot?.querySelector('input, textarea, select') ?? null;
  }

  checkValidity(): boolean {
    const c = this.control;
    const ok = c ? c.checkValidity() : true;
    this.invalid = !ok;
    this.error = ok ? '' : (c?.validationMessage ?? 'Invalid value');
    this.requestUpdate();
    return ok;
  }

  /** Checks, shows the message and focuses the field when invalid. */
  reportValidity(): boolean {
    const ok = this.checkValidity();
    if (!ok) this.focus();
    return ok;
  }

  protected onKeydown(e: KeyboardEvent): void {
    if (e.key === 'Enter' && !(e.target instanceof HTMLTextAreaElement) && !e.isComposing) {
      e.preventDefault();
      this.write(this.readControl());
      emit(this, 'jig-submit-request', { nodeId: this.nodeId });
    }
  }

  /** The control's current value, converted to what data stores (a string by default). */
  protected readControl(): unknown {
    return this.control?.value ?? '';
  }

  /** Ids tying the label and the error message to the control, unique per element. */
  protected get inputId(): string {
    return `${this.uid}-in`;
  }
  protected get errorId(): string {
    return `${this.uid}-err`;
  }

  /** `aria-invalid` for the control. */
  protected get invalidState(): 'true' | 'false' {
    return this.invalid ? 'true' : 'false';
  }

  /** Re-checks on blur once the field has been shown invalid. */
  protected readonly onBlur = (): void => {
    if (this.invalid) this.checkValidity();
  };

  /** Writes what the control now holds. */
  protected readonly onChange = (): void => this.write(this.readControl());

  /**
   * The field: label, the control, then the error message, as labelFor and errorText write them but in
   * one template: a Lit template per piece cost each field two more clones on its first update.
   * The control is the one nested template.
   */
  protected field(control: TemplateResult): TemplateResult {
    const required = !!this.props.required;
    return html`<div class="field"><label part="label" for=${this.inputId}>${this.props.label}<span class="req" aria-hidden="true" ?hidden=${!required} .textContent=${required ? '*' : ''}></span></label>${control}<div part="error" class="error" id=${this.errorId} role="alert" .textContent=${this.invalid ? this.error : ''}></div></div>`;
  }

  /**
   * The label, with the mark a required field shows after it (the control itself says "required" to
   * assistive technology). The mark is always there, empty and hidden when the field is optional:
   * a nested template for it cost each required field a clone and an insert more.
   */
  protected labelFor(id: string): TemplateResult {
    const required = !!this.props.required;
    return html`<label part="label" for=${id}>${this.props.label}<span class="req" aria-hidden="true" ?hidden=${!required} .textContent=${required ? '*' : ''}></span></label>`;
  }

  protected errorText(id: string): TemplateResult {
    return html`<div part="error" class="error" id=${id} role="alert" .textContent=${this.invalid ? this.error : ''}></div>`;
  }
}

declare global {
  interface HTMLElementEventMap {
    'jig-submit-request': CustomEvent<{ nodeId: string }>;
  }
}
