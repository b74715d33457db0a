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

  protected readControl(): boolean {
    return (this.control as HTMLInputElement | null)?.checked ?? false;
  }

  override render() {
    const id = `${this.uid}-in`;
    const err = `${this.uid}-err`;
    return html`<div class="field">
      <div class="row">
        <input part="input" id=${id} type="checkbox" .checked=${live(this.value === true)}
          aria-invalid=${this.invalid ? 'true' : 'false'} aria-describedby=${err} @change=${() => this.write(this.readControl())} />
        ${this.labelFor(id)}
      </div>
      ${this.errorText(err)}
    </div>`;
  }
}
