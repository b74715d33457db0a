// A <jig-surface> streaming the nested form, as Jig's layout model writes it: each node paints
// once its own props are complete, children join their painted parent, and the final verdict
// is on the flattened document.
import { expect, fixture, html } from '@open-wc/testing';
import '../../../src/surface/surface.js';
import '../../../components/stack/stack.js';
import '../../../components/heading/heading.js';
import '../../../components/text/text.js';
import type { JigSurface } from '../../../src/surface/surface.component.js';

const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
const text =
  '{"version":1,"title":"Hello","tree":{"type":"stack","props":{"gap":"m"},"children":[{"type":"heading","props":{"text":"Welcome","level":1}},{"type":"text","props":{"text":"Nice to see you."}}]}}';

describe('nested form in <jig-surface>', () => {
  it('paints nodes as their props complete, before the stream ends', async () => {
    const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
    let controller!: ReadableStreamDefaultController<string>;
    const stream = new ReadableStream<string>({
      start(c) {
        controller = c;
      },
    });
    const painted: string[] = [];
    s.addEventListener('jig-node', (e) => painted.push(e.detail.nodeId));
    const done = s.stream(stream);
    const cut = text.indexOf('Nice');
    controller.enqueue(text.slice(0, cut));
    await frame();
    expect(painted).to.deep.equal(['stack-1', 'heading-1']);
    expect(s.querySelector('[data-draft] jig-heading[node-id="heading-1"]')).to.exist;
    controller.enqueue(text.slice(cut));
    controller.close();
    const verdict = await done;
    expect(verdict.ok, JSON.stringify(!verdict.ok && verdict.issues)).to.equal(true);
    expect(painted).to.deep.equal(['stack-1', 'heading-1', 'text-1']);
    expect(
      [...s.querySelectorAll('.jig-layout:not([hidden]) [node-id]')].map((e) => e.getAttribute('node-id')),
    ).to.deep.equal(['stack-1', 'heading-1', 'text-1']);
  });
});
