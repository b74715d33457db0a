// Interop panel: paste or replay an A2UI or json-render stream and watch it gated, rendered and
// its issues listed; clicks come back in the peer's own action shape.
import type { JigSurface } from '../../src/surface/surface.component.js';
import { el, examplePicker, issueItem, logPane } from './dom.js';
import {
  detectFormat,
  fromA2UI,
  fromJsonRender,
  renderA2UI,
  renderJsonRender,
  type InteropIssue,
} from '../../src/interop/index.js';

const BASIC = 'https://a2ui.org/specification/v0_9/catalogs/basic/catalog.json';
const lines = (msgs: unknown[]) => msgs.map((m) => JSON.stringify(m)).join('\n');

const EXAMPLES = [
  {
    id: 'a2ui-rsvp',
    title: 'A2UI v0.9: event RSVP',
    note: 'components, then data, then a data update',
    text: lines([
      { version: 'v0.9', createSurface: { surfaceId: 'rsvp', catalogId: BASIC } },
      {
        version: 'v0.9',
        updateComponents: {
          surfaceId: 'rsvp',
          components: [
            { id: 'root', component: 'Card', child: 'body' },
            { id: 'body', component: 'Column', children: ['title', 'when', 'name', 'guests', 'diet', 'go'] },
            { id: 'title', component: 'Text', text: 'Summer picnic', variant: 'h2' },
            { id: 'when', component: 'Text', text: { path: '/event/when' }, variant: 'caption' },
            {
              id: 'name',
              component: 'TextField',
              label: 'Your name',
              value: { path: '/rsvp/name' },
              checks: [
                {
                  condition: { call: 'required', args: { value: { path: '/rsvp/name' } } },
                  message: 'Please give a name',
                },
              ],
            },
            { id: 'guests', component: 'Slider', label: 'Guests', value: { path: '/rsvp/guests' }, min: 1, max: 6 },
            {
              id: 'diet',
              component: 'ChoicePicker',
              label: 'Food',
              variant: 'mutuallyExclusive',
              options: [
                { label: 'Anything', value: 'any' },
                { label: 'Vegetarian', value: 'veg' },
              ],
              value: { path: '/rsvp/diet' },
            },
            { id: 'go-label', component: 'Text', text: 'Send RSVP' },
            {
              id: 'go',
              component: 'Button',
              child: 'go-label',
              variant: 'primary',
              action: {
                event: { name: 'rsvp', context: { name: { path: '/rsvp/name' }, guests: { path: '/rsvp/guests' } } },
              },
            },
          ],
        },
      },
      {
        version: 'v0.9',
        updateDataModel: {
          surfaceId: 'rsvp',
          value: { event: { when: 'Saturday, noon' }, rsvp: { name: '', guests: 2, diet: ['any'] } },
        },
      },
      { version: 'v0.9', updateDataModel: { surfaceId: 'rsvp', path: '/event/when', value: 'Saturday, 1 pm (moved)' } },
    ]),
  },
  {
    id: 'a2ui-v08',
    title: 'A2UI v0.8: reading list',
    note: 'literal/path values, a list template',
    text: lines([
      {
        surfaceUpdate: {
          surfaceId: 'books',
          components: [
            { id: 'root', component: { Column: { children: { explicitList: ['head', 'list'] } } } },
            { id: 'head', component: { Text: { text: { literalString: 'On loan' }, usageHint: 'h3' } } },
            {
              id: 'list',
              component: { List: { children: { template: { componentId: 'book', dataBinding: '/books' } } } },
            },
            { id: 'book', component: { CheckBox: { label: { literalString: 'Returned' }, value: { path: 'back' } } } },
          ],
        },
      },
      {
        dataModelUpdate: {
          surfaceId: 'books',
          contents: [
            {
              key: 'books',
              valueMap: [
                { key: '0', valueMap: [{ key: 'back', valueBoolean: false }] },
                { key: '1', valueMap: [{ key: 'back', valueBoolean: true }] },
              ],
            },
          ],
        },
      },
      { beginRendering: { surfaceId: 'books', root: 'root' } },
    ]),
  },
  {
    id: 'json-render',
    title: 'json-render: inline reply',
    note: 'prose around a ```spec fence of patches',
    text: [
      'Here is a sign-up card for the newsletter:',
      '```spec',
      '{"op":"add","path":"/root","value":"card"}',
      '{"op":"add","path":"/state","value":{"email":"","weekly":true}}',
      '{"op":"add","path":"/elements/card","value":{"type":"Card","props":{"title":"Newsletter","description":"One email a week"},"children":["email","weekly","join"]}}',
      '{"op":"add","path":"/elements/email","value":{"type":"Input","props":{"label":"Email","name":"email","type":"email","value":{"$bindState":"/email"},"checks":[{"type":"required","message":"Needed"}]}}}',
      '{"op":"add","path":"/elements/weekly","value":{"type":"Switch","props":{"label":"Weekly digest","name":"weekly","checked":{"$bindState":"/weekly"}}}}',
      '{"op":"add","path":"/elements/join","value":{"type":"Button","props":{"label":"Join","variant":"primary"},"on":{"press":{"action":"join","params":{"email":{"$state":"/email"}}}}}}',
      '```',
      'Anything else?',
    ].join('\n'),
  },
  {
    id: 'hostile',
    title: 'Hostile A2UI',
    note: 'script URL, regex bomb, formatString, a bad line — refused',
    text: [
      JSON.stringify({ version: 'v0.9', createSurface: { surfaceId: 'evil', catalogId: BASIC } }),
      '{"version":"v0.9","updateComponents": this line is broken',
      JSON.stringify({
        version: 'v0.9',
        updateComponents: {
          surfaceId: 'evil',
          components: [
            { id: 'root', component: 'Column', children: ['pic', 'code', 'hi'] },
            { id: 'pic', component: 'Image', url: 'javascript:alert(1)', description: 'x' },
            { id: 'code', component: 'TextField', label: 'Code', value: { path: '/c' }, validationRegexp: '^(a|aa)+$' },
            { id: 'hi', component: 'Text', text: { call: 'formatString', args: { value: 'Hi ${/name}' } } },
          ],
        },
      }),
    ].join('\n'),
  },
];

export function mount(container: HTMLElement): void {
  const stage = el('div', { class: 'box stage' });
  const verdict = el('p', { class: 'verdict', role: 'status' });
  const issues = el('ul', { class: 'issues', 'aria-label': 'Issues and warnings' });
  const { log, note } = logPane('Interop log');
  const editor = el('textarea', {
    class: 'code',
    spellcheck: 'false',
    'aria-label': 'A2UI messages or json-render spec',
  });
  const format = el(
    'select',
    { 'aria-label': 'Format' },
    el('option', { value: 'auto' }, 'detect'),
    el('option', { value: 'a2ui' }, 'A2UI'),
    el('option', { value: 'json-render' }, 'json-render'),
  );
  let abort: AbortController | null = null;

  const list_ = (found: InteropIssue[], warnings: InteropIssue[]) =>
    issues.replaceChildren(...found.map((i) => issueItem(i)), ...warnings.map((w) => issueItem(w, true)));
  const fresh = () => {
    abort?.abort();
    abort = new AbortController();
    const surface = el('jig-surface') as JigSurface;
    surface.append(el('p', { slot: 'fallback' }, 'Nothing shows: the stream was refused or is not complete yet.'));
    surface.addEventListener('jig-render', (e) => note(`rendered ${e.detail.layout.nodes.length} nodes`));
    surface.addEventListener('jig-data', () => note('data update applied in place'));
    surface.addEventListener('jig-patch', (e) =>
      note(`patch applied (${e.detail.ops.length} op${e.detail.ops.length === 1 ? '' : 's'})`),
    );
    surface.addEventListener('a2ui-action', (e) => note(`a2ui-action ${JSON.stringify((e as CustomEvent).detail)}`));
    surface.addEventListener('json-render-action', (e) =>
      note(`json-render-action ${JSON.stringify((e as CustomEvent).detail)}`),
    );
    stage.replaceChildren(verdict, surface);
    return surface;
  };
  const judge = (text: string) => {
    const f = format.value === 'auto' ? detectFormat(text) : format.value;
    if (f === 'a2ui') {
      const r = fromA2UI(text);
      const surfaceIssues = r.surfaces.flatMap((s) =>
        s.issues.map((i) => ({ ...i, message: `[${s.surfaceId}] ${i.message}` })),
      );
      verdict.className = `verdict ${r.ok ? 'ok' : 'bad'}`;
      verdict.textContent = r.ok
        ? `A2UI: ${r.surfaces.length} surface${r.surfaces.length === 1 ? '' : 's'} passed every gate (${r.lines.read} lines)`
        : `A2UI refused: ${r.issues.length + surfaceIssues.length} issue(s), ${r.lines.malformed} malformed line(s) — nothing of a refused surface renders`;
      list_([...r.issues, ...surfaceIssues], [...r.warnings, ...r.surfaces.flatMap((s) => s.warnings)]);
      return 'a2ui';
    }
    const r = fromJsonRender(text);
    verdict.className = `verdict ${r.ok ? 'ok' : 'bad'}`;
    verdict.textContent = r.ok
      ? 'json-render: passed every gate'
      : `json-render refused: ${r.issues.length} issue(s) — nothing of it renders`;
    list_(r.issues, r.warnings);
    return 'json-render';
  };
  const run = (delay: number) => {
    const text = editor.value;
    log.textContent = '';
    const f = judge(text);
    const surface = fresh();
    const signal = abort!.signal;
    // Replay: one line at a time, so a person sees nothing until the surface is whole, then updates land in place.
    async function* source() {
      for (const line of text.split('\n')) {
        if (signal.aborted) return;
        if (delay) await new Promise((r) => setTimeout(r, delay));
        yield line + '\n';
      }
    }
    if (f === 'a2ui') void renderA2UI(surface, source(), { signal });
    else void renderJsonRender(surface, source(), { signal });
  };
  const { list, choose } = examplePicker(EXAMPLES, (id) => {
    editor.value = EXAMPLES.find((x) => x.id === id)!.text;
    run(0);
  });
  const check = el('button', { type: 'button', class: 'btn primary' }, 'Check & render');
  check.addEventListener('click', () => run(0));
  const replay = el('button', { type: 'button', class: 'btn' }, 'Replay line by line');
  replay.addEventListener('click', () => run(700));

  container.append(
    el('h2', {}, 'A2UI & json-render'),
    el(
      'p',
      { class: 'lede' },
      'Paste an A2UI stream (v0.8 or v0.9, one message a line) or a json-render spec, SpecStream or inline reply. Jig reads it, keeps the peer\'s own state, and puts every surface through its seven gates: what it cannot express is refused by name, bad lines are counted, and nothing refused renders. "Replay" sends one line at a time: nothing shows until the surface is whole, then data updates and patches land in place.',
    ),
    el(
      'div',
      { class: 'cols' },
      el(
        'div',
        {},
        el('div', { class: 'box' }, el('h3', {}, 'Examples'), list),
        el(
          'div',
          { class: 'box' },
          el('h3', {}, 'Stream'),
          editor,
          el('div', { class: 'row' }, check, replay, el('label', { class: 'inline' }, 'format', format)),
        ),
      ),
      el(
        'div',
        {},
        stage,
        el('div', { class: 'box' }, el('h3', {}, 'Issues and warnings'), issues),
        el('div', { class: 'box' }, el('h3', {}, 'Events'), log),
      ),
    ),
  );
  choose('a2ui-rsvp');
}
