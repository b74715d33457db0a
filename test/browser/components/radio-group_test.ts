// <jig-radio-group> in Chromium: a named radiogroup of native radios bound two-way to a string,
// arrow keys moving the choice within the group, required validity, and hostile labels kept as text.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../components/index.js';
import type { JigRadioGroup } from '../../../components/index.js';
import { DataModel } from '../../../src/surface/data-model.js';
import { XSS, noInjectedMarkup, part, parts, settle } from './helpers.js';

const options = [
  { value: 'free', label: 'Free' },
  { value: 'pro', label: 'Pro' },
  { value: 'team', label: 'Team' },
];
const make = (model: DataModel, props: Record<string, unknown> = {}) =>
  fixture<JigRadioGroup>(
    html`<jig-radio-group node-id="plan" .model=${model} .props=${{ label: 'Plan', bind: '/plan', options, ...props }}></jig-radio-group>`,
  );
const radios = (el: Element) => parts<HTMLInputElement>(el, 'input');
const checked = (el: Element) => radios(el).map((r) => r.checked);

describe('jig-radio-group', () => {
  it('renders a radiogroup named by its legend, one native radio per option, the bound one checked', async () => {
    const el = await make(new DataModel({ plan: 'pro' }));
    const group = part(el, 'group');
    expect([group.localName, group.getAttribute('role')]).to.deep.equal(['fieldset', 'radiogroup']);
    expect(part(el, 'label').localName).to.equal('legend');
    expect(radios(el).map((r) => [r.type, r.value, r.labels?.[0]?.textContent?.trim()])).to.deep.equal([
      ['radio', 'free', 'Free'],
      ['radio', 'pro', 'Pro'],
      ['radio', 'team', 'Team'],
    ]);
    expect(new Set(radios(el).map((r) => r.name)).size).to.equal(1);
    expect(checked(el)).to.deep.equal([false, true, false]);
    await expect(el).to.be.accessible();
  });

  it('writes the clicked option and fires jig-edit', async () => {
    const model = new DataModel({ plan: 'pro' });
    const el = await make(model);
    const edit = oneEvent(el, 'jig-edit');
    radios(el)[2]!.click();
    expect((await edit).detail).to.deep.equal({ nodeId: 'plan', pointer: '/plan', value: 'team', previous: 'pro' });
    expect(model.get('/plan')).to.equal('team');
  });

  it('moves the choice with the arrow keys, staying within the group and wrapping at its ends', async () => {
    const model = new DataModel({ plan: 'pro' });
    const el = await make(model, { direction: 'row' });
    radios(el)[1]!.focus();
    await sendKeys({ press: 'ArrowDown' });
    expect(model.get('/plan')).to.equal('team');
    await sendKeys({ press: 'ArrowDown' });
    expect(model.get('/plan')).to.equal('free');
    await sendKeys({ press: 'ArrowUp' });
    expect(model.get('/plan')).to.equal('team');
    expect(el.shadowRoot!.activeElement === radios(el)[2]).to.equal(true);
    await settle(el);
    expect(checked(el)).to.deep.equal([false, false, true]);
  });

  it('shows a value set elsewhere in the model, and none checked for a value not among the options', async () => {
    const model = new DataModel({ plan: 'pro' });
    const el = await make(model);
    model.set('/plan', 'free');
    await settle(el);
    expect(checked(el)).to.deep.equal([true, false, false]);
    model.set('/plan', 'gold');
    await settle(el);
    expect(checked(el)).to.deep.equal([false, false, false]);
  });

  it('is invalid while required and nothing is chosen, with aria-invalid and a message, and valid once chosen', async () => {
    const model = new DataModel({ plan: '' });
    const el = await make(model, { required: true });
    expect(part(el, 'group').getAttribute('aria-required')).to.equal('true');
    expect(el.reportValidity()).to.equal(false);
    await settle(el);
    expect(part(el, 'group').getAttribute('aria-invalid')).to.equal('true');
    expect(part(el, 'error').textContent!.trim()).to.not.equal('');
    radios(el)[0]!.click();
    await settle(el);
    expect(el.checkValidity()).to.equal(true);
    await settle(el);
    expect(part(el, 'group').getAttribute('aria-invalid')).to.equal('false');
  });

  it('keeps hostile labels and values as text', async () => {
    const el = await make(new DataModel({ plan: XSS }), { label: XSS, options: [{ value: XSS, label: XSS }] });
    expect(part(el, 'label').textContent).to.equal(XSS);
    expect(part(el, 'option').textContent!.trim()).to.equal(XSS);
    expect(radios(el)[0]!.checked).to.equal(true);
    expect(noInjectedMarkup(el)).to.equal(true);
  });
});
