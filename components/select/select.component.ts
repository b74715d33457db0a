import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import type { SelectProps } from '../../src/catalog/builtin.js';
import { JigInputElement } from '../shared/jig-input.js';
import { selectStyles } from './select.styles.js';

/**
 * @summary A drop-down choice bound two-way to the chosen option's value in the layout's data.
 * While nothing valid is chosen (or the field is optional) an empty first option stands for "no choice".
 * @event jig-edit - The user chose an option: `{nodeId, pointer, value, previous}`.
 * @csspart label - The label. @csspart input - The native `<select>`. @csspart error - The validation message.
 * @cssproperty --jig-color-border - Border. @cssproperty --jig-color-accent - Focus colour. @cssproperty --jig-color-danger - Error colour.
 */
export class JigSelect extends JigInputElement<SelectProps> {
  static override styles = [...JigInputElement.styles, selectStyles];

  override render() {
    const p = this.props;
    const options = p.options ?? [];
    const v = this.value;
    const current = typeof v === 'string' ? v : v == null ? '' : String(v);
    const known = options.some((o) => o.value === current);
    // `.selected` (not the select's value) because the options render after the select's own bindings.
    return this.field(html`<select part="input" id=${this.inputId} ?required=${p.required} aria-invalid=${this.invalidState}
      aria-describedby=${this.errorId} @change=${this.onChange} @blur=${this.onBlur}>
      ${!p.required || !known ? html`<option value="" .selected=${live(!known)}></option>` : nothing}
      ${options.map((o) => html`<option value=${o.value} .selected=${live(o.value === current)}>${o.label}</option>`)}
    </select>`);
  }
}
