// <jig-icon> in Chromium: the named drawing as inline SVG once its table has loaded, a name for
// screen readers only when labelled, size and tone from the theme, and no markup from hostile strings.
import { expect, fixture, html } from '@open-wc/testing';
import '../../../components/index.js';
import type { JigIcon } from '../../../components/index.js';
import { ICON_PATHS } from '../../../components/icon/icon.paths.js';
import { ICON_NAMES } from '../../../src/catalog/builtin.js';
import { XSS, noInjectedMarkup, part } from './helpers.js';

const drawn = (el: Element) => [...part(el, 'base').querySelectorAll('path')].map((p) => p.getAttribute('d'));

describe('jig-icon', () => {
  it('has a drawing for every name the catalog offers, and none it does not', () => {
    expect(Object.keys(ICON_PATHS).sort()).to.deep.equal([...ICON_NAMES].sort());
    for (const name of ICON_NAMES) expect(ICON_PATHS[name].length, name).to.be.greaterThan(0);
  });

  it('draws the named icon as SVG paths once updateComplete resolves, as an image named by its label', async () => {
    const el = await fixture<JigIcon>(html`<jig-icon .props=${{ name: 'calendar', label: 'Date' }}></jig-icon>`);
    await el.updateComplete;
    expect(drawn(el)).to.deep.equal([...ICON_PATHS.calendar]);
    const svg = part(el, 'base');
    expect(svg.namespaceURI).to.equal('http://www.w3.org/2000/svg');
    expect([svg.getAttribute('role'), svg.getAttribute('aria-label'), svg.hasAttribute('aria-hidden')]).to.deep.equal([
      'img',
      'Date',
      false,
    ]);
    await expect(el).to.be.accessible();
  });

  it('is hidden from screen readers without a label', async () => {
    const el = await fixture<JigIcon>(html`<jig-icon .props=${{ name: 'star' }}></jig-icon>`);
    await el.updateComplete;
    const svg = part(el, 'base');
    expect([svg.getAttribute('aria-hidden'), svg.hasAttribute('role'), svg.hasAttribute('aria-label')]).to.deep.equal([
      'true',
      false,
      false,
    ]);
    expect(drawn(el).length).to.be.greaterThan(0);
    await expect(el).to.be.accessible();
  });

  it('follows a change of name (a patch) without a new element', async () => {
    const el = await fixture<JigIcon>(html`<jig-icon .props=${{ name: 'plus' }}></jig-icon>`);
    await el.updateComplete;
    el.props = { name: 'minus' };
    await el.updateComplete;
    expect(drawn(el)).to.deep.equal([...ICON_PATHS.minus]);
  });

  it('takes its size from s, m, l or --jig-icon-size, and its colour from the tone', async () => {
    const el = await fixture(html`<div style="color: rgb(10, 20, 30)">
      <jig-icon .props=${{ name: 'info', size: 's' }}></jig-icon><jig-icon .props=${{ name: 'info', size: 'l' }}></jig-icon>
      <jig-icon style="--jig-icon-size: 40px" .props=${{ name: 'info' }}></jig-icon>
      <jig-icon style="--jig-color-danger: rgb(200, 0, 0)" .props=${{ name: 'error', tone: 'danger' }}></jig-icon></div>`);
    const [s, l, custom, danger] = [...el.querySelectorAll('jig-icon')].map((i) => getComputedStyle(part(i, 'base')));
    expect([s!.width, l!.width, custom!.width]).to.deep.equal(['16px', '28px', '40px']);
    expect(s!.color).to.equal('rgb(10, 20, 30)');
    expect(danger!.color).to.equal('rgb(200, 0, 0)');
  });

  it('draws nothing for a name that is not its own (constructor, markup) and keeps a hostile label as text', async () => {
    for (const name of ['constructor', '__proto__', XSS]) {
      const el = await fixture<JigIcon>(html`<jig-icon .props=${{ name, label: XSS }}></jig-icon>`);
      await el.updateComplete;
      expect(drawn(el), name).to.deep.equal([]);
      expect(part(el, 'base').getAttribute('aria-label')).to.equal(XSS);
      expect(noInjectedMarkup(el)).to.equal(true);
    }
  });
});
