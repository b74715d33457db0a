import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../../src/surface/surface.js';
import '../../../components/stack/stack.js';
import '../../../components/text-field/text-field.js';
import '../../../components/button/button.js';
import '../../../components/heading/heading.js';
import type { JigSurface } from '../../../src/surface/surface.component.js';
import type { LayoutDocument } from '../../../src/layout/document.js';
import type { Issue } from '../../../src/gates/issue.js';
import type { JigTextField } from '../../../components/text-field/text-field.component.js';

const form = (): LayoutDocument => ({
  version: 1,
  title: 'Guest',
  root: 'page',
  data: { guest: { name: 'Ada' } },
  nodes: [
    { id: 'page', type: 'stack', props: { gap: 's' }, children: ['name', 'note'] },
    { id: 'name', type: 'text-field', props: { label: 'Name', bind: '/guest/name', required: true } },
    { id: 'note', type: 'text-field', props: { label: 'Note', bind: '/guest/note', multiline: true } },
  ],
});

const nodeIds = (s: JigSurface) =>
  [...s.querySelectorAll('.jig-layout:not([hidden]) [node-id]')].map((e) => e.getAttribute('node-id'));

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

const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));

describe('<jig-surface>', () => {
  it('renders a valid layout object and fires jig-render once every element has updated', async () => {
    const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
    const rendered = oneEvent(s, 'jig-render');
    s.layout = form();
    const e = await rendered;
    expect(e.detail.layout.root).to.equal('page');
    expect(e.detail.ms).to.be.a('number').and.to.be.at.least(0);
    expect(nodeIds(s)).to.deep.equal(['page', 'name', 'note']);
    const field = s.querySelector('jig-text-field[node-id="name"]')!;
    expect(field.shadowRoot!.querySelector('input')!.value).to.equal('Ada');
  });

  it('accepts JSON text through the layout attribute, with chatter and code fences around it', async () => {
    const text = 'Here it is:\n```json\n' + JSON.stringify(form()) + '\n```\nEnjoy!';
    const s = document.createElement('jig-surface');
    const rendered = oneEvent(s, 'jig-render');
    s.setAttribute('layout', text);
    document.body.append(s);
    await rendered;
    expect(nodeIds(s)).to.deep.equal(['page', 'name', 'note']);
    s.remove();
  });

  it('refuses an invalid layout with jig-invalid, renders none of it and shows a notice', async () => {
    const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
    const bad = form();
    bad.nodes[1]!.type = 'marquee';
    const invalid = oneEvent(s, 'jig-invalid');
    s.layout = bad;
    const e = await invalid;
    expect(e.detail.issues.map((i: Issue) => i.code)).to.include('unknown_type');
    expect(s.querySelectorAll('[node-id]').length).to.equal(0);
    await s.updateComplete;
    expect(s.shadowRoot!.querySelector('[part="notice"]')).to.exist;
  });

  it('shows the fallback slot when no layout has passed', async () => {
    const s = await fixture<JigSurface>(
      html`<jig-surface><p slot="fallback" id="fb">Static booking form</p></jig-surface>`,
    );
    const invalid = oneEvent(s, 'jig-invalid');
    s.layout = '{"version": 2}';
    await invalid;
    await s.updateComplete;
    const slot = s.shadowRoot!.querySelector('slot[name="fallback"]') as HTMLSlotElement;
    expect(slot.assignedElements()[0]!.id).to.equal('fb');
  });

  it('keeps the last good layout when a new one fails', async () => {
    const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
    s.layout = form();
    await oneEvent(s, 'jig-render');
    const invalid = oneEvent(s, 'jig-invalid');
    s.layout = { ...form(), root: 'nowhere' };
    await invalid;
    expect(nodeIds(s)).to.deep.equal(['page', 'name', 'note']);
    expect(s.layout!.root).to.equal('page');
  });

  it('refuses actions the host does not list, and accepts listed and built-in ones', async () => {
    const s = await fixture<JigSurface>(html`<jig-surface actions="reserve cancel"></jig-surface>`);
    expect(s.actions).to.deep.equal(['reserve', 'cancel']);
    const doc = (action: string): LayoutDocument => ({
      version: 1,
      root: 'b',
      nodes: [{ id: 'b', type: 'button', props: { label: 'Go', action } }],
    });
    expect((await s.show(doc('reserve'))).ok).to.equal(true);
    expect((await s.show(doc('next-step'))).ok).to.equal(true);
    const refused = await s.show(doc('delete-account'));
    expect(refused.ok).to.equal(false);
    expect(refused.ok ? [] : refused.issues.map((i: Issue) => i.code)).to.deep.equal(['unknown_action']);
    s.removeAttribute('actions');
    await s.updateComplete;
    expect((await s.show(doc('delete-account'))).ok, 'no host list: any well-formed action').to.equal(true);
  });

  it('forwards jig-action from a rendered button with the node id and a data snapshot', async () => {
    const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
    s.layout = {
      version: 1,
      root: 'p',
      data: { n: 1 },
      nodes: [
        { id: 'p', type: 'stack', children: ['b'] },
        { id: 'b', type: 'button', props: { label: 'Go', action: 'go' } },
      ],
    };
    await oneEvent(s, 'jig-render');
    const action = oneEvent(s, 'jig-action');
    s.querySelector('jig-button')!.shadowRoot!.querySelector('button')!.click();
    const e = await action;
    expect(e.detail).to.deep.equal({ action: 'go', nodeId: 'b', data: { n: 1 } });
  });

  it('shows a heading written as markup as those characters, and runs no script', async () => {
    const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
    const evil = '<img src=x onerror="window.__pwned=2"><script>window.__pwned=3</script>';
    s.layout = {
      version: 1,
      title: evil,
      root: 'h',
      nodes: [{ id: 'h', type: 'heading', props: { text: evil, level: 1 } }],
    };
    await oneEvent(s, 'jig-render');
    const h1 = s.querySelector('jig-heading')!.shadowRoot!.querySelector('h1')!;
    expect(h1.textContent).to.contain(evil);
    expect(h1.children.length).to.equal(0);
    await frame();
    expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('shows text from a layout as text: markup in a label creates no element', async () => {
    const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
    const doc = form();
    doc.nodes[1]!.props!.label = '<img src=x onerror="window.__pwned=1">';
    s.layout = doc;
    await oneEvent(s, 'jig-render');
    const field = s.querySelector('jig-text-field[node-id="name"]')!;
    expect(field.shadowRoot!.querySelector('label')!.textContent).to.contain('<img src=x onerror="window.__pwned=1">');
    expect(field.shadowRoot!.querySelector('img')).to.equal(null);
    expect(s.querySelector('img')).to.equal(null);
    expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('binds inputs two-way to the layout data', async () => {
    const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
    s.layout = form();
    await oneEvent(s, 'jig-render');
    const input = s.querySelector('jig-text-field[node-id="note"]')!.shadowRoot!.querySelector('textarea')!;
    input.value = 'window seat';
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    expect(s.data).to.deep.equal({ guest: { name: 'Ada', note: 'window seat' } });
    s.model!.set('/guest/name', 'Grace');
    const name = s.querySelector<JigTextField>('jig-text-field[node-id="name"]')!;
    await name.updateComplete;
    expect(name.shadowRoot!.querySelector('input')!.value).to.equal('Grace');
  });

  describe('streaming', () => {
    it('paints each node as soon as it and its parent have arrived, before the stream ends', async () => {
      const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
      const { stream, push, end } = controlledStream();
      const painted: string[] = [];
      s.addEventListener('jig-node', (e) => painted.push(e.detail.nodeId));
      const done = s.stream(stream);
      const text = JSON.stringify(form());
      const nameAt = text.indexOf('{"id":"name"');
      push(text.slice(0, nameAt));
      await frame();
      expect(painted).to.deep.equal(['page']);
      expect(s.querySelector('[data-draft] jig-stack[node-id="page"]')).to.exist;
      expect(s.streaming).to.equal(true);
      push(text.slice(nameAt, nameAt + 30)); // half a node: not painted yet
      await frame();
      expect(painted).to.deep.equal(['page']);
      push(text.slice(nameAt + 30));
      await frame();
      expect(painted).to.deep.equal(['page', 'name', 'note']);
      end();
      const verdict = await done;
      expect(verdict.ok).to.equal(true);
      expect(s.streaming).to.equal(false);
      expect(nodeIds(s)).to.deep.equal(['page', 'name', 'note']);
      expect(s.querySelector('[data-draft]')).to.equal(null);
    });

    it('never paints a node that fails its own gates', async () => {
      const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
      const doc = form();
      doc.nodes[2]!.props!.bind = '/__proto__/polluted';
      const seen = new Set<string>();
      const mo = new MutationObserver(() =>
        s.querySelectorAll('[node-id]').forEach((e) => seen.add(e.getAttribute('node-id')!)),
      );
      mo.observe(s, { subtree: true, childList: true });
      const chunks = JSON.stringify(doc).match(/.{1,16}/gs)!;
      // A frame between chunks: the surface paints at most once a frame, and only while the stream lasts.
      const verdict = await s.stream(
        (async function* () {
          for (const c of chunks) {
            yield c;
            await new Promise((r) => requestAnimationFrame(r));
          }
        })(),
      );
      mo.disconnect();
      expect(verdict.ok).to.equal(false);
      expect(seen.has('note')).to.equal(false);
      expect(seen.has('page')).to.equal(true);
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    });

    it('never paints a node whose parent it may not sit in (a tab outside tabs), while its valid siblings paint', async () => {
      const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
      const doc = {
        version: 1,
        root: 'page',
        nodes: [
          { id: 'page', type: 'stack', children: ['h', 't'] },
          { id: 'h', type: 'heading', props: { text: 'Hi' } },
          { id: 't', type: 'tab', props: { label: 'Lost' } },
        ],
      };
      const painted: string[] = [];
      s.addEventListener('jig-node', (e) => painted.push(e.detail.nodeId));
      const verdict = await s.stream(
        (async function* () {
          yield JSON.stringify(doc);
        })(),
      );
      expect(verdict.ok).to.equal(false);
      expect(painted).to.deep.equal(['page', 'h']);
    });

    it('removes everything it painted when the finished document fails, and the last good layout returns', async () => {
      const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
      s.layout = form();
      await oneEvent(s, 'jig-render');
      const bad = form();
      bad.nodes.push({ id: 'orphan', type: 'stack' }); // unreachable: fails the graph gate at the end
      const { stream, push, end } = controlledStream();
      const done = s.stream(stream);
      push(JSON.stringify(bad));
      await frame();
      expect(s.querySelector('[data-draft] [node-id="page"]')).to.exist;
      const invalid = oneEvent(s, 'jig-invalid');
      end();
      const verdict = await done;
      expect(verdict.ok).to.equal(false);
      expect((await invalid).detail.issues.map((i: Issue) => i.code)).to.include('unreachable');
      expect(s.querySelector('[data-draft]')).to.equal(null);
      expect(nodeIds(s)).to.deep.equal(['page', 'name', 'note']);
    });

    it('stops reading a stream that breaks JSON, without painting past the break', async () => {
      const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
      const text = JSON.stringify(form());
      let cancelled = false;
      const stream = new ReadableStream<string>({
        start(c) {
          c.enqueue(text.slice(0, 60) + ']]]');
        },
        cancel() {
          cancelled = true;
        },
      });
      const verdict = await s.stream(stream);
      expect(verdict.ok).to.equal(false);
      expect(verdict.ok ? [] : verdict.issues.map((i: Issue) => i.code)).to.include('invalid_json');
      expect(cancelled).to.equal(true);
      expect(s.querySelectorAll('[node-id]').length).to.equal(0);
    });

    it('a new layout cancels the stream in progress', async () => {
      const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
      const { stream, push } = controlledStream();
      const first = s.stream(stream);
      push(JSON.stringify(form()).slice(0, 80));
      const rendered = oneEvent(s, 'jig-render');
      s.layout = { version: 1, root: 'only', nodes: [{ id: 'only', type: 'stack' }] };
      await rendered;
      expect((await first).ok).to.equal(false);
      expect(nodeIds(s)).to.deep.equal(['only']);
    });

    it('decodes byte chunks split inside a multi-byte character', async () => {
      const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
      const doc = form();
      doc.nodes[1]!.props!.label = 'Nom — prénom ✓';
      const bytes = new TextEncoder().encode(JSON.stringify(doc));
      const stream = new ReadableStream<Uint8Array>({
        start(c) {
          for (let i = 0; i < bytes.length; i += 7) c.enqueue(bytes.slice(i, i + 7));
          c.close();
        },
      });
      const verdict = await s.stream(stream);
      expect(verdict.ok).to.equal(true);
      const label = s.querySelector('jig-text-field[node-id="name"]')!.shadowRoot!.querySelector('label')!;
      expect(label.textContent).to.contain('Nom — prénom ✓');
    });
  });
});
