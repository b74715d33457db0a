// Text props that read data, in Chromium: heading, text, badge, callout, card, link and button show
// the value at their `$data` pointer as text (never markup), numbers and booleans as written, and
// follow model.set() in place; a change elsewhere in the data does not render them again.
import { expect, fixture, html } from '@open-wc/testing';
import type { LitElement } from 'lit';
import '../../../components/index.js';
import { DataModel } from '../../../src/surface/data-model.js';
import { XSS, noInjectedMarkup, part, settle } from './helpers.js';

const shown = (el: Element, name: string) => part(el, name).textContent?.replace(/\s+/g, ' ').trim();

describe('text props from $data', () => {
  it('each text-bearing component shows the value at its pointer and follows model.set()', async () => {
    const model = new DataModel({ p: { name: 'Basil', note: 'Sun', kind: 'Herb', stock: 12, ok: true } });
    const cases = [
      [html`<jig-heading .model=${model} .props=${{ text: { $data: '/p/name' } }}></jig-heading>`, 'base', '/p/name'],
      [html`<jig-text .model=${model} .props=${{ text: { $data: '/p/note' } }}></jig-text>`, 'base', '/p/note'],
      [html`<jig-badge .model=${model} .props=${{ text: { $data: '/p/kind' } }}></jig-badge>`, 'base', '/p/kind'],
      [
        html`<jig-callout .model=${model} .props=${{ title: { $data: '/p/name' }, text: { $data: '/p/note' } }}></jig-callout>`,
        'title',
        '/p/name',
      ],
      [
        html`<jig-card .model=${model} .props=${{ title: { $data: '/p/name' }, subtitle: { $data: '/p/kind' } }}></jig-card>`,
        'subtitle',
        '/p/kind',
      ],
      [
        html`<jig-link .model=${model} .props=${{ href: '/plants/basil', text: { $data: '/p/name' } }}></jig-link>`,
        'base',
        '/p/name',
      ],
      [
        html`<jig-button .model=${model} .props=${{ label: { $data: '/p/name' }, action: 'pick' }}></jig-button>`,
        'base',
        '/p/name',
      ],
    ] as const;
    for (const [template, name, pointer] of cases) {
      const el = await fixture(template);
      const before = String(model.get(pointer));
      expect(shown(el, name), `<${el.localName}>`).to.equal(before);
      model.set(pointer, XSS);
      await settle(el);
      expect(shown(el, name), `<${el.localName}> after set`).to.equal(XSS);
      expect(noInjectedMarkup(el), `<${el.localName}> creates no element from data`).to.equal(true);
      model.set(pointer, before);
      await settle(el);
    }
  });

  it('numbers and booleans show as written; a missing value shows nothing', async () => {
    const model = new DataModel({ stock: 0, ok: false });
    const n = await fixture(html`<jig-badge .model=${model} .props=${{ text: { $data: '/stock' } }}></jig-badge>`);
    const b = await fixture(html`<jig-text .model=${model} .props=${{ text: { $data: '/ok' } }}></jig-text>`);
    const none = await fixture(
      html`<jig-heading .model=${model} .props=${{ text: { $data: '/gone' } }}></jig-heading>`,
    );
    expect(shown(n, 'base')).to.equal('0');
    expect(shown(b, 'base')).to.equal('false');
    expect(shown(none, 'base')).to.equal('');
  });

  it('a change elsewhere in the data does not render the element again', async () => {
    const model = new DataModel({ a: 'One', b: 'Two' });
    const el = (await fixture(
      html`<jig-heading .model=${model} .props=${{ text: { $data: '/a' } }}></jig-heading>`,
    )) as LitElement & { render(): unknown };
    let count = 0;
    const own = el.render.bind(el);
    el.render = () => {
      count++;
      return own();
    };
    model.set('/b', 'Three');
    await settle(el);
    expect(count).to.equal(0);
    model.set('/a', 'Uno');
    await settle(el);
    expect([count, shown(el, 'base')]).to.deep.equal([1, 'Uno']);
  });
});
