// <jig-accordion> in Chromium: a native details/summary section, closed by default or open from props,
// toggled by click, Enter and Space, one open at a time within a group, hostile titles kept as text.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../components/index.js';
import type { JigAccordion } from '../../../components/index.js';
import { XSS, noInjectedMarkup, part, settle } from './helpers.js';

const details = (el: Element) => part<HTMLDetailsElement>(el, 'base');
const contentShown = (el: Element) => el.querySelector('p')!.checkVisibility();

describe('jig-accordion', () => {
  it('starts closed with its content hidden, and opens on a click of its title with jig-toggle', async () => {
    const el = await fixture<JigAccordion>(
      html`<jig-accordion node-id="faq1" .props=${{ title: 'Refunds' }}><p>Within 30 days.</p></jig-accordion>`,
    );
    expect([details(el).localName, part(el, 'summary').localName, part(el, 'title').textContent]).to.deep.equal([
      'details',
      'summary',
      'Refunds',
    ]);
    expect([el.open, contentShown(el)]).to.deep.equal([false, false]);
    const toggled = oneEvent(el, 'jig-toggle');
    part(el, 'summary').click();
    expect((await toggled).detail).to.deep.equal({ nodeId: 'faq1', open: true });
    expect([el.open, el.hasAttribute('open'), contentShown(el)]).to.deep.equal([true, true, true]);
    await expect(el).to.be.accessible();
  });

  it('starts open when props say so, and follows a later change of that prop', async () => {
    const el = await fixture<JigAccordion>(
      html`<jig-accordion .props=${{ title: 'Shipping', open: true }}><p>Free over 50.</p></jig-accordion>`,
    );
    expect([details(el).open, contentShown(el)]).to.deep.equal([true, true]);
    el.props = { title: 'Shipping', open: false };
    await settle(el);
    expect(details(el).open).to.equal(false);
  });

  it('toggles from the keyboard: Tab reaches the title, Enter opens, Space closes', async () => {
    const el = await fixture<JigAccordion>(
      html`<jig-accordion .props=${{ title: 'Returns' }}><p>Send it back.</p></jig-accordion>`,
    );
    part(el, 'summary').focus();
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(el.open).to.equal(true);
    await sendKeys({ press: 'Space' });
    await settle(el);
    expect(el.open).to.equal(false);
  });

  it('closes the others of its group when one opens; a section of another group stays as it is', async () => {
    const box = await fixture(html`<div>
      <jig-accordion .props=${{ title: 'A', group: 'faq', open: true }}><p>a</p></jig-accordion>
      <jig-accordion .props=${{ title: 'B', group: 'faq' }}><p>b</p></jig-accordion>
      <jig-accordion .props=${{ title: 'C', open: true }}><p>c</p></jig-accordion></div>`);
    const [a, b, c] = [...box.querySelectorAll('jig-accordion')];
    await Promise.all([a, b, c].map((x) => x!.updateComplete));
    part(b!, 'summary').click();
    await oneEvent(a!, 'jig-toggle');
    expect([a!.open, b!.open, c!.open]).to.deep.equal([false, true, true]);
    expect(details(a!).open).to.equal(false);
  });

  it('keeps a hostile title as text', async () => {
    const el = await fixture(html`<jig-accordion .props=${{ title: XSS }}><p>x</p></jig-accordion>`);
    expect(part(el, 'title').textContent).to.equal(XSS);
    expect(noInjectedMarkup(el)).to.equal(true);
  });
});
