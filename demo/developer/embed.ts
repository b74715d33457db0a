// The site developer's view: the exact HTML and JS that embed what the visitor sees — the layout
// on screen as a static <jig-surface>, and the line that assembles it — generated from the
// current line config and layout, ready to copy into a page served next to `jig serve`.
import type { LineConfig } from '../../src/line/config.js';
import { intentClass } from '../../src/line/intent.js';
import { el } from '../panels/dom.js';

export interface EmbedInput {
  config: Readonly<LineConfig>;
  layout: unknown;
  intent: string;
  context: unknown;
  /** Where the page loads Jig from (the demo's vite serves the sources). */
  moduleBase?: string;
}

const indent = (text: string, by: string) =>
  text
    .split('\n')
    .map((l, i) => (i ? by + l : l))
    .join('\n');
/** JSON inside a single-quoted attribute: only `'` and `&` need escaping. */
const attr = (json: string) => json.replace(/&/g, '&amp;').replace(/'/g, '&#39;');

/** A static embed: the layout as it is on screen, checked by the gates in the visitor's browser. */
export function staticSnippet(i: EmbedInput): string {
  const base = i.moduleBase ?? '';
  const actions = i.config.gates?.actions?.join(' ') ?? '';
  return `<!-- The layout on screen, as a static embed. -->
<script type="module" src="${base}/src/index.ts"></script>
<jig-surface actions="${actions}"
  layout='${attr(JSON.stringify(i.layout))}'></jig-surface>
<script type="module">
  document.querySelector('jig-surface').addEventListener('jig-action', (e) => {
    console.log('action', e.detail.action, 'from', e.detail.nodeId, e.detail.data);
  });
</script>`;
}

/**
 * The same request through the line: the config as data with the cache narrowed to this request's
 * class (so it answers at once, as on the demo), the other stations as they are.
 */
export function lineSnippet(i: EmbedInput): string {
  const base = i.moduleBase ?? '';
  const cls = intentClass(i.intent, i.context);
  const { cache: _all, ...rest } = i.config;
  const config = { ...rest, cache: i.layout ? { [cls]: i.layout } : {} };
  return `<!-- The line that assembles it: cache → browser model → premium (/v1/assemble) → fallback. -->
<script type="module" src="${base}/src/index.ts"></script>
<jig-surface></jig-surface>
<script type="module">
  import { createLine } from '${base}/src/line/index.ts';

  const config = ${indent(JSON.stringify(config, null, 2), '  ')};
  const surface = document.querySelector('jig-surface');
  surface.actions = config.gates.actions;
  surface.line = createLine(config);
  surface.addEventListener('jig-action', (e) => console.log('action', e.detail));
  surface.addEventListener('jig-trace', (e) => console.log(e.detail.step));
  await surface.assemble({
    intent: ${JSON.stringify(i.intent)},
    context: ${indent(JSON.stringify(i.context ?? null), '    ')},
  });
</script>`;
}

function codeBlock(title: string, note: string, text: string): HTMLElement {
  const pre = el('pre', { class: 'code-block', tabindex: '0' }, el('code', {}, text));
  const copy = el('button', { type: 'button', class: 'btn' }, 'Copy');
  const done = el('span', { class: 'muted', role: 'status' });
  copy.addEventListener('click', () => {
    navigator.clipboard.writeText(text).then(
      () => {
        done.textContent = 'Copied.';
      },
      () => {
        // No clipboard permission (an insecure origin): select the text for a manual copy.
        getSelection()?.selectAllChildren(pre);
        done.textContent = 'Selected: press Ctrl+C (⌘C) to copy.';
      },
    );
  });
  return el(
    'section',
    { class: 'snippet', 'data-snippet': title.toLowerCase().startsWith('html') ? 'static' : 'line' },
    el('div', { class: 'row spread' }, el('h3', {}, title), el('div', { class: 'row' }, done, copy)),
    el('p', { class: 'muted' }, note),
    pre,
  );
}

/** Fills `container` with both snippets for the current request. */
export function renderDeveloperView(container: HTMLElement, input: EmbedInput | null): void {
  if (!input?.layout) {
    container.replaceChildren(
      el('p', { class: 'muted' }, 'Assemble a step first: the snippets show exactly what the visitor sees.'),
    );
    return;
  }
  container.replaceChildren(
    el(
      'p',
      { class: 'lede' },
      "Paste either snippet into an HTML file served by this demo's server (for example ",
      el('code', {}, 'embed.html'),
      ' at the repository root, then open ',
      el('code', {}, `${location.origin}/embed.html`),
      '), or see docs/embedding.md for another origin.',
    ),
    codeBlock(
      'HTML: this layout, static',
      'The layout document on screen. The gates check it again in the page before anything renders.',
      staticSnippet(input),
    ),
    codeBlock(
      'JS: the line that assembled it',
      'The current line config as data, its cache narrowed to this request, and the same intent and context.',
      lineSnippet(input),
    ),
  );
}
