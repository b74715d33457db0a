// The demo's interop panel in Chromium: an A2UI example renders after its stream, the hostile one
// is refused with its issues named and nothing rendered.
import { expect, fixture, html } from '@open-wc/testing';
import '../../../src/define.js';
import { mount } from '../../../demo/panels/interop.js';

const until = async (ok: () => boolean, what: string) => {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 25));
  expect(ok(), what).to.equal(true);
};

describe('demo: A2UI & json-render panel', () => {
  it('renders the RSVP example, then refuses the hostile stream naming each problem', async () => {
    const box = await fixture<HTMLElement>(html`<div class="panel"></div>`);
    mount(box);
    await until(() => !!box.querySelector('jig-surface .jig-layout [node-id="title"]'), 'the RSVP surface renders');
    expect(box.querySelector('.verdict')!.textContent).to.contain('passed every gate');
    (box.querySelector('button[data-id="hostile"]') as HTMLButtonElement).click();
    await until(() => box.querySelector('.verdict')!.textContent!.includes('refused'), 'the hostile stream is refused');
    const text = box.querySelector('.issues')!.textContent!;
    for (const code of ['malformed_line', 'unsafe_url', 'unsafe_pattern', 'unsupported_feature'])
      expect(text).to.contain(code);
    await new Promise((r) => setTimeout(r, 100));
    expect(box.querySelector('jig-surface [node-id]'), 'nothing of the refused surface is on the page').to.equal(null);
  });
});
