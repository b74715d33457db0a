// The fast path against the full path: on every corpus document and on thousands of seeded
// mutations, runGates gives exactly the verdict the full path gives, the fast path never passes a
// document the full path refuses, and it passes every one the full path passes (repeat and visible aside).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { builtinCatalog } from '../../../src/catalog/builtin.js';
import { passesFast } from '../../../src/gates/fast.js';
import { parseText } from '../../../src/gates/parse.js';
import { resolveLimits, runFullGates, runGates, type GateOptions } from '../../../src/gates/run.js';
import { makeLayout } from '../../../bench/support/layouts.js';
import { expected, invalidFiles, optionsFor, seeded, tryParse, validFiles } from './corpus.js';

type Json = unknown;
type Rnd = () => number;
const pick = <T>(rnd: Rnd, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

/** What the fast path says, for a value (or text, parsed the way the gates parse it). */
function fastSays(input: unknown, options: GateOptions = {}): boolean {
  const limits = resolveLimits(options.limits);
  let doc = input;
  if (typeof input === 'string') {
    const parsed = parseText(input, limits);
    if (!parsed.ok) return false;
    doc = parsed.value;
  }
  return passesFast(doc, options.catalog ?? builtinCatalog, limits, options, typeof input === 'string');
}

/** Nodes that use what only the full path checks (repeat, visible). */
const live = (doc: unknown) =>
  Array.isArray((doc as { nodes?: unknown }).nodes) &&
  (doc as { nodes: unknown[] }).nodes.some(
    (n) => n !== null && typeof n === 'object' && ('repeat' in n || 'visible' in n),
  );

/** The differential claim for one input: same verdict, and a fast yes only where the full path finds nothing. */
function agree(input: unknown, options: GateOptions, context: string): { fast: boolean; ok: boolean } {
  const full = runFullGates(input, options);
  const both = runGates(input, options);
  assert.deepEqual(both, full, `${context}: runGates and the full path disagree`);
  const fast = fastSays(input, options);
  // Domain rules run after the fast path in both, so the structural verdict is what it vouches for.
  const structural = options.rules ? runFullGates(input, { ...options, rules: undefined }) : full;
  if (fast)
    assert.ok(
      structural.ok,
      `${context}: the fast path passed a document the full path refuses: ${structural.ok ? '' : JSON.stringify(structural.issues.slice(0, 3))}`,
    );
  return { fast, ok: structural.ok };
}

// ---- seeded mutations, mostly small enough that the result is still nearly valid

const LENGTHS = [
  0, 1, 2, 39, 40, 41, 59, 60, 61, 64, 65, 119, 120, 121, 199, 200, 201, 256, 257, 4000, 4001, 5000, 5001,
];
const strings = (rnd: Rnd): string => {
  const n = pick(rnd, LENGTHS);
  const unit = pick(rnd, ['a', '😀', 'é', ' ', '\u0000']);
  const s = unit.repeat(n);
  return unit === '😀' ? s.slice(0, n + (rnd() < 0.5 ? 1 : 0)) : s;
};
const VALUES: Json[] = [
  null,
  true,
  false,
  0,
  -0,
  1,
  -1,
  1.5,
  3,
  4,
  5,
  6,
  7,
  12,
  13,
  1e308,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53) - 2,
  4000,
  4001,
  '',
  'x',
  'A-1_b',
  '1a',
  'a b',
  'é1',
  'a'.repeat(64),
  'a'.repeat(65),
  'row',
  'column',
  'm',
  'xl',
  'muted',
  'nope',
  'primary',
  'bar',
  'line',
  'check',
  'home',
  'zzz',
  'text',
  'email',
  '2026-02-28',
  '2026-02-30',
  '2026-13-01',
  '2024-02-29',
  '1999-1-1',
  'https://example.com/a',
  'http://x.test',
  'javascript:alert(1)',
  '/relative',
  'https:evil.example',
  'data:image/png;base64,AA==',
  'mailto:a@b.c',
  'reserve',
  'next-step',
  'bad action',
  'cart:add',
  '/guest/name',
  '/stats/a',
  '/rows',
  '/rows/0',
  '/rows/-',
  '/nope/x',
  '/__proto__/x',
  'relative',
  '/a~2b',
  [],
  [1, 2],
  ['a', 'b'],
  [{ label: 'a', value: 1 }],
  [{ key: 'k', label: 'K' }],
  [
    { value: 'a', label: 'A' },
    { value: 'a', label: 'B' },
  ],
  [{ a: 1 }, { b: null }],
  {},
  { $data: '/rows' },
  { $data: '/stats' },
  { $data: '/nope' },
  { $data: 'rel' },
  { $data: '/rows', x: 1 },
  { a: 1 },
  { label: 'L', value: 2 },
];
const KEYS = [
  'id',
  'type',
  'props',
  'children',
  'text',
  'label',
  'level',
  'tone',
  'title',
  'bind',
  'value',
  'min',
  'max',
  'step',
  'options',
  'extra',
  'data',
  'nodes',
  'root',
  'version',
  'href',
  'src',
  'alt',
  'action',
  'k'.repeat(257),
];

const value = (rnd: Rnd): Json => (rnd() < 0.3 ? strings(rnd) : structuredClone(pick(rnd, VALUES)));

function containers(v: Json, out: (Record<string, Json> | Json[])[] = []): (Record<string, Json> | Json[])[] {
  if (v !== null && typeof v === 'object') {
    out.push(v as Record<string, Json>);
    for (const k of Object.keys(v)) containers((v as Record<string, Json>)[k], out);
  }
  return out;
}

function mutate(rnd: Rnd, doc: Record<string, Json>): string {
  const nodes = Array.isArray(doc.nodes)
    ? (doc.nodes as Json[]).filter(
        (n): n is Record<string, Json> => n !== null && typeof n === 'object' && !Array.isArray(n),
      )
    : [];
  const node = nodes.length ? pick(rnd, nodes) : undefined;
  const r = rnd();
  if (r < 0.35 && node && node.props && typeof node.props === 'object') {
    // a prop's value: the commonest way a model goes wrong, and the one the compiled checks judge
    const props = node.props as Record<string, Json>;
    const keys = Object.keys(props);
    const key = keys.length && rnd() < 0.85 ? pick(rnd, keys) : pick(rnd, KEYS);
    if (rnd() < 0.1) delete props[key];
    else props[key] = value(rnd);
    return `prop ${key}`;
  }
  if (r < 0.55) {
    const all = containers(doc);
    const c = pick(rnd, all);
    const keys = Object.keys(c);
    if (!keys.length) return 'none';
    const k = pick(rnd, keys);
    if (Array.isArray(c)) {
      if (rnd() < 0.3) c.splice(Number(k), 1);
      else c[Number(k)] = value(rnd);
    } else if (rnd() < 0.2) delete c[k];
    else c[k] = value(rnd);
    return 'anywhere';
  }
  if (r < 0.65) {
    const all = containers(doc).filter((c) => !Array.isArray(c)) as Record<string, Json>[];
    pick(rnd, all)[pick(rnd, KEYS)] = value(rnd);
    return 'add key';
  }
  if (r < 0.85 && node) {
    // the graph: children, ids, types, node order
    const other = pick(rnd, nodes);
    const g = rnd();
    if (g < 0.25) node.children = [...(Array.isArray(node.children) ? node.children : []), other.id];
    else if (g < 0.4) node.id = other.id;
    else if (g < 0.6) node.type = pick(rnd, builtinCatalog.types);
    else if (g < 0.7) doc.root = other.id;
    else if (g < 0.8) (doc.nodes as Json[]).push(structuredClone(other));
    else if (g < 0.9) (doc.nodes as Json[]).splice((doc.nodes as Json[]).indexOf(node), 1);
    else if (Array.isArray(node.children)) node.children.reverse();
    return 'graph';
  }
  if (doc.data && typeof doc.data === 'object') {
    const all = containers(doc.data);
    const c = pick(rnd, all);
    const keys = Object.keys(c);
    if (keys.length) {
      const k = pick(rnd, keys);
      if (rnd() < 0.3) delete (c as Record<string, Json>)[k];
      else (c as Record<string, Json>)[k] = value(rnd);
    }
    return 'data';
  }
  doc.title = value(rnd);
  return 'title';
}

describe('fast path and full path', () => {
  test("every valid corpus document passes the fast path, as text and as an object, with the full path's verdict", () => {
    let fastYes = 0;
    for (const f of validFiles) {
      for (const input of [f.text, tryParse(f.text).ok ? JSON.parse(f.text) : undefined]) {
        if (input === undefined) continue;
        const { fast, ok } = agree(input, {}, f.name);
        assert.ok(ok, `${f.name} is a valid document`);
        const doc = typeof input === 'string' ? runGates(input) : { ok: true, layout: input };
        if (!live(doc.ok ? doc.layout : undefined))
          assert.ok(fast, `${f.name}: the fast path sent a valid document to the full path`);
        if (fast) fastYes++;
      }
    }
    assert.ok(fastYes >= validFiles.length, `${fastYes} fast passes`);
  });

  test("every invalid corpus document gets exactly the full path's issues, and the fast path never passes one", () => {
    let refused = 0;
    for (const f of invalidFiles) {
      const e = expected[f.name] ?? { issues: [] };
      const options = optionsFor(e);
      const inputs: unknown[] = [f.text];
      const parsed = tryParse(f.text);
      if (parsed.ok) inputs.push(parsed.value);
      for (const input of inputs) {
        const { fast } = agree(input, options, f.name);
        const verdict = runGates(input, options);
        if (!verdict.ok) {
          refused++;
          assert.ok(!fast || options.rules, `${f.name}: refused, yet the fast path said yes`);
        }
      }
    }
    assert.ok(refused >= invalidFiles.length, `${refused} refusals`);
  });

  test('3,000 seeded mutations of valid documents: same verdict both ways, and a fast yes exactly when the full path passes', () => {
    const seed = 20261205;
    const rnd = seeded(seed);
    const sources = [
      ...validFiles
        .map((f) => runGates(f.text))
        .filter((r) => r.ok)
        .map((r) => r.ok && r.layout),
      makeLayout(60),
    ];
    const tally = { cases: 0, fastYes: 0, fullOk: 0, refused: 0, asText: 0 };
    for (let i = 0; i < 3000; i++) {
      const doc = structuredClone(pick(rnd, sources)) as unknown as Record<string, Json>;
      const kinds: string[] = [];
      const n = 1 + Math.floor(rnd() * 2);
      for (let m = 0; m < n; m++) kinds.push(mutate(rnd, doc));
      const asText = rnd() < 0.3;
      const input = asText ? JSON.stringify(doc) : doc;
      if (asText) tally.asText++;
      const actions = rnd() < 0.2 ? { actions: ['reserve', 'save'] } : {};
      const context = `case ${i} (seed ${seed}, ${kinds.join(' + ')})`;
      const { fast, ok } = agree(input, actions, context);
      tally.cases++;
      if (fast) tally.fastYes++;
      if (ok) tally.fullOk++;
      else tally.refused++;
      if (ok && !live(doc))
        assert.ok(
          fast,
          `${context}: the full path passes it, the fast path did not: ${JSON.stringify(doc).slice(0, 400)}`,
        );
    }
    // Both verdicts must be well exercised, or the claims above would hold for an empty reason.
    assert.ok(tally.fullOk > 400 && tally.refused > 1000 && tally.asText > 600, JSON.stringify(tally));
  });

  test("limits and the host's actions reach the fast path: a document just over a limit goes the full way and is refused", () => {
    const doc = makeLayout(50);
    const cases: [GateOptions, string][] = [
      [{ limits: { maxNodes: 49 } }, 'too_many_nodes'],
      [{ limits: { maxTreeDepth: 2 } }, 'tree_too_deep'],
      [{ limits: { maxStringLength: 40 } }, 'string_too_long'],
      [{ limits: { maxKeyLength: 3 } }, 'key_too_long'],
      [{ limits: { maxJsonDepth: 4 } }, 'too_deep'],
      [{ limits: { maxBytes: 2000 } }, 'too_large'],
      [{ limits: { maxChildren: 3 } }, 'too_many_nodes'],
      [{ actions: ['book'] }, 'unknown_action'],
    ];
    assert.ok(fastSays(doc), 'the layout passes with the defaults');
    for (const [options, code] of cases) {
      for (const input of [doc, JSON.stringify(doc)]) {
        assert.equal(fastSays(input, options), false, `${JSON.stringify(options)}: the fast path said yes`);
        const r = runGates(input, options);
        assert.ok(
          !r.ok && r.issues.some((x) => x.code === code),
          `${JSON.stringify(options)}: expected ${code}, got ${r.ok ? 'a pass' : r.issues.map((x) => x.code).join(', ')}`,
        );
      }
    }
  });

  test('what the fast path cannot vouch for goes the full way: class instances, cycles, non-finite numbers, getters that throw', () => {
    const base = () => makeLayout(12) as unknown as Record<string, Json>;
    const withCycle = base();
    (withCycle.data as Record<string, Json>).self = withCycle.data;
    const withDate = base();
    (withDate.data as Record<string, Json>).when = new Date(0);
    const withNaN = base();
    (withNaN.data as Record<string, Json>).n = NaN;
    const withGetter = base();
    Object.defineProperty(withGetter.data, 'boom', {
      enumerable: true,
      get() {
        throw new Error('getter');
      },
    });
    for (const [name, doc] of [
      ['cycle', withCycle],
      ['class instance', withDate],
      ['NaN', withNaN],
      ['throwing getter', withGetter],
    ] as const) {
      assert.equal(fastSays(doc), false, name);
      assert.equal(runGates(doc).ok, false, name);
    }
  });

  test('the gates run where a strict CSP forbids eval: no string ever becomes code, and the verdicts stay the same', () => {
    // A child Node that refuses code generation (as a page with script-src without 'unsafe-eval'),
    // with eval and Function replaced by recorders: a library that probes for eval and quietly
    // takes a slower road would still be caught trying.
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    const code = `
      const tried = [];
      const RealFunction = globalThis.Function;
      globalThis.Function = new Proxy(RealFunction, { construct(t, args) { tried.push('new Function'); return Reflect.construct(t, args); }, apply(t, self, args) { tried.push('Function()'); return Reflect.apply(t, self, args); } });
      const realEval = globalThis.eval;
      globalThis.eval = (src) => { tried.push('eval'); return realEval(src); };
      const { runGates, runFullGates } = await import('./src/gates/run.ts');
      const { builtinCatalog } = await import('./src/catalog/builtin.ts');
      const { validFiles, invalidFiles } = await import('./test/node/gates/corpus.ts');
      const { makeLayout } = await import('./bench/support/layouts.ts');
      const custom = builtinCatalog.narrow({ exclude: ['image'] });
      let passed = 0, refused = 0, differ = 0;
      for (const f of [...validFiles, ...invalidFiles]) {
        for (const input of [f.text, (() => { try { return JSON.parse(f.text); } catch { return undefined; } })()]) {
          if (input === undefined) continue;
          for (const catalog of [builtinCatalog, custom]) {
            const r = runGates(input, { catalog });
            if (JSON.stringify(r) !== JSON.stringify(runFullGates(input, { catalog }))) differ++;
            if (r.ok) passed++; else refused++;
          }
        }
      }
      if (runGates(makeLayout(500)).ok) passed++;
      process.stdout.write(JSON.stringify({ tried, passed, refused, differ }));
    `;
    const r = spawnSync(
      process.execPath,
      ['--disallow-code-generation-from-strings', '--import', 'tsx', '--input-type=module', '-e', code],
      { cwd: root, encoding: 'utf8', timeout: 120_000 },
    );
    assert.equal(r.status, 0, r.stderr.slice(-2000));
    const out = JSON.parse(r.stdout) as { tried: string[]; passed: number; refused: number; differ: number };
    assert.deepEqual(out.tried, [], 'something tried to turn a string into code');
    assert.equal(out.differ, 0);
    assert.ok(out.passed > 2 * validFiles.length && out.refused > invalidFiles.length, JSON.stringify(out));
  });
});
