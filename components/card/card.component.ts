import { html } from 'lit';
import type { CardProps } from '../../src/catalog/builtin.js';
import { JigElement } from '../shared/jig-element.js';
import { cardStyles } from './card.styles.js';

/**
 * @summary A bordered panel grouping related content, with an optional title and subtitle.
 * @slot - The card's content.
 * @csspart base - The panel. @csspart header - Title and subtitle. @csspart title - The title (`<h3>`).
 * @csspart subtitle - The subtitle. @csspart body - The content.
 * @cssproperty --jig-color-bg - Background. @cssproperty --jig-color-border - Border. @cssproperty --jig-radius - Corner radius.
 * @cssproperty --jig-space-m - Padding and gap.
 */
export class JigCard extends JigElement<CardProps> {
  static override styles = [...JigElement.styles, cardStyles];

  override render() {
    const title = this.resolveText(this.props.title);
    const subtitle = this.resolveText(this.props.subtitle);
    // One template per card, with or without its header (title or subtitle hidden when empty), and no
    // whitespace between tags: each nested template and whitespace text node was one more clone and
    // insert on every card's first update.
    return title || subtitle
      ? html`<div part="base" class="card"><div part="header" class="header"><h3 part="title" .textContent=${title} ?hidden=${!title}></h3><p part="subtitle" .textContent=${subtitle} ?hidden=${!subtitle}></p></div><div part="body" class="body"><slot></slot></div></div>`
      : html`<div part="base" class="card"><div part="body" class="body"><slot></slot></div></div>`;
  }
}
