// The Custom Elements Manifest and VS Code's HTML custom data, made from the components' sources
// and JSDoc (@summary @event @csspart @cssproperty @slot), so a new component appears by itself.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { create, ts } from '@custom-elements-manifest/analyzer';
import { litPlugin } from '@custom-elements-manifest/analyzer/src/features/framework-plugins/lit/lit.js';

const root = new URL('..', import.meta.url).pathname;

function sources(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('_test.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

const INLINE_TAG = /\s@(cssproperty|csspart|slot|event)\s+/;
const FIELD = { cssproperty: 'cssProperties', csspart: 'cssParts', slot: 'slots', event: 'events' };

/** `@cssproperty --a - A. @cssproperty --b - B.` on one line reads as one entry: split it. */
function splitInlineTags(decl) {
  for (const field of Object.values(FIELD)) {
    for (const entry of [...(decl[field] ?? [])]) {
      // split() with a capture group gives [own text, tag, "name - text", tag, "name - text", …].
      const [own, ...rest] = (entry.description ?? '').split(INLINE_TAG);
      entry.description = own.trim();
      for (let i = 0; i < rest.length; i += 2) {
        const [, name = '', description = ''] = /^(\S+)(?:\s+-\s+)?([\s\S]*)$/.exec(rest[i + 1]) ?? [];
        (decl[FIELD[rest[i]]] ??= []).push({ description: description.trim(), name });
      }
    }
  }
}

/** Tags are registered as `JigText.define('jig-text')` or `defineElement('jig-trace', JigTrace)`. */
const DEFINE = /\b(?:(Jig\w+)\.define\('(jig-[\w-]+)'\)|defineElement\('(jig-[\w-]+)', (Jig\w+)\))/g;

/** The definitions the analyzer finds only in `customElements.define(…)` calls: each tag on its class, and the module's export. */
function addDefinitions(manifest) {
  const byName = new Map(manifest.modules.flatMap((m) => (m.declarations ?? []).map((d) => [d.name, d])));
  for (const mod of manifest.modules) {
    const source = readFileSync(join(root, mod.path), 'utf8');
    for (const m of source.matchAll(DEFINE)) {
      const [name, tag] = m[1] ? [m[1], m[2]] : [m[4], m[3]];
      const from = new RegExp(`import \\{[^}]*\\b${name}\\b[^}]*\\} from '(\\.[^']+)'`).exec(source)?.[1];
      const decl = byName.get(name);
      if (decl) Object.assign(decl, { tagName: tag, customElement: true });
      (mod.exports ??= []).push({
        kind: 'custom-element-definition',
        name: tag,
        declaration: { name, module: from ? `/${posix.join(posix.dirname(mod.path), from)}` : mod.path },
      });
    }
  }
}

/** The manifest, as `custom-elements.json` holds it. */
export function componentManifest() {
  const files = [...sources(join(root, 'components')), ...sources(join(root, 'src/surface'))]
    .filter((f) => !f.endsWith('components/index.ts'))
    .sort();
  const modules = files.map((f) =>
    ts.createSourceFile(relative(root, f), readFileSync(f, 'utf8'), ts.ScriptTarget.ES2022, true),
  );
  const manifest = create({ modules, plugins: litPlugin(), context: { dev: false } });
  addDefinitions(manifest);
  for (const mod of manifest.modules) {
    const source = readFileSync(join(root, mod.path), 'utf8');
    for (const decl of mod.declarations ?? []) {
      if (!decl.customElement) continue;
      // A base class is not an element of its own.
      if (!decl.tagName) {
        delete decl.customElement;
        continue;
      }
      splitInlineTags(decl);
      // Private fields are no one's business outside the class. Inherited members are objects
      // shared between classes: copy before changing one.
      decl.members = decl.members
        ?.filter((m) => m.privacy !== 'private' && !m.name.startsWith('#'))
        .map((m) => ({ ...m, ...(m.type ? { type: { ...m.type } } : {}) }));
      // `props` is typed by the base class's parameter: name the component's own props type.
      const propsType = new RegExp(`class ${decl.name} extends \\w+<(\\w+)>`).exec(source)?.[1];
      const props = decl.members?.find((m) => m.name === 'props');
      if (propsType && props?.type) props.type.text = propsType;
    }
  }
  return manifest;
}

/** Every element the manifest declares, by tag. */
export function elements(manifest) {
  return manifest.modules
    .flatMap((m) => m.declarations ?? [])
    .filter((d) => d.customElement && d.tagName)
    .sort((a, b) => a.tagName.localeCompare(b.tagName));
}

/** VS Code's HTML custom data (`html.customData`): tags with their summary, attributes, events and parts. */
export function vscodeData(manifest) {
  const list = (title, items) =>
    items?.length
      ? `\n\n**${title}:** ${items.map((i) => `\`${i.name}\`${i.description ? ` — ${i.description}` : ''}`).join('; ')}`
      : '';
  return {
    version: 1.1,
    tags: elements(manifest).map((d) => ({
      name: d.tagName,
      description: `${d.summary ?? d.description ?? ''}${list('Events', d.events)}${list('CSS parts', d.cssParts)}${list('CSS properties', d.cssProperties)}${list('Slots', d.slots)}`,
      attributes: (d.attributes ?? []).map((a) => ({
        name: a.name,
        description: `${a.description ?? ''}${a.type?.text ? ` (${a.type.text})` : ''}`.trim(),
      })),
    })),
  };
}

export async function writeEditorData() {
  const manifest = componentManifest();
  writeFileSync(join(root, 'custom-elements.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(root, 'vscode.html-custom-data.json'), `${JSON.stringify(vscodeData(manifest), null, 2)}\n`);
  console.log(`build: custom-elements.json and vscode.html-custom-data.json (${elements(manifest).length} elements)`);
}

if (import.meta.url === `file://${process.argv[1]}`) await writeEditorData();
