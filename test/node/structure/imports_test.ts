// The shape of Jig's source as imports: no module reaches itself through others, and the data
// core (events, gates, catalog, layout) — which also runs in workers and on the server — never loads DOM code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ObservedDetails } from '../../../src/events/observe.js';
import type { JigActionDetail, JigEditDetail, JigRenderDetail } from '../../../src/surface/events.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.ts$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/**
 * Relative imports that load code at run time: `import type` and `export type` are erased and left
 * out, unless `types` asks for them too (the data core may not even name a DOM module's types).
 */
export function runtimeImports(text: string, types = false): string[] {
  const out: string[] = [];
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  for (const m of code.matchAll(
    /^\s*(import|export)\s+(type\s+)?(?:([^'";]*?)\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]/gm,
  )) {
    if (m[2] && !types) continue;
    const names = /^\{([^}]*)\}$/.exec(m[3]?.trim() ?? '')?.[1];
    if (
      !types &&
      names
        ?.split(',')
        .map((n) => n.trim())
        .filter(Boolean)
        .every((n) => n.startsWith('type '))
    )
      continue;
    out.push(m[4]!);
  }
  for (const m of code.matchAll(/import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g)) out.push(m[1]!);
  for (const m of code.matchAll(/new URL\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*,\s*import\.meta\.url/g)) out.push(m[1]!);
  return out;
}

function graph(dirs: string[], types = false): Map<string, string[]> {
  const files = dirs.flatMap((d) => sources(join(ROOT, d)));
  const known = new Set(files);
  const g = new Map<string, string[]>();
  for (const file of files) {
    const edges = runtimeImports(readFileSync(file, 'utf8'), types)
      .map((spec) => resolve(dirname(file), spec.replace(/\.js$/, '.ts')))
      .filter((p) => known.has(p));
    g.set(file, edges);
  }
  return g;
}

/** Every cycle's path, found by depth-first search (each cycle reported once, from where it was entered). */
export function cycles(g: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string) => {
    state.set(n, 'open');
    stack.push(n);
    for (const m of g.get(n) ?? []) {
      if (state.get(m) === 'open') found.push([...stack.slice(stack.indexOf(m)), m]);
      else if (!state.has(m)) visit(m);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const n of g.keys()) if (!state.has(n)) visit(n);
  return found;
}

const rel = (p: string) => relative(ROOT, p);

test('the walker finds a cycle and skips type-only imports', () => {
  assert.deepEqual(
    cycles(
      new Map([
        ['a', ['b']],
        ['b', ['c']],
        ['c', ['a']],
        ['d', ['a']],
      ]),
    ),
    [['a', 'b', 'c', 'a']],
  );
  assert.deepEqual(
    cycles(
      new Map([
        ['a', ['b']],
        ['b', []],
      ]),
    ),
    [],
  );
  assert.deepEqual(
    runtimeImports(
      `import type { X } from './x.js';\nimport { type Y } from './y.js';\nimport { z } from './z.js';\nexport * from './w.js';\nconst m = await import('./lazy.js');`,
    ),
    ['./z.js', './w.js', './lazy.js'],
  );
  assert.deepEqual(runtimeImports(`import type { X } from './x.js';\nimport { type Y } from './y.js';`, true), [
    './x.js',
    './y.js',
  ]);
});

// The observer in events/ reads the surface's event details by shape; the surface's details must fit it.
const fits = (d: {
  'jig-render': JigRenderDetail;
  'jig-action': JigActionDetail;
  'jig-edit': JigEditDetail;
}): ObservedDetails => d;
void fits;

test('no import circles in src/ and components/', () => {
  const found = cycles(graph(['src', 'components'])).map((c) => c.map(rel).join(' → '));
  assert.deepEqual(found, []);
});

test('the data core (events, gates, catalog, layout) imports no DOM, surface, line or component module, not even types', () => {
  const core = ['src/events', 'src/gates', 'src/catalog', 'src/layout'];
  const g = graph(['src', 'components'], true);
  const bad: string[] = [];
  for (const [file, edges] of g) {
    if (!core.some((d) => rel(file).startsWith(d + '/'))) continue;
    for (const to of edges) {
      const r = rel(to);
      if (/^(src\/surface|src\/line|components)\//.test(r)) bad.push(`${rel(file)} → ${r}`);
    }
  }
  assert.deepEqual(bad, []);
});
