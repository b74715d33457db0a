// The components page: for each built-in component, its description, a live example that passed
// the gates, its props table (from the catalog's zod schemas) and its events, parts and custom properties.
import '../src/define.js';
import { elements, type ManifestEntry } from 'virtual:jig-manifest';
import { builtinCatalog } from '../src/catalog/builtin.js';
import type { CatalogEntry, ChildrenRule, JsonSchema } from '../src/catalog/catalog.js';
import { toJsonSchema } from '../src/catalog/json-schema.js';
import type { JigSurface } from '../src/surface/surface.component.js';
import { exampleLayout, typeText } from './component-examples.js';
import { el } from './panels/dom.js';

const code = (text: string) => el('code', {}, text);

function childrenText(rule: ChildrenRule): string {
  if (rule.kind === 'none') return 'No children.';
  const max = rule.max === undefined ? '' : ` (at most ${rule.max})`;
  return rule.kind === 'any' ? `Any components as children${max}.` : `Children of type ${rule.types.join(', ')}${max}.`;
}

function propsTable(entry: CatalogEntry): HTMLElement {
  const schema = toJsonSchema(entry.props);
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const rows = Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>).map(([name, s]) =>
    el(
      'tr',
      {},
      el('td', {}, code(name)),
      el('td', {}, code(typeText(s))),
      el('td', {}, required.has(name) ? 'yes' : ''),
      el('td', {}, String(s.description ?? '')),
    ),
  );
  if (!rows.length) return el('p', {}, 'No props.');
  return el(
    'table',
    {},
    el(
      'thead',
      {},
      el('tr', {}, el('th', {}, 'Prop'), el('th', {}, 'Type'), el('th', {}, 'Required'), el('th', {}, 'Description')),
    ),
    el('tbody', {}, ...rows),
  );
}

function entries(title: string, list: ManifestEntry[] | undefined): HTMLElement[] {
  if (!list?.length) return [];
  return [
    el('h3', {}, title),
    el('ul', {}, ...list.map((i) => el('li', {}, code(i.name), i.description ? ` — ${i.description}` : ''))),
  ];
}

const toc = document.querySelector('#toc')!;
const list = document.querySelector('#components')!;
for (const type of builtinCatalog.types) {
  const entry = builtinCatalog.get(type)!;
  const meta = elements[entry.tag];
  const layout = exampleLayout(builtinCatalog, type);
  const surface = document.createElement('jig-surface') as JigSurface;
  surface.actions = ['save'];
  surface.layout = layout;
  toc.append(el('a', { href: `#${type}` }, type));
  list.append(
    el(
      'section',
      { class: 'component', id: type, 'data-type': type },
      el('h2', {}, type, code(`<${entry.tag}>`)),
      el('p', {}, entry.description),
      el('h3', {}, 'Example'),
      el('div', { class: 'example' }, surface),
      el('details', {}, el('summary', {}, 'The layout document'), el('pre', {}, JSON.stringify(layout, null, 2))),
      el('h3', {}, 'Props'),
      propsTable(entry),
      el(
        'p',
        {},
        childrenText(entry.children),
        entry.parents?.length ? ` Only inside ${entry.parents.join(', ')}.` : '',
      ),
      ...entries('Events', meta?.events),
      ...entries('CSS parts', meta?.cssParts),
      ...entries('CSS custom properties', meta?.cssProperties),
      ...entries('Slots', meta?.slots),
    ),
  );
}
// Jump to the component named in the address once the sections exist.
if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
