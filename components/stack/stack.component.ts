import { html } from 'lit';
import type { StackProps } from '../../src/catalog/builtin.js';
import { JigElement } from '../shared/jig-element.js';
import { stackStyles } from './stack.styles.js';

/**
 * @summary Lays out its children in a column or a row.
 * @slot - The children.
 * @csspart base - The flex container.
 * @cssproperty --jig-space-s - Small gap. @cssproperty --jig-space-m - Default gap. @cssproperty --jig-space-l - Large gap.
 */
export class JigStack extends JigElement<StackProps> {
  static override styles = [...JigElement.styles, stackStyles];

  override render() {
    const { direction = 'column', gap = 'm', align } = this.props;
    return html`<div part="base" class="stack" data-direction=${direction} data-gap=${gap} data-align=${align ?? ''}><slot></slot></div>`;
  }
}
