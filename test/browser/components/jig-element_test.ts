// The component base in Chromium: the data model made only when a component on its own needs
// one, the surface's model used as given, and the node id kept in step with its attribute.
import { expect, fixture, html } from '@open-wc/testing';
import '../../../components/index.js';
import type { JigElement } from '../../../components/shared/jig-element.js';
import { JigText } from '../../../components/text/text.component.js';
import { JigStat } from '../../../components/stat/stat.component.js';
import { DataModel } from '../../../src/surface/data-model.js';
import { emit, type JigActionDetail } from '../../../src/surface/events.js';
import { part } from './helpers.js';

describe('JigElement', () => {
  it('define registers a tag once: defining it again, even with another class, keeps the first', () => {
    expect(customElements.get('jig-text')).to.equal(JigText);
    JigText.define('jig-text');
    JigStat.define('jig-text');
    expect(customElements.get('jig-text')).to.equal(JigText);
  });

  it('emit fires the named jig event with its typed detail', async () => {
    const el = await fixture<JigElement>(html`<jig-text .props=${{ text: 'Hi' }}></jig-text>`);
    const seen: JigActionDetail[] = [];
    el.addEventListener('jig-action', (e) => seen.push(e.detail), { once: true });
    const detail: JigActionDetail = { action: 'go', nodeId: 'n', data: {} };
    expect(emit(el, 'jig-action', detail)).to.equal(true);
    expect(seen).to.deep.equal([detail]);
    // @ts-expect-error a name no module declares does not compile
    emit(el, 'jig-acton', detail);
    // @ts-expect-error nor does a detail of another event's shape
    emit(el, 'jig-action', { open: true });
  });

  it('gives a component on its own one private, empty model, the same on every read', async () => {
    const el = await fixture<JigElement>(
      html`<jig-stat .props=${{ label: 'Guests', value: { $data: '/n' } }}></jig-stat>`,
    );
    const m = el.model;
    expect(m).to.be.instanceOf(DataModel);
    expect(el.model === m).to.equal(true);
    expect(m.snapshot()).to.deep.equal({});
    m.set('/n', 4);
    await el.updateComplete;
    expect(part(el, 'value').textContent).to.equal('4');
  });

  it('renders from a model set before and after connection, and follows the new one', async () => {
    const first = new DataModel({ n: 12500 });
    const el = await fixture<JigElement>(
      html`<jig-stat .model=${first} .props=${{ label: 'Visits', value: { $data: '/n' } }}></jig-stat>`,
    );
    expect(el.model === first).to.equal(true);
    expect(part(el, 'value').textContent).to.equal((12500).toLocaleString(undefined, { useGrouping: true }));
    const second = new DataModel({ n: 2026 });
    el.model = second;
    await el.updateComplete;
    expect(part(el, 'value').textContent).to.equal('2026');
    first.set('/n', 1); // the old model no longer drives the display
    second.set('/n', 7);
    await el.updateComplete;
    expect(part(el, 'value').textContent).to.equal('7');
  });

  it('takes the node id from its attribute and reflects one set as a property', async () => {
    const el = await fixture<JigElement>(html`<jig-text node-id="intro" .props=${{ text: 'Hi' }}></jig-text>`);
    expect(el.nodeId).to.equal('intro');
    el.nodeId = 'outro';
    await el.updateComplete;
    expect(el.getAttribute('node-id')).to.equal('outro');
    const bare = await fixture<JigElement>(html`<jig-text .props=${{ text: 'Hi' }}></jig-text>`);
    expect(bare.nodeId).to.equal('');
    expect(bare.hasAttribute('node-id')).to.equal(false);
  });
});
