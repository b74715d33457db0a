import { html, nothing } from 'lit';
import type { ProgressProps } from '../../src/catalog/builtin.js';
import { JigElement } from '../shared/jig-element.js';
import { progressStyles } from './progress.styles.js';

/**
 * @summary A labelled progress bar (the native `<progress>`) from 0 to `max`; `value` may be `{"$data": "/pointer"}`
 * and follows the data. A value beyond the range is shown at its end; no number at all shows a busy bar.
 * @csspart base - The whole. @csspart label - The label. @csspart value - The percentage.
 * @csspart bar - The `<progress>` element.
 * @cssproperty --jig-color-accent - Fill colour (or the tone's colour). @cssproperty --jig-color-surface - Track colour.
 */
export class JigProgress extends JigElement<ProgressProps> {
  static override styles = [...JigElement.styles, progressStyles];

  override render() {
    const { label, tone } = this.props;
    const max = typeof this.props.max === 'number' && this.props.max > 0 ? this.props.max : 100;
    const raw = this.resolve(this.props.value);
    const n = typeof raw === 'number' && Number.isFinite(raw) ? Math.min(Math.max(raw, 0), max) : null;
    const pct = n === null ? null : Math.round((n / max) * 1000) / 10;
    const labelId = `${this.uid}-label`;
    return html`<div part="base" class="progress">
      <div class="head"><span part="label" id=${labelId}>${label}</span><span part="value" aria-hidden="true">${pct === null ? '' : `${pct}%`}</span></div>
      <progress part="bar" aria-labelledby=${labelId} max=${max} value=${n ?? nothing}
        aria-valuetext=${pct === null ? nothing : `${pct}%`} data-tone=${tone ?? nothing}></progress>
    </div>`;
  }
}
