// Hostile input against the live-layout paths (patch, setData, streamPatches, repeat, visible) and
// the interop paths (A2UI, json-render) of a real <jig-surface>: nothing hostile runs, renders,
// pollutes a prototype or throws; every refusal has a code and a path; what was shown stays.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../../src/define.js';
import type { JigSurface } from '../../../src/surface/surface.component.js';
import type { LayoutDocument } from '../../../src/layout/document.js';
import type { JigInvalidDetail } from '../../../src/surface/events.js';
import { fromA2UI, renderA2UI, renderJsonRender } from '../../../src/interop/index.js';

const BASIC = 'https://a2ui.org/specification/v0_9/catalogs/basic/catalog.json';
type W = Window & { __jigPwned?: unknown };
const win = window as W;

const form = (): LayoutDocument => ({
  version: 1,
  title: 'Guest',
  root: 'page',
  data: { guest: { name: 'Ada' }, agree: false, kpi: { revenue: 120 }, msg: 'hello' },
  nodes: [
    { id: 'page', type: 'stack', children: ['title', 'name', 'site', 'agree', 'revenue', 'msg'] },
    { id: 'title', type: 'heading', props: { text: 'Guest', level: 2 } },
    { id: 'name', type: 'text-field', props: { label: 'Name', bind: '/guest/name' } },
    { id: 'site', type: 'link', props: { text: 'Site', href: 'https://example.com/' } },
    { id: 'agree', type: 'checkbox', props: { label: 'Agree', bind: '/agree' } },
    { id: 'revenue', type: 'stat', props: { label: 'Revenue', value: { $data: '/kpi/revenue' } } },
    { id: 'msg', type: 'text', props: { text: { $data: '/msg' } } },
  ],
});

const todos = (items: unknown[]): LayoutDocument => ({
  version: 1,
  root: 'page',
  data: { todos: items },
  nodes: [
    { id: 'page', type: 'stack', children: ['row'] },
    { id: 'row', type: 'stack', repeat: '/todos', props: { direction: 'row' }, children: ['done', 'left'] },
    { id: 'done', type: 'checkbox', props: { label: 'Done', bind: 'done' } },
    { id: 'left', type: 'stat', props: { label: 'Left', value: { $data: 'left' } } },
  ],
});

async function shown(doc: LayoutDocument, format?: string): Promise<JigSurface> {
  const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
  if (format) s.format = format as JigSurface['format'];
  const rendered = oneEvent(s, 'jig-render');
  s.layout = doc;
  await rendered;
  return s;
}

const el = (s: JigSurface, id: string) =>
  s.querySelector(`.jig-layout:not([hidden]) [node-id="${id}"]`) as
    | (HTMLElement & { props: Record<string, unknown>; updateComplete: Promise<boolean> })
    | null;
const all = (s: JigSurface, sel = '[node-id]') => [...s.querySelectorAll(`.jig-layout:not([hidden]) ${sel}`)];
const text = (e: Element | null) => e?.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const settle = async (s: JigSurface) => {
  await new Promise((r) => setTimeout(r, 0));
  await Promise.all(
    [...s.querySelectorAll('[node-id]')].map(
      (e) => (e as unknown as { updateComplete: Promise<unknown> }).updateComplete,
    ),
  );
};

/** Every element in the surface's light and shadow trees. */
function deepElements(root: ParentNode): Element[] {
  const out: Element[] = [];
  const visit = (n: ParentNode) => {
    for (const e of n.querySelectorAll('*')) {
      out.push(e);
      if (e.shadowRoot) visit(e.shadowRoot);
    }
  };
  visit(root);
  return out;
}

/** URL attributes with a script-ish scheme anywhere in the surface (after trimming and case folding, as a browser reads them). */
function scriptUrls(s: JigSurface): string[] {
  const bad: string[] = [];
  for (const e of deepElements(s)) {
    for (const attr of ['href', 'src', 'action', 'formaction', 'xlink:href']) {
      const v = e.getAttribute(attr);
      if (v === null) continue;
      const norm = v.replace(/[\u0000-\u0020]/g, '').toLowerCase();
      if (/^(javascript|vbscript|data:text)/.test(norm)) bad.push(`${e.localName}[${attr}]=${v}`);
    }
  }
  return bad;
}

function expectCoded(issues: readonly { code?: unknown; path?: unknown }[] | undefined) {
  expect(issues, 'issues').to.be.an('array').that.is.not.empty;
  for (const i of issues!) {
    expect(i.code, JSON.stringify(i)).to.be.a('string').and.not.equal('');
    expect(i.path, JSON.stringify(i)).to.be.a('string');
  }
}

function expectNoPollution() {
  const probe = {} as Record<string, unknown>;
  for (const k of ['polluted', 'x', 'y', 'isAdmin']) expect(probe[k], `Object.prototype.${k}`).to.equal(undefined);
  expect((Object.prototype as Record<string, unknown>).polluted).to.equal(undefined);
  expect((Array.prototype as unknown as Record<string, unknown>).polluted).to.equal(undefined);
}

const deepFreeze = <T>(o: T): T => {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
};

afterEach(() => {
  delete win.__jigPwned;
});

describe('hostile live layouts', () => {
  describe('patch: whole-document and structural ops', () => {
    it('a patch replacing the whole document (path "") shows that document with its own data', async () => {
      const s = await shown(form());
      const next = { ...form(), data: { ...form().data, msg: 'replaced' } };
      const r = await s.patch([{ op: 'replace', path: '', value: next }]);
      expect(r.ok, JSON.stringify(r.issues)).to.equal(true);
      await settle(s);
      expect(s.layout!.data!.msg).to.equal('replaced');
      expect(s.data, 'the live data is the data of the layout the gates passed').to.deep.equal(s.layout!.data);
      expect(text(el(s, 'msg'))).to.contain('replaced');
    });

    it('a whole-document patch cannot show old, unchecked data through its new nodes (heading text over 200 characters)', async () => {
      const long = 'x'.repeat(1000);
      const doc: LayoutDocument = {
        version: 1,
        root: 'page',
        data: { note: long },
        nodes: [
          { id: 'page', type: 'stack', children: ['t'] },
          { id: 't', type: 'text', props: { text: 'Static' } },
        ],
      };
      const s = await shown(doc);
      const next: LayoutDocument = {
        version: 1,
        root: 'page',
        data: { note: 'short' },
        nodes: [
          { id: 'page', type: 'stack', children: ['h'] },
          { id: 'h', type: 'heading', props: { text: { $data: '/note' } } },
        ],
      };
      const r = await s.patch([{ op: 'add', path: '', value: next }]);
      expect(r.ok, JSON.stringify(r.issues)).to.equal(true);
      await settle(s);
      const shownText = text(el(s, 'h'));
      expect(shownText.length, 'a heading shows at most 200 characters').to.be.at.most(200);
      expect(shownText).to.contain('short');
    });

    it('patching a layout the host handed over frozen (e.g. from an immutable store) works, or is refused with a code', async () => {
      const s = await shown(deepFreeze(form()));
      let thrown: unknown;
      let r: Awaited<ReturnType<JigSurface['patch']>> | undefined;
      try {
        r = await s.patch([{ op: 'replace', path: '/nodes/1/props/text', value: 'Changed' }]);
      } catch (err) {
        thrown = err;
      }
      expect(thrown, String(thrown)).to.equal(undefined);
      expect(r!.ok, JSON.stringify(r!.issues)).to.equal(true);
      await settle(s);
      expect(text(el(s, 'title'))).to.contain('Changed');
    });

    it('refuses a patch that would leave the page blank or broken, and the last good layout stays', async () => {
      const s = await shown(form());
      const before = all(s);
      const attempts: unknown[] = [
        [{ op: 'replace', path: '', value: {} }],
        [{ op: 'replace', path: '', value: null }],
        [{ op: 'replace', path: '', value: [] }],
        [{ op: 'replace', path: '/root', value: 'nope' }],
        [{ op: 'remove', path: '/nodes/0' }],
        [{ op: 'remove', path: '/nodes' }],
        [{ op: 'replace', path: '/nodes', value: [] }],
        [{ op: 'remove', path: '/data' }],
        [{ op: 'replace', path: '/data', value: [] }],
        [{ op: 'replace', path: '/version', value: 2 }],
        [{ op: 'add', path: '/nodes/0/repeat', value: '/kpi' }],
        [{ op: 'add', path: '/nodes/0/children/-', value: 'page' }],
        [{ op: 'move', from: '/nodes/0', path: '/nodes/0/children/0' }],
        [{ op: 'add', path: '/nodes/-', value: { id: 'x', type: 'script', props: { text: 'alert(1)' } } }],
        [{ op: 'add', path: '/nodes/1/props/onclick', value: 'alert(1)' }],
        [{ op: 'add', path: '/nodes/0/visible', value: { $data: '/agree', eq: true, neq: false } }],
        [
          { op: 'add', path: '/nodes/-', value: 1 },
          { op: 'test', path: '/nodes/7', value: 2 },
        ],
        'not ops',
        [null],
        [{ op: 'add', path: '/title', value: 'x', constructor: 1 }],
        Array.from({ length: 501 }, () => ({ op: 'test', path: '/version', value: 1 })),
      ];
      for (const ops of attempts) {
        const r = await s.patch(ops);
        expect(r.ok, JSON.stringify(ops).slice(0, 120)).to.equal(false);
        expectCoded(r.issues);
      }
      await settle(s);
      expect(all(s), 'the same elements are on screen').to.deep.equal(before);
      expect(text(el(s, 'title'))).to.contain('Guest');
      expect(s.layout!.nodes).to.have.length(7);
    });

    it('a refused batch changes neither the data nor the screen, and fires no jig-data', async () => {
      const s = await shown(form());
      let dataEvents = 0;
      s.addEventListener('jig-data', () => dataEvents++);
      const invalid = oneEvent(s, 'jig-invalid');
      const r = await s.patch([
        { op: 'replace', path: '/data/kpi/revenue', value: 999 },
        { op: 'replace', path: '/data/msg', value: 'changed' },
        { op: 'replace', path: '/nodes/3/props/href', value: 'javascript:alert(1)' },
      ]);
      expect(r.ok).to.equal(false);
      expect(r.issues!.map((i) => [i.code, i.path])).to.deep.equal([['unsafe_url', '/ops/2/value']]);
      expect(((await invalid) as CustomEvent<JigInvalidDetail>).detail.patch).to.be.an('array');
      await settle(s);
      expect(dataEvents).to.equal(0);
      expect(s.data!.kpi).to.deep.equal({ revenue: 120 });
      expect(s.data!.msg).to.equal('hello');
      expect(text(el(s, 'revenue'))).to.contain('120');
      expect(text(el(s, 'msg'))).to.contain('hello');
      expect(scriptUrls(s)).to.deep.equal([]);
    });
  });

  describe('script URLs and markup through patches and data', () => {
    const hrefs = [
      'javascript:alert(1)',
      ' JaVaScRiPt:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:alert(1)',
      '\u0000javascript:alert(1)',
      '\u0001 javascript:alert(1)',
      'javascript&colon;alert(1)',
      'jav&#x61;script:alert(1)',
      'vbscript:msgbox(1)',
      'data:text/html,<script>alert(1)</script>',
      '\\\\evil.example/x',
      'https:evil.example',
    ];
    for (const href of hrefs) {
      it(`refuses the link href ${JSON.stringify(href)} written by a patch`, async () => {
        const s = await shown(form());
        const r = await s.patch([{ op: 'replace', path: '/nodes/3/props/href', value: href }]);
        // Entities are not decoded in a DOM property: "javascript&colon;…" and "jav&#x61;script:…" are relative
        // URLs (the "#" starts a fragment). They may pass, but must resolve to this page, never to a script.
        if (href.includes('&')) {
          await settle(s);
          const a = el(s, 'site')?.shadowRoot?.querySelector('a');
          if (r.ok) expect(new URL(a!.href).protocol, a!.href).to.equal(location.protocol);
        } else {
          expect(r.ok, href).to.equal(false);
          expect(r.issues![0]).to.include({ code: 'unsafe_url', path: '/ops/0/value' });
        }
        expect(scriptUrls(s)).to.deep.equal([]);
      });
    }

    it('refuses a URL read from data ({"$data"} on href or src) and a whole node with a script URL', async () => {
      const s = await shown(form());
      const r1 = await s.patch([
        { op: 'add', path: '/data/u', value: 'javascript:alert(1)' },
        { op: 'replace', path: '/nodes/3/props/href', value: { $data: '/u' } },
      ]);
      expect(r1.ok).to.equal(false);
      expectCoded(r1.issues);
      const r2 = await s.patch([
        {
          op: 'add',
          path: '/nodes/-',
          value: { id: 'img', type: 'image', props: { src: 'javascript:alert(1)', alt: '' } },
        },
        { op: 'add', path: '/nodes/0/children/-', value: 'img' },
      ]);
      expect(r2.ok).to.equal(false);
      expect(r2.issues!.map((i) => [i.code, i.path])).to.deep.include(['unsafe_url', '/ops/0/value/props/src']);
      await settle(s);
      expect(scriptUrls(s)).to.deep.equal([]);
    });

    it('markup in data and in patched text renders as text, never as elements', async () => {
      const s = await shown(form());
      const payload = '<img src=x onerror="window.__jigPwned=1"><script>window.__jigPwned=2</script>';
      expect((await s.setData('/msg', payload)).ok).to.equal(true);
      const r = await s.patch([
        { op: 'replace', path: '/nodes/1/props/text', value: '<svg onload="window.__jigPwned=3"></svg>' },
        { op: 'replace', path: '/data/kpi/revenue', value: '<b onmouseover=alert(1)>1</b>' },
      ]);
      expect(r.ok, JSON.stringify(r.issues)).to.equal(true);
      await settle(s);
      await new Promise((res) => setTimeout(res, 50));
      expect(win.__jigPwned).to.equal(undefined);
      const injected = deepElements(s).filter((e) => ['img', 'script', 'svg', 'b'].includes(e.localName));
      expect(injected.map((e) => e.outerHTML)).to.deep.equal([]);
      expect(text(el(s, 'msg'))).to.contain('<img src=x');
    });
  });

  describe('prototype pollution through pointers and keys', () => {
    it('setData refuses pointers through __proto__, constructor and prototype, and keys that reach a prototype', async () => {
      const s = await shown(form());
      const pointers = [
        '/__proto__/polluted',
        '/__proto__',
        '/constructor/prototype/polluted',
        '/guest/__proto__/polluted',
        '/guest/constructor',
        '/kpi/prototype',
        '/guest/name/__proto__',
      ];
      for (const p of pointers) {
        const r = await s.setData(p, 'yes');
        expect(r.ok, p).to.equal(false);
        expect(r.issues![0]!.code, p).to.equal('forbidden_segment');
        expect(r.issues![0]!.path, p).to.equal('/data' + p);
      }
      const values = [
        JSON.parse('{"__proto__": {"polluted": "yes"}}'),
        JSON.parse('{"a": {"constructor": {"prototype": {"polluted": "yes"}}}}'),
        JSON.parse('[{"__proto__": {"polluted": "yes"}}]'),
      ];
      for (const v of values) {
        const r = await s.setData('/guest/extra', v);
        expect(r.ok, JSON.stringify(v)).to.equal(false);
        expect(r.issues![0]!.code).to.equal('forbidden_key');
      }
      expectNoPollution();
      expect(s.data!.guest).to.deep.equal({ name: 'Ada' });
    });

    it('patch paths and from pointers through a prototype segment are refused, in any op', async () => {
      const s = await shown(form());
      const ops = [
        { op: 'add', path: '/data/__proto__/polluted', value: 'yes' },
        { op: 'add', path: '/__proto__/polluted', value: 'yes' },
        { op: 'replace', path: '/nodes/0/constructor/prototype/polluted', value: 'yes' },
        { op: 'copy', from: '/data/__proto__', path: '/data/x' },
        { op: 'move', from: '/data/constructor', path: '/data/x' },
        { op: 'test', path: '/data/__proto__', value: {} },
        { op: 'remove', path: '/nodes/prototype' },
      ];
      for (const op of ops) {
        const r = await s.patch([op]);
        expect(r.ok, JSON.stringify(op)).to.equal(false);
        expect(r.issues![0]!.code, JSON.stringify(op)).to.equal('forbidden_segment');
      }
      // A key that only spells "__proto__" once decoded ("~1" is "/") is an ordinary key, not a prototype step.
      const ok = await s.patch([{ op: 'add', path: '/data/__proto__~1x', value: 'plain' }]);
      expect(ok.ok, JSON.stringify(ok.issues)).to.equal(true);
      expect(Object.hasOwn(s.data!, '__proto__/x')).to.equal(true);
      expectNoPollution();
    });

    it('inherited names (toString, hasOwnProperty) are ordinary keys: nothing reads or writes through the prototype', async () => {
      const s = await shown(form());
      const r1 = await s.setData('/toString/x', 1);
      expect(r1.ok).to.equal(false);
      expect(r1.issues![0]!.code).to.equal('unresolved_pointer');
      const r2 = await s.setData('/hasOwnProperty', 1);
      expect(r2.ok, JSON.stringify(r2.issues)).to.equal(true);
      const r3 = await s.patch([{ op: 'replace', path: '/data/msg', value: 'still works' }]);
      expect(r3.ok, JSON.stringify(r3.issues)).to.equal(true);
      const r4 = await s.patch([{ op: 'replace', path: '/nodes/6/props/text', value: { $data: '/valueOf' } }]);
      expect(r4.ok).to.equal(false);
      expect(r4.issues![0]!.code).to.equal('unresolved_pointer');
      await settle(s);
      expect(text(el(s, 'msg'))).to.contain('still works');
      expectNoPollution();
    });

    it('an issue inside a value the patch wrote points into the patch, also for a forbidden key', async () => {
      const s = await shown(form());
      const r = await s.patch(JSON.parse('[{"op":"add","path":"/data/x","value":{"__proto__":{"polluted":1}}}]'));
      expect(r.ok).to.equal(false);
      expect(r.issues![0]!.code).to.equal('forbidden_key');
      expect(r.issues![0]!.path, 'docs/format.md §8: paths of issues in a written value point into the patch').to.equal(
        '/ops/0/value/__proto__',
      );
      expectNoPollution();
    });

    it('conditions and repeats with prototype pointers are refused', async () => {
      const s = await shown(todos([{ done: false, left: 1 }]));
      const attempts = [
        [{ op: 'add', path: '/nodes/2/visible', value: { $data: '__proto__', eq: 1 } }],
        [{ op: 'add', path: '/nodes/2/visible', value: { $data: '/constructor/prototype', eq: 1 } }],
        [{ op: 'replace', path: '/nodes/1/repeat', value: '/todos/__proto__' }],
        [
          { op: 'add', path: '/nodes/-', value: { id: 'n', type: 'stack', repeat: 'prototype' } },
          { op: 'add', path: '/nodes/1/children/-', value: 'n' },
        ],
        [{ op: 'replace', path: '/nodes/2/props/bind', value: 'constructor/prototype/polluted' }],
      ];
      for (const ops of attempts) {
        const r = await s.patch(ops);
        expect(r.ok, JSON.stringify(ops)).to.equal(false);
        expect(
          r.issues!.map((i) => i.code),
          JSON.stringify(ops),
        ).to.include('forbidden_segment');
      }
      expectNoPollution();
    });
  });

  describe('unbounded growth', () => {
    it('a repeat over a huge array is refused (repeat_too_large) and nothing more renders', async () => {
      const s = await shown(todos([{ done: false, left: 1 }]));
      const before = all(s).length;
      const huge = Array.from({ length: 5000 }, () => ({ done: false, left: 1 }));
      const r = await s.setData('/todos', huge);
      expect(r.ok).to.equal(false);
      expect(r.issues!.map((i) => [i.code, i.path])).to.deep.include(['repeat_too_large', '/nodes/1/repeat']);
      const r2 = await s.patch([{ op: 'replace', path: '/data/todos', value: huge }]);
      expect(r2.ok).to.equal(false);
      expectCoded(r2.issues);
      // one item at a time
      let refused = 0;
      for (let k = 0; k < 400 && refused === 0; k++) {
        const a = await s.setData('/todos/-', { done: false, left: k });
        if (!a.ok) {
          refused++;
          expect(a.issues![0]!.code).to.equal('repeat_too_large');
        }
      }
      expect(refused, 'appending stops at the node limit').to.equal(1);
      await settle(s);
      expect(all(s).length).to.be.at.most(1000);
      expect(before).to.equal(4);
    });

    it('nested repeats that multiply past the node limit are refused', async () => {
      const s = await shown(todos([{ done: false, left: 1 }]));
      const grid = Array.from({ length: 40 }, () => ({ cells: Array.from({ length: 40 }, () => ({ v: 1 })) }));
      const r = await s.patch([
        { op: 'add', path: '/data/grid', value: grid },
        { op: 'add', path: '/nodes/-', value: { id: 'g', type: 'stack', repeat: '/grid', children: ['c'] } },
        { op: 'add', path: '/nodes/-', value: { id: 'c', type: 'stack', repeat: 'cells', children: ['v'] } },
        { op: 'add', path: '/nodes/-', value: { id: 'v', type: 'stat', props: { label: 'v', value: { $data: 'v' } } } },
        { op: 'add', path: '/nodes/0/children/-', value: 'g' },
      ]);
      expect(r.ok).to.equal(false);
      expect(r.issues!.map((i) => i.code)).to.include('repeat_too_large');
      expectCoded(r.issues);
      expect(all(s).length).to.equal(4);
    });

    it('deep, wide and long conditions are refused with bad_condition and a path inside the condition', async () => {
      const s = await shown(form());
      let deep: unknown = { $data: '/agree', eq: true };
      for (let i = 0; i < 20; i++) deep = { not: deep };
      const wide = { or: Array.from({ length: 5000 }, () => ({ $data: '/agree', eq: true })) };
      const longIn = { $data: '/msg', in: Array.from({ length: 65 }, (_, i) => String(i)) };
      for (const cond of [
        deep,
        wide,
        longIn,
        { $data: '/agree', eq: { nested: 1 } },
        { $data: '/agree', regex: '.*' },
      ]) {
        const r = await s.patch([{ op: 'add', path: '/nodes/6/visible', value: cond }]);
        expect(r.ok).to.equal(false);
        expect(r.issues![0]!.code).to.equal('bad_condition');
        expect(r.issues![0]!.path).to.match(/^\/ops\/0\/value/);
      }
      expect(el(s, 'msg')).to.not.equal(null);
    });

    it('data nested too deep or too large is refused with a code and a path', async () => {
      const s = await shown(form());
      let deep: unknown = 1;
      for (let i = 0; i < 200; i++) deep = { a: deep };
      const r1 = await s.setData('/guest/deep', deep);
      expect(r1.ok).to.equal(false);
      expectCoded(r1.issues);
      const r2 = await s.setData('/guest/big', 'x'.repeat(600 * 1024));
      expect(r2.ok).to.equal(false);
      expectCoded(r2.issues);
      const r3 = await s.setData('/guest/n', Number.NaN);
      expect(r3.ok).to.equal(false);
      expectCoded(r3.issues);
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      const r4 = await s.setData('/guest/c', cyclic);
      expect(r4.ok).to.equal(false);
      expectCoded(r4.issues);
      const r5 = await s.setData('', {});
      expect(r5.ok).to.equal(false);
      expectCoded(r5.issues);
      expect(s.data!.guest).to.deep.equal({ name: 'Ada' });
    });

    it('setData keeps types: a checkbox still binds a boolean, a stat still shows a figure', async () => {
      const s = await shown(form());
      const box = el(s, 'agree');
      for (const [p, v] of [
        ['/agree', 'yes'],
        ['/agree', null],
        ['/kpi/revenue', { $data: '/x' }],
        ['/kpi', 5],
        ['/msg', 'm'.repeat(6000)],
      ] as [string, unknown][]) {
        const r = await s.setData(p, v);
        expect(r.ok, `${p} = ${JSON.stringify(v).slice(0, 40)}`).to.equal(false);
        expectCoded(r.issues);
      }
      await settle(s);
      expect(el(s, 'agree')).to.equal(box);
      expect(s.data!.agree).to.equal(false);
      expect(text(el(s, 'revenue'))).to.contain('120');
    });
  });

  describe('streamPatches', () => {
    it('hostile lines are refused one by one with codes, later lines still apply', async () => {
      const s = await shown(form());
      const lines = [
        '{"op":"add","path":"/data/__proto__/polluted","value":1}',
        '{"op":"replace","path":"/nodes/3/props/href","value":"javascript:alert(1)"}',
        'null',
        '"just text"',
        '{not json',
        '[{"op":"replace","path":"/nodes/1/props/text","value":"Streamed"}]',
      ];
      async function* src() {
        for (const l of lines) yield l + '\n';
      }
      const r = await s.streamPatches(src());
      expect(r.applied).to.equal(1);
      expect(r.refused).to.equal(5);
      expectCoded(r.issues);
      await settle(s);
      expect(text(el(s, 'title'))).to.contain('Streamed');
      expect(scriptUrls(s)).to.deep.equal([]);
      expectNoPollution();
    });

    it('a line longer than the byte limit is refused and skipped to its end, in whatever chunks it comes; the next line applies', async () => {
      const s = await shown(form());
      s.limits = { maxBytes: 2000 };
      async function* src() {
        yield '{"op":"replace","path":"/nodes/1/props/text","value":"';
        for (let i = 0; i < 10; i++) yield 'x'.repeat(500);
        yield '"}\n{"op":"replace","path":"/nodes/1/props/text","value":"After"}\n';
      }
      const r = await s.streamPatches(src());
      expect(r.applied).to.equal(1);
      expect(r.refused).to.equal(1);
      expect(r.issues.map((i) => i.code)).to.deep.equal(['bad_patch_line']);
      expect(r.issues[0]!.message).to.contain('line 1 is longer than 2000');
      await settle(s);
      expect(text(el(s, 'title'))).to.contain('After');
    });

    it('a patch stream that fails midway resolves with what applied and an issue, as show() does for a failed stream', async () => {
      const s = await shown(form());
      async function* src() {
        yield '{"op":"replace","path":"/nodes/1/props/text","value":"One"}\n';
        throw new Error('connection reset');
      }
      let thrown: unknown;
      let r: Awaited<ReturnType<JigSurface['streamPatches']>> | undefined;
      try {
        r = await s.streamPatches(src());
      } catch (err) {
        thrown = err;
      }
      expect(thrown, String(thrown)).to.equal(undefined);
      expect(r!.applied).to.equal(1);
      expectCoded(r!.issues);
    });
  });
});

describe('hostile interop', () => {
  describe('format detection', () => {
    it('format="auto" reads a Jig layout text as Jig even when its data has a key named "elements"', async () => {
      const s = await fixture<JigSurface>(html`<jig-surface format="auto"></jig-surface>`);
      const doc: LayoutDocument = {
        version: 1,
        root: 'page',
        data: { elements: ['H', 'He', 'Li'] },
        nodes: [
          { id: 'page', type: 'stack', children: ['l'] },
          { id: 'l', type: 'list', props: { items: { $data: '/elements' } } },
        ],
      };
      const r = await s.show(JSON.stringify(doc));
      expect(r.ok, JSON.stringify(r)).to.equal(true);
      await settle(s);
      expect(text(el(s, 'l'))).to.contain('He');
    });

    it('format="auto" reads a Jig layout text as Jig even when its data holds "op": "add"', async () => {
      const s = await fixture<JigSurface>(html`<jig-surface format="auto"></jig-surface>`);
      const doc: LayoutDocument = {
        version: 1,
        root: 'page',
        data: { last: { op: 'add', n: 2 } },
        nodes: [
          { id: 'page', type: 'stack', children: ['t'] },
          { id: 't', type: 'text', props: { text: { $data: '/last/op' } } },
        ],
      };
      const r = await s.show(JSON.stringify(doc));
      expect(r.ok, JSON.stringify(r)).to.equal(true);
    });
  });

  describe('A2UI', () => {
    it('renderA2UI does not throw on a data path through an array\'s "length" (updateDataModel /items/length = -1)', async () => {
      const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
      const msgs = [
        { version: 'v0.9', createSurface: { surfaceId: 's', catalogId: BASIC } },
        { version: 'v0.9', updateDataModel: { surfaceId: 's', path: '/items', value: [1] } },
        { version: 'v0.9', updateDataModel: { surfaceId: 's', path: '/items/length', value: -1 } },
        {
          version: 'v0.9',
          updateComponents: { surfaceId: 's', components: [{ id: 'root', component: 'Text', text: 'hi' }] },
        },
      ];
      let thrown: unknown;
      try {
        await renderA2UI(s, msgs);
      } catch (err) {
        thrown = err;
      }
      expect(thrown, String(thrown)).to.equal(undefined);
    });

    it('<jig-surface format="a2ui">.show() resolves on /items/length/x: that message is refused where it stands and changes nothing, later ones apply', async () => {
      const s = await shown(form(), 'a2ui');
      const jsonl = [
        { version: 'v0.9', createSurface: { surfaceId: 's', catalogId: BASIC } },
        { version: 'v0.9', updateDataModel: { surfaceId: 's', path: '/items', value: [1] } },
        { version: 'v0.9', updateDataModel: { surfaceId: 's', path: '/items/length/x', value: 1 } },
        {
          version: 'v0.9',
          updateComponents: { surfaceId: 's', components: [{ id: 'root', component: 'Text', text: 'hi' }] },
        },
      ]
        .map((m) => JSON.stringify(m))
        .join('\n');
      let thrown: unknown;
      let r: Awaited<ReturnType<JigSurface['show']>> | undefined;
      try {
        r = await s.show(jsonl);
      } catch (err) {
        thrown = err;
      }
      expect(thrown, String(thrown)).to.equal(undefined);
      expect(r!.ok).to.equal(false);
      const issues = r!.ok ? [] : r!.issues;
      expectCoded(issues);
      expect(issues.map((i) => `${i.code} ${i.path}`)).to.deep.equal(['bad_pointer /2/updateDataModel/value']);
      await settle(s);
      expect(s.data).to.deep.equal({ items: [1] });
      expect(
        s.shadowRoot!.textContent + [...s.querySelectorAll('*')].map((e) => e.shadowRoot?.textContent ?? '').join(''),
      ).to.contain('hi');
    });

    it('renderA2UI does not throw on a v0.8 literal-with-path that runs through a number (/a/b/c/d with /a = 5)', async () => {
      const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
      const msgs = [
        { beginRendering: { surfaceId: 's', root: 'root' } },
        { dataModelUpdate: { surfaceId: 's', contents: [{ key: 'a', valueNumber: 5 }] } },
        {
          surfaceUpdate: {
            surfaceId: 's',
            components: [{ id: 'root', component: { Text: { text: { path: '/a/b/c/d', literalString: 'x' } } } }],
          },
        },
      ];
      let thrown: unknown;
      try {
        await renderA2UI(s, msgs);
      } catch (err) {
        thrown = err;
      }
      expect(thrown, String(thrown)).to.equal(undefined);
    });

    it('fromA2UI reports those inputs at the message that caused them, not as one unreadable stream at path ""', () => {
      const r = fromA2UI([
        { version: 'v0.9', createSurface: { surfaceId: 's', catalogId: BASIC } },
        { version: 'v0.9', updateDataModel: { surfaceId: 's', path: '/items', value: [1] } },
        { version: 'v0.9', updateDataModel: { surfaceId: 's', path: '/items/length', value: -1 } },
        {
          version: 'v0.9',
          updateComponents: { surfaceId: 's', components: [{ id: 'root', component: 'Text', text: 'hi' }] },
        },
      ]);
      expect(r.ok).to.equal(false);
      expectCoded(r.issues);
      expect(
        r.issues.some((i) => i.path.startsWith('/2')),
        JSON.stringify(r.issues),
      ).to.equal(true);
    });

    it('refuses data paths through a prototype and leaves Object.prototype alone', async () => {
      const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
      const r = await renderA2UI(s, [
        { version: 'v0.9', createSurface: { surfaceId: 's', catalogId: BASIC } },
        { version: 'v0.9', updateDataModel: { surfaceId: 's', path: '/__proto__/polluted', value: 'yes' } },
        { version: 'v0.9', updateDataModel: { surfaceId: 's', path: '/constructor/prototype/polluted', value: 'yes' } },
        { version: 'v0.9', updateDataModel: { surfaceId: 's', path: 'prototype/polluted', value: 'yes' } },
        {
          version: 'v0.9',
          updateComponents: {
            surfaceId: 's',
            components: [{ id: 'root', component: 'Text', text: { path: '/__proto__/polluted' } }],
          },
        },
      ]);
      expect(r.ok).to.equal(false);
      expect(r.issues.map((i) => i.code)).to.include('forbidden_segment');
      expectCoded(r.issues);
      expectNoPollution();
      expect(all(s)).to.deep.equal([]);
    });

    it('a v0.8 data entry keyed "__proto__" is refused (forbidden_key) as "constructor" is, not silently dropped', () => {
      const make = (key: string) =>
        fromA2UI([
          { beginRendering: { surfaceId: 's', root: 'root' } },
          {
            dataModelUpdate: {
              surfaceId: 's',
              contents: [{ key, valueMap: [{ key: 'isAdmin', valueBoolean: true }] }],
            },
          },
          {
            surfaceUpdate: {
              surfaceId: 's',
              components: [{ id: 'root', component: { Text: { text: { literalString: 'x' } } } }],
            },
          },
        ]);
      expectNoPollution();
      const ctor = make('constructor');
      expect(ctor.ok).to.equal(false);
      expect(ctor.surfaces[0]!.issues.map((i) => i.code)).to.include('forbidden_key');
      const proto = make('__proto__');
      expectNoPollution();
      expect(proto.ok, JSON.stringify(proto.surfaces[0]?.layout?.data)).to.equal(false);
    });

    it('never shows a script URL: an Image url literal, and one arriving later through updateDataModel', async () => {
      const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
      const r1 = await renderA2UI(s, [
        { version: 'v0.9', createSurface: { surfaceId: 's', catalogId: BASIC } },
        {
          version: 'v0.9',
          updateComponents: {
            surfaceId: 's',
            components: [{ id: 'root', component: 'Image', url: 'javascript:alert(1)' }],
          },
        },
      ]);
      expect(r1.ok).to.equal(false);
      expect(r1.surfaces[0]!.issues.map((i) => i.code)).to.include('unsafe_url');
      expect(all(s)).to.deep.equal([]);

      const t = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
      const r2 = await renderA2UI(t, [
        { version: 'v0.9', createSurface: { surfaceId: 's', catalogId: BASIC } },
        {
          version: 'v0.9',
          updateDataModel: { surfaceId: 's', value: { img: 'https://example.com/a.png', cap: 'ok' } },
        },
        {
          version: 'v0.9',
          updateComponents: {
            surfaceId: 's',
            components: [
              { id: 'root', component: 'Column', children: ['pic', 'cap'] },
              { id: 'pic', component: 'Image', url: { path: '/img' }, description: 'a' },
              { id: 'cap', component: 'Text', text: { path: '/cap' } },
            ],
          },
        },
        { version: 'v0.9', updateDataModel: { surfaceId: 's', path: '/img', value: ' javascript:alert(1)' } },
        {
          version: 'v0.9',
          updateDataModel: { surfaceId: 's', path: '/cap', value: '<img src=x onerror="window.__jigPwned=1">' },
        },
      ]);
      expect(r2.ok).to.equal(false);
      await settle(t);
      await new Promise((res) => setTimeout(res, 50));
      expect(scriptUrls(t)).to.deep.equal([]);
      expect(win.__jigPwned).to.equal(undefined);
      expect(el(t, 'pic')!.props.src).to.equal('https://example.com/a.png');
    });

    it('an action context path naming an inherited member (/valueOf) resolves to nothing, not to a prototype function', async () => {
      const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
      const rendered = oneEvent(s, 'jig-render');
      const r = await renderA2UI(s, [
        { version: 'v0.9', createSurface: { surfaceId: 's', catalogId: BASIC } },
        { version: 'v0.9', updateDataModel: { surfaceId: 's', value: { qty: 1 } } },
        {
          version: 'v0.9',
          updateComponents: {
            surfaceId: 's',
            components: [
              {
                id: 'root',
                component: 'Button',
                child: 'l',
                action: {
                  event: { name: 'go', context: { v: { path: '/valueOf' }, c: { path: '/qty/constructor' } } },
                },
              },
              { id: 'l', component: 'Text', text: 'Go' },
            ],
          },
        },
      ]);
      await rendered;
      await settle(s);
      const fired = oneEvent(s, 'a2ui-action');
      (el(s, 'root')!.shadowRoot!.querySelector('button') as HTMLButtonElement).click();
      const ctx = ((await fired).detail as { action: { context: Record<string, unknown> } }).action.context;
      expect(r.ok).to.equal(true);
      expect(typeof ctx.v, 'context.v').to.not.equal('function');
      expect(typeof ctx.c, 'context.c').to.not.equal('function');
    });
  });

  describe('json-render', () => {
    it('refuses script URLs in a spec, and a later stream line that turns a shown link into one', async () => {
      const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
      const r1 = await renderJsonRender(s, {
        root: 'l',
        elements: { l: { type: 'Link', props: { label: 'Go', href: 'javascript:alert(1)' } } },
      });
      expect(r1.ok).to.equal(false);
      expect(r1.issues.map((i) => i.code)).to.include('unsafe_url');
      expect(all(s)).to.deep.equal([]);

      const t = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
      const lines = [
        { op: 'add', path: '/root', value: 'page' },
        { op: 'add', path: '/state', value: { u: 'https://example.com/' } },
        { op: 'add', path: '/elements/page', value: { type: 'Stack', props: {}, children: ['l'] } },
        { op: 'add', path: '/elements/l', value: { type: 'Link', props: { label: 'Go', href: { $state: '/u' } } } },
        { op: 'replace', path: '/state/u', value: 'JaVaScRiPt:alert(1)' },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n');
      await renderJsonRender(t, lines);
      await settle(t);
      expect(scriptUrls(t)).to.deep.equal([]);
      const link = el(t, 'l');
      expect(link, 'the last good layout stays').to.not.equal(null);
      expect(link!.props.href).to.equal('https://example.com/');
    });

    it('refuses prototype paths in SpecStream ops and prototype keys in a spec', async () => {
      const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
      const lines = [
        '{"op":"add","path":"/root","value":"h"}',
        '{"op":"add","path":"/elements/h","value":{"type":"Heading","props":{"text":"Hi"}}}',
        '{"op":"add","path":"/state/__proto__/polluted","value":"yes"}',
        '{"op":"add","path":"/elements/constructor/prototype/polluted","value":"yes"}',
        '{"op":"add","path":"/state/x","value":{"__proto__":{"polluted":"yes"}}}',
        '{"op":"copy","from":"/elements/h","path":"/__proto__"}',
      ].join('\n');
      const r = await renderJsonRender(s, lines);
      expect(r.ok).to.equal(false);
      expectCoded(r.issues);
      expectNoPollution();
      const r2 = await renderJsonRender(
        s,
        JSON.parse(
          '{"root":"h","state":{"__proto__":{"polluted":"yes"}},"elements":{"h":{"type":"Heading","props":{"text":"Hi"}}}}',
        ),
      );
      expect(r2.ok).to.equal(false);
      expect(r2.issues.map((i) => i.code)).to.include('forbidden_key');
      expectNoPollution();
    });

    it('refuses code-like expressions and never runs them', async () => {
      const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
      const r = await renderJsonRender(s, {
        root: 'page',
        state: { n: 1 },
        elements: {
          page: { type: 'Stack', props: {}, children: ['a', 'b', 'c'] },
          a: { type: 'Text', props: { text: { $computed: 'window.__jigPwned=1' } } },
          b: { type: 'Text', props: { text: { $template: '${window.__jigPwned=2}' } } },
          c: {
            type: 'Button',
            props: { label: 'x' },
            on: { press: { action: 'setState', params: { statePath: '/n', value: 2 } } },
          },
        },
      });
      expect(r.ok).to.equal(false);
      expect(r.issues.map((i) => i.code)).to.include('unsupported_feature');
      expect(win.__jigPwned).to.equal(undefined);
    });
  });
});
