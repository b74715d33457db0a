import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import type { SliderProps } from '../../src/catalog/builtin.js';
import { JigInputElement } from '../shared/jig-input.js';
import { sliderStyles } from './slider.styles.js';

/** Enough decimals to show every step of the slider, and no more. */
function decimals(step: number): number {
  const s = String(step);
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : Math.min(s.length - dot - 1, 6);
}

/**
 * @summary A slider (native range input) bound two-way to a number in the layout's data, with its value
 * shown beside the label. Arrow keys, Page Up/Down, Home and End move it.
 * While the data holds no number the value reads "–" and nothing is written until the person moves it.
 * @event jig-edit - The person moved it: `{nodeId, pointer, value, previous}`.
 * @csspart label - The label. @csspart value - The shown value. @csspart input - The native range input.
 * @csspart error - The validation message.
 * @cssproperty --jig-color-accent - Track and thumb colour.
 */
export class JigSlider extends JigInputElement<SliderProps> {
  static override styles = [...JigInputElement.styles, sliderStyles];

  protected override readControl(): number {
    return Number((this.control as HTMLInputElement | null)?.value ?? NaN);
  }

  override render() {
    const { min = 0, step = 1, unit = '' } = this.props;
    const max = Math.max(min, this.props.max ?? 100);
    const v = this.value;
    const n = typeof v === 'number' && Number.isFinite(v) ? v : null;
    const digits = decimals(step);
    const shown =
      n === null
        ? '–'
        : `${n.toLocaleString(undefined, { minimumFractionDigits: digits, maximumFractionDigits: digits })}${unit}`;
    // min, max and step come before .value so the browser clamps against the new range, not the old one.
    return html`<div class="field">
      <div class="head">${this.labelFor(this.inputId)}<output part="value" for=${this.inputId}>${shown}</output></div>
      <input part="input" id=${this.inputId} type="range" min=${min} max=${max} step=${step}
        .value=${live(String(n ?? min + (max - min) / 2))} aria-valuetext=${n === null ? nothing : shown}
        aria-invalid=${this.invalidState} aria-describedby=${this.errorId} @input=${this.onChange} @blur=${this.onBlur} />
      ${this.errorText(this.errorId)}
    </div>`;
  }
}
