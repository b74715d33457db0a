// <jig-switch> in Chromium: a labelled role="switch" bound two-way to a boolean, toggled by Space and
// by its label, following model.set(), themed by --jig-color-accent, in light and dark.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../components/index.js';
import type { JigSwitch } from '../../../components/index.js';
import { DataModel } from '../../../src/surface/data-model.js';
import { XSS, noInjectedMarkup, part, settle } from './helpers.js';

const make = (model: DataModel, label = 'Dark theme') =>
  fixture<JigSwitch>(html`<jig-switch node-id="dark" .model=${model} .props=${{ label, bind: '/dark' }}></jig-switch>`);
const control = (el: Element) => part<HTMLInputElement>(el, 'input');

describe('jig-switch', () => {
  it('is a native checkbox with role="switch", named by its label and checked as the data says', async () => {
    const el = await make(new DataModel({ dark: true }));
    const c = control(el);
    expect([c.type, c.getAttribute('role'), c.checked, c.labels?.[0]?.textContent]).to.deep.equal([
      'checkbox',
      'switch',
      true,
      'Dark theme',
    ]);
    await expect(el).to.be.accessible();
  });

  it('toggles with Space and with a click on its label, writing the boolean and firing jig-edit', async () => {
    const model = new DataModel({ dark: false });
    const el = await make(model);
    el.focus();
    const edit = oneEvent(el, 'jig-edit');
    await sendKeys({ press: 'Space' });
    expect((await edit).detail).to.deep.equal({ nodeId: 'dark', pointer: '/dark', value: true, previous: false });
    part(el, 'label').click();
    expect(model.get('/dark')).to.equal(false);
  });

  it('shows a value set elsewhere in the model', async () => {
    const model = new DataModel({ dark: false });
    const el = await make(model);
    model.set('/dark', true);
    await settle(el);
    expect(control(el).checked).to.equal(true);
  });

  it('takes its on colour from --jig-color-accent, and other colours in the dark scheme', async () => {
    const el = await fixture(html`<div>
      <jig-switch style="--jig-color-accent: rgb(1, 2, 3)" .model=${new DataModel({ on: true })} .props=${{ label: 'On', bind: '/on' }}></jig-switch>
      <jig-switch .model=${new DataModel({ on: false })} .props=${{ label: 'Off', bind: '/on' }}></jig-switch>
      <jig-switch style="color-scheme: dark" .model=${new DataModel({ on: false })} .props=${{ label: 'Off', bind: '/on' }}></jig-switch></div>`);
    const [on, off, dark] = [...el.querySelectorAll('jig-switch')].map(
      (s) => getComputedStyle(control(s)).backgroundColor,
    );
    expect(on).to.equal('rgb(1, 2, 3)');
    expect(off).to.not.equal(dark);
  });

  it('keeps a hostile label as text', async () => {
    const el = await make(new DataModel({ dark: false }), XSS);
    expect(part(el, 'label').textContent).to.equal(XSS);
    expect(noInjectedMarkup(el)).to.equal(true);
  });
});
