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
  protected readControl(): string {
    return this.control?.value ?? '';
  }

  override render() {
    const p = this.props;
    const id = `${this.uid}-in`;
    const err = `${this.uid}-err`;
    const value = this.value;
    const text = value === undefined || value === null ? '' : String(value);
    const onInput = (e: Event) => this.write((e.target as HTMLInputElement).value);
    return html`<div class="field">
      ${this.labelFor(id)}
      ${p.multiline
        ? html`<textarea part="input" id=${id} .value=${live(text)} placeholder=${ifDefined(p.placeholder)} ?required=${p.required}
            aria-invalid=${this.invalid ? 'true' : 'false'} aria-describedby=${err} @input=${onInput}></textarea>`
        : html`<input part="input" id=${id} type=${p.inputType ?? 'text'} .value=${live(text)} placeholder=${ifDefined(p.placeholder)}
            ?required=${p.required} aria-invalid=${this.invalid ? 'true' : 'false'} aria-describedby=${err}
            autocomplete=${p.inputType === 'email' ? 'email' : p.inputType === 'tel' ? 'tel' : 'on'}
            @input=${onInput} @keydown=${this.onKeydown} @blur=${() => this.invalid && this.checkValidity()} />`}
      ${this.errorText(err)}
    </div>`;
  }
}
