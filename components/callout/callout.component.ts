import { html, nothing } from 'lit';
import type { CalloutProps } from '../../src/catalog/builtin.js';
import { JigElement } from '../shared/jig-element.js';
import { calloutStyles } from './callout.styles.js';

/**
 * @summary A highlighted box for a tip, notice or warning. Danger and warning callouts are alerts.
 * @csspart base - The box. @csspart title - The bold title. @csspart text - The message.
 * @cssproperty --jig-color-accent - Default tone. @cssproperty --jig-color-success - Success tone.
 * @cssproperty --jig-color-warning - Warning tone. @cssproperty --jig-color-danger - Danger tone.
 */
export class JigCallout extends JigElement<CalloutProps> {
  static override styles = [...JigElement.styles, calloutStyles];

  override render() {
    const { tone = 'default' } = this.props;
    const title = this.resolveText(this.props.title);
    const urgent = tone === 'danger' || tone === 'warning';
    return html`<div part="base" class="callout" role=${urgent ? 'alert' : 'note'} data-tone=${tone}>
      ${title ? html`<strong part="title" class="title">${title}</strong>` : nothing}
      <p part="text">${this.resolveText(this.props.text)}</p>
    </div>`;
  }
}
