// The demo shell: the station status strip, a nav of views — the clinic booking story first,
// then each part of Jig in its own panel (`mount(container)`, loaded on demand) — and the theme.
import '../src/define.js';
import { runtime, stationFacts } from './scenario/runtime.js';

type PanelModule = { mount(el: HTMLElement): void | Promise<void> };
interface Panel {
  id: string;
  label: string;
  load: () => Promise<PanelModule>;
}

// Each panel is its own chunk, loaded when first shown; a panel still being written is left out.
const modules = import.meta.glob<PanelModule>('./panels/*.ts');
const PANELS = [
  ['line', 'Production line'],
  ['model', 'Browser model'],
  ['analytics', 'Analytics'],
  ['tuning', 'Line versions'],
  ['gallery', 'Gallery & validator'],
  ['live', 'Live dashboard'],
  ['interop', 'A2UI & json-render'],
] as const;
const panels: Panel[] = [
  { id: 'clinic', label: 'Clinic booking', load: () => import('./scenario/scenario.js') },
  ...PANELS.filter(([id]) => modules[`./panels/${id}.ts`]).map(([id, label]) => ({
    id,
    label,
    load: modules[`./panels/${id}.ts`]!,
  })),
];

const nav = document.querySelector('#nav')!;
const main = document.querySelector<HTMLElement>('#main')!;
const strip = document.querySelector<HTMLElement>('#stations')!;

for (const p of panels) {
  const a = document.createElement('a');
  a.href = `#${p.id}`;
  a.textContent = p.label;
  a.dataset.panel = p.id;
  nav.append(a);
}
// The components reference is a page of its own.
nav.append(Object.assign(document.createElement('a'), { href: './components.html', textContent: 'Components' }));

let shown = '';
async function route(): Promise<void> {
  const id = location.hash.slice(1) || 'clinic';
  const panel = panels.find((p) => p.id === id) ?? panels[0]!;
  if (panel.id === shown) return;
  shown = panel.id;
  for (const a of nav.querySelectorAll<HTMLAnchorElement>('a')) {
    if (a.dataset.panel === panel.id) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
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

// Which stations this browser and this server offer, and why: read once, updated when a premium
// answer says more than /healthz did.
void runtime()
  .then(
    (rt) => {
      const paint = () => {
        strip.replaceChildren(
          ...stationFacts(rt).map((f) => {
            const li = document.createElement('li');
            li.dataset.station = f.station;
            li.dataset.ok = String(f.ok);
            const name = document.createElement('strong');
            name.textContent = f.station;
            li.append(name, ` ${f.text}`);
            return li;
          }),
        );
        strip.setAttribute('aria-busy', 'false');
      };
      paint();
      rt.onChange(paint);
    },
    (err: unknown) => {
      strip.textContent = `Could not read this browser's capabilities: ${err instanceof Error ? err.message : String(err)}`;
    },
  )
  .finally(() => {
    // Views mount once the strip is painted, so it never pushes a view down after it showed.
    document.body.classList.add('ready');
    void route();
  });

// Three states, and the button says which: light, dark, or following the system's setting.
const THEMES = ['system', 'light', 'dark'] as const;
type Theme = (typeof THEMES)[number];
const root = document.documentElement;
const toggle = document.querySelector<HTMLButtonElement>('#theme')!;
const applyTheme = (t: Theme) => {
  if (t === 'system') delete root.dataset.theme;
  else root.dataset.theme = t;
  toggle.textContent = `Theme: ${t === 'system' ? 'System' : t === 'light' ? 'Light' : 'Dark'}`;
  toggle.dataset.theme = t;
};
const saved = localStorage.getItem('jig-demo-theme');
let theme: Theme = (THEMES as readonly string[]).includes(saved ?? '') ? (saved as Theme) : 'system';
applyTheme(theme);
toggle.addEventListener('click', () => {
  theme = THEMES[(THEMES.indexOf(theme) + 1) % THEMES.length]!;
  if (theme === 'system') localStorage.removeItem('jig-demo-theme');
  else localStorage.setItem('jig-demo-theme', theme);
  applyTheme(theme);
});

// The skip link moves focus to the view without touching the hash (the hash names the view).
document.querySelector('.skip-link')!.addEventListener('click', (e) => {
  e.preventDefault();
  const target = main.querySelector<HTMLElement>('h1, h2') ?? main;
  if (target !== main) target.tabIndex = -1;
  target.focus();
});
