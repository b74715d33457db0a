// The form fields in Chromium: typing writes the DataModel, model.set() elsewhere shows in the field,
// jig-edit reports each change, native validity drives aria-invalid and the message.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../components/index.js';
import type {
  JigCheckbox,
  JigDateField,
  JigInputElement,
  JigNumberField,
  JigSelect,
  JigTextField,
} from '../../../components/index.js';
import { DataModel } from '../../../src/surface/data-model.js';
import { XSS, noInjectedMarkup, part, settle } from './helpers.js';

function input<T extends HTMLElement = HTMLInputElement>(el: Element): T {
  return part<T>(el, 'input');
}

/** The label is tied to the control inside the shadow root, and the message is its description. */
function expectWired(el: Element, label: string): void {
  const control = input<HTMLInputElement>(el);
  expect(control.labels?.[0]?.textContent?.replace('*', '')).to.equal(label);
  const errId = control.getAttribute('aria-describedby')!;
  expect(el.shadowRoot!.getElementById(errId)?.getAttribute('part')).to.equal('error');
}

/** Sets a control's value as a picker would and fires the events a person's choice fires. */
function choose(control: HTMLInputElement | HTMLSelectElement, value: string): void {
  control.value = value;
  control.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  control.dispatchEvent(new Event('change', { bubbles: true }));
}

describe('jig-text-field', () => {
  it('writes typed text to the model and fires jig-edit with pointer, value and previous', async () => {
    const model = new DataModel({ guest: { name: '' } });
    const el = await fixture<JigTextField>(
      html`<jig-text-field node-id="name" .model=${model} .props=${{ label: 'Name', bind: '/guest/name', required: true }}></jig-text-field>`,
    );
    expectWired(el, 'Name');
    el.focus();
    const edit = oneEvent(el, 'jig-edit');
    await sendKeys({ type: 'Ada' });
    expect((await edit).detail).to.deep.equal({ nodeId: 'name', pointer: '/guest/name', value: 'A', previous: '' });
    expect(model.get('/guest/name')).to.equal('Ada');
    model.set('/guest/name', 'Grace');
    await settle(el);
    expect(input(el).value).to.equal('Grace');
    await expect(el).to.be.accessible();
  });
});

describe('jig-number-field', () => {
  const make = (model: DataModel, props: Record<string, unknown> = {}) =>
    fixture<JigNumberField>(
      html`<jig-number-field node-id="party" .model=${model} .props=${{ label: 'Guests', bind: '/party', min: 1, max: 12, required: true, ...props }}></jig-number-field>`,
    );

  it('renders a number input with min, max, step and required, tied to its label', async () => {
    const el = await make(new DataModel({ party: 2 }), { step: 1 });
    const c = input(el);
    expect([c.type, c.min, c.max, c.step, c.required, c.value]).to.deep.equal(['number', '1', '12', '1', true, '2']);
    expectWired(el, 'Guests');
    await expect(el).to.be.accessible();
  });

  it('writes a number when typed and null when emptied', async () => {
    const model = new DataModel({ party: 2 });
    const el = await make(model);
    el.focus();
    input(el).select();
    const edit = oneEvent(el, 'jig-edit');
    await sendKeys({ type: '4' });
    expect((await edit).detail).to.deep.equal({ nodeId: 'party', pointer: '/party', value: 4, previous: 2 });
    await sendKeys({ type: '2' });
    expect(model.get('/party')).to.equal(42);
    await sendKeys({ press: 'Backspace' });
    await sendKeys({ press: 'Backspace' });
    expect(model.get('/party')).to.equal(null);
  });

  it('shows a value set elsewhere in the model', async () => {
    const model = new DataModel({ party: 2 });
    const el = await make(model);
    model.set('/party', 7);
    await settle(el);
    expect(input(el).value).to.equal('7');
    model.set('/party', null);
    await settle(el);
    expect(input(el).value).to.equal('');
  });

  it('is invalid when empty and required, or outside min and max, with aria-invalid and a message', async () => {
    const model = new DataModel({ party: null });
    const el = await make(model);
    expect(el.reportValidity()).to.equal(false);
    await settle(el);
    expect(el.invalid).to.equal(true);
    expect(input(el).getAttribute('aria-invalid')).to.equal('true');
    expect(part(el, 'error').textContent!.trim()).to.not.equal('');
    for (const [v, ok] of [
      [0, false],
      [13, false],
      [12, true],
      [1, true],
    ] as const) {
      model.set('/party', v);
      await settle(el);
      expect(el.checkValidity(), `value ${v}`).to.equal(ok);
    }
    await settle(el);
    expect(input(el).getAttribute('aria-invalid')).to.equal('false');
    expect(part(el, 'error').textContent!.trim()).to.equal('');
  });
});

describe('jig-select', () => {
  const options = [
    { value: 'std', label: 'Standard' },
    { value: 'exp', label: 'Express' },
  ];
  const make = (model: DataModel, required = true) =>
    fixture<JigSelect>(
      html`<jig-select node-id="ship" .model=${model} .props=${{ label: 'Shipping', bind: '/ship', options, required }}></jig-select>`,
    );
  const optionTexts = (el: Element) => [...input<HTMLSelectElement>(el).options].map((o) => o.value);

  it('starts on an empty placeholder option when required and nothing is chosen, and is invalid', async () => {
    const el = await make(new DataModel({ ship: '' }));
    expect(optionTexts(el)).to.deep.equal(['', 'std', 'exp']);
    expect(input<HTMLSelectElement>(el).value).to.equal('');
    expect(el.checkValidity()).to.equal(false);
    expectWired(el, 'Shipping');
    await expect(el).to.be.accessible();
  });

  it('has no placeholder when required and a valid value is bound', async () => {
    const el = await make(new DataModel({ ship: 'exp' }));
    expect(optionTexts(el)).to.deep.equal(['std', 'exp']);
    expect(input<HTMLSelectElement>(el).value).to.equal('exp');
    expect(el.checkValidity()).to.equal(true);
  });

  it('writes the chosen option value, fires jig-edit, and follows model.set()', async () => {
    const model = new DataModel({ ship: '' });
    const el = await make(model, false);
    const edit = oneEvent(el, 'jig-edit');
    choose(input<HTMLSelectElement>(el), 'exp');
    expect((await edit).detail).to.deep.equal({ nodeId: 'ship', pointer: '/ship', value: 'exp', previous: '' });
    expect(model.get('/ship')).to.equal('exp');
    model.set('/ship', 'std');
    await settle(el);
    expect(input<HTMLSelectElement>(el).value).to.equal('std');
  });

  it('shows option labels with markup as text', async () => {
    const el = await fixture(
      html`<jig-select .props=${{ label: XSS, bind: '/s', options: [{ value: 'a', label: XSS }] }}></jig-select>`,
    );
    expect(input<HTMLSelectElement>(el).options[1]!.textContent).to.equal(XSS);
    expect(part(el, 'label').textContent).to.equal(XSS);
    expect(noInjectedMarkup(el)).to.equal(true);
  });
});

describe('jig-checkbox', () => {
  it('puts its label after the box; clicking the label toggles the bound boolean with jig-edit', async () => {
    const model = new DataModel({ terms: false });
    const el = await fixture<JigCheckbox>(
      html`<jig-checkbox node-id="t" .model=${model} .props=${{ label: 'I agree', bind: '/terms' }}></jig-checkbox>`,
    );
    const box = input(el);
    expect(box.type).to.equal('checkbox');
    expect(part(el, 'label').previousElementSibling?.getAttribute('part')).to.equal('input');
    expectWired(el, 'I agree');
    const edit = oneEvent(el, 'jig-edit');
    part(el, 'label').click();
    expect((await edit).detail).to.deep.equal({ nodeId: 't', pointer: '/terms', value: true, previous: false });
    expect(model.get('/terms')).to.equal(true);
    model.set('/terms', false);
    await settle(el);
    expect(box.checked).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('toggles with the space key', async () => {
    const model = new DataModel({ terms: false });
    const el = await fixture(
      html`<jig-checkbox .model=${model} .props=${{ label: 'News', bind: '/news' }}></jig-checkbox>`,
    );
    (el as HTMLElement).focus();
    await sendKeys({ press: 'Space' });
    expect(model.get('/news')).to.equal(true);
  });
});

describe('jig-date-field', () => {
  const make = (model: DataModel) =>
    fixture<JigDateField>(
      html`<jig-date-field node-id="d" .model=${model} .props=${{ label: 'Day', bind: '/day', min: '2026-01-01', max: '2026-12-31', required: true }}></jig-date-field>`,
    );

  it('renders a date input with min and max, writes YYYY-MM-DD or "" and fires jig-edit', async () => {
    const model = new DataModel({ day: '' });
    const el = await make(model);
    const c = input(el);
    expect([c.type, c.min, c.max, c.required]).to.deep.equal(['date', '2026-01-01', '2026-12-31', true]);
    expectWired(el, 'Day');
    const edit = oneEvent(el, 'jig-edit');
    choose(c, '2026-12-24');
    expect((await edit).detail).to.deep.equal({ nodeId: 'd', pointer: '/day', value: '2026-12-24', previous: '' });
    choose(c, '');
    expect(model.get('/day')).to.equal('');
    await expect(el).to.be.accessible();
  });

  it('follows model.set() and checks required, min and max', async () => {
    const model = new DataModel({ day: '' });
    const el = await make(model);
    expect(el.checkValidity()).to.equal(false);
    for (const [v, ok] of [
      ['2025-12-31', false],
      ['2027-01-01', false],
      ['2026-06-01', true],
    ] as const) {
      model.set('/day', v);
      await settle(el);
      expect(input(el).value).to.equal(v);
      expect(el.checkValidity(), v).to.equal(ok);
    }
  });
});

describe('every field', () => {
  it('is a JigInputElement with a labelled control (axe over all five)', async () => {
    const model = new DataModel({ a: '', b: 1, c: '', d: false, e: '' });
    const el = await fixture(html`<div>
      <jig-text-field .model=${model} .props=${{ label: 'A', bind: '/a' }}></jig-text-field>
      <jig-number-field .model=${model} .props=${{ label: 'B', bind: '/b' }}></jig-number-field>
      <jig-select .model=${model} .props=${{ label: 'C', bind: '/c', options: [{ value: 'x', label: 'X' }] }}></jig-select>
      <jig-checkbox .model=${model} .props=${{ label: 'D', bind: '/d' }}></jig-checkbox>
      <jig-date-field .model=${model} .props=${{ label: 'E', bind: '/e' }}></jig-date-field>
    </div>`);
    const fields = [...el.children] as JigInputElement[];
    expect(
      fields.every((f) => typeof f.reportValidity === 'function' && f.shadowRoot!.querySelector('label')),
    ).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('shows hostile labels as text in every field', async () => {
    const model = new DataModel({});
    const el = await fixture(html`<div>
      <jig-text-field .model=${model} .props=${{ label: XSS, bind: '/a', required: true }}></jig-text-field>
      <jig-number-field .model=${model} .props=${{ label: XSS, bind: '/b' }}></jig-number-field>
      <jig-checkbox .model=${model} .props=${{ label: XSS, bind: '/d' }}></jig-checkbox>
      <jig-date-field .model=${model} .props=${{ label: XSS, bind: '/e' }}></jig-date-field>
    </div>`);
    for (const field of el.children) {
      expect(part(field, 'label').textContent!.replace(/\*$/, ''), field.localName).to.equal(XSS);
      expect(noInjectedMarkup(field), field.localName).to.equal(true);
    }
  });
});
