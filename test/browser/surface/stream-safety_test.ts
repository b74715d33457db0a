// What a stream may never do: show a document the gates refuse (through a second object, a
// fenced block or a late paint), split the data model, or load anything before the verdict.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../../src/surface/surface.js';
import '../../../components/stack/stack.js';
import '../../../components/heading/heading.js';
import '../../../components/link/link.js';
import '../../../components/image/image.js';
import '../../../components/text-field/text-field.js';
import '../../../components/form/form.js';
import '../../../components/button/button.js';
import type { JigSurface } from '../../../src/surface/surface.component.js';
import type { LayoutDocument } from '../../../src/layout/document.js';
import type { DomainRule } from '../../../src/gates/domain.js';

const frames = (n = 3) =>
  new Promise<void>((r) => {
    const step = (k: number) => (k ? requestAnimationFrame(() => step(k - 1)) : r());
    step(n);
  });

/** A stream whose chunks the test releases one by one. */
function controlledStream() {
  let controller!: ReadableStreamDefaultController<string>;
  const stream = new ReadableStream<string>({
    start(c) {
      controller = c;
    },
  });
  return { stream, push: (s: string) => controller.enqueue(s), end: () => controller.close() };
}

const streamOf = (...chunks: string[]) =>
  new ReadableStream<string>({
    start(c) {
      for (const k of chunks) c.enqueue(k);
      c.close();
    },
  });

const noExternalLinks: DomainRule = {
  name: 'no external links',
  check: (layout) =>
    layout.nodes
      .filter((n) => n.type === 'link' && /^https?:/i.test(String(n.props?.href)))
      .map(() => ({ code: 'external_link', message: 'links stay on this site' })),
};

const withLink = (): LayoutDocument => ({
  version: 1,
  root: 'a',
  nodes: [
    { id: 'a', type: 'stack', children: ['a-h', 'a-link'] },
    { id: 'a-h', type: 'heading', props: { text: 'Document A' } },
    { id: 'a-link', type: 'link', props: { href: 'https://evil.example/', text: 'A link to elsewhere' } },
  ],
});
const plain = (tag: string): LayoutDocument => ({
  version: 1,
  root: tag,
  nodes: [{ id: tag, type: 'heading', props: { text: `Document ${tag}` } }],
});

const shownIds = (s: JigSurface) => [...s.querySelectorAll('[node-id]')].map((e) => e.getAttribute('node-id'));

describe('streaming shows only what passes', () => {
  it('a refused document followed by a fenced valid one is refused whole, and none of it shows', async () => {
    const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
    s.rules = [noExternalLinks];
    const A = JSON.stringify(withLink());
    const B = JSON.stringify(plain('b'));
    expect((await s.show(A)).ok).to.equal(false);
    const verdict = await s.stream(new Response(A + '\n```json\n' + B + '\n```').body!);
    expect(verdict.ok).to.equal(false);
    expect(s.layout).to.equal(null);
    await frames();
    expect(shownIds(s)).to.deep.equal([]);
    expect(s.querySelector('a, jig-link')).to.equal(null);
  });

  it('"Draft: {A} … {B}" is A for show() and for stream(), in any chunking', async () => {
    const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
    const text = `Draft: ${JSON.stringify(plain('a'))} … final: ${JSON.stringify(plain('b'))}`;
    const shown = await s.show(text);
    expect(shown.ok && shown.layout.root).to.equal('a');
    for (const size of [1, 7, 40, text.length]) {
      const chunks = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      const streamed = await s.stream(streamOf(...chunks));
      expect(streamed.ok && streamed.layout.root, `chunks of ${size}`).to.equal('a');
      expect(shownIds(s)).to.deep.equal(['a']);
    }
  });

  it('chatter with braces is read the same way by show() and stream()', async () => {
    const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
    const text = `The {heading} uses your {title}: ${JSON.stringify(plain('c'))} {"more": 1}`;
    expect((await s.show(text)).ok).to.equal(true);
    s.clear();
    const streamed = await s.stream(streamOf(...text.split(/(?<=[{}])/)));
    expect(streamed.ok && streamed.layout.root).to.equal('c');
  });

  it('a paint scheduled while streaming never lands after the verdict (refused, then valid)', async () => {
    const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
    s.rules = [noExternalLinks];
    // One chunk: the nodes are handed over and the verdict comes before the next frame.
    const refused = s.stream(streamOf(JSON.stringify(withLink())));
    expect((await refused).ok).to.equal(false);
    await frames(4);
    expect(shownIds(s)).to.deep.equal([]);
    const good = await s.stream(streamOf(JSON.stringify(plain('g'))));
    expect(good.ok).to.equal(true);
    await frames(4);
    expect(shownIds(s)).to.deep.equal(['g']);
  });

  it('a stream replaced while its source hangs leaves the page at once', async () => {
    const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
    const text = JSON.stringify(withLink());
    async function* hanging() {
      yield text.slice(0, text.lastIndexOf('{"id":"a-link"'));
      await new Promise(() => undefined);
    }
    void s.stream(hanging());
    await oneEvent(s, 'jig-node');
    await frames();
    expect(shownIds(s)).to.include('a-h');
    expect((await s.show(plain('n'))).ok).to.equal(true);
    expect(shownIds(s)).to.deep.equal(['n']);
    expect(s.querySelector('[data-draft]')).to.equal(null);
  });

  it('a streaming draft is inert until it passes', async () => {
    const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
    const { stream, push, end } = controlledStream();
    const text = JSON.stringify(plain('i'));
    const done = s.stream(stream);
    push(text);
    await oneEvent(s, 'jig-node');
    const draft = s.querySelector<HTMLElement>('.jig-layout[data-draft]')!;
    expect(draft.inert).to.equal(true);
    end();
    expect((await done).ok).to.equal(true);
    expect(draft.inert).to.equal(false);
    expect(draft.hasAttribute('data-draft')).to.equal(false);
  });
});

describe('one data model per layout', () => {
  const form = (): LayoutDocument => ({
    version: 1,
    root: 'f',
    data: { guest: { name: 'Ada' } },
    nodes: [
      { id: 'f', type: 'form', props: { action: 'reserve', submitLabel: 'Reserve' }, children: ['name'] },
      { id: 'name', type: 'text-field', props: { label: 'Name', bind: '/guest/name' } },
    ],
  });

  for (const chunking of ['one chunk', 'small chunks'] as const) {
    it(`after a stream in ${chunking}, typing reaches surface.data and the action's data alike`, async () => {
      const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
      const text = JSON.stringify(form());
      const chunks = chunking === 'one chunk' ? [text] : text.match(/.{1,9}/gs)!;
      expect((await s.stream(streamOf(...chunks))).ok).to.equal(true);
      await frames(4); // a paint left over from the stream would show here
      const field = s.querySelector('jig-text-field')!;
      expect(field.model).to.equal(s.model);
      const input = field.shadowRoot!.querySelector('input')!;
      expect(input.value).to.equal('Ada');
      input.value = 'Grace';
      input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      expect(s.data).to.deep.equal({ guest: { name: 'Grace' } });
      const action = oneEvent(s, 'jig-action');
      s.querySelector('jig-form')!
        .shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"], button')!
        .click();
      const e = await action;
      expect(e.detail.data).to.deep.equal({ guest: { name: 'Grace' } });
    });
  }
});

describe('a refused stream sends nothing out', () => {
  const imageDoc = (tag: string, rule: boolean): LayoutDocument => ({
    version: 1,
    root: tag,
    nodes: [
      { id: tag, type: 'stack', children: [`${tag}-img`, `${tag}-h`] },
      {
        id: `${tag}-img`,
        type: 'image',
        props: { src: `/docs/screenshots/dashboard-dark.png?t=${tag}`, alt: 'An image', width: 20, height: 20 },
      },
      { id: `${tag}-h`, type: 'heading', props: { text: rule ? 'FORBIDDEN' : 'Allowed' } },
    ],
  });
  const forbidWord: DomainRule = {
    name: 'no forbidden word',
    check: (l) => (JSON.stringify(l).includes('FORBIDDEN') ? [{ message: 'no' }] : []),
  };
  const requested = (tag: string) =>
    performance.getEntriesByType('resource').some((e) => e.name.includes(`dashboard-dark.png?t=${tag}`));

  it('images painted while streaming load only once the layout passes', async () => {
    const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
    s.rules = [forbidWord];
    const tag = `r${Date.now()}`;
    const { stream, push, end } = controlledStream();
    const done = s.stream(stream);
    const text = JSON.stringify(imageDoc(tag, true));
    push(text.slice(0, text.indexOf('FORBIDDEN')));
    await oneEvent(s, 'jig-node');
    await frames(4);
    expect(s.querySelector(`jig-image[node-id="${tag}-img"]`), 'the image node is painted').to.exist;
    await new Promise((r) => setTimeout(r, 300));
    expect(requested(tag), 'no request while streaming').to.equal(false);
    push(text.slice(text.indexOf('FORBIDDEN')));
    end();
    expect((await done).ok).to.equal(false);
    await new Promise((r) => setTimeout(r, 300));
    expect(requested(tag), 'no request after the refusal').to.equal(false);

    // The same image in a layout that passes is requested: the check above can see requests.
    const ok = `o${Date.now()}`;
    expect((await s.stream(streamOf(JSON.stringify(imageDoc(ok, false))))).ok).to.equal(true);
    const img = s.querySelector(`jig-image[node-id="${ok}-img"]`)!.shadowRoot!.querySelector('img')!;
    if (!img.complete)
      await new Promise((r) => {
        img.addEventListener('error', r, { once: true });
        img.addEventListener('load', r, { once: true });
      });
    await new Promise((r) => setTimeout(r, 100));
    expect(requested(ok)).to.equal(true);
  });
});
