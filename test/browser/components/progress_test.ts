// <jig-progress> in Chromium: a native progress bar named by its label, its value from a literal
// or from data (followed as the data changes), kept within 0…max, busy when there is no number.
import { expect, fixture, html } from '@open-wc/testing';
import '../../../components/index.js';
import type { JigProgress } from '../../../components/index.js';
import { DataModel } from '../../../src/surface/data-model.js';
import { XSS, noInjectedMarkup, part, settle } from './helpers.js';

const bar = (el: Element) => part<HTMLProgressElement>(el, 'bar');

describe('jig-progress', () => {
  it('shows value of max as a native progress bar named by its label, with the percentage', async () => {
    const el = await fixture<JigProgress>(
      html`<jig-progress .props=${{ label: 'Uploaded', value: 30, max: 60 }}></jig-progress>`,
    );
    const b = bar(el);
    expect([b.localName, b.value, b.max, b.getAttribute('aria-valuetext')]).to.deep.equal(['progress', 30, 60, '50%']);
    const labelledBy = b.getAttribute('aria-labelledby')!;
    expect(el.shadowRoot!.getElementById(labelledBy)!.textContent).to.equal('Uploaded');
    expect(part(el, 'value').textContent).to.equal('50%');
    await expect(el).to.be.accessible();
  });

  it('reads {"$data": …} and follows the data as it changes', async () => {
    const model = new DataModel({ job: { done: 10 } });
    const el = await fixture<JigProgress>(
      html`<jig-progress .model=${model} .props=${{ label: 'Import', value: { $data: '/job/done' } }}></jig-progress>`,
    );
    expect(bar(el).value).to.equal(10);
    model.set('/job/done', 85);
    await settle(el);
    expect([bar(el).value, part(el, 'value').textContent]).to.deep.equal([85, '85%']);
  });

  it('keeps a value beyond the range at its end, and is busy (indeterminate) without a number', async () => {
    const model = new DataModel({ v: 250 });
    const el = await fixture<JigProgress>(
      html`<jig-progress .model=${model} .props=${{ label: 'Quota', value: { $data: '/v' } }}></jig-progress>`,
    );
    expect(bar(el).value).to.equal(100);
    model.set('/v', -5);
    await settle(el);
    expect(bar(el).value).to.equal(0);
    model.set('/v', 'lots');
    await settle(el);
    expect([bar(el).position, bar(el).hasAttribute('aria-valuetext'), part(el, 'value').textContent]).to.deep.equal([
      -1,
      false,
      '',
    ]);
    await expect(el).to.be.accessible();
  });

  it('colours the fill by tone, and by --jig-color-accent by default', async () => {
    const el = await fixture(html`<div>
      <jig-progress style="--jig-color-accent: rgb(1, 2, 3)" .props=${{ label: 'A', value: 5 }}></jig-progress>
      <jig-progress style="--jig-color-success: rgb(0, 120, 0)" .props=${{ label: 'B', value: 5, tone: 'success' }}></jig-progress></div>`);
    const [a, b] = [...el.querySelectorAll('jig-progress')].map((p) => getComputedStyle(bar(p)).color);
    expect([a, b]).to.deep.equal(['rgb(1, 2, 3)', 'rgb(0, 120, 0)']);
  });

  it('keeps a hostile label as text', async () => {
    const el = await fixture(html`<jig-progress .props=${{ label: XSS, value: 1 }}></jig-progress>`);
    expect(part(el, 'label').textContent).to.equal(XSS);
    expect(noInjectedMarkup(el)).to.equal(true);
  });
});
