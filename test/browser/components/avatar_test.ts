// <jig-avatar> in Chromium: the picture named by the person, their initials when there is none or it
// fails to load, initials that keep whole characters, and hostile names kept as text.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../../components/index.js';
import type { JigAvatar } from '../../../components/index.js';
import { initials } from '../../../components/avatar/avatar.component.js';
import { XSS, noInjectedMarkup, part, settle } from './helpers.js';

const PIXEL = 'data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==';
const initialsOf = (el: Element) => el.shadowRoot!.querySelector('[part="initials"]');

describe('jig-avatar', () => {
  it('shows the picture with the name as its alternative text', async () => {
    const el = await fixture<JigAvatar>(
      html`<jig-avatar .props=${{ name: 'Grace Hopper', src: PIXEL, size: 'l' }}></jig-avatar>`,
    );
    const img = part<HTMLImageElement>(el, 'image');
    expect([img.getAttribute('src'), img.alt]).to.deep.equal([PIXEL, 'Grace Hopper']);
    expect(getComputedStyle(part(el, 'base')).width).to.equal('64px');
    await expect(el).to.be.accessible();
  });

  it('shows initials, as an image named by the person, when there is no picture', async () => {
    const el = await fixture<JigAvatar>(html`<jig-avatar .props=${{ name: 'Ada King Lovelace' }}></jig-avatar>`);
    const i = initialsOf(el)!;
    expect([i.textContent, i.getAttribute('role'), i.getAttribute('aria-label')]).to.deep.equal([
      'AL',
      'img',
      'Ada King Lovelace',
    ]);
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('falls back to initials when the picture fails to load, and tries a new src again', async () => {
    const el = await fixture<JigAvatar>(
      html`<jig-avatar .props=${{ name: 'Alan Turing', src: '/no-such-picture.png' }}></jig-avatar>`,
    );
    await waitUntil(() => initialsOf(el), 'the initials replace the broken picture');
    expect(initialsOf(el)!.textContent).to.equal('AT');
    el.props = { name: 'Alan Turing', src: PIXEL };
    await settle(el);
    expect(part<HTMLImageElement>(el, 'image').getAttribute('src')).to.equal(PIXEL);
  });

  it('takes whole characters for initials: accents, emoji, one word, spaces only', () => {
    expect(initials('émile  zola')).to.equal('ÉZ');
    expect(initials('👩🏽‍🚀 Sally Ride')).to.equal('👩🏽‍🚀R');
    expect(initials('Cher')).to.equal('C');
    expect(initials('   ')).to.equal('');
  });

  it('keeps a hostile name as text in the initials and the alternative text', async () => {
    const el = await fixture<JigAvatar>(html`<jig-avatar .props=${{ name: XSS }}></jig-avatar>`);
    expect(initialsOf(el)!.getAttribute('aria-label')).to.equal(XSS);
    expect(initialsOf(el)!.children.length).to.equal(0);
    const pic = await fixture<JigAvatar>(html`<jig-avatar .props=${{ name: XSS, src: PIXEL }}></jig-avatar>`);
    expect(part<HTMLImageElement>(pic, 'image').alt).to.equal(XSS);
    expect(noInjectedMarkup(el) && noInjectedMarkup(pic)).to.equal(true);
  });
});
