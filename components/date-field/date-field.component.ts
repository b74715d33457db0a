import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import type { DateFieldProps } from '../../src/catalog/builtin.js';
import { JigInputElement } from '../shared/jig-input.js';

/**
 * @summary A date picker bound two-way to a `YYYY-MM-DD` string in the layout's data ("" while empty).
 * @event jig-edit - The user changed the value: `{nodeId, pointer, value, previous}`.
 * @event jig-submit-request - Enter was pressed; the enclosing form submits.
 * @csspart label - The label. @csspart input - The native input. @csspart error - The validation message.
 * @cssproperty --jig-color-border - Input border. @cssproperty --jig-color-accent - Focus colour. @cssproperty --jig-color-danger - Error colour.
 */
export class JigDateField extends JigInputElement<DateFieldProps> {
  override render() {
    const p = this.props;
    const v = this.value;
    return this.field(html`<input part="input" id=${this.inputId} type="date" .value=${live(typeof v === 'string' ? v : '')}
      min=${ifDefined(p.min)} max=${ifDefined(p.max)} ?required=${p.required} aria-invalid=${this.invalidState} aria-describedby=${this.errorId}
      @input=${this.onChange} @keydown=${this.onKeydown} @blur=${this.onBlur} />`);
  }
}
