import { html } from 'lit';
import type { BadgeProps } from '../../src/catalog/builtin.js';
import { JigElement } from '../shared/jig-element.js';
import { badgeStyles } from './badge.styles.js';

/**
 * @summary A small pill that labels a status or category.
 * @csspart base - The pill.
 * @cssproperty --jig-color-muted - Default tone. @cssproperty --jig-color-success - Success tone.
 * @cssproperty --jig-color-warning - Warning tone. @cssproperty --jig-color-danger - Danger tone.
 */
export class JigBadge extends JigElement<BadgeProps> {
  static override styles = [...JigElement.styles, badgeStyles];

  override render() {
    return html`<span part="base" class="badge" data-tone=${this.props.tone ?? 'default'}>${this.resolveText(this.props.text)}</span>`;
  }
}
