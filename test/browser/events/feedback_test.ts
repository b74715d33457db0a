// <jig-feedback> and observeSurface on a real <jig-surface>: explicit ratings and the implicit
// signals (rendered, first action, pre-filled value edited, form abandoned) with their source.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { describe, it } from './bdd.js';
import '../../../components/feedback/feedback.js';
import '../../../src/surface/surface.js';
import '../../../components/stack/stack.js';
import '../../../components/text-field/text-field.js';
import '../../../components/button/button.js';
import type { JigFeedback } from '../../../components/feedback/feedback.component.js';
import type { JigSurface } from '../../../src/surface/surface.component.js';
import type { LayoutDocument } from '../../../src/layout/document.js';
import type { JigEvent } from '../../../src/events/event.js';
import { createEventLog } from '../../../src/events/log.js';
import { openEventStore } from '../../../src/events/store.js';
import { observeSurface, type FeedbackSource } from '../../../src/events/observe.js';

const source: FeedbackSource = {
  layoutId: 'L-7',
  station: 'browser',
  model: 'SmolLM2-360M',
  promptVersion: 'p3',
  exemplarVersion: 'x9',
  line: 'trip',
  lineVersion: '4',
};

function memoryLog() {
  const seen: JigEvent[] = [];
  const log = createEventLog({ context: { session: 's-1' } });
  log.on((e) => seen.push(e));
  return { log, seen };
}

const doc = (name = 'Ada'): LayoutDocument => ({
  version: 1,
  root: 'page',
  data: { guest: { name, note: '' } },
  nodes: [
    { id: 'page', type: 'stack', children: ['name', 'note', 'go'] },
    { id: 'name', type: 'text-field', props: { label: 'Name', bind: '/guest/name' } },
    { id: 'note', type: 'text-field', props: { label: 'Note', bind: '/guest/note' } },
    { id: 'go', type: 'button', props: { label: 'Reserve', action: 'reserve' } },
  ],
});

function type(surface: JigSurface, node: string, value: string) {
  const input = surface.querySelector(`jig-text-field[node-id="${node}"]`)!.shadowRoot!.querySelector('input')!;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

describe('<jig-feedback>', () => {
  it('has two real toggle buttons and passes an accessibility audit', async () => {
    const el = await fixture<JigFeedback>(html`<jig-feedback comment></jig-feedback>`);
    const buttons = el.shadowRoot!.querySelectorAll('button');
    expect(buttons.length).to.equal(2);
    expect([...buttons].map((b) => b.getAttribute('aria-pressed'))).to.deep.equal(['false', 'false']);
    expect([...buttons].map((b) => b.getAttribute('aria-label'))).to.deep.equal(['Yes, helpful', 'No, not helpful']);
    await expect(el).to.be.accessible();
  });

  it('records feedback.given with the rating and everything that made the layout', async () => {
    const { log, seen } = memoryLog();
    const el = await fixture<JigFeedback>(html`<jig-feedback .log=${log} .source=${source}></jig-feedback>`);
    const fired = oneEvent(el, 'jig-feedback');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="down"]')!.click();
    const e = await fired;
    expect(e.detail.rating).to.equal('down');
    expect(e.detail.recorded).to.equal(true);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="down"]')!.getAttribute('aria-pressed')).to.equal('true');
    expect(el.shadowRoot!.querySelector('[part="up"]')!.getAttribute('aria-pressed')).to.equal('false');
    expect(seen.length).to.equal(1);
    const ev = seen[0]!;
    expect(ev.type).to.equal('feedback.given');
    expect(ev.line).to.equal('trip');
    expect(ev.lineVersion).to.equal('4');
    expect(ev.attrs).to.deep.include({
      rating: 'down',
      layoutId: 'L-7',
      station: 'browser',
      model: 'SmolLM2-360M',
      promptVersion: 'p3',
      exemplarVersion: 'x9',
      comment: null,
    });
  });

  it('works from the keyboard: Tab to a thumb, Enter or Space presses it', async () => {
    const { log, seen } = memoryLog();
    const before = document.createElement('button');
    before.textContent = 'before';
    document.body.prepend(before);
    const el = await fixture<JigFeedback>(html`<jig-feedback .log=${log} .source=${source}></jig-feedback>`);
    before.focus();
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement?.getAttribute('part')).to.equal('up');
    await sendKeys({ press: 'Enter' });
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement?.getAttribute('part')).to.equal('down');
    await sendKeys({ press: 'Space' });
    before.remove();
    expect(seen.map((e) => e.attrs.rating)).to.deep.equal(['up', 'down']);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="down"]')!.getAttribute('aria-pressed')).to.equal('true');
  });

  it('takes an optional comment after a rating, and a changed mind replaces the rating in the aggregates', async () => {
    const store = await openEventStore({ indexedDB: undefined });
    const log = createEventLog({ store, context: { session: 's' } });
    const el = await fixture<JigFeedback>(html`<jig-feedback comment .log=${log} .source=${source}></jig-feedback>`);
    expect(el.shadowRoot!.querySelector('textarea')).to.equal(null);
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="up"]')!.click();
    await el.updateComplete;
    const area = el.shadowRoot!.querySelector('textarea')!;
    expect(el.shadowRoot!.querySelector<HTMLButtonElement>('[part="send"]')!.disabled).to.equal(true);
    area.value = 'Too many fields';
    area.dispatchEvent(new Event('input'));
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="down"]')!.click();
    await el.updateComplete;
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="send"]')!.click();
    await log.flush();
    const given = await store.query({ types: ['feedback.given'] });
    expect(given.map((e) => [e.attrs.rating, e.attrs.comment])).to.deep.equal([
      ['up', null],
      ['down', 'Too many fields'],
      ['down', 'Too many fields'],
    ]);
    expect(new Set(given.map((e) => e.attrs.feedbackId)).size).to.equal(1);
    const byLayout = await store.feedbackByLayout();
    expect(byLayout['L-7']).to.deep.include({ up: 0, down: 1, comments: ['Too many fields'] });
    const agg = await store.aggregates();
    expect(agg.feedbackByModel['SmolLM2-360M']).to.deep.equal({ up: 0, down: 1 });
  });

  it('starts over when the source names a new layout', async () => {
    const { log } = memoryLog();
    const el = await fixture<JigFeedback>(html`<jig-feedback .log=${log} .source=${source}></jig-feedback>`);
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="up"]')!.click();
    expect(el.rating).to.equal('up');
    el.source = { ...source, layoutId: 'L-8' };
    await el.updateComplete;
    expect(el.rating).to.equal(null);
  });
});

describe('observeSurface', () => {
  it('records the render, the first edit of a pre-filled field with its path, and the time to the first action', async () => {
    const { log, seen } = memoryLog();
    const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
    const stop = observeSurface(s, log, source);
    const rendered = oneEvent(s, 'jig-render');
    s.layout = doc();
    await rendered;
    type(s, 'name', 'Adaa');
    type(s, 'name', 'Adaaa'); // the same field again: still one ui.edited
    type(s, 'note', 'x');
    s.querySelector('jig-button')!.shadowRoot!.querySelector('button')!.click();
    s.querySelector('jig-button')!.shadowRoot!.querySelector('button')!.click();
    stop();
    expect(seen.map((e) => e.type)).to.deep.equal([
      'layout.rendered',
      'ui.edited',
      'ui.edited',
      'ui.action',
      'ui.action',
    ]);
    const [render, edit1, edit2, act1, act2] = seen;
    expect(render!.attrs).to.deep.include({ layoutId: 'L-7', station: 'browser', model: 'SmolLM2-360M', nodes: 4 });
    expect(render!.attrs.ms).to.be.a('number');
    expect(render!.lineVersion).to.equal('4');
    expect(edit1!.attrs).to.deep.include({ pointer: '/guest/name', nodeId: 'name', prefilled: true, layoutId: 'L-7' });
    expect(edit2!.attrs).to.deep.include({ pointer: '/guest/note', prefilled: false });
    expect(act1!.attrs).to.deep.include({ action: 'reserve', nodeId: 'go', edits: 2 });
    expect(act1!.attrs.firstActionMs).to.be.a('number').and.at.least(0);
    expect(act2!.attrs.firstActionMs).to.equal(undefined);
  });

  it('records ui.abandoned when fields were edited and the layout changes before any action', async () => {
    const { log, seen } = memoryLog();
    const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
    let current: FeedbackSource = { ...source, layoutId: 'first' };
    const stop = observeSurface(s, log, () => current);
    let rendered = oneEvent(s, 'jig-render');
    s.layout = doc();
    await rendered;
    type(s, 'note', 'half done');
    current = { ...source, layoutId: 'second' };
    rendered = oneEvent(s, 'jig-render');
    s.layout = doc('Grace');
    await rendered;
    stop();
    expect(seen.map((e) => e.type)).to.deep.equal(['layout.rendered', 'ui.edited', 'ui.abandoned', 'layout.rendered']);
    expect(seen[2]!.attrs).to.deep.include({ reason: 'layout-changed', edits: 1, layoutId: 'first' });
    expect(seen[3]!.attrs.layoutId).to.equal('second');
  });

  it('records ui.abandoned when the page is hidden with edits and no action', async () => {
    const { log, seen } = memoryLog();
    const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
    const stop = observeSurface(s, log, source);
    const rendered = oneEvent(s, 'jig-render');
    s.layout = doc();
    await rendered;
    type(s, 'name', 'Bob');
    window.dispatchEvent(new PageTransitionEvent('pagehide'));
    window.dispatchEvent(new PageTransitionEvent('pagehide'));
    stop();
    expect(seen.filter((e) => e.type === 'ui.abandoned').map((e) => e.attrs.reason)).to.deep.equal(['page-hidden']);
  });

  it('records feedback from a <jig-feedback> in the surface that has no log of its own', async () => {
    const { log, seen } = memoryLog();
    const s = await fixture<JigSurface>(html`<jig-surface><jig-feedback slot="fallback"></jig-feedback></jig-surface>`);
    const stop = observeSurface(s, log, source);
    const rendered = oneEvent(s, 'jig-render');
    s.layout = doc();
    await rendered;
    const fb = s.querySelector('jig-feedback')!;
    fb.shadowRoot!.querySelector<HTMLButtonElement>('[part="up"]')!.click();
    stop();
    const given = seen.filter((e) => e.type === 'feedback.given');
    expect(given.length).to.equal(1);
    expect(given[0]!.attrs).to.deep.include({ rating: 'up', layoutId: 'L-7', model: 'SmolLM2-360M' });
  });
});
