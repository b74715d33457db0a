// <jig-dialog> in Chromium: a button opening a native modal dialog; focus stays inside while it is open,
// Escape, the close button, the backdrop or a sent form close it, and focus returns to the button.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import '../../../components/index.js';
import type { JigDialog, JigForm } from '../../../components/index.js';
import { DataModel } from '../../../src/surface/data-model.js';
import { XSS, noInjectedMarkup, part } from './helpers.js';

/** The focused element, looking through shadow roots. */
function deepActive(): Element | null {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
}

/** Whether the focused element is in the dialog: its own header, or content slotted into it (at any depth of shadow roots). */
const inside = (el: JigDialog) => {
  const a = deepActive();
  if (!a || a === part(el, 'trigger')) return false;
  for (let n: Node | null = a; n; n = n.parentNode ?? (n instanceof ShadowRoot ? n.host : null))
    if (n === el) return true;
  return false;
};

async function make(model = new DataModel({ msg: '' })) {
  const page = await fixture(html`<div>
    <button id="before">Before</button>
    <jig-dialog node-id="help" .props=${{ trigger: 'Contact us', title: 'Write to us' }}>
      <jig-text-field .model=${model} .props=${{ label: 'Message', bind: '/msg' }}></jig-text-field>
      <jig-button .props=${{ label: 'Call instead', action: 'call' }}></jig-button>
    </jig-dialog>
    <button id="after">After</button></div>`);
  const el = page.querySelector('jig-dialog')!;
  await el.updateComplete;
  return { page, el };
}

describe('jig-dialog', () => {
  it('shows only its trigger button while closed, the content inert and unseen', async () => {
    const { el } = await make();
    expect(part(el, 'trigger').textContent).to.equal('Contact us');
    expect(part(el, 'trigger').getAttribute('aria-haspopup')).to.equal('dialog');
    expect(part<HTMLDialogElement>(el, 'dialog').open).to.equal(false);
    expect(el.querySelector('jig-text-field')!.checkVisibility()).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('opens as a modal named by its title when the trigger is clicked, fires jig-toggle and moves focus inside', async () => {
    const { el } = await make();
    const toggled = oneEvent(el, 'jig-toggle');
    part(el, 'trigger').click();
    expect((await toggled).detail).to.deep.equal({ nodeId: 'help', open: true });
    const d = part<HTMLDialogElement>(el, 'dialog');
    expect([d.open, d.matches(':modal'), el.open]).to.deep.equal([true, true, true]);
    expect(el.shadowRoot!.getElementById(d.getAttribute('aria-labelledby')!)!.textContent).to.equal('Write to us');
    expect(inside(el)).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('keeps focus inside while open: Tab and Shift+Tab never reach the page behind', async () => {
    const { el } = await make();
    part(el, 'trigger').focus();
    await sendKeys({ press: 'Enter' });
    const seen = new Set<string>();
    for (let i = 0; i < 8; i++) {
      if (i >= 5) await sendKeys({ down: 'Shift' });
      await sendKeys({ press: 'Tab' });
      if (i >= 5) await sendKeys({ up: 'Shift' });
      const a = deepActive();
      // Chromium may hand focus to its own UI for one step at the end of the cycle; the page never gets it.
      if (!a || a === document.body) continue;
      expect(inside(el), `step ${i}: ${a.localName}#${a.id}`).to.equal(true);
      seen.add(a.localName + (a.getAttribute('part') ?? ''));
    }
    expect(seen.size).to.be.greaterThan(1);
  });

  it('closes on Escape and returns focus to the trigger, with jig-toggle', async () => {
    const { el } = await make();
    part(el, 'trigger').focus();
    await sendKeys({ press: 'Enter' });
    expect(part<HTMLDialogElement>(el, 'dialog').open).to.equal(true);
    const toggled = oneEvent(el, 'jig-toggle');
    await sendKeys({ press: 'Escape' });
    expect((await toggled).detail).to.deep.equal({ nodeId: 'help', open: false });
    expect(part<HTMLDialogElement>(el, 'dialog').open).to.equal(false);
    expect(el.open).to.equal(false);
    expect(deepActive() === part(el, 'trigger')).to.equal(true);
  });

  it('closes with its close button and with a click on the backdrop, focus back on the trigger each time', async () => {
    const { el } = await make();
    await el.show();
    part(el, 'close').click();
    expect(part<HTMLDialogElement>(el, 'dialog').open).to.equal(false);
    expect(deepActive() === part(el, 'trigger')).to.equal(true);
    await el.show();
    (document.querySelector('#after') as HTMLElement).blur();
    await sendMouse({ type: 'click', position: [2, 2] });
    expect(part<HTMLDialogElement>(el, 'dialog').open).to.equal(false);
    expect(deepActive() === part(el, 'trigger')).to.equal(true);
  });

  it('stays open for clicks and typing inside, writing to the data', async () => {
    const model = new DataModel({ msg: '' });
    const { el } = await make(model);
    await el.show();
    const field = el.querySelector('jig-text-field')!;
    field.focus();
    await sendKeys({ type: 'Hi' });
    field.click();
    expect(part<HTMLDialogElement>(el, 'dialog').open).to.equal(true);
    expect(model.get('/msg')).to.equal('Hi');
  });

  it('closes when a form inside sends its action, not when one of its buttons does', async () => {
    const model = new DataModel({ msg: 'Hello' });
    const page = await fixture(html`<jig-dialog .props=${{ trigger: 'Write', title: 'Write' }}>
      <jig-form .model=${model} .props=${{ action: 'send' }}><jig-text-field .model=${model} .props=${{ label: 'Message', bind: '/msg', required: true }}></jig-text-field></jig-form>
      <jig-button .props=${{ label: 'Help', action: 'help' }}></jig-button></jig-dialog>`);
    const el = page as JigDialog;
    await el.show();
    part(el.querySelector('jig-button')!, 'base').click();
    expect(el.open).to.equal(true);
    const sent = oneEvent(el, 'jig-action');
    expect((el.querySelector('jig-form') as JigForm).submit()).to.equal(true);
    expect((await sent).detail.action).to.equal('send');
    expect(el.open).to.equal(false);
  });

  it('opens and closes when the page sets its open property or attribute', async () => {
    const { el } = await make();
    el.open = true;
    await oneEvent(el, 'jig-toggle');
    expect(part<HTMLDialogElement>(el, 'dialog').matches(':modal')).to.equal(true);
    el.removeAttribute('open');
    await el.updateComplete;
    expect([part<HTMLDialogElement>(el, 'dialog').open, el.open]).to.deep.equal([false, false]);
    expect(deepActive() === part(el, 'trigger')).to.equal(true);
  });

  it('keeps a hostile trigger and title as text', async () => {
    const el = await fixture<JigDialog>(html`<jig-dialog .props=${{ trigger: XSS, title: XSS }}><p>x</p></jig-dialog>`);
    await el.show();
    expect([part(el, 'trigger').textContent, part(el, 'title').textContent]).to.deep.equal([XSS, XSS]);
    expect(noInjectedMarkup(el)).to.equal(true);
    el.close();
  });
});
