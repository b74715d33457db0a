// <jig-slider> in Chromium: a labelled range input bound two-way to a number, moved by the keyboard,
// following model.set(), showing its value with the unit, and writing nothing until moved when empty.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../components/index.js';
import type { JigSlider } from '../../../components/index.js';
import { DataModel } from '../../../src/surface/data-model.js';
import { XSS, noInjectedMarkup, part, settle } from './helpers.js';

const make = (model: DataModel, props: Record<string, unknown> = {}) =>
  fixture<JigSlider>(
    html`<jig-slider node-id="vol" .model=${model} .props=${{ label: 'Volume', bind: '/vol', min: 0, max: 50, step: 5, unit: '%', ...props }}></jig-slider>`,
  );
const range = (el: Element) => part<HTMLInputElement>(el, 'input');

describe('jig-slider', () => {
  it('renders a range input with min, max, step and the bound value, tied to its label, the value shown with its unit', async () => {
    const el = await make(new DataModel({ vol: 20 }));
    const r = range(el);
    expect([r.type, r.min, r.max, r.step, r.value]).to.deep.equal(['range', '0', '50', '5', '20']);
    expect(r.labels?.[0]?.textContent).to.equal('Volume');
    expect(part(el, 'value').textContent).to.equal('20%');
    expect(r.getAttribute('aria-valuetext')).to.equal('20%');
    await expect(el).to.be.accessible();
  });

  it('moves by one step with the arrow keys, writing a number and firing jig-edit', async () => {
    const model = new DataModel({ vol: 20 });
    const el = await make(model);
    el.focus();
    const edit = oneEvent(el, 'jig-edit');
    await sendKeys({ press: 'ArrowRight' });
    expect((await edit).detail).to.deep.equal({ nodeId: 'vol', pointer: '/vol', value: 25, previous: 20 });
    await sendKeys({ press: 'ArrowLeft' });
    await sendKeys({ press: 'ArrowLeft' });
    expect(model.get('/vol')).to.equal(15);
    await sendKeys({ press: 'End' });
    expect(model.get('/vol')).to.equal(50);
    await settle(el);
    expect(part(el, 'value').textContent).to.equal('50%');
  });

  it('shows a value set elsewhere in the model, in the input and the shown value', async () => {
    const model = new DataModel({ vol: 20 });
    const el = await make(model);
    model.set('/vol', 35);
    await settle(el);
    expect([range(el).value, part(el, 'value').textContent]).to.deep.equal(['35', '35%']);
  });

  it('reads "–" while the data holds no number, writes nothing until moved, and shows fractional steps', async () => {
    const model = new DataModel({ vol: null });
    const el = await make(model, { min: 0.5, max: 2, step: 0.25, unit: '×' });
    expect(part(el, 'value').textContent).to.equal('–');
    expect(model.get('/vol')).to.equal(null);
    el.focus();
    await sendKeys({ press: 'Home' });
    expect(model.get('/vol')).to.equal(0.5);
    await settle(el);
    expect(part(el, 'value').textContent).to.equal((0.5).toLocaleString(undefined, { minimumFractionDigits: 2 }) + '×');
  });

  it('keeps a hostile label and unit as text', async () => {
    const el = await make(new DataModel({ vol: 1 }), { label: XSS, unit: '<b>' });
    expect(part(el, 'label').textContent).to.equal(XSS);
    expect(part(el, 'value').textContent).to.equal('1<b>');
    expect(noInjectedMarkup(el)).to.equal(true);
  });
});
