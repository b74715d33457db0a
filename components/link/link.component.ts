import { html, nothing } from 'lit';
import type { LinkProps } from '../../src/catalog/builtin.js';
import { JigElement } from '../shared/jig-element.js';
import { srOnlyStyles } from '../shared/theme.styles.js';
import { linkStyles } from './link.styles.js';

/**
 * Where the browser will really go: the href resolved as the browser resolves it (outer spaces
 * trimmed, tabs and newlines dropped, backslashes read as slashes), so a spelling that reaches
 * another site is known for what it is. Null when it does not resolve.
 */
export function resolveHref(href: string, base = document.baseURI): { href: string; external: boolean } | null {
  let url: URL;
  try {
    url = new URL(href, base);
  } catch {
    return null;
  }
  const web = url.protocol === 'http:' || url.protocol === 'https:';
  return { href: url.href, external: web && url.origin !== location.origin };
}

/**
 * @summary A hyperlink. Links that resolve to another origin open in a new tab with `rel="noopener noreferrer"`
 * and an arrow.
 * @csspart base - The `<a>`.
 * @csspart external - The arrow shown after links to other sites.
 * @cssproperty --jig-color-accent - Link colour.
 */
export class JigLink extends JigElement<LinkProps> {
  static override styles = [...JigElement.styles, srOnlyStyles, linkStyles];

  override render() {
    const href = this.props.href;
    const text = this.resolveText(this.props.text);
    // The policy gate has checked href's scheme. The resolved URL is bound (as an attribute only),
    // so the address classified is the address followed; one that does not resolve is not a link.
    const to = resolveHref(href ?? '');
    const external = to?.external ?? false;
    return to && external
      ? html`<a part="base" href=${to.href} target="_blank" rel="noopener noreferrer">${text}<span part="external" aria-hidden="true">&#8599;</span><span class="sr-only">(opens in a new tab)</span></a>`
      : html`<a part="base" href=${to ? to.href : nothing} .textContent=${text}></a>`;
  }
}
