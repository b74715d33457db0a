// Fuzzing the streaming path in Chromium: seeded random documents, valid and refused, wrapped in
// chatter and fences and cut into random chunks that arrive across frames. After every stream the
// page shows the last document that passed (or the fallback), no node of a refused document
// remains, even frames later, and no image of a refused document was ever requested.
import { expect, fixture, html } from '@open-wc/testing';
import '../../../src/define.js';
import type { JigSurface } from '../../../src/surface/surface.component.js';
import type { LayoutDocument } from '../../../src/layout/document.js';
import type { DomainRule } from '../../../src/gates/domain.js';
import { seededRandom } from '../../../src/util/random.js';

const SEED = 0x5eed13;
const STREAMS = 70;

/** How a generated document is spoiled; 'valid' is not. The generator, not the gates, is the oracle. */
const KINDS = [
  'valid',
  'valid',
  'valid',
  'site-rule',
  'unknown-type',
  'dangling-child',
  'duplicate-id',
  'script-link',
  'cut-off',
  'bad-bind',
] as const;
type Kind = (typeof KINDS)[number];

const siteRule: DomainRule = {
  name: 'no forbidden word',
  check: (layout) =>
    JSON.stringify(layout).includes('FORBIDDEN')
      ? [{ code: 'forbidden_word', message: 'the site forbids this word' }]
      : [],
};

const imageUrl = (tag: string) => `/docs/screenshots/dashboard-dark.png?fuzz=${tag}`;

function makeDoc(tag: string, kind: Kind, rnd: () => number): { text: string; ids: string[] } {
  const id = (s: string) => `${tag}-${s}`;
  const extra = Math.floor(rnd() * 4);
  const texts = Array.from({ length: extra }, (_, i) => ({
    id: id(`t${i}`),
    type: 'text',
    props: { text: `Paragraph ${i} of ${tag} {with braces} and \`\`\`fences\`\`\`` },
  }));
  const nodes: LayoutDocument['nodes'] = [
    {
      id: id('root'),
      type: 'stack',
      children: [id('h'), id('img'), ...texts.map((t) => t.id), id('link'), id('last')],
    },
    { id: id('h'), type: 'heading', props: { text: `Document ${tag}` } },
    { id: id('img'), type: 'image', props: { src: imageUrl(tag), alt: `Picture ${tag}`, width: 8, height: 8 } },
    ...texts,
    { id: id('link'), type: 'link', props: { href: `/page/${tag}`, text: 'More' } },
    // The spoiling goes last, so every other node has painted before the document is refused.
    { id: id('last'), type: 'text', props: { text: 'The end' } },
  ];
  const last = nodes[nodes.length - 1]!;
  switch (kind) {
    case 'site-rule':
      last.props = { text: 'FORBIDDEN' };
      break;
    case 'unknown-type':
      last.type = 'marquee';
      break;
    case 'dangling-child':
      last.children = [id('ghost')];
      last.type = 'stack';
      last.props = {};
      break;
    case 'duplicate-id':
      nodes.push({ id: id('h'), type: 'text', props: { text: 'again' } });
      break;
    case 'script-link':
      last.type = 'link';
      last.props = { href: 'java\tscript:alert(1)', text: 'x' };
      break;
    case 'bad-bind':
      last.type = 'text-field';
      last.props = { label: 'Name', bind: '/missing/deep/name' };
      break;
    default:
      break;
  }
  const doc = { version: 1, title: `Doc ${tag}`, root: id('root'), data: { tag }, nodes };
  let text = JSON.stringify(doc, null, rnd() < 0.3 ? 1 : undefined);
  if (kind === 'cut-off') text = text.slice(0, text.length - 1 - Math.floor(rnd() * 20));
  return { text, ids: nodes.map((n) => n.id) };
}

const CHATTER = [
  'Sure! ',
  'Here is the {layout} you asked for:\n',
  'Draft below.\n',
  'I used your {name} and {email} fields. ',
  '',
  '',
];
const AFTER = ['', '\nHope that helps!', '\n{"note": "trailing object"}', '\n```\nmore {text}\n```'];

function wrap(body: string, rnd: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const fenced = rnd() < 0.5;
  return pick(CHATTER) + (fenced ? '```json\n' + body + '\n```' : body) + pick(AFTER);
}

/** Chunks of random sizes that arrive across microtasks, timers and animation frames. */
async function* chunks(text: string, rnd: () => number): AsyncGenerator<string> {
  const max = 1 + Math.floor(rnd() * (rnd() < 0.3 ? 8 : 200));
  for (let i = 0; i < text.length; ) {
    const n = 1 + Math.floor(rnd() * max);
    yield text.slice(i, i + n);
    i += n;
    const wait = rnd();
    if (wait < 0.1) await new Promise((r) => requestAnimationFrame(r));
    else if (wait < 0.2) await new Promise((r) => setTimeout(r, 0));
  }
}

const frames = (n: number) =>
  new Promise<void>((r) => {
    const step = (k: number) => (k ? requestAnimationFrame(() => step(k - 1)) : r());
    step(n);
  });
const onPage = (s: JigSurface) => [...s.querySelectorAll('[node-id]')].map((e) => e.getAttribute('node-id')!).sort();
const requested = (tag: string) => performance.getEntriesByType('resource').some((e) => e.name.endsWith(`fuzz=${tag}`));

describe('streaming under fuzzing', () => {
  it(`${STREAMS} seeded streams: the page always shows the last document that passed, or the fallback`, async () => {
    performance.setResourceTimingBufferSize(10_000);
    const rnd = seededRandom(SEED);
    const s = await fixture<JigSurface>(html`<jig-surface><p slot="fallback" id="fb">Fallback</p></jig-surface>`);
    s.rules = [siteRule];
    let shown: { tag: string; ids: string[] } | null = null;
    const refused: string[] = [];
    const passed: string[] = [];
    const kinds = new Map<Kind, number>();
    const run = `${Date.now().toString(36)}`;

    for (let k = 0; k < STREAMS; k++) {
      const tag = `${run}d${k}`;
      const kind = KINDS[Math.floor(rnd() * KINDS.length)]!;
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      const first = makeDoc(tag, kind, rnd);
      let text = wrap(first.text, rnd);
      // A refused document followed by a valid fenced one: the first is the document, the second chatter.
      const shadowTag = `${tag}x`;
      if (rnd() < 0.35) text += '\n```json\n' + makeDoc(shadowTag, 'valid', rnd).text + '\n```\n';
      const context = `stream ${k} (${kind}): ${JSON.stringify(text.slice(0, 120))}`;

      // Now and then a stream is replaced before it ends: it must leave nothing behind.
      if (rnd() < 0.15) {
        const early = `${tag}r`;
        const doc = makeDoc(early, 'valid', rnd);
        void s.stream(chunks(wrap(doc.text, rnd), rnd));
        await frames(1 + Math.floor(rnd() * 3));
        // A short one may have finished already: then it is the last that passed; else it is dropped.
        if (s.layout?.root === `${early}-root`) {
          shown = { tag: early, ids: doc.ids };
          passed.push(early);
        } else refused.push(early);
      }

      const verdict = await s.stream(chunks(text, rnd));
      expect(verdict.ok, context).to.equal(kind === 'valid');
      refused.push(shadowTag);
      if (verdict.ok) {
        expect(verdict.layout.root, context).to.equal(`${tag}-root`);
        shown = { tag, ids: first.ids };
        passed.push(tag);
      } else refused.push(tag);

      // What shows now, and still shows after any paint that could have been left scheduled.
      for (const wait of [0, 3]) {
        await frames(wait);
        expect(onPage(s), `${context}, ${wait} frames later`).to.deep.equal(shown ? [...shown.ids].sort() : []);
        expect(s.layout?.root ?? null, context).to.equal(shown ? `${shown.tag}-root` : null);
        expect(s.querySelector('[data-draft]'), context).to.equal(null);
        await s.updateComplete;
        const fallback = s.shadowRoot!.querySelector('slot[name="fallback"]');
        expect(!!fallback, `${context}: fallback shown`).to.equal(!shown);
      }
    }

    // Every kind came up, and both outcomes.
    expect([...kinds.keys()].sort()).to.deep.equal([...new Set(KINDS)].sort());
    expect(passed.length).to.be.greaterThan(5);
    expect(refused.length).to.be.greaterThan(5);

    // Requests: let the last image load, then no refused document's image was ever asked for,
    // while the one on screen was (so the check can see requests at all).
    const img = s.querySelector('jig-image')?.shadowRoot?.querySelector('img');
    if (img && !img.complete)
      await new Promise((r) => {
        img.addEventListener('load', r, { once: true });
        img.addEventListener('error', r, { once: true });
      });
    await new Promise((r) => setTimeout(r, 200));
    expect(refused.filter(requested), 'images requested for refused documents').to.deep.equal([]);
    expect(shown && requested(shown.tag), 'the image on screen was requested').to.equal(true);
  });
});
