import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { ImageProps } from '../../src/catalog/builtin.js';
import { JigElement } from '../shared/jig-element.js';
import { imageStyles } from './image.styles.js';

/**
 * @summary An image with alternative text; width and height reserve its space while it loads.
 * It loads nothing while its layout is still streaming: the surface gives it `src` once the layout passes.
 * @csspart base - The `<img>`.
 * @cssproperty --jig-radius - Corner radius.
 */
export class JigImage extends JigElement<ImageProps> {
  static override styles = [...JigElement.styles, imageStyles];

  override render() {
    const p = this.props;
    // The policy gate has checked src; it is bound as an attribute, never parsed as markup.
    // A layout still streaming has no src yet (the surface withholds it): nothing loads until it passes.
    return html`<img part="base" src=${ifDefined(p.src || undefined)} alt=${p.alt ?? ''} width=${ifDefined(p.width)} height=${ifDefined(p.height)}
      loading="lazy" decoding="async" />`;
  }
}
