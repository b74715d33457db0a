// jig-form and jig-button in Chromium: actions only when valid, focus on the first invalid field,
// Enter submits, data snapshots, and theming through --jig-* properties.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../components/index.js';
import type { JigForm } from '../../../components/index.js';
import { DataModel } from '../../../src/surface/data-model.js';
import type { JigActionDetail } from '../../../src/surface/events.js';
import { XSS, noInjectedMarkup, part, settle } from './helpers.js';

function formFixture(model: DataModel) {
  return fixture<JigForm>(html`<jig-form node-id="f" .model=${model} .props=${{ action: 'reserve', submitLabel: 'Reserve' }}>
    <jig-text-field node-id="name" .model=${model} .props=${{ label: 'Name', bind: '/guest/name', required: true }}></jig-text-field>
    <jig-card .props=${{ title: 'Party' }}>
      <jig-number-field node-id="party" .model=${model} .props=${{ label: 'Guests', bind: '/guest/party', min: 1, max: 12 }}></jig-number-field>
    </jig-card>
  </jig-form>`);
}

function actions(el: HTMLElement): JigActionDetail[] {
  const seen: JigActionDetail[] = [];
  el.addEventListener('jig-action', (e) => seen.push(e.detail));
  return seen;
}

describe('jig-form', () => {
  it('renders a form box with a slot and a submit button labelled submitLabel (default "Submit")', async () => {
    const el = await formFixture(new DataModel({ guest: { name: '', party: 2 } }));
    const form = part(el, 'form');
    expect(form.querySelector('slot')).to.not.equal(null);
    // No native <form> in the shadow root (it reached none of the fields and was costly to render):
    // the submit button submits through its click handler, never natively (not even inside a page's own form).
    expect(el.shadowRoot!.querySelector('form')).to.equal(null);
    expect(part<HTMLButtonElement>(el, 'submit').type).to.equal('submit');
    expect(part<HTMLButtonElement>(el, 'submit').form).to.equal(null);
    expect(part(el, 'submit').textContent).to.equal('Reserve');
    const plain = await fixture(html`<jig-form .props=${{ action: 'go' }}></jig-form>`);
    expect(part(plain, 'submit').textContent).to.equal('Submit');
    const hostile = await fixture(html`<jig-form .props=${{ action: 'go', submitLabel: XSS }}></jig-form>`);
    expect(part(hostile, 'submit').textContent).to.equal(XSS);
    expect(noInjectedMarkup(hostile)).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('sends nothing while a required field is empty, marks it invalid and focuses it', async () => {
    const model = new DataModel({ guest: { name: '', party: 2 } });
    const el = await formFixture(model);
    const seen = actions(el);
    part(el, 'submit').click();
    await settle(el);
    const name = el.querySelector('jig-text-field')!;
    await settle(name);
    expect(seen.length).to.equal(0);
    expect(name.invalid).to.equal(true);
    expect(document.activeElement?.getAttribute('node-id')).to.equal('name');
    expect(part(name, 'input').getAttribute('aria-invalid')).to.equal('true');
  });

  it('checks fields nested in layout inside it (a number out of range in a card blocks submit)', async () => {
    const model = new DataModel({ guest: { name: 'Ada', party: 40 } });
    const el = await formFixture(model);
    const seen = actions(el);
    part(el, 'submit').click();
    expect(seen.length).to.equal(0);
    expect(document.activeElement?.getAttribute('node-id')).to.equal('party');
  });

  it('sends jig-action with action, nodeId and a snapshot of the data when every field is valid', async () => {
    const model = new DataModel({ guest: { name: 'Ada', party: 2 } });
    const el = await formFixture(model);
    const sent = oneEvent(el, 'jig-action');
    part(el, 'submit').click();
    const { detail } = await sent;
    expect(detail).to.deep.equal({ action: 'reserve', nodeId: 'f', data: { guest: { name: 'Ada', party: 2 } } });
    model.set('/guest/name', 'Changed');
    expect((detail.data.guest as { name: string }).name).to.equal('Ada');
  });

  it('submits when Enter is pressed in a text field', async () => {
    const model = new DataModel({ guest: { name: '', party: 3 } });
    const el = await formFixture(model);
    const seen = actions(el);
    el.querySelector('jig-text-field')!.focus();
    await sendKeys({ type: 'Lin' });
    await sendKeys({ press: 'Enter' });
    expect(seen.map((d) => [d.action, (d.data.guest as { name: string }).name])).to.deep.equal([['reserve', 'Lin']]);
  });

  it('does not submit on Enter while invalid', async () => {
    const el = await formFixture(new DataModel({ guest: { name: '', party: 3 } }));
    const seen = actions(el);
    el.querySelector('jig-number-field')!.focus();
    await sendKeys({ press: 'Enter' });
    expect(seen.length).to.equal(0);
    expect(document.activeElement?.getAttribute('node-id')).to.equal('name');
  });

  it('submits from the keyboard on its button (Enter and Space), and never submits a page form around it', async () => {
    const model = new DataModel({ guest: { name: 'Ada', party: 2 } });
    const page = await fixture<HTMLFormElement>(html`<form action="/must-not-load"></form>`);
    let native = 0;
    page.addEventListener('submit', (e) => {
      native++;
      e.preventDefault();
    });
    const el = await formFixture(model);
    page.append(el);
    const seen = actions(el);
    part(el, 'submit').focus();
    await sendKeys({ press: 'Enter' });
    await sendKeys({ press: 'Space' });
    expect(seen.map((d) => d.action)).to.deep.equal(['reserve', 'reserve']);
    expect(native).to.equal(0);
  });
});

describe('jig-button', () => {
  it('is a real type="button" that sends its action with a data snapshot on click', async () => {
    const model = new DataModel({ cart: [1] });
    const el = await fixture(
      html`<jig-button node-id="b" .model=${model} .props=${{ label: 'Cancel', action: 'cancel', variant: 'danger' }}></jig-button>`,
    );
    const btn = part<HTMLButtonElement>(el, 'base');
    expect([btn.localName, btn.type, btn.textContent, btn.dataset.variant]).to.deep.equal([
      'button',
      'button',
      'Cancel',
      'danger',
    ]);
    const sent = oneEvent(el, 'jig-action');
    btn.click();
    expect((await sent).detail).to.deep.equal({ action: 'cancel', nodeId: 'b', data: { cart: [1] } });
    await expect(el).to.be.accessible();
  });

  it('activates from the keyboard', async () => {
    const el = await fixture(html`<jig-button .props=${{ label: 'Go', action: 'go' }}></jig-button>`);
    const seen = actions(el as HTMLElement);
    part(el, 'base').focus();
    await sendKeys({ press: 'Enter' });
    await sendKeys({ press: 'Space' });
    expect(seen.map((d) => d.action)).to.deep.equal(['go', 'go']);
  });

  it('shows a hostile label as text', async () => {
    const el = await fixture(html`<jig-button .props=${{ label: XSS, action: 'x' }}></jig-button>`);
    expect(part(el, 'base').textContent).to.equal(XSS);
    expect(noInjectedMarkup(el)).to.equal(true);
  });

  it('styles primary, secondary and danger differently and passes axe for each', async () => {
    const el = await fixture(
      html`<div>${['primary', 'secondary', 'danger'].map((variant) => html`<jig-button .props=${{ label: variant, action: 'a', variant }}></jig-button>`)}</div>`,
    );
    const bgs = [...el.children].map((b) => getComputedStyle(part(b, 'base')).backgroundColor);
    expect(new Set(bgs).size).to.equal(3);
    await expect(el).to.be.accessible();
  });
});

describe('theming', () => {
  it('--jig-color-accent on an ancestor colours primary buttons and the form submit button', async () => {
    const el = await fixture(html`<div style="--jig-color-accent: rgb(200, 30, 90)">
      <jig-button .props=${{ label: 'Go', action: 'go' }}></jig-button>
      <jig-form .props=${{ action: 'send' }}></jig-form>
    </div>`);
    expect(getComputedStyle(part(el.children[0]!, 'base')).backgroundColor).to.equal('rgb(200, 30, 90)');
    expect(getComputedStyle(part(el.children[1]!, 'submit')).backgroundColor).to.equal('rgb(200, 30, 90)');
  });

  it('shows a visible focus ring on keyboard focus', async () => {
    const el = await fixture(html`<jig-button .props=${{ label: 'Go', action: 'go' }}></jig-button>`);
    await sendKeys({ press: 'Tab' });
    const btn = part(el, 'base');
    expect(el.shadowRoot!.activeElement?.getAttribute('part')).to.equal('base');
    expect(getComputedStyle(btn).boxShadow).to.not.equal('none');
  });
});
