import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import type { NumberFieldProps } from '../../src/catalog/builtin.js';
import { JigInputElement } from '../shared/jig-input.js';

/**
 * @summary A number input bound two-way to a number in the layout's data (null while empty).
 * @event jig-edit - The user changed the value: `{nodeId, pointer, value, previous}`.
 * @event jig-submit-request - Enter was pressed; the enclosing form submits.
 * @csspart label - The label. @csspart input - The native input. @csspart error - The validation message.
 * @cssproperty --jig-color-border - Input border. @cssproperty --jig-color-accent - Focus colour. @cssproperty --jig-color-danger - Error colour.
 */
export class JigNumberField extends JigInputElement<NumberFieldProps> {
  protected override readControl(): number | null {
    const c = this.control as HTMLInputElement | null;
    return !c || c.value === '' || Number.isNaN(c.valueAsNumber) ? null : c.valueAsNumber;
  }

  override render() {
    const p = this.props;
    const v = this.value;
    const c = this.control as HTMLInputElement | null;
    // Keep what the person typed ("1.50") while it still means the stored number.
    const text =
      typeof v !== 'number' || !Number.isFinite(v)
        ? ''
        : c && c.value !== '' && c.valueAsNumber === v
          ? c.value
          : String(v);
    return this.field(html`<input part="input" id=${this.inputId} type="number" inputmode="decimal" .value=${live(text)}
      min=${ifDefined(p.min)} max=${ifDefined(p.max)} step=${p.step ?? 'any'} ?required=${p.required}
      aria-invalid=${this.invalidState} aria-describedby=${this.errorId}
      @input=${this.onChange} @keydown=${this.onKeydown} @blur=${this.onBlur} />`);
  }
}
