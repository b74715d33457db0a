import { html, nothing } from 'lit';
import type { LinkProps } from '../../src/catalog/builtin.js';
import { JigElement } from '../shared/jig-element.js';
import { srOnlyStyles } from '../shared/theme.styles.js';
import { linkStyles } from './link.styles.js';

/** Absolute http(s) URLs, and scheme-relative ones, leave the site. */
const EXTERNAL = /^(https?:)?\/\//i;

/**
 * @summary A hyperlink. Links to other sites open in a new tab with `rel="noopener noreferrer"`.
 * @csspart base - The `<a>`.
 * @csspart external - The arrow shown after links to other sites.
 * @cssproperty --jig-color-accent - Link colour.
 */
export class JigLink extends JigElement<LinkProps> {
  static override styles = [...JigElement.styles, srOnlyStyles, linkStyles];

  override render() {
    const { href, text } = this.props;
    // The policy gate has checked href's scheme; it is bound as an attribute only.
    const external = EXTERNAL.test(href ?? '');
    return html`<a part="base" href=${href} target=${external ? '_blank' : nothing} rel=${external ? 'noopener noreferrer' : nothing}
      >${text}${external ? html`<span part="external" aria-hidden="true">&#8599;</span><span class="sr-only">(opens in a new tab)</span>` : nothing}</a
    >`;
  }
}
