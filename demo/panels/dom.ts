// The demo panels' small DOM kit: an element builder, the issue list the gallery and the interop
// tab share, an event log and a row of examples to pick from.
import type { Issue } from '../../src/gates/issue.js';

/** `el('p', {class: 'x'}, 'text', child)`: an element with attributes and children. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...kids: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...kids);
  return e;
}

/** One issue (or warning) as the panels list it: gate and code, where, and what is wrong. */
export function issueItem(
  i: Pick<Issue, 'code' | 'path' | 'message'> & { gate: string },
  warning = false,
): HTMLLIElement {
  return el(
    'li',
    warning ? { class: 'warning' } : {},
    el('strong', {}, `${warning ? 'warning' : i.gate} · ${i.code}`),
    ' at ',
    el('code', {}, i.path || '/'),
    el('br'),
    i.message,
  );
}

/** A live log, newest line first, kept short. */
export function logPane(label: string): { log: HTMLPreElement; note: (line: string) => void } {
  const log = el('pre', { class: 'log', role: 'log', tabindex: '0', 'aria-label': label, 'aria-live': 'polite' });
  const note = (line: string) => {
    log.textContent = `${new Date().toLocaleTimeString()}  ${line}\n${log.textContent ?? ''}`.slice(0, 4000);
  };
  return { log, note };
}

/** A group of example buttons; choosing one marks it pressed and calls `onChoose`. */
export function examplePicker(
  examples: readonly { id: string; title: string; note: string }[],
  onChoose: (id: string) => void,
): { list: HTMLDivElement; choose: (id: string) => void } {
  const list = el('div', { class: 'examples', role: 'group', 'aria-label': 'Examples' });
  const choose = (id: string) => {
    for (const b of list.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b.dataset.id === id));
    onChoose(id);
  };
  for (const ex of examples) {
    const b = el(
      'button',
      { type: 'button', 'data-id': ex.id, 'aria-pressed': 'false' },
      ex.title,
      el('small', {}, ex.note),
    );
    b.addEventListener('click', () => choose(ex.id));
    list.append(b);
  }
  return { list, choose };
}
