// The display components in Chromium: text stays text, parts exist, axe finds nothing, `$data` props follow the data.
import { expect, fixture, html } from '@open-wc/testing';
import '../../../components/index.js';
import { DataModel } from '../../../src/surface/data-model.js';
import { XSS, noInjectedMarkup, part, parts, settle } from './helpers.js';

describe('jig-heading', () => {
  it('renders a real heading of the given level, level 2 by default', async () => {
    const h1 = await fixture(html`<jig-heading .props=${{ text: 'Book a table', level: 1 }}></jig-heading>`);
    expect(h1.shadowRoot!.querySelector('h1')!.textContent).to.equal('Book a table');
    const h2 = await fixture(html`<jig-heading .props=${{ text: 'Details' }}></jig-heading>`);
    expect(part(h2, 'base').localName).to.equal('h2');
    await expect(h1).to.be.accessible();
  });

  it('shows markup in its text as literal characters and creates no element from it', async () => {
    const el = await fixture(html`<jig-heading .props=${{ text: XSS, level: 3 }}></jig-heading>`);
    expect(part(el, 'base').textContent).to.equal(XSS);
    expect(part(el, 'base').children.length).to.equal(0);
    expect(noInjectedMarkup(el)).to.equal(true);
  });
});

describe('jig-text', () => {
  it('renders a paragraph with its tone and keeps markup as text', async () => {
    const el = await fixture(html`<jig-text .props=${{ text: XSS, tone: 'danger' }}></jig-text>`);
    const p = part(el, 'base');
    expect(p.localName).to.equal('p');
    expect(p.dataset.tone).to.equal('danger');
    expect(p.textContent).to.equal(XSS);
    expect(noInjectedMarkup(el)).to.equal(true);
  });

  it('colours the danger tone differently from the default and passes axe', async () => {
    const el = await fixture(
      html`<div><jig-text .props=${{ text: 'Plain' }}></jig-text><jig-text .props=${{ text: 'Bad', tone: 'danger' }}></jig-text></div>`,
    );
    const [plain, bad] = [...el.children].map((c) => getComputedStyle(part(c, 'base')).color);
    expect(bad).to.not.equal(plain);
    await expect(el).to.be.accessible();
  });
});

describe('jig-divider', () => {
  it('renders an hr part', async () => {
    const el = await fixture(html`<jig-divider></jig-divider>`);
    expect(part(el, 'base').localName).to.equal('hr');
    await expect(el).to.be.accessible();
  });
});

describe('jig-image', () => {
  it('renders an img with alt, size attributes, lazy loading and async decoding', async () => {
    const src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
    const el = await fixture(
      html`<jig-image .props=${{ src, alt: 'A red door', width: 320, height: 200 }}></jig-image>`,
    );
    const img = part<HTMLImageElement>(el, 'base');
    expect(img.getAttribute('src')).to.equal(src);
    expect(img.alt).to.equal('A red door');
    expect(img.getAttribute('width')).to.equal('320');
    expect(img.getAttribute('height')).to.equal('200');
    expect(img.loading).to.equal('lazy');
    expect(img.decoding).to.equal('async');
    await expect(el).to.be.accessible();
  });

  it('binds a hostile alt as an attribute value only', async () => {
    const el = await fixture(
      html`<jig-image .props=${{ src: 'data:image/gif;base64,R0lGODlhAQABAAAAACw=', alt: XSS }}></jig-image>`,
    );
    expect(part<HTMLImageElement>(el, 'base').alt).to.equal(XSS);
    expect(part(el, 'base').hasAttribute('width')).to.equal(false);
    expect(noInjectedMarkup(el)).to.equal(true);
  });
});

describe('jig-link', () => {
  it('opens absolute http(s) links in a new tab with rel="noopener noreferrer"', async () => {
    const el = await fixture(html`<jig-link .props=${{ href: 'https://example.com/menu', text: 'Menu' }}></jig-link>`);
    const a = part<HTMLAnchorElement>(el, 'base');
    expect(a.getAttribute('href')).to.equal('https://example.com/menu');
    expect(a.target).to.equal('_blank');
    expect(a.rel).to.equal('noopener noreferrer');
    expect(a.textContent).to.contain('Menu');
    part(el, 'external');
    await expect(el).to.be.accessible();
  });

  it('keeps relative and mailto links in the same tab', async () => {
    for (const href of ['/book', 'mailto:hi@example.com']) {
      const el = await fixture(html`<jig-link .props=${{ href, text: 'Go' }}></jig-link>`);
      const a = part<HTMLAnchorElement>(el, 'base');
      expect(a.hasAttribute('target'), href).to.equal(false);
      expect(a.hasAttribute('rel'), href).to.equal(false);
    }
  });

  it('shows hostile link text literally', async () => {
    const el = await fixture(html`<jig-link .props=${{ href: '/x', text: XSS }}></jig-link>`);
    expect(part(el, 'base').textContent).to.equal(XSS);
    expect(noInjectedMarkup(el)).to.equal(true);
  });
});

describe('jig-badge', () => {
  it('renders its text with its tone, literally, and passes axe in every tone', async () => {
    const el = await fixture(
      html`<div>${(['default', 'muted', 'success', 'warning', 'danger'] as const).map((tone) => html`<jig-badge .props=${{ text: tone, tone }}></jig-badge>`)}</div>`,
    );
    expect(parts(el.children[4]!, 'base')[0]!.getAttribute('data-tone')).to.equal('danger');
    await expect(el).to.be.accessible();
    const x = await fixture(html`<jig-badge .props=${{ text: XSS }}></jig-badge>`);
    expect(part(x, 'base').textContent).to.equal(XSS);
    expect(noInjectedMarkup(x)).to.equal(true);
  });
});

describe('jig-callout', () => {
  it('is a note with title and text, and an alert for danger and warning', async () => {
    const note = await fixture(html`<jig-callout .props=${{ text: 'Open till 10', title: 'Hours' }}></jig-callout>`);
    expect(part(note, 'base').getAttribute('role')).to.equal('note');
    expect(part(note, 'title').textContent).to.equal('Hours');
    expect(part(note, 'text').textContent).to.equal('Open till 10');
    await expect(note).to.be.accessible();
    for (const tone of ['danger', 'warning']) {
      const el = await fixture(html`<jig-callout .props=${{ text: 'Careful', tone }}></jig-callout>`);
      expect(part(el, 'base').getAttribute('role'), tone).to.equal('alert');
      expect(parts(el, 'title').length).to.equal(0);
      await expect(el).to.be.accessible();
    }
  });

  it('shows hostile title and text literally', async () => {
    const el = await fixture(html`<jig-callout .props=${{ text: XSS, title: XSS }}></jig-callout>`);
    expect(part(el, 'title').textContent).to.equal(XSS);
    expect(part(el, 'text').textContent).to.equal(XSS);
    expect(noInjectedMarkup(el)).to.equal(true);
  });
});

describe('jig-list', () => {
  it('renders ul or ol items, numbers as text and markup literally', async () => {
    const ul = await fixture(html`<jig-list .props=${{ items: ['Bread', 3, XSS] }}></jig-list>`);
    expect(part(ul, 'base').localName).to.equal('ul');
    expect(parts(ul, 'item').map((li) => li.textContent)).to.deep.equal(['Bread', '3', XSS]);
    expect(noInjectedMarkup(ul)).to.equal(true);
    const ol = await fixture(html`<jig-list .props=${{ items: ['a'], ordered: true }}></jig-list>`);
    expect(part(ol, 'base').localName).to.equal('ol');
    await expect(ul).to.be.accessible();
  });

  it('reads $data items and follows model.set()', async () => {
    const model = new DataModel({ todo: ['Call'] });
    const el = await fixture(html`<jig-list .model=${model} .props=${{ items: { $data: '/todo' } }}></jig-list>`);
    expect(parts(el, 'item').map((li) => li.textContent)).to.deep.equal(['Call']);
    model.set('/todo', ['Call', 'Write']);
    await settle(el);
    expect(parts(el, 'item').map((li) => li.textContent)).to.deep.equal(['Call', 'Write']);
  });
});

describe('jig-stat', () => {
  it('shows label, value and a delta coloured by its sign', async () => {
    const up = await fixture(html`<jig-stat .props=${{ label: 'Revenue', value: 12500, delta: '+4%' }}></jig-stat>`);
    expect(part(up, 'label').textContent).to.equal('Revenue');
    expect(part(up, 'value').textContent).to.equal((12500).toLocaleString());
    expect(part(up, 'delta').dataset.trend).to.equal('up');
    const down = await fixture(html`<jig-stat .props=${{ label: 'Churn', value: '3%', delta: '-2' }}></jig-stat>`);
    expect(part(down, 'delta').dataset.trend).to.equal('down');
    expect(getComputedStyle(part(down, 'delta')).color).to.not.equal(getComputedStyle(part(up, 'delta')).color);
    await expect(up).to.be.accessible();
  });

  it('shows a four-digit year without grouping and markup literally', async () => {
    const el = await fixture(html`<jig-stat .props=${{ label: XSS, value: 2026 }}></jig-stat>`);
    expect(part(el, 'value').textContent).to.equal('2026');
    expect(part(el, 'label').textContent).to.equal(XSS);
    expect(parts(el, 'delta').length).to.equal(0);
    expect(noInjectedMarkup(el)).to.equal(true);
  });

  it('reads a $data value and follows model.set()', async () => {
    const model = new DataModel({ stats: { orders: 41 } });
    const el = await fixture(
      html`<jig-stat .model=${model} .props=${{ label: 'Orders', value: { $data: '/stats/orders' } }}></jig-stat>`,
    );
    expect(part(el, 'value').textContent).to.equal('41');
    model.set('/stats/orders', 42);
    await settle(el);
    expect(part(el, 'value').textContent).to.equal('42');
  });
});

describe('jig-table', () => {
  const columns = [
    { key: 'name', label: 'Name' },
    { key: 'qty', label: 'Qty' },
  ];

  it('renders a real table with column headers, cells by key, and null as empty', async () => {
    const rows = [{ name: 'Tea', qty: 2 }, { name: XSS, qty: null }, { qty: 5 }];
    const el = await fixture(html`<jig-table .props=${{ columns, rows }}></jig-table>`);
    const ths = parts(el, 'header');
    expect(ths.map((t) => t.textContent)).to.deep.equal(['Name', 'Qty']);
    expect(ths.every((t) => t.localName === 'th' && t.getAttribute('scope') === 'col')).to.equal(true);
    const cells = parts(el, 'row').map((tr) => [...tr.children].map((td) => td.textContent));
    expect(cells).to.deep.equal([
      ['Tea', '2'],
      [XSS, ''],
      ['', '5'],
    ]);
    expect(noInjectedMarkup(el)).to.equal(true);
    expect(getComputedStyle(part(el, 'wrapper')).overflowX).to.equal('auto');
    expect(ths.map((t) => getComputedStyle(t).textAlign)).to.deep.equal(['start', 'end']);
    part(el, 'table');
    await expect(el).to.be.accessible();
  });

  it('scrolls sideways inside its wrapper when wider than its container', async () => {
    const wide = Array.from({ length: 12 }, (_, i) => ({ key: `c${i}`, label: `Column number ${i}` }));
    const el = await fixture(
      html`<div style="width: 240px"><jig-table .props=${{ columns: wide, rows: [{ c0: 'x' }] }}></jig-table></div>`,
    );
    const wrapper = part(el.firstElementChild!, 'wrapper');
    expect(wrapper.scrollWidth).to.be.greaterThan(wrapper.clientWidth);
    expect(el.getBoundingClientRect().width).to.equal(240);
  });

  it('reads $data rows and follows model.set()', async () => {
    const model = new DataModel({ orders: [{ name: 'Tea', qty: 1 }] });
    const el = await fixture(
      html`<jig-table .model=${model} .props=${{ columns, rows: { $data: '/orders' } }}></jig-table>`,
    );
    expect(parts(el, 'row').length).to.equal(1);
    model.set('/orders', [
      { name: 'Tea', qty: 1 },
      { name: 'Cake', qty: 3 },
    ]);
    await settle(el);
    expect(parts(el, 'row').map((tr) => tr.firstElementChild!.textContent)).to.deep.equal(['Tea', 'Cake']);
  });
});

describe('tones', () => {
  it('keep readable contrast for every tone of text and callout (axe)', async () => {
    const tones = ['default', 'muted', 'success', 'warning', 'danger'] as const;
    const el = await fixture(html`<div>
      ${tones.map((tone) => html`<jig-text .props=${{ text: `A ${tone} line`, tone }}></jig-text>`)}
      ${tones.map((tone) => html`<jig-callout .props=${{ text: `A ${tone} callout`, title: 'Title', tone }}></jig-callout>`)}
    </div>`);
    await expect(el).to.be.accessible();
  });
});

describe('dark colour scheme', () => {
  it('keeps readable contrast for tones, badges, buttons, tabs and steps (axe)', async () => {
    const tones = ['default', 'muted', 'success', 'warning', 'danger'] as const;
    const el = await fixture(html`<div style="color-scheme: dark; background: Canvas; color: CanvasText; padding: 8px">
      ${tones.map(
        (tone) => html`<jig-text .props=${{ text: `A ${tone} line`, tone }}></jig-text>
        <jig-badge .props=${{ text: tone, tone }}></jig-badge>
        <jig-callout .props=${{ text: `A ${tone} callout`, tone }}></jig-callout>`,
      )}
      ${['primary', 'secondary', 'danger'].map((variant) => html`<jig-button .props=${{ label: variant, action: 'a', variant }}></jig-button>`)}
      <jig-stat .props=${{ label: 'Up', value: 3, delta: '+1' }}></jig-stat>
      <jig-stat .props=${{ label: 'Down', value: 3, delta: '-1' }}></jig-stat>
      <jig-tabs><jig-tab .props=${{ label: 'One' }}>a</jig-tab><jig-tab .props=${{ label: 'Two' }}>b</jig-tab></jig-tabs>
      <jig-steps><jig-step .props=${{ title: 'One' }}>a</jig-step><jig-step .props=${{ title: 'Two' }}>b</jig-step></jig-steps>
    </div>`);
    const text = el.querySelector('jig-text')!;
    expect(getComputedStyle(part(text, 'base')).color).to.not.equal('rgb(29, 31, 36)');
    await expect(el).to.be.accessible();
  });
});
