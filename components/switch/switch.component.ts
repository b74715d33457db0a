import { html } from 'lit';
import { live } from 'lit/directives/live.js';
import type { SwitchProps } from '../../src/catalog/builtin.js';
import { JigInputElement } from '../shared/jig-input.js';
import { switchStyles } from './switch.styles.js';

/**
 * @summary An on/off switch (a native checkbox with `role="switch"`) bound two-way to a boolean in the
 * layout's data. Space toggles it; so does a click on its label.
 * @event jig-edit - The person switched it: `{nodeId, pointer, value, previous}`.
 * @csspart label - The label. @csspart input - The switch. @csspart error - The validation message.
 * @cssproperty --jig-color-accent - Track colour when on. @cssproperty --jig-color-border - Track colour when off.
 */
export class JigSwitch extends JigInputElement<SwitchProps> {
  static override styles = [...JigInputElement.styles, switchStyles];

  protected override readControl(): boolean {
    return (this.control as HTMLInputElement | null)?.checked ?? false;
  }

  override render() {
    return html`<div class="field">
      <div class="row">
        ${this.labelFor(this.inputId)}
        <input part="input" id=${this.inputId} type="checkbox" role="switch" .checked=${live(this.value === true)}
          aria-invalid=${this.invalidState} aria-describedby=${this.errorId} @change=${this.onChange} />
      </div>
      ${this.errorText(this.errorId)}
    </div>`;
  }
}
