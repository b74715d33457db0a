// Links are classified where the browser will really go: every spelling of another site opens
// as external (new tab, rel="noopener noreferrer", marker), and the gate refuses the backslash forms.
import { expect, fixture, html } from '@open-wc/testing';
import '../../../src/surface/surface.js';
import '../../../components/stack/stack.js';
import '../../../components/link/link.js';
import type { JigSurface } from '../../../src/surface/surface.component.js';
import type { JigLink } from '../../../components/link/link.component.js';
import type { Issue } from '../../../src/gates/issue.js';
import type { LayoutDocument } from '../../../src/layout/document.js';

async function link(href: string) {
  const el = await fixture<JigLink>(html`<jig-link .props=${{ href, text: 'Go' }}></jig-link>`);
  const a = el.shadowRoot!.querySelector('a')!;
  return { a, external: !!el.shadowRoot!.querySelector('[part="external"]') };
}

const linkDoc = (href: string): LayoutDocument => ({
  version: 1,
  root: 'p',
  nodes: [
    { id: 'p', type: 'stack', children: ['l'] },
    { id: 'l', type: 'link', props: { href, text: 'Go' } },
  ],
});

// Spellings a browser resolves to evil.example from this page (an http: page on localhost).
const offSite = [
  'https://evil.example/a',
  '//evil.example/b',
  '\\\\evil.example\\c',
  '/\\evil.example/d',
  'https:evil.example/e',
  'http:\\\\evil.example\\i',
  '  https://evil.example/f',
  '\thttps://evil.example/g\n',
  'ht\ttps://evil.\nexample/h',
  'HTTPS://EVIL.EXAMPLE/j',
  '\\/evil.example/k',
];
const onSite = ['/about', 'about', '?q=1', '#top', './a/../b', `${location.origin}/x`, ` /spaced `];

describe('<jig-link> where the browser goes', () => {
  for (const href of offSite) {
    it(`${JSON.stringify(href)} opens as another site`, async () => {
      const { a, external } = await link(href);
      expect(new URL(a.href).hostname).to.equal('evil.example');
      expect(a.target).to.equal('_blank');
      expect(a.rel).to.equal('noopener noreferrer');
      expect(external).to.equal(true);
    });
  }
  for (const href of onSite) {
    it(`${JSON.stringify(href)} stays on this site`, async () => {
      const { a, external } = await link(href);
      expect(new URL(a.href).origin).to.equal(location.origin);
      expect(a.hasAttribute('target')).to.equal(false);
      expect(external).to.equal(false);
    });
  }

  it('mailto: and tel: are not web pages: no new tab', async () => {
    for (const href of ['mailto:desk@example.com', 'tel:+441234567']) {
      const { a, external } = await link(href);
      expect(a.protocol).to.equal(href.slice(0, href.indexOf(':') + 1));
      expect(external).to.equal(false);
      expect(a.hasAttribute('target')).to.equal(false);
    }
  });

  it('an href that does not resolve is not a link at all', async () => {
    const { a } = await link('http://[broken');
    expect(a.hasAttribute('href')).to.equal(false);
  });
});

describe('the policy gate and off-site spellings', () => {
  it('refuses the backslash forms and http(s): without "//", whatever the page\'s scheme', async () => {
    const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
    for (const href of [
      '\\\\evil.example\\c',
      '/\\evil.example/d',
      'https:evil.example/e',
      'http:\\\\evil.example\\i',
      'HTTP:/evil.example',
      '\\/evil.example/k',
      ' https:evil.example',
    ]) {
      const v = await s.show(linkDoc(href));
      expect(v.ok, href).to.equal(false);
      if (!v.ok)
        expect(
          v.issues.map((i: Issue) => `${i.code} ${i.path}`),
          href,
        ).to.deep.equal(['unsafe_url /nodes/1/props/href']);
      expect(s.querySelector('jig-link')).to.equal(null);
    }
  });

  it('passes the spaced and split spellings, which then render as external', async () => {
    const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
    for (const href of [
      '  https://evil.example/f',
      '\thttps://evil.example/g\n',
      'ht\ttps://evil.\nexample/h',
      '//evil.example/b',
    ]) {
      const v = await s.show(linkDoc(href));
      expect(v.ok, JSON.stringify(href)).to.equal(true);
      const a = s.querySelector('jig-link')!.shadowRoot!.querySelector('a')!;
      expect(a.rel, JSON.stringify(href)).to.equal('noopener noreferrer');
      expect(new URL(a.href).hostname).to.equal('evil.example');
    }
  });
});
