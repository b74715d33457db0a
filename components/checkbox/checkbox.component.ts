import { html } from 'lit';
import { live } from 'lit/directives/live.js';
import type { CheckboxProps } from '../../src/catalog/builtin.js';
import { JigInputElement } from '../shared/jig-input.js';
import { checkboxStyles } from './checkbox.styles.js';

/**
 * @summary A checkbox bound two-way to a boolean in the layout's data; its label follows the box and toggles it too.
 * @event jig-edit - The user toggled it: `{nodeId, pointer, value, previous}`.
 * @csspart input - The native checkbox. @csspart label - The label. @csspart error - The validation message.
 * @cssproperty --jig-color-accent - Checked colour. @cssproperty --jig-color-danger - Error colour.
 */
export class JigCheckbox extends JigInputElement<CheckboxProps> {
  static override styles = [...JigInputElement.styles, checkboxStyles];

  protected override readControl(): boolean {
    return (this.control as HTMLInputElement | null)?.checked ?? false;
  }

  override render() {
    // The label follows the box here, so this field lays itself out.
    return html`<div class="field">
      <div class="row">
        <input part="input" id=${this.inputId} type="checkbox" .checked=${live(this.value === true)}
          aria-invalid=${this.invalidState} aria-describedby=${this.errorId} @change=${this.onChange} />
        ${this.labelFor(this.inputId)}
      </div>
      ${this.errorText(this.errorId)}
    </div>`;
  }
}
