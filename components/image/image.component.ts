import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { ImageProps } from '../../src/catalog/builtin.js';
import { JigElement } from '../shared/jig-element.js';
import { imageStyles } from './image.styles.js';

/**
 * @summary An image with alternative text; width and height reserve its space while it loads.
 * @csspart base - The `<img>`.
 * @cssproperty --jig-radius - Corner radius.
 */
export class JigImage extends JigElement<ImageProps> {
  static override styles = [...JigElement.styles, imageStyles];

  override render() {
    const p = this.props;
    // The policy gate has checked src; it is bound as an attribute, never parsed as markup.
    return html`<img part="base" src=${p.src} alt=${p.alt ?? ''} width=${ifDefined(p.width)} height=${ifDefined(p.height)}
      loading="lazy" decoding="async" />`;
  }
}
