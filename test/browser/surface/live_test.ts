import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/define.js';
import type { JigSurface } from '../../../src/surface/surface.component.js';
import type { LayoutDocument } from '../../../src/layout/document.js';
import type { JigDataDetail, JigInvalidDetail } from '../../../src/surface/events.js';

const form = (): LayoutDocument => ({
  version: 1,
  title: 'Guest',
  root: 'page',
  data: { guest: { name: 'Ada', site: '' }, agree: false, kpi: { revenue: 120 } },
  nodes: [
    { id: 'page', type: 'stack', children: ['title', 'name', 'site', 'agree', 'why', 'revenue'] },
    { id: 'title', type: 'heading', props: { text: 'Guest', level: 2 } },
    { id: 'name', type: 'text-field', props: { label: 'Name', bind: '/guest/name' } },
    { id: 'site', type: 'link', props: { text: 'Site', href: 'https://example.com/' } },
    { id: 'agree', type: 'checkbox', props: { label: 'Tell us why', bind: '/agree' } },
    {
      id: 'why',
      type: 'text-field',
      visible: { $data: '/agree', eq: true },
      props: { label: 'Why', bind: '/guest/site' },
    },
    { id: 'revenue', type: 'stat', props: { label: 'Revenue', value: { $data: '/kpi/revenue' } } },
  ],
});

const todos = (items: unknown[]): LayoutDocument => ({
  version: 1,
  root: 'page',
  data: { todos: items },
  nodes: [
    { id: 'page', type: 'stack', children: ['row'] },
    { id: 'row', type: 'stack', repeat: '/todos', props: { direction: 'row' }, children: ['done', 'count'] },
    { id: 'done', type: 'checkbox', props: { label: 'Done', bind: 'done' } },
    {
      id: 'count',
      type: 'stat',
      visible: { $data: 'done', eq: false },
      props: { label: 'Left', value: { $data: 'left' } },
    },
  ],
});

async function shown(doc: LayoutDocument): Promise<JigSurface> {
  const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
  const rendered = oneEvent(s, 'jig-render');
  s.layout = doc;
  await rendered;
  return s;
}

const el = (s: JigSurface, id: string) =>
  s.querySelector(`.jig-layout:not([hidden]) [node-id="${id}"]`) as
    | (HTMLElement & { props: Record<string, unknown>; updateComplete: Promise<boolean> })
    | null;
const all = (s: JigSurface, id: string) =>
  [...s.querySelectorAll(`.jig-layout:not([hidden]) [node-id="${id}"]`)] as HTMLElement[];
const input = (s: JigSurface, id: string) =>
  el(s, id)!.shadowRoot!.querySelector('input, textarea') as HTMLInputElement;
const statText = (e: Element) => e.shadowRoot!.textContent!.replace(/\s+/g, ' ').trim();
const settle = async (s: JigSurface) => {
  await new Promise((r) => setTimeout(r, 0));
  await Promise.all(
    [...s.querySelectorAll('[node-id]')].map(
      (e) => (e as unknown as { updateComplete: Promise<unknown> }).updateComplete,
    ),
  );
};

describe('<jig-surface> live layouts', () => {
  describe('patch', () => {
    it('changes one node in place: other elements stay the same objects, and the field being typed in keeps its text, focus and caret', async () => {
      const s = await shown(form());
      const before = new Map(['page', 'title', 'name', 'site', 'agree', 'revenue'].map((id) => [id, el(s, id)]));
      input(s, 'name').focus();
      await sendKeys({ type: 'ce Lovelace' });
      input(s, 'name').setSelectionRange(3, 3);
      const r = await s.patch([{ op: 'replace', path: '/nodes/1/props/text', value: 'Who is coming' }]);
      expect(r.ok).to.equal(true);
      await settle(s);
      expect(el(s, 'title')!.shadowRoot!.textContent).to.contain('Who is coming');
      for (const [id, e] of before) expect(el(s, id), id).to.equal(e);
      const field = input(s, 'name');
      expect(field.value).to.equal('Adace Lovelace');
      expect(field.selectionStart).to.equal(3);
      expect(el(s, 'name')!.matches(':focus-within')).to.equal(true);
      expect(s.layout!.nodes[1]!.props!.text).to.equal('Who is coming');
    });

    it('adds and removes nodes through the patch, keyed by id', async () => {
      const s = await shown(form());
      const title = el(s, 'title');
      const r = await s.patch([
        { op: 'add', path: '/nodes/-', value: { id: 'hint', type: 'text', props: { text: 'We reply within a day.' } } },
        { op: 'add', path: '/nodes/0/children/1', value: 'hint' },
        { op: 'remove', path: '/nodes/3' },
        { op: 'remove', path: '/nodes/0/children/3' },
      ]);
      expect(r.ok, JSON.stringify(r.issues)).to.equal(true);
      await settle(s);
      expect([...s.querySelectorAll('.jig-layout [node-id]')].map((e) => e.getAttribute('node-id'))).to.deep.equal([
        'page',
        'title',
        'hint',
        'name',
        'agree',
        'revenue',
      ]);
      expect(el(s, 'title')).to.equal(title);
    });

    it('refuses a patch whose result fails a gate: nothing changes, jig-invalid points into the patch', async () => {
      const s = await shown(form());
      const site = el(s, 'site');
      const invalid = oneEvent(s, 'jig-invalid');
      const r = await s.patch([
        { op: 'replace', path: '/nodes/1/props/text', value: 'Changed' },
        {
          op: 'replace',
          path: '/nodes/3',
          value: { id: 'site', type: 'link', props: { text: 'Site', href: 'javascript:alert(1)' } },
        },
      ]);
      const e = (await invalid) as CustomEvent<JigInvalidDetail>;
      expect(r.ok).to.equal(false);
      expect(r.issues!.map((i) => [i.code, i.path])).to.deep.equal([['unsafe_url', '/ops/1/value/props/href']]);
      expect(e.detail.issues).to.deep.equal(r.issues);
      expect(e.detail.patch).to.be.an('array');
      await settle(s);
      expect(el(s, 'title')!.shadowRoot!.textContent).to.contain('Guest');
      expect(el(s, 'site')).to.equal(site);
      expect(s.layout!.nodes[1]!.props!.text).to.equal('Guest');
    });

    it('refuses a malformed patch, a failed test op and a prototype path with their codes', async () => {
      const s = await shown(form());
      expect((await s.patch({ op: 'add' })).issues![0]!.code).to.equal('bad_patch');
      expect(
        (
          await s.patch([
            { op: 'test', path: '/title', value: 'Other' },
            { op: 'remove', path: '/nodes/1' },
          ])
        ).issues!.map((i) => [i.code, i.path]),
      ).to.deep.equal([['patch_test_failed', '/ops/0/path']]);
      expect((await s.patch([{ op: 'add', path: '/data/__proto__/x', value: 1 }])).issues![0]!.code).to.equal(
        'forbidden_segment',
      );
      expect((await s.patch([{ op: 'replace', path: '/nodes/40/props/text', value: 'x' }])).issues![0]!.code).to.equal(
        'patch_failed',
      );
      expect(s.layout!.nodes).to.have.length(7);
    });

    it('a patch under /data updates bound elements without rendering the tree again, and says so with jig-data', async () => {
      const s = await shown(form());
      const stat = el(s, 'revenue')!;
      const data = oneEvent(s, 'jig-data');
      const r = await s.patch([{ op: 'replace', path: '/data/kpi/revenue', value: 4200 }]);
      expect(r.ok).to.equal(true);
      const e = (await data) as CustomEvent<JigDataDetail>;
      expect(e.detail).to.deep.include({ pointer: '/kpi/revenue', value: 4200, previous: 120, source: 'patch' });
      await settle(s);
      expect(el(s, 'revenue')).to.equal(stat);
      expect(statText(stat)).to.contain('4200');
    });
  });

  describe('streamPatches', () => {
    it('applies NDJSON lines as they come, an op or an array of ops per line, and counts a malformed line', async () => {
      const s = await shown(form());
      const refused: JigInvalidDetail[] = [];
      s.addEventListener('jig-invalid', (e) => refused.push(e.detail));
      const lines = [
        JSON.stringify({ op: 'replace', path: '/nodes/1/props/text', value: 'One' }),
        '{"op": "replace", "path": ',
        JSON.stringify([
          { op: 'replace', path: '/data/kpi/revenue', value: 7 },
          { op: 'replace', path: '/nodes/1/props/level', value: 3 },
        ]),
        JSON.stringify({ op: 'replace', path: '/nodes/3/props/href', value: 'javascript:x' }),
      ];
      const text = lines.join('\n') + '\n';
      const chunks = [text.slice(0, 30), text.slice(30, 95), text.slice(95)];
      const r = await s.streamPatches(
        (async function* () {
          for (const c of chunks) yield c;
        })(),
      );
      expect(r.applied).to.equal(2);
      expect(r.refused).to.equal(2);
      expect(refused.map((d) => [d.line, d.issues[0]!.code])).to.deep.equal([
        [2, 'bad_patch_line'],
        [4, 'unsafe_url'],
      ]);
      expect(refused[1]!.issues[0]!.path).to.equal('/ops/0/value');
      await settle(s);
      expect(el(s, 'title')!.shadowRoot!.textContent).to.contain('One');
      expect(s.layout!.nodes[1]!.props!.level).to.equal(3);
      expect(statText(el(s, 'revenue')!)).to.contain('7');
    });
  });

  describe('setData', () => {
    it('updates what is bound in place and refuses a value that breaks a binding', async () => {
      const s = await shown(form());
      const agree = el(s, 'agree')!;
      const ok = await s.setData('/kpi/revenue', 99);
      expect(ok.ok).to.equal(true);
      await settle(s);
      expect(statText(el(s, 'revenue')!)).to.contain('99');
      const invalid = oneEvent(s, 'jig-invalid');
      const bad = await s.setData('/agree', 'yes');
      expect(bad.ok).to.equal(false);
      expect(bad.issues!.map((i) => i.code)).to.include('type_mismatch');
      await invalid;
      const gone = await s.setData('/kpi', 5);
      expect(gone.issues!.map((i) => [i.code, i.path])).to.deep.equal([
        ['unresolved_pointer', '/nodes/6/props/value/$data'],
      ]);
      expect(s.data!.agree).to.equal(false);
      expect(s.data!.kpi).to.deep.equal({ revenue: 99 });
      expect(el(s, 'agree')).to.equal(agree);
      expect((await s.setData('/__proto__/x', 1)).issues![0]!.code).to.equal('forbidden_segment');
      expect((await s.setData('/kpi/revenue', 'x'.repeat(6000))).ok).to.equal(false);
    });

    it('does not overwrite a field being typed in without saying so: jig-data names the focused input', async () => {
      const s = await shown(form());
      input(s, 'name').focus();
      await sendKeys({ type: 'X' });
      const data = oneEvent(s, 'jig-data');
      await s.setData('/guest/name', 'Grace');
      const e = (await data) as CustomEvent<JigDataDetail>;
      expect(e.detail).to.deep.include({ pointer: '/guest/name', value: 'Grace', previous: 'AdaX', source: 'host' });
      expect(e.detail.editing).to.deep.equal(['name']);
      await settle(s);
      expect(input(s, 'name').value).to.equal('Grace');
    });
  });

  describe('visible', () => {
    it('shows a field when a box is ticked and hides it when unticked, keeping the other elements', async () => {
      const s = await shown(form());
      expect(el(s, 'why')).to.equal(null);
      const name = el(s, 'name');
      const box = el(s, 'agree')!.shadowRoot!.querySelector('input')!;
      box.click();
      await settle(s);
      expect(el(s, 'why')).to.not.equal(null);
      expect(el(s, 'name')).to.equal(name);
      await s.setData('/agree', false);
      await settle(s);
      expect(el(s, 'why')).to.equal(null);
    });

    it('refuses a condition of the wrong shape and one whose pointer is not in data', async () => {
      const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
      const bad = form();
      bad.nodes[5]!.visible = { $data: '/agree', like: true } as never;
      const v1 = await s.show(bad);
      expect(v1.ok).to.equal(false);
      expect(!v1.ok && v1.issues.map((i) => [i.code, i.path])).to.deep.include([
        'bad_condition',
        '/nodes/5/visible/like',
      ]);
      const missing = form();
      missing.nodes[5]!.visible = { $data: '/nothing', eq: true };
      const v2 = await s.show(missing);
      expect(!v2.ok && v2.issues.map((i) => [i.code, i.path])).to.deep.equal([
        ['unresolved_pointer', '/nodes/5/visible/$data'],
      ]);
    });
  });

  describe('repeat', () => {
    it('renders a subtree once per item with item-relative pointers, and an input writes to its own item', async () => {
      const s = await shown(
        todos([
          { done: false, left: 3 },
          { done: true, left: 0 },
          { done: false, left: 1 },
        ]),
      );
      expect(all(s, 'row')).to.have.length(3);
      expect(all(s, 'count')).to.have.length(2);
      expect(all(s, 'row').map((e) => e.getAttribute('jig-item'))).to.deep.equal(['/todos/0', '/todos/1', '/todos/2']);
      const third = all(s, 'done')[2]!.shadowRoot!.querySelector('input')!;
      third.click();
      await settle(s);
      expect(s.data!.todos).to.deep.equal([
        { done: false, left: 3 },
        { done: true, left: 0 },
        { done: true, left: 1 },
      ]);
      expect(all(s, 'count')).to.have.length(1);
    });

    it('re-expands on data updates without touching unchanged items', async () => {
      const s = await shown(
        todos([
          { done: false, left: 3 },
          { done: false, left: 2 },
        ]),
      );
      const [r0, r1] = all(s, 'row');
      const [c0, c1] = all(s, 'count');
      expect((await s.setData('/todos/-', { done: false, left: 9 })).ok).to.equal(true);
      await settle(s);
      const rows = all(s, 'row');
      expect(rows).to.have.length(3);
      expect(rows[0]).to.equal(r0);
      expect(rows[1]).to.equal(r1);
      expect((await s.setData('/todos/1/left', 5)).ok).to.equal(true);
      await settle(s);
      expect(all(s, 'count')[0]).to.equal(c0);
      expect(all(s, 'count')[1]).to.equal(c1);
      expect(statText(c1!)).to.contain('5');
      expect(statText(c0!)).to.contain('3');
    });

    it("refuses an item whose value breaks the template's binding, and a list past the node limit", async () => {
      const s = await fixture<JigSurface>(html`<jig-surface .limits=${{ maxNodes: 20 }}></jig-surface>`);
      expect((await s.show(todos([{ done: false, left: 3 }]))).ok).to.equal(true);
      const r = await s.setData('/todos/-', { done: 'no', left: 1 });
      expect(r.issues!.map((i) => [i.code, i.path])).to.deep.equal([['type_mismatch', '/nodes/2/props/bind']]);
      const many = Array.from({ length: 10 }, () => ({ done: false, left: 1 }));
      const big = await s.setData('/todos', many);
      expect(big.issues!.map((i) => i.code)).to.include('repeat_too_large');
      expect(all(s, 'row')).to.have.length(1);
    });

    it('refuses a relative pointer outside any repeat (bad_pointer)', async () => {
      const s = await fixture<JigSurface>(html`<jig-surface></jig-surface>`);
      const doc = todos([]);
      delete doc.nodes[1]!.repeat;
      const v = await s.show(doc);
      expect(!v.ok && v.issues.map((i) => [i.code, i.path])).to.deep.equal([
        ['bad_pointer', '/nodes/2/props/bind'],
        ['bad_pointer', '/nodes/3/props/value/$data'],
        ['bad_pointer', '/nodes/3/visible/$data'],
      ]);
    });
  });
});
