import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import type { RadioGroupProps } from '../../src/catalog/builtin.js';
import { JigInputElement } from '../shared/jig-input.js';
import { radioGroupStyles } from './radio-group.styles.js';

/**
 * @summary A group of radio buttons bound two-way to the chosen option's value in the layout's data.
 * Native radios sharing one name: Tab enters the group at the chosen one, arrow keys move and choose.
 * @event jig-edit - The person chose an option: `{nodeId, pointer, value, previous}`.
 * @csspart group - The `<fieldset>` (role radiogroup). @csspart label - The legend. @csspart option - Each choice's label.
 * @csspart input - Each native radio. @csspart error - The validation message.
 * @cssproperty --jig-color-accent - Chosen colour. @cssproperty --jig-color-danger - Error colour.
 */
export class JigRadioGroup extends JigInputElement<RadioGroupProps> {
  static override styles = [...JigInputElement.styles, radioGroupStyles];

  protected override readControl(): string {
    return this.renderRoot?.querySelector<HTMLInputElement>('input:checked')?.value ?? '';
  }

  override render() {
    const p = this.props;
    const v = this.value;
    const current = typeof v === 'string' ? v : v == null ? '' : String(v);
    return html`<fieldset part="group" role="radiogroup" aria-invalid=${this.invalidState} aria-describedby=${this.errorId}
        aria-required=${p.required ? 'true' : nothing}>
      <legend part="label">${p.label}${p.required ? html`<span class="req" aria-hidden="true">*</span>` : nothing}</legend>
      <div class="options" data-direction=${p.direction ?? 'column'}>
        ${(p.options ?? []).map(
          (o, i) => html`<label part="option" class="option">
          <input part="input" type="radio" id=${i === 0 ? this.inputId : nothing} name=${this.uid} value=${o.value}
            .checked=${live(o.value === current)} ?required=${p.required} @change=${this.onChange} @blur=${this.onBlur} />
          <span>${o.label}</span></label>`,
        )}
      </div>
      ${this.errorText(this.errorId)}
    </fieldset>`;
  }
}
