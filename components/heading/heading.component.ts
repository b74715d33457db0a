import { html } from 'lit';
import type { HeadingProps } from '../../src/catalog/builtin.js';
import { JigElement } from '../shared/jig-element.js';
import { headingStyles } from './heading.styles.js';

/**
 * @summary A section heading: a real `<h1>`–`<h4>` (level 2 by default).
 * @csspart base - The heading element.
 * @cssproperty --jig-color-text - Heading colour. @cssproperty --jig-font - Font family.
 */
export class JigHeading extends JigElement<HeadingProps> {
  static override styles = [...JigElement.styles, headingStyles];

  override render() {
    const t = this.resolveText(this.props.text);
    // One template per level: the tag name is never built from layout text. The text is set as
    // textContent (a text node, never markup), with no marker comment to clone and insert.
    switch (this.props.level) {
      case 1:
        return html`<h1 part="base" .textContent=${t}></h1>`;
      case 3:
        return html`<h3 part="base" .textContent=${t}></h3>`;
      case 4:
        return html`<h4 part="base" .textContent=${t}></h4>`;
      default:
        return html`<h2 part="base" .textContent=${t}></h2>`;
    }
  }
}
