import { html } from 'lit';
import type { ButtonProps } from '../../src/catalog/builtin.js';
import { JigElement } from '../shared/jig-element.js';
import { buttonStyles } from '../shared/theme.styles.js';

/**
 * @summary A button that sends its action to the host page (or `next-step`/`prev-step` to the enclosing steps).
 * @event jig-action - Clicked: `{action, nodeId, data}` with a snapshot of the layout's data.
 * @csspart base - The native `<button>`, with `data-variant` primary, secondary or danger.
 * @cssproperty --jig-color-accent - Primary background. @cssproperty --jig-color-accent-text - Primary text.
 * @cssproperty --jig-color-danger - Danger background. @cssproperty --jig-radius - Corner radius.
 */
export class JigButton extends JigElement<ButtonProps> {
  static override styles = [...JigElement.styles, buttonStyles];

  override render() {
    const { action, variant = 'primary' } = this.props;
    const label = this.resolveText(this.props.label);
    return html`<button type="button" part="base" class="btn" data-variant=${variant} @click=${() => this.emitAction(action)}>${label}</button>`;
  }
}
