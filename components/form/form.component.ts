import { html } from 'lit';
import type { FormProps } from '../../src/catalog/builtin.js';
import { JigElement } from '../shared/jig-element.js';
import { JigInputElement } from '../shared/jig-input.js';
import { buttonStyles } from '../shared/theme.styles.js';
import { formStyles } from './form.styles.js';

/**
 * @summary A form: its fields are checked together and, when all are valid, its action is sent with the data.
 * Enter in a one-line field submits too. An invalid form sends nothing and focuses its first invalid field.
 * @slot - Fields and layout.
 * @event jig-action - Submitted with every field valid: `{action, nodeId, data}`.
 * @csspart form - The form's box (fields, then actions). @csspart body - The fields. @csspart actions - The row holding the submit button.
 * @csspart submit - The submit button.
 * @cssproperty --jig-color-accent - Submit button background. @cssproperty --jig-space-m - Gap between fields.
 */
export class JigForm extends JigElement<FormProps> {
  static override styles = [...JigElement.styles, buttonStyles, formStyles];

  constructor() {
    super();
    this.addEventListener('jig-submit-request', (e) => {
      // The nearest form answers; an outer one must not submit as well.
      e.stopPropagation();
      this.submit();
    });
  }

  /** The fields inside this form (light-DOM descendants, however deeply nested in layout). */
  get fields(): JigInputElement[] {
    return [...this.querySelectorAll('*')].filter((el): el is JigInputElement => el instanceof JigInputElement);
  }

  /** Checks every field; sends the action when all pass. Returns whether it was sent. */
  submit(): boolean {
    const fields = this.fields;
    // Check all (each shows its own message), then focus the first that failed.
    const invalid = fields.filter((f) => !f.checkValidity());
    if (invalid.length) {
      invalid[0]!.reportValidity();
      return false;
    }
    this.emitAction(this.props.action);
    return true;
  }

  readonly #onClick = () => {
    this.submit();
  };

  // A <div>, not a <form>: the fields' controls live in their own shadow roots, out of reach of a
  // native form, which checked and submitted nothing here. Each <form> cost its first render about
  // five times what the rest of the component does in Chromium (200 forms: 28 ms against 5 ms).
  // The button keeps type="submit" (what it is, and what pages select it by); with no form in its
  // tree it submits nothing natively, not even a page's own <form> around the surface.
  override render() {
    return html`<div part="form" class="form"><div part="body" class="body"><slot></slot></div><div part="actions" class="actions"><button type="submit" part="submit" class="btn" data-variant="primary" @click=${this.#onClick} .textContent=${this.props.submitLabel || 'Submit'}></button></div></div>`;
  }
}
