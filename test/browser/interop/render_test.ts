// Peers' streams in a real <jig-surface> (Chromium): A2UI shows nothing before its root's closure
// is complete, data updates change bound elements in place, component updates are gated patches,
// actions come back in A2UI's shape; json-render specs and streams render the same way.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../../src/define.js';
import type { JigSurface } from '../../../src/surface/surface.component.js';
import { renderA2UI, renderJsonRender, renderPeer, type A2UIActionMessage } from '../../../src/interop/index.js';

const BASIC = 'https://a2ui.org/specification/v0_9/catalogs/basic/catalog.json';
const el = (s: JigSurface, id: string) =>
  s.querySelector(`.jig-layout:not([hidden]) [node-id="${id}"]`) as
    | (HTMLElement & { updateComplete: Promise<boolean> })
    | null;
const text = (e: Element | null) => e?.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const settle = async (s: JigSurface) => {
  await new Promise((r) => setTimeout(r, 0));
  await Promise.all(
    [...s.querySelectorAll('[node-id]')].map(
      (e) => (e as unknown as { updateComplete: Promise<unknown> }).updateComplete,
    ),
  );
};

/** A stream whose next message is released by the test, to look at the page between messages. */
function controlled() {
  let push!: (line: string | null) => void;
  const queue: (string | null)[] = [];
  let wake: (() => void) | null = null;
  push = (line) => {
    queue.push(line);
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
const tick = () => new Promise((r) => setTimeout(r, 30));

describe('renderA2UI', () => {
  it("shows nothing until the root's closure is complete, then renders the gated surface", async () => {
    const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
    const { push, source } = controlled();
    const done = renderA2UI(s, source);
    push(JSON.stringify({ version: 'v0.9', createSurface: { surfaceId: 'x', catalogId: BASIC } }));
    push(
      JSON.stringify({
        version: 'v0.9',
        updateComponents: {
          surfaceId: 'x',
          components: [
            { id: 'root', component: 'Column', children: ['hello', 'later'] },
            { id: 'hello', component: 'Text', text: 'Hello' },
          ],
        },
      }),
    );
    await tick();
    expect(s.layout, 'a root whose child is still missing shows nothing').to.equal(null);
    const rendered = oneEvent(s, 'jig-render');
    push(
      JSON.stringify({
        version: 'v0.9',
        updateComponents: { surfaceId: 'x', components: [{ id: 'later', component: 'Text', text: 'World' }] },
      }),
    );
    await rendered;
    expect(text(el(s, 'later'))).to.contain('World');
    push(null);
    const r = await done;
    expect(r.ok).to.equal(true);
  });

  it('applies updateDataModel as a data update and updateComponents as a patch, keeping untouched elements', async () => {
    const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
    const { push, source } = controlled();
    const done = renderA2UI(s, source);
    push(JSON.stringify({ version: 'v0.9', createSurface: { surfaceId: 'x', catalogId: BASIC } }));
    push(
      JSON.stringify({
        version: 'v0.9',
        updateDataModel: { surfaceId: 'x', value: { user: { name: 'Ada' }, done: false } },
      }),
    );
    const rendered = oneEvent(s, 'jig-render');
    push(
      JSON.stringify({
        version: 'v0.9',
        updateComponents: {
          surfaceId: 'x',
          components: [
            { id: 'root', component: 'Column', children: ['name', 'title'] },
            { id: 'name', component: 'TextField', label: 'Name', value: { path: '/user/name' } },
            { id: 'title', component: 'Text', text: 'Before', variant: 'h2' },
          ],
        },
      }),
    );
    await rendered;
    const field = el(s, 'name')!;
    const data = oneEvent(s, 'jig-data');
    push(JSON.stringify({ version: 'v0.9', updateDataModel: { surfaceId: 'x', path: '/user/name', value: 'Grace' } }));
    await data;
    await settle(s);
    expect((field.shadowRoot!.querySelector('input') as HTMLInputElement).value).to.equal('Grace');
    const patched = oneEvent(s, 'jig-patch');
    push(
      JSON.stringify({
        version: 'v0.9',
        updateComponents: {
          surfaceId: 'x',
          components: [{ id: 'title', component: 'Text', text: 'After', variant: 'h2' }],
        },
      }),
    );
    await patched;
    await settle(s);
    expect(text(el(s, 'title'))).to.contain('After');
    expect(el(s, 'name'), 'the untouched input keeps its element').to.equal(field);
    push(null);
    await done;
  });

  it("reports a click in A2UI's action shape with its context resolved, besides jig-action", async () => {
    const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
    const messages = [
      { version: 'v0.9', createSurface: { surfaceId: 'order', catalogId: BASIC } },
      { version: 'v0.9', updateDataModel: { surfaceId: 'order', value: { qty: 3 } } },
      {
        version: 'v0.9',
        updateComponents: {
          surfaceId: 'order',
          components: [
            {
              id: 'root',
              component: 'Button',
              child: 'l',
              variant: 'primary',
              action: { event: { name: 'buy', context: { qty: { path: '/qty' }, sku: 'tea' } } },
            },
            { id: 'l', component: 'Text', text: 'Buy' },
          ],
        },
      },
    ];
    const rendered = oneEvent(s, 'jig-render');
    await renderA2UI(s, messages);
    await rendered;
    await settle(s);
    const fired = oneEvent(s, 'a2ui-action');
    (el(s, 'root')!.shadowRoot!.querySelector('button') as HTMLButtonElement).click();
    const msg = (await fired).detail as A2UIActionMessage;
    expect(msg.version).to.equal('v0.9');
    expect(msg.action).to.include({ name: 'buy', surfaceId: 'order', sourceComponentId: 'root' });
    expect(msg.action!.context).to.deep.equal({ qty: 3, sku: 'tea' });
    expect(Number.isNaN(Date.parse(msg.action!.timestamp))).to.equal(false);
  });

  it('a surface Jig cannot express never renders: jig-invalid names the feature', async () => {
    const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
    const invalid = oneEvent(s, 'jig-invalid');
    const r = await renderA2UI(s, [
      { version: 'v0.9', createSurface: { surfaceId: 'v', catalogId: BASIC } },
      {
        version: 'v0.9',
        updateComponents: {
          surfaceId: 'v',
          components: [{ id: 'root', component: 'Video', url: 'https://example.org/v.mp4' }],
        },
      },
    ]);
    const detail = (await invalid).detail as { issues: { code: string }[] };
    expect(detail.issues.map((i) => i.code)).to.include('unsupported_feature');
    expect(r.ok).to.equal(false);
    expect(s.layout).to.equal(null);
    expect(s.querySelector('[node-id]')).to.equal(null);
  });
});

describe('renderJsonRender and renderPeer', () => {
  it('a SpecStream renders once it passes and later lines patch it; a press reports {action, params}', async () => {
    const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
    const lines = [
      '{"op":"add","path":"/root","value":"card"}',
      '{"op":"add","path":"/state","value":{"email":"a@example.org"}}',
      '{"op":"add","path":"/elements/card","value":{"type":"Card","props":{"title":"Join"},"children":["go"]}}',
      '{"op":"add","path":"/elements/go","value":{"type":"Button","props":{"label":"Send"},"on":{"press":{"action":"join","params":{"email":{"$state":"/email"}}}}}}',
      '{"op":"replace","path":"/elements/card/props/title","value":"Join us"}',
    ].join('\n');
    const r = await renderJsonRender(s, lines);
    expect(r.ok, JSON.stringify(r.issues)).to.equal(true);
    await settle(s);
    expect(s.layout!.nodes[0]!.props!.title).to.equal('Join us');
    const fired = oneEvent(s, 'json-render-action');
    (el(s, 'go')!.shadowRoot!.querySelector('button') as HTMLButtonElement).click();
    expect((await fired).detail).to.deep.equal({
      action: 'join',
      params: { email: 'a@example.org' },
      sourceElement: 'go',
    });
  });

  it('a streamed SpecStream reads the same lines as fromJsonRender: prose is counted, a line over the byte limit is refused by number', async () => {
    const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
    async function* chunks() {
      yield 'Here is your card.\n```spec\n';
      yield '{"op":"add","path":"/root","value":"card"}\n';
      yield `{"op":"add","path":"/elements/card","value":{"type":"Card","props":{"title":"${'x'.repeat(3000)}"}}}\n`;
      yield '```\nDone.\n';
    }
    const r = await renderJsonRender(s, chunks(), { limits: { maxBytes: 2048 } });
    expect(r.ok).to.equal(false);
    expect(r.issues.map((i) => [i.code, i.path])).to.deep.include(['too_large', '/3']);
    expect(r.lines).to.deep.equal({ read: 2, malformed: 1, prose: 2 });
    expect(s.layout).to.equal(null);
  });

  it('a streamed A2UI line over the byte limit is refused by number and nothing renders', async () => {
    const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
    async function* chunks() {
      yield `${JSON.stringify({ version: 'v0.9', createSurface: { surfaceId: 'x', catalogId: BASIC } })}\n`;
      yield `{"version":"v0.9","updateDataModel":{"surfaceId":"x","value":"${'y'.repeat(3000)}"}}\n`;
    }
    const r = await renderA2UI(s, chunks(), { limits: { maxBytes: 2048 } });
    expect(r.issues.map((i) => [i.code, i.path])).to.deep.include(['too_large', '/1']);
    expect(r.lines).to.deep.equal({ read: 2, malformed: 1 });
    expect(s.layout).to.equal(null);
  });

  it('renderPeer detects the format: a json-render spec and an A2UI array both render', async () => {
    const a = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
    await renderPeer(a, {
      root: 't',
      elements: { t: { type: 'Heading', props: { text: 'From json-render', level: 'h2' } } },
    });
    await settle(a);
    expect(text(el(a, 't'))).to.contain('From json-render');
    const b = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
    await renderPeer(b, [
      { version: 'v0.9', createSurface: { surfaceId: 'x', catalogId: BASIC } },
      {
        version: 'v0.9',
        updateComponents: { surfaceId: 'x', components: [{ id: 'root', component: 'Text', text: 'From A2UI' }] },
      },
    ]);
    await settle(b);
    expect(text(el(b, 'root'))).to.contain('From A2UI');
  });
});

describe('a whole source at hand', () => {
  /** Counts what reaches the page: whole renders and gated patches. */
  const counting = async () => {
    const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
    const seen = { render: 0, patch: 0 };
    s.addEventListener('jig-render', () => seen.render++);
    s.addEventListener('jig-patch', () => seen.patch++);
    return { s, seen };
  };
  const N = 150;
  /** A SpecStream that builds a stack of N texts ("Line i"), and one that then edits each ("Line i!"). */
  const specBuild = () => [
    '{"op":"add","path":"/root","value":"col"}',
    `{"op":"add","path":"/elements/col","value":{"type":"Stack","props":{},"children":[${Array.from({ length: N }, (_, i) => `"t${i}"`).join(',')}]}}`,
    ...Array.from(
      { length: N },
      (_, i) => `{"op":"add","path":"/elements/t${i}","value":{"type":"Text","props":{"text":"Line ${i}"}}}`,
    ),
  ];
  const specEdits = () =>
    Array.from({ length: N }, (_, i) => `{"op":"replace","path":"/elements/t${i}/props/text","value":"Line ${i}!"}`);
  /** A2UI messages that build a column of N texts ("Item i"), and one message per text that sets it. */
  const a2uiText = (i: number, t: string) => ({
    version: 'v0.9',
    updateComponents: { surfaceId: 'x', components: [{ id: `t${i}`, component: 'Text', text: t }] },
  });
  const a2uiBuild = () => [
    { version: 'v0.9', createSurface: { surfaceId: 'x', catalogId: BASIC } },
    {
      version: 'v0.9',
      updateComponents: {
        surfaceId: 'x',
        components: [{ id: 'root', component: 'Column', children: Array.from({ length: N }, (_, i) => `t${i}`) }],
      },
    },
    ...Array.from({ length: N }, (_, i) => a2uiText(i, `Item ${i}`)),
  ];

  it('a SpecStream text of many lines is gated and shown once, not once a line', async () => {
    const { s, seen } = await counting();
    // Once whole, each edit is a valid state of its own: streamed, each would be a patch.
    const lines = [...specBuild(), ...specEdits()];
    const r = await renderJsonRender(s, lines.join('\n'));
    expect(r.ok, JSON.stringify(r.issues)).to.equal(true);
    await settle(s);
    expect(seen).to.deep.equal({ render: 1, patch: 0 });
    expect(text(el(s, `t${N - 1}`))).to.contain(`Line ${N - 1}!`);
  });

  it('an A2UI array of many messages is gated and shown once; a last message that breaks it leaves the last good state', async () => {
    const messages = [
      ...a2uiBuild(),
      // Once whole, each message is a valid state of its own: streamed, each would be a patch.
      ...Array.from({ length: N }, (_, i) => a2uiText(i, `Item ${i}!`)),
    ];
    const a = await counting();
    expect((await renderA2UI(a.s, messages)).ok).to.equal(true);
    await settle(a.s);
    expect(a.seen).to.deep.equal({ render: 1, patch: 0 });
    expect(text(el(a.s, `t${N - 1}`))).to.contain(`Item ${N - 1}!`);
    // The last message points the root at a child that never comes: the whole surface is not
    // showable at the end, so the messages go one by one and the state before it stays.
    const broken = [
      ...messages,
      {
        version: 'v0.9',
        updateComponents: { surfaceId: 'x', components: [{ id: 'root', component: 'Column', children: ['gone'] }] },
      },
    ];
    const b = await counting();
    await renderA2UI(b.s, broken);
    await settle(b.s);
    expect(b.s.layout!.nodes.length).to.equal(N + 1);
    expect(text(el(b.s, `t${N - 1}`))).to.contain(`Item ${N - 1}!`);
    expect(b.seen.render + b.seen.patch, 'streamed one by one').to.be.greaterThan(N);
  });

  it('a stream is gated once per chunk that arrives, not once a line; each chunk still shows', async () => {
    const { s, seen } = await counting();
    const chunk = (ms: object[]) => ms.map((m) => `${JSON.stringify(m)}\n`).join('');
    let between: string | undefined;
    async function* chunks() {
      yield chunk(a2uiBuild());
      await tick();
      between = text(el(s, `t${N - 1}`));
      // Each line a valid state of its own: gated one by one, 150 patches.
      yield chunk(Array.from({ length: N }, (_, i) => a2uiText(i, `Item ${i}!`)));
    }
    const r = await renderA2UI(s, chunks());
    expect(r.ok, JSON.stringify(r.issues)).to.equal(true);
    await settle(s);
    expect(between, 'the first chunk shows before the second comes').to.contain(`Item ${N - 1}`);
    expect(seen).to.deep.equal({ render: 1, patch: 1 });
    expect(text(el(s, `t${N - 1}`))).to.contain(`Item ${N - 1}!`);

    const j = await counting();
    async function* spec() {
      yield [...specBuild(), ''].join('\n');
      await tick();
      yield [...specEdits(), ''].join('\n');
    }
    const jr = await renderJsonRender(j.s, spec());
    expect(jr.ok, JSON.stringify(jr.issues)).to.equal(true);
    await settle(j.s);
    expect(j.seen).to.deep.equal({ render: 1, patch: 1 });
    expect(text(el(j.s, `t${N - 1}`))).to.contain(`Line ${N - 1}!`);
  });
});

describe('<jig-surface format>', () => {
  it('format="auto" reads an A2UI array and a json-render spec assigned to layout; the default reads Jig only', async () => {
    const s = await fixture<JigSurface>(html`<jig-surface format="auto"></jig-surface>`);
    const r = await s.show([
      { version: 'v0.9', createSurface: { surfaceId: 'x', catalogId: BASIC } },
      {
        version: 'v0.9',
        updateComponents: { surfaceId: 'x', components: [{ id: 'root', component: 'Text', text: 'Via format' }] },
      },
    ] as never);
    expect(r.ok, JSON.stringify(r)).to.equal(true);
    await settle(s);
    expect(text(el(s, 'root'))).to.contain('Via format');
    const j = await fixture<JigSurface>(html`<jig-surface format="json-render"></jig-surface>`);
    expect(
      (await j.show({ root: 'h', elements: { h: { type: 'Heading', props: { text: 'Spec', level: 'h2' } } } } as never))
        .ok,
    ).to.equal(true);
    const plain = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
    const refused = await plain.show({
      root: 'h',
      elements: { h: { type: 'Heading', props: { text: 'Spec' } } },
    } as never);
    expect(refused.ok, 'without format a json-render spec is just an invalid layout').to.equal(false);
  });
});
