import { html } from 'lit';
import { JigElement } from '../shared/jig-element.js';
import { dividerStyles } from './divider.styles.js';

/**
 * @summary A horizontal rule between sections.
 * @csspart base - The `<hr>`.
 * @cssproperty --jig-color-border - Rule colour. @cssproperty --jig-space-m - Space above and below.
 */
export class JigDivider extends JigElement {
  static override styles = [...JigElement.styles, dividerStyles];

  override render() {
    return html`<hr part="base" />`;
  }
}
