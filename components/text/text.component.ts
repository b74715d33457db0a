import { html } from 'lit';
import type { TextProps } from '../../src/catalog/builtin.js';
import { JigElement } from '../shared/jig-element.js';
import { textStyles } from './text.styles.js';

/**
 * @summary A paragraph of plain text (or text from data); line breaks in the text are kept.
 * @csspart base - The paragraph.
 * @cssproperty --jig-color-text - Default colour. @cssproperty --jig-color-muted - Muted tone.
 * @cssproperty --jig-color-success - Success tone. @cssproperty --jig-color-warning - Warning tone. @cssproperty --jig-color-danger - Danger tone.
 */
export class JigText extends JigElement<TextProps> {
  static override styles = [...JigElement.styles, textStyles];

  override render() {
    return html`<p part="base" data-tone=${this.props.tone ?? 'default'} .textContent=${this.resolveText(this.props.text)}></p>`;
  }
}
