// The gallery's account page through <jig-surface> in Chromium: the eight newer components pass the
// gates, render from the catalog's tags, write to surface.data with jig-edit, and pass axe together.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/define.js';
import type { JigSurface } from '../../../src/surface/surface.component.js';
import type { JigDialog } from '../../../components/index.js';
import { part } from './helpers.js';

const TYPES = ['icon', 'dialog', 'accordion', 'slider', 'radio-group', 'switch', 'progress', 'avatar'];

async function render(): Promise<JigSurface> {
  const text = await (await fetch('/demo/examples/account.json')).text();
  const s = await fixture<JigSurface>(html`<jig-surface actions="save-prefs contact"></jig-surface>`);
  const rendered = oneEvent(s, 'jig-render');
  s.layout = text;
  await rendered;
  return s;
}

const node = <T extends HTMLElement = HTMLElement>(s: JigSurface, id: string) =>
  s.querySelector<T>(`[node-id="${id}"]`)!;

describe('the account page (all eight newer components)', () => {
  it('passes the gates and renders each type with its own element', async () => {
    const s = await render();
    for (const t of TYPES) expect(s.querySelector(`[data-jig-type="${t}"]`)?.localName, t).to.equal(`jig-${t}`);
    expect(part<HTMLProgressElement>(node(s, 'done'), 'bar').value).to.equal(60);
    expect(node(s, 'me').shadowRoot!.querySelector('[part="initials"]')!.textContent).to.equal('AL');
    await expect(s).to.be.accessible();
  });

  it('writes what the person does to surface.data, each change announced by jig-edit', async () => {
    const s = await render();
    const edits: string[] = [];
    s.addEventListener('jig-edit', (e) => edits.push(`${e.detail.pointer}=${JSON.stringify(e.detail.value)}`));
    node(s, 'volume').focus();
    await sendKeys({ press: 'ArrowRight' });
    node(s, 'dark').focus();
    await sendKeys({ press: 'Space' });
    part(node(s, 'plan'), 'option').click();
    expect(s.data!.prefs).to.deep.equal({ news: true, dark: true, volume: 45, plan: 'free' });
    expect(edits).to.deep.equal(['/prefs/volume=45', '/prefs/dark=true', '/prefs/plan="free"']);
  });

  it('opens one FAQ section at a time, and the dialog with its form', async () => {
    const s = await render();
    const [plan, exp] = [node(s, 'faq-plan'), node(s, 'faq-export')] as unknown as [
      { open: boolean },
      { open: boolean },
    ];
    expect([plan.open, exp.open]).to.deep.equal([true, false]);
    part(node(s, 'faq-export'), 'summary').click();
    await oneEvent(node(s, 'faq-plan'), 'jig-toggle');
    expect([plan.open, exp.open]).to.deep.equal([false, true]);
    const dialog = node<JigDialog>(s, 'contact');
    part(dialog, 'trigger').click();
    expect(dialog.open).to.equal(true);
    expect(node(s, 'contact-msg').checkVisibility()).to.equal(true);
    dialog.close();
  });
});
