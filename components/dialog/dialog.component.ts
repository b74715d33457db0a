import { html, svg } from 'lit';
import { property } from 'lit/decorators.js';
import type { DialogProps } from '../../src/catalog/builtin.js';
import { emit } from '../../src/surface/events.js';
import { JigForm } from '../form/form.component.js';
import { JigElement } from '../shared/jig-element.js';
import { buttonStyles } from '../shared/theme.styles.js';
import { dialogStyles } from './dialog.styles.js';

/** A section or dialog opened or closed, by the person or by the page. */
export interface JigToggleDetail {
  nodeId: string;
  open: boolean;
}

const CROSS = svg`<path d="M6 6l12 12M18 6L6 18"></path>`;

/**
 * @summary A button that opens a modal dialog (the native `<dialog>`, with `showModal()`) holding the children.
 * While open the rest of the page is inert, so focus stays inside; Escape, the close button or a click on the
 * backdrop closes it, and focus returns to the button. A form inside that sends its action closes it too.
 * @slot - The dialog's content.
 * @event jig-toggle - Opened or closed: `{nodeId, open}`.
 * @csspart trigger - The opening button. @csspart dialog - The `<dialog>`. @csspart header - Title row.
 * @csspart title - The title (`<h2>`). @csspart close - The close button. @csspart body - The content.
 * @cssproperty --jig-color-bg - Dialog background. @cssproperty --jig-color-accent - Button colour.
 * @cssproperty --jig-radius - Corner radius. @cssproperty --jig-dialog-width - Largest width (default 36rem).
 * @cssproperty --jig-dialog-backdrop - What covers the page behind it.
 */
export class JigDialog extends JigElement<DialogProps> {
  static override styles = [...JigElement.styles, buttonStyles, dialogStyles];

  /** Whether the dialog is showing; setting it (or the `open` attribute) opens or closes it. */
  @property({ type: Boolean, reflect: true }) open = false;

  /** Whether the native dialog is showing as far as this element knows (it cannot be asked mid-close). */
  #shown = false;

  constructor() {
    super();
    this.addEventListener('jig-action', (e) => {
      if (e.target instanceof JigForm && this.contains(e.target)) this.close();
    });
  }

  private get dialog(): HTMLDialogElement | null {
    return this.renderRoot?.querySelector('dialog') ?? null;
  }

  /** Opens the dialog as a modal. */
  async show(): Promise<void> {
    // Synchronous once rendered, so the dialog is open when a click handler returns.
    if (!this.dialog) await this.updateComplete;
    const d = this.dialog;
    if (!d || this.#shown || !this.isConnected) return;
    d.showModal();
    this.#shown = true;
    this.open = true;
    emit(this, 'jig-toggle', { nodeId: this.nodeId, open: true });
  }

  /** Closes it; focus goes back to the opening button. */
  close(): void {
    if (!this.#shown) return;
    this.dialog?.close();
    // The native close event comes a task later; callers should find the dialog closed at once.
    this.onClose();
  }

  private readonly onClose = (): void => {
    // A native close event may arrive after the dialog was opened again: it is stale then.
    if (!this.#shown || this.dialog?.open) return;
    this.#shown = false;
    this.open = false;
    // Browsers restore focus themselves only in some cases (not after a backdrop click); say where it goes.
    this.renderRoot.querySelector<HTMLButtonElement>('[part~="trigger"]')?.focus();
    emit(this, 'jig-toggle', { nodeId: this.nodeId, open: false });
  };

  private readonly onClick = (e: MouseEvent): void => {
    // The dialog's own box is the backdrop: its content sits in a wrapper that fills it.
    if (e.target === this.dialog) this.close();
  };

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    if (!changed.has('open')) return;
    if (this.open && !this.#shown) void this.show();
    else if (!this.open && this.#shown) this.close();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Leaving the document takes the dialog out of the top layer; it starts closed if it comes back.
    this.#shown = false;
    this.open = false;
  }

  override render() {
    const { trigger, title, variant = 'secondary' } = this.props;
    const titleId = `${this.uid}-title`;
    return html`<button type="button" part="trigger" class="btn" data-variant=${variant} aria-haspopup="dialog"
        @click=${() => this.show()}>${trigger}</button>
      <dialog part="dialog" aria-labelledby=${titleId} @close=${this.onClose} @click=${this.onClick}>
        <div class="frame">
          <div part="header" class="header">
            <h2 part="title" id=${titleId}>${title}</h2>
            <button type="button" part="close" class="close" aria-label="Close" @click=${() => this.close()}>
              <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">${CROSS}</svg>
            </button>
          </div>
          <div part="body" class="body"><slot></slot></div>
        </div>
      </dialog>`;
  }
}

declare global {
  interface HTMLElementEventMap {
    'jig-toggle': CustomEvent<JigToggleDetail>;
  }
}
