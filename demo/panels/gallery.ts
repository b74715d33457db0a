// Gallery, validator and streaming replay: example layouts (one hostile, refused with its
// issues), a paste box that checks and renders any document, and a replay that streams the
// chosen document in small chunks so nodes paint as they arrive.
import type { JigSurface } from '../../src/surface/surface.component.js';
import type { Issue } from '../../src/gates/issue.js';
import { el, examplePicker, issueItem, logPane } from './dom.js';
import booking from '../examples/booking-form.json?raw';
import dashboard from '../examples/dashboard.json?raw';
import tabs from '../examples/tabs.json?raw';
import workflow from '../examples/workflow.json?raw';
import account from '../examples/account.json?raw';
import hostile from '../examples/hostile.json?raw';

const EXAMPLES = [
  { id: 'booking', title: 'Booking form', note: 'inputs bound to data, validation', text: booking },
  { id: 'dashboard', title: 'Dashboard', note: 'stats, charts and a table from $data', text: dashboard },
  { id: 'tabs', title: 'Settings in tabs', note: 'keyboard tabs, forms, list, link', text: tabs },
  { id: 'workflow', title: 'Three-step workflow', note: 'next-step / prev-step', text: workflow },
  {
    id: 'account',
    title: 'Account page',
    note: 'icon, avatar, progress, switch, slider, radio group, accordion, dialog',
    text: account,
  },
  { id: 'hostile', title: 'Hostile layout', note: 'script URLs, prototype keys, cycles — refused', text: hostile },
];

const ACTIONS = ['reserve', 'save-profile', 'book', 'save', 'save-prefs', 'contact'];

export function mount(container: HTMLElement): void {
  const surface = el('jig-surface', { actions: ACTIONS.join(' ') }) as JigSurface;
  surface.append(el('p', { slot: 'fallback' }, 'Nothing to show yet: the last layout was refused.'));
  const verdict = el('p', { class: 'verdict', role: 'status' });
  const issues = el('ul', { class: 'issues', 'aria-label': 'Issues found by the gates' });
  const { log, note } = logPane('Validator log');
  const editor = el('textarea', { class: 'code', spellcheck: 'false', 'aria-label': 'Layout document (JSON)' });
  const speed = el('input', { type: 'range', min: '8', max: '400', value: '60', 'aria-label': 'Characters per tick' });

  const show = (issuesList: Issue[] | null, ms?: number) => {
    issues.replaceChildren();
    if (!issuesList) {
      verdict.className = 'verdict ok';
      verdict.textContent = `Passed all seven gates${ms !== undefined ? ` · rendered in ${ms.toFixed(1)} ms` : ''}`;
      return;
    }
    verdict.className = 'verdict bad';
    verdict.textContent = `Refused: ${issuesList.length} issue${issuesList.length === 1 ? '' : 's'} — the page keeps the last good layout`;
    issues.append(...issuesList.map((i) => issueItem(i)));
  };

  surface.addEventListener('jig-render', (e) => show(null, e.detail.ms));
  surface.addEventListener('jig-invalid', (e) => show(e.detail.issues));
  surface.addEventListener('jig-action', (e) =>
    note(`jig-action ${e.detail.action} from "${e.detail.nodeId}" with ${JSON.stringify(e.detail.data)}`),
  );
  surface.addEventListener('jig-node', (e) => note(`painted ${e.detail.type} "${e.detail.nodeId}"`));

  const { list, choose } = examplePicker(EXAMPLES, (id) => {
    const ex = EXAMPLES.find((x) => x.id === id)!;
    editor.value = ex.text;
    surface.layout = ex.text;
  });

  const check = el('button', { type: 'button', class: 'btn primary' }, 'Check & render');
  check.addEventListener('click', () => {
    surface.layout = editor.value;
  });
  const replay = el('button', { type: 'button', class: 'btn' }, 'Stream it in');
  replay.addEventListener('click', () => {
    const text = editor.value;
    const step = Number(speed.value);
    surface.clear();
    log.textContent = '';
    void surface.stream(
      new ReadableStream<string>({
        async start(c) {
          for (let i = 0; i < text.length; i += step) {
            c.enqueue(text.slice(i, i + step));
            await new Promise((r) => setTimeout(r, 40));
          }
          c.close();
        },
      }),
    );
  });

  container.append(
    el('h2', {}, 'Gallery & validator'),
    el(
      'p',
      { class: 'lede' },
      'Pick an example, or paste any layout document (as a model would write it, code fences and all). Every document goes through the seven gates; what fails never renders. "Stream it in" replays the text in chunks so you can watch nodes paint as they arrive.',
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
          el('h3', {}, 'Document'),
          editor,
          el('div', { class: 'row' }, check, replay, el('label', { class: 'inline' }, 'speed', speed)),
        ),
      ),
      el(
        'div',
        {},
        el('div', { class: 'box stage' }, verdict, surface),
        el('div', { class: 'box' }, el('h3', {}, 'Issues'), issues),
        el('div', { class: 'box' }, el('h3', {}, 'Events'), log),
      ),
    ),
  );
  choose('booking');
}
