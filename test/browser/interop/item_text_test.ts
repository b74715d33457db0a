// Lists of cards whose text comes from each item (A2UI v0.9 and v0.8 templates, json-render repeat)
// in a real <jig-surface>: each item shows its own text, a data update changes the one field in
// place without rendering the other items again, text from data is never markup, and a button's
// context resolves against the item that was clicked.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../../src/define.js';
import type { JigSurface } from '../../../src/surface/surface.component.js';
import { renderA2UI, renderJsonRender, type A2UIActionMessage } from '../../../src/interop/index.js';
import { a2uiV08Cards, a2uiV09Cards, jsonRenderCards } from '../../node/interop/item-corpus.js';

type Lit = HTMLElement & { updateComplete: Promise<boolean>; render(): unknown };

const at = (s: JigSurface, id: string, item: string) =>
  s.querySelector(`.jig-layout:not([hidden]) [node-id="${id}"][jig-item="${item}"]`) as Lit | null;
const text = (e: Element | null) => e?.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const settle = async (s: JigSurface) => {
  await new Promise((r) => setTimeout(r, 0));
  await Promise.all([...s.querySelectorAll('[node-id]')].map((e) => (e as Lit).updateComplete));
};

/** Counts the renders of an element from now on (Lit calls `render()` once per update). */
function renders(e: Lit): { count: number } {
  const seen = { count: 0 };
  const own = e.render.bind(e);
  e.render = () => {
    seen.count++;
    return own();
  };
  return seen;
}

/** A stream whose next line is released by the test, to look at the page between messages. */
function controlled() {
  const queue: (string | null)[] = [];
  let wake: (() => void) | null = null;
  const push = (line: unknown) => {
    queue.push(line === null ? null : typeof line === 'string' ? line : JSON.stringify(line));
    wake?.();
  };
  async function* source() {
    for (;;) {
      while (!queue.length)
        await new Promise<void>((r) => {
          wake = r;
        });
      const line = queue.shift()!;
      if (line === null) return;
      yield line + '\n';
    }
  }
  return { push, source: source() };
}

describe('A2UI list templates with item text', () => {
  it('v0.9: each card shows its item; updateDataModel on one field changes that element only', async () => {
    const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
    const { push, source } = controlled();
    const done = renderA2UI(s, source);
    const rendered = oneEvent(s, 'jig-render');
    for (const m of a2uiV09Cards()) push(m);
    await rendered;
    await settle(s);
    expect(text(at(s, 'name', '/plants/0'))).to.equal('Basil');
    expect(text(at(s, 'name', '/plants/1'))).to.equal('Mint');
    expect(text(at(s, 'note', '/plants/2'))).to.equal('Wants a south wall.');
    expect(text(at(s, 'stock', '/plants/1')), 'a number shows as written').to.equal('0');
    expect(at(s, 'name', '/plants/0')!.shadowRoot!.querySelector('h2')).to.not.equal(null);

    const first = at(s, 'name', '/plants/0')!;
    const firstNote = at(s, 'note', '/plants/0')!;
    const second = at(s, 'name', '/plants/1')!;
    const [r0, rn0, r1] = [renders(first), renders(firstNote), renders(second)];
    const data = oneEvent(s, 'jig-data');
    push({ version: 'v0.9', updateDataModel: { surfaceId: 'shop', path: '/plants/1/name', value: 'Lemon balm' } });
    expect((await data).detail.pointer, 'one data update at the field itself').to.equal('/plants/1/name');
    await settle(s);
    expect(text(at(s, 'name', '/plants/1'))).to.equal('Lemon balm');
    expect(at(s, 'name', '/plants/1'), 'the element is kept').to.equal(second);
    expect(at(s, 'name', '/plants/0')).to.equal(first);
    expect(r1.count, 'the changed item renders again').to.equal(1);
    expect([r0.count, rn0.count], 'the other items do not').to.deep.equal([0, 0]);

    // A click reports the clicked item's fields, read at the moment of the click.
    const fired = oneEvent(s, 'a2ui-action');
    (at(s, 'pick', '/plants/1')!.shadowRoot!.querySelector('button') as HTMLButtonElement).click();
    const msg = (await fired).detail as A2UIActionMessage;
    expect(msg.action).to.include({ name: 'choose', surfaceId: 'shop', sourceComponentId: 'pick' });
    expect(msg.action!.context).to.deep.equal({ plant: 'Lemon balm', shop: 'Green Corner' });

    // Text from data is text: markup in an item shows as characters, nothing is parsed.
    const markup = oneEvent(s, 'jig-data');
    push({
      version: 'v0.9',
      updateDataModel: { surfaceId: 'shop', path: '/plants/2/note', value: '<img src=x onerror="window.__jig=1">' },
    });
    await markup;
    await settle(s);
    const note = at(s, 'note', '/plants/2')!;
    expect(note.shadowRoot!.querySelector('img')).to.equal(null);
    expect(text(note)).to.equal('<img src=x onerror="window.__jig=1">');
    expect((window as { __jig?: number }).__jig).to.equal(undefined);
    push(null);
    expect((await done).ok).to.equal(true);
  });

  it('v0.9: a data update that breaks a literal limit is never shown; a longer list keeps the first items', async () => {
    const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
    const { push, source } = controlled();
    const done = renderA2UI(s, source);
    const rendered = oneEvent(s, 'jig-render');
    for (const m of a2uiV09Cards()) push(m);
    await rendered;
    await settle(s);
    const first = at(s, 'name', '/plants/0')!;
    const seen: { pointer: string; value: unknown }[] = [];
    s.addEventListener('jig-data', (e) => seen.push((e as CustomEvent).detail));
    // Too long for a heading: the projection fails the gates, so the page keeps what it shows. The
    // next message puts a fitting name there; updates apply in order, so only that one can show.
    push({ version: 'v0.9', updateDataModel: { surfaceId: 'shop', path: '/plants/0/name', value: 'B'.repeat(201) } });
    const fixed = oneEvent(s, 'jig-data');
    push({ version: 'v0.9', updateDataModel: { surfaceId: 'shop', path: '/plants/0/name', value: 'Sweet basil' } });
    await fixed;
    await settle(s);
    expect(seen.map((d) => [d.pointer, d.value])).to.deep.equal([['/plants/0/name', 'Sweet basil']]);
    expect(text(at(s, 'name', '/plants/0'))).to.equal('Sweet basil');

    const grown = oneEvent(s, 'jig-data');
    push({
      version: 'v0.9',
      updateDataModel: {
        surfaceId: 'shop',
        path: '/plants/3',
        value: { name: 'Sage', kind: 'Herb', note: 'Dry and sunny.', stock: 5 },
      },
    });
    await grown;
    await settle(s);
    expect(text(at(s, 'name', '/plants/3'))).to.equal('Sage');
    expect(at(s, 'name', '/plants/0'), 'earlier items keep their elements').to.equal(first);
    push(null);
    expect((await done).ok).to.equal(true);
  });

  it('v0.8: dataModelUpdate merging into one item changes its card in place', async () => {
    const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
    const { push, source } = controlled();
    const done = renderA2UI(s, source);
    const rendered = oneEvent(s, 'jig-render');
    for (const m of a2uiV08Cards()) push(m);
    await rendered;
    await settle(s);
    expect(text(at(s, 'name', '/plants/1'))).to.equal('Mint');
    const first = renders(at(s, 'name', '/plants/0')!);
    const data = oneEvent(s, 'jig-data');
    push({
      dataModelUpdate: {
        surfaceId: 'shop',
        path: '/plants/1',
        contents: [{ key: 'name', valueString: 'Lemon balm' }],
      },
    });
    expect((await data).detail.pointer).to.equal('/plants/1/name');
    await settle(s);
    expect(text(at(s, 'name', '/plants/1'))).to.equal('Lemon balm');
    expect(first.count).to.equal(0);
    const fired = oneEvent(s, 'a2ui-action');
    (at(s, 'pick', '/plants/0')!.shadowRoot!.querySelector('button') as HTMLButtonElement).click();
    const msg = (await fired).detail as A2UIActionMessage;
    expect(msg.userAction!.context).to.deep.equal({ plant: 'Basil' });
    push(null);
    await done;
  });
});

describe('json-render repeat with $item text', () => {
  it('cards take title and description from each item; a state patch line updates one card in place', async () => {
    const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
    const { push, source } = controlled();
    const done = renderJsonRender(s, source);
    const spec = jsonRenderCards();
    const rendered = oneEvent(s, 'jig-render');
    push({ op: 'add', path: '/root', value: spec.root });
    push({ op: 'add', path: '/state', value: spec.state });
    push({ op: 'add', path: '/elements', value: spec.elements });
    await rendered;
    await settle(s);
    const card = (item: string) => at(s, 'plant', item)!;
    expect(card('/plants/0').shadowRoot!.querySelector('[part="title"]')!.textContent).to.equal('Basil');
    expect(card('/plants/2').shadowRoot!.querySelector('[part="subtitle"]')!.textContent).to.equal('Tree');
    expect(text(at(s, 'stock', '/plants/0'))).to.equal('12');
    const other = renders(card('/plants/0'));
    const changed = renders(card('/plants/1'));
    const data = oneEvent(s, 'jig-data');
    push({ op: 'replace', path: '/state/plants/1/kind', value: 'Perennial herb' });
    expect((await data).detail.pointer).to.equal('/plants/1/kind');
    await settle(s);
    expect(card('/plants/1').shadowRoot!.querySelector('[part="subtitle"]')!.textContent).to.equal('Perennial herb');
    expect([other.count, changed.count]).to.deep.equal([0, 1]);

    const fired = oneEvent(s, 'json-render-action');
    (at(s, 'pick', '/plants/2')!.shadowRoot!.querySelector('button') as HTMLButtonElement).click();
    expect((await fired).detail).to.deep.equal({
      action: 'choose',
      params: { plant: 'Fig', shop: 'Green Corner' },
      sourceElement: 'pick',
    });
    push(null);
    expect((await done).ok).to.equal(true);
  });
});
