// The demo shell: a nav of panels, each a module with `mount(container)`, loaded on demand.
import '../src/define.js';

type PanelModule = { mount(el: HTMLElement): void | Promise<void> };
interface Panel { id: string; label: string; load: () => Promise<PanelModule> }

// Each panel is its own chunk, loaded when first shown.
const modules = import.meta.glob<PanelModule>('./panels/*.ts');
const PANELS = [
  ['gallery', 'Gallery & validator'],
  ['model', 'Browser model'],
  ['analytics', 'Analytics'],
] as const;
const panels: Panel[] = PANELS.filter(([id]) => modules[`./panels/${id}.ts`]).map(([id, label]) => ({ id, label, load: modules[`./panels/${id}.ts`]! }));

const nav = document.querySelector('#nav')!;
const main = document.querySelector<HTMLElement>('#main')!;

for (const p of panels) {
  const a = document.createElement('a');
  a.href = `#${p.id}`;
  a.textContent = p.label;
  a.dataset.panel = p.id;
  nav.append(a);
}

let shown = '';
async function route(): Promise<void> {
  const id = location.hash.slice(1) || 'gallery';
  const panel = panels.find((p) => p.id === id) ?? panels[0]!;
  if (panel.id === shown) return;
  shown = panel.id;
  for (const a of nav.querySelectorAll<HTMLAnchorElement>('a')) {
    if (a.dataset.panel === panel.id) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  main.replaceChildren();
  const section = document.createElement('section');
  section.className = 'panel';
  section.dataset.panel = panel.id;
  main.append(section);
  try {
    const mod = await panel.load();
    if (shown === panel.id) await mod.mount(section);
  } catch (err) {
    section.textContent = `This panel failed to load: ${err instanceof Error ? err.message : String(err)}`;
  }
}

window.addEventListener('hashchange', () => void route());
void route();

const root = document.documentElement;
const saved = localStorage.getItem('jig-demo-theme');
if (saved) root.dataset.theme = saved;
document.querySelector('#theme')!.addEventListener('click', () => {
  const dark = root.dataset.theme ? root.dataset.theme === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
  root.dataset.theme = dark ? 'light' : 'dark';
  localStorage.setItem('jig-demo-theme', root.dataset.theme);
});
