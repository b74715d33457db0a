import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import type { TextFieldProps } from '../../src/catalog/builtin.js';
import { JigInputElement } from '../shared/jig-input.js';

/**
 * @summary A text input (or text area) bound two-way to a string in the layout's data.
 * @event jig-edit - The user changed the value: `{nodeId, pointer, value, previous}`.
 * @csspart label - The label. @csspart input - The native input or textarea. @csspart error - The validation message.
 * @cssproperty --jig-color-border - Input border. @cssproperty --jig-color-accent - Focus colour.
 */
export class JigTextField extends JigInputElement<TextFieldProps> {
  override render() {
    const p = this.props;
    const value = this.value;
    const text = value === undefined || value === null ? '' : String(value);
    return this.field(
      p.multiline
        ? html`<textarea part="input" id=${this.inputId} .value=${live(text)} placeholder=${ifDefined(p.placeholder)} ?required=${p.required}
          aria-invalid=${this.invalidState} aria-describedby=${this.errorId} @input=${this.onChange}></textarea>`
        : html`<input part="input" id=${this.inputId} type=${p.inputType ?? 'text'} .value=${live(text)} placeholder=${ifDefined(p.placeholder)}
          ?required=${p.required} aria-invalid=${this.invalidState} aria-describedby=${this.errorId}
          autocomplete=${p.inputType === 'email' ? 'email' : p.inputType === 'tel' ? 'tel' : 'on'}
          @input=${this.onChange} @keydown=${this.onKeydown} @blur=${this.onBlur} />`,
    );
  }
}
