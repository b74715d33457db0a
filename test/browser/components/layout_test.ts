// Containers in Chromium: stack, grid, card (slots and parts), tabs and steps (keyboard, streaming children, step actions).
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../components/index.js';
import { JigTab, type JigButton, type JigTabs, type JigSteps } from '../../../components/index.js';
import { DataModel } from '../../../src/surface/data-model.js';
import { XSS, noInjectedMarkup, part, parts, settle } from './helpers.js';

describe('jig-stack', () => {
  it('lays children out in a row with the gap asked for', async () => {
    const el = await fixture(
      html`<jig-stack .props=${{ direction: 'row', gap: 'l' }}><span>a</span><span>b</span></jig-stack>`,
    );
    const base = part(el, 'base');
    expect(getComputedStyle(base).flexDirection).to.equal('row');
    expect(getComputedStyle(base).columnGap).to.equal('24px');
    await expect(el).to.be.accessible();
  });
});

describe('jig-grid', () => {
  const cells = (n: number) => Array.from({ length: n }, (_, i) => html`<div>cell ${i}</div>`);
  const tracks = (el: Element) => getComputedStyle(part(el, 'base')).gridTemplateColumns.split(' ').length;

  it('respects columns on a wide container and collapses to one column under 480px', async () => {
    const wide = await fixture(
      html`<div style="width: 900px"><jig-grid .props=${{ columns: 3 }}>${cells(3)}</jig-grid></div>`,
    );
    expect(tracks(wide.firstElementChild!)).to.equal(3);
    const narrow = await fixture(
      html`<div style="width: 400px"><jig-grid .props=${{ columns: 3 }}>${cells(3)}</jig-grid></div>`,
    );
    expect(tracks(narrow.firstElementChild!)).to.equal(1);
    const six = await fixture(
      html`<div style="width: 1200px"><jig-grid .props=${{ columns: 6, gap: 's' }}>${cells(6)}</jig-grid></div>`,
    );
    expect(tracks(six.firstElementChild!)).to.equal(6);
    await expect(six).to.be.accessible();
  });

  it('caps 4 to 6 columns at 2 between 480px and 720px', async () => {
    const el = await fixture(
      html`<div style="width: 600px"><jig-grid .props=${{ columns: 5 }}>${cells(5)}</jig-grid></div>`,
    );
    expect(tracks(el.firstElementChild!)).to.equal(2);
    const three = await fixture(
      html`<div style="width: 600px"><jig-grid .props=${{ columns: 3 }}>${cells(3)}</jig-grid></div>`,
    );
    expect(tracks(three.firstElementChild!)).to.equal(3);
  });

  it('fits as many 12rem columns as the width allows when columns is not set', async () => {
    const el = await fixture(html`<div style="width: 800px"><jig-grid>${cells(6)}</jig-grid></div>`);
    expect(tracks(el.firstElementChild!)).to.equal(3);
  });
});

describe('jig-card', () => {
  it('renders title and subtitle in its header and its children in the body slot', async () => {
    const el = await fixture(
      html`<jig-card .props=${{ title: 'Order', subtitle: XSS }}><p id="kid">Body</p></jig-card>`,
    );
    expect(part(el, 'title').localName).to.equal('h3');
    expect(part(el, 'title').textContent).to.equal('Order');
    expect(part(el, 'subtitle').textContent).to.equal(XSS);
    expect(noInjectedMarkup(el)).to.equal(true);
    const slot = part(el, 'body').querySelector('slot')!;
    expect(slot.assignedElements().map((e) => e.id)).to.deep.equal(['kid']);
    expect(getComputedStyle(part(el, 'base')).borderTopWidth).to.equal('1px');
    await expect(el).to.be.accessible();
  });

  it('leaves out the header when there is no title or subtitle', async () => {
    const el = await fixture(html`<jig-card></jig-card>`);
    expect(parts(el, 'header').length).to.equal(0);
  });
});

describe('jig-tabs', () => {
  const tabsFixture = () =>
    fixture<JigTabs>(html`<jig-tabs>
    <jig-tab .props=${{ label: 'One' }}><p>first</p></jig-tab>
    <jig-tab .props=${{ label: 'Two' }}><p>second</p></jig-tab>
    <jig-tab .props=${{ label: 'Three' }}><p>third</p></jig-tab>
  </jig-tabs>`);
  const panels = (el: Element) => [...el.querySelectorAll('jig-tab')];
  const shown = (el: Element) =>
    panels(el)
      .filter((p) => !p.hidden)
      .map((p) => p.props.label);

  it("renders a tablist of its tabs' labels and shows only the first panel", async () => {
    const el = await tabsFixture();
    const tabs = parts(el, 'tab');
    expect(part(el, 'tablist').getAttribute('role')).to.equal('tablist');
    expect(tabs.map((t) => t.textContent)).to.deep.equal(['One', 'Two', 'Three']);
    expect(tabs.map((t) => t.getAttribute('aria-selected'))).to.deep.equal(['true', 'false', 'false']);
    expect(tabs.map((t) => t.getAttribute('tabindex'))).to.deep.equal(['0', '-1', '-1']);
    expect(shown(el)).to.deep.equal(['One']);
    expect(panels(el).map((p) => [p.getAttribute('role'), p.getAttribute('aria-label')])).to.deep.equal([
      ['tabpanel', 'One'],
      ['tabpanel', 'Two'],
      ['tabpanel', 'Three'],
    ]);
    expect(
      (tabs[1] as HTMLElement & { ariaControlsElements?: Element[] }).ariaControlsElements?.[0] === panels(el)[1],
      'tab 2 controls panel 2',
    ).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('moves and selects with ArrowRight, ArrowLeft, Home and End, hiding the other panels', async () => {
    const el = await tabsFixture();
    parts(el, 'tab')[0]!.focus();
    const focusedLabel = () => el.shadowRoot!.activeElement?.textContent;
    await sendKeys({ press: 'ArrowRight' });
    await settle(el);
    expect(shown(el)).to.deep.equal(['Two']);
    expect(focusedLabel()).to.equal('Two');
    expect(parts(el, 'tab').map((t) => t.getAttribute('tabindex'))).to.deep.equal(['-1', '0', '-1']);
    await sendKeys({ press: 'End' });
    await settle(el);
    expect(shown(el)).to.deep.equal(['Three']);
    await sendKeys({ press: 'ArrowRight' });
    await settle(el);
    expect(shown(el)).to.deep.equal(['One']);
    await sendKeys({ press: 'ArrowLeft' });
    await settle(el);
    expect(shown(el)).to.deep.equal(['Three']);
    await sendKeys({ press: 'Home' });
    await settle(el);
    expect(shown(el)).to.deep.equal(['One']);
    expect(focusedLabel()).to.equal('One');
  });

  it('selects a tab on click', async () => {
    const el = await tabsFixture();
    (parts(el, 'tab')[2] as HTMLElement).click();
    await settle(el);
    expect(shown(el)).to.deep.equal(['Three']);
    expect(el.current).to.equal(2);
  });

  it('shows tabs added after the first render, as a streamed layout adds them', async () => {
    const el = await fixture<JigTabs>(html`<jig-tabs><jig-tab .props=${{ label: 'First' }}>a</jig-tab></jig-tabs>`);
    expect(parts(el, 'tab').length).to.equal(1);
    const late = document.createElement('jig-tab');
    late.props = { label: 'Later' };
    el.append(late);
    await oneEvent(el.shadowRoot!.querySelector('slot')!, 'slotchange');
    await settle(el);
    expect(parts(el, 'tab').map((t) => t.textContent)).to.deep.equal(['First', 'Later']);
    expect(late.hidden).to.equal(true);
    late.props = { label: 'Renamed' };
    await settle(late);
    await settle(el);
    expect(parts(el, 'tab')[1]!.textContent).to.equal('Renamed');
    expect(late).to.be.instanceOf(JigTab);
  });

  it('shows tab labels with markup as text', async () => {
    const el = await fixture(html`<jig-tabs><jig-tab .props=${{ label: XSS }}></jig-tab></jig-tabs>`);
    await settle(el);
    expect(part(el, 'tab').textContent).to.equal(XSS);
    expect(noInjectedMarkup(el)).to.equal(true);
  });
});

describe('jig-steps', () => {
  const stepsFixture = () =>
    fixture<JigSteps>(html`<jig-steps node-id="wiz">
    <jig-step .props=${{ title: 'Who' }}>
      <jig-heading .props=${{ text: 'Who is coming?' }}></jig-heading>
      <jig-button .props=${{ label: 'Back', action: 'prev-step', variant: 'secondary' }}></jig-button>
      <jig-button .props=${{ label: 'Next', action: 'next-step' }}></jig-button>
    </jig-step>
    <jig-step .props=${{ title: 'When' }}>
      <jig-date-field .props=${{ label: 'Day', bind: '/day' }} .model=${new DataModel({ day: '' })}></jig-date-field>
      <jig-button .props=${{ label: 'Back', action: 'prev-step' }}></jig-button>
      <jig-button .props=${{ label: 'Next', action: 'next-step' }}></jig-button>
    </jig-step>
    <jig-step .props=${{ title: 'Done' }}>
      <jig-button .props=${{ label: 'Back', action: 'prev-step' }}></jig-button>
      <jig-button .props=${{ label: 'Next', action: 'next-step' }}></jig-button>
      <jig-button .props=${{ label: 'Book', action: 'book' }}></jig-button>
    </jig-step>
  </jig-steps>`);
  const visible = (el: Element) =>
    [...el.querySelectorAll('jig-step')].filter((s) => !s.hidden).map((s) => s.props.title);
  const click = async (el: JigSteps, label: string) => {
    const btn = [...el.querySelectorAll<JigButton>('jig-step:not([hidden]) jig-button')].find(
      (b) => b.props.label === label,
    )!;
    part(btn, 'base').click();
    await settle(el);
  };

  it('shows a progress list of step titles with aria-current on the current one, and only that step', async () => {
    const el = await stepsFixture();
    const items = parts(el, 'progress-item');
    expect(part(el, 'progress').localName).to.equal('ol');
    expect(items.map((li) => li.textContent!.replace(/\s+/g, ''))).to.deep.equal(['1Who', '2When', '3Done']);
    expect(items.map((li) => li.getAttribute('aria-current'))).to.deep.equal(['step', null, null]);
    expect(visible(el)).to.deep.equal(['Who']);
    await expect(el).to.be.accessible();
  });

  it('moves forward on next-step and back on prev-step, clamped at both ends, with jig-step-change', async () => {
    const el = await stepsFixture();
    await click(el, 'Back');
    expect(el.current).to.equal(0);
    const change = oneEvent(el, 'jig-step-change');
    await click(el, 'Next');
    expect((await change).detail).to.deep.equal({ index: 1, nodeId: 'wiz' });
    expect(visible(el)).to.deep.equal(['When']);
    expect(parts(el, 'progress-item').map((li) => li.getAttribute('aria-current'))).to.deep.equal([null, 'step', null]);
    await click(el, 'Next');
    await click(el, 'Next');
    expect(el.current).to.equal(2);
    expect(visible(el)).to.deep.equal(['Done']);
    await click(el, 'Back');
    expect(visible(el)).to.deep.equal(['When']);
  });

  it("moves focus to the new step's heading, or else its first focusable element", async () => {
    const el = await stepsFixture();
    await click(el, 'Next');
    await settle(el);
    const date = el.querySelector('jig-date-field')!;
    expect(document.activeElement?.localName).to.equal('jig-date-field');
    expect(date.shadowRoot!.activeElement?.localName).to.equal('input');
    await click(el, 'Back');
    const heading = el.querySelector('jig-heading')!;
    expect(document.activeElement?.localName).to.equal('jig-heading');
    expect(heading.shadowRoot!.activeElement?.localName).to.equal('h2');
  });

  it('consumes step actions but lets other actions through to the page', async () => {
    const el = await stepsFixture();
    const seen: string[] = [];
    const outer = el.parentElement!;
    outer.addEventListener('jig-action', (e) => seen.push(e.detail.action));
    await click(el, 'Next');
    await click(el, 'Next');
    await click(el, 'Book');
    expect(seen).to.deep.equal(['book']);
  });

  it('shows step titles with markup as text', async () => {
    const el = await fixture(html`<jig-steps><jig-step .props=${{ title: XSS }}></jig-step></jig-steps>`);
    await settle(el);
    expect(part(el, 'progress-item').textContent).to.contain(XSS);
    expect(noInjectedMarkup(el)).to.equal(true);
  });
});
