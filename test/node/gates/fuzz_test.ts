// Seeded fuzzing of the gates: valid documents are mutated (characters flipped, text cut,
// hostile values spliced in, types swapped) and runGates must never throw, never crash inside,
// and never pass a document holding a script URL or a prototype key.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { builtinCatalog, runGates, type LayoutDocument } from '../../../src/gates/index.js';
import { assertWellFormed, seeded, validFiles } from './corpus.js';

const FORBIDDEN = ['__proto__', 'constructor', 'prototype'];

/** Script and other unsafe URLs in the spellings browsers still read, plus some safe ones. */
const URLS = [
  'javascript:alert(1)',
  'JAVASCRIPT:alert(1)',
  'JaVaScRiPt:alert(1)',
  '  javascript:alert(1)',
  '\u0001\u001fjavascript:alert(1)',
  'java\tscript:alert(1)',
  'java\nscript:alert(1)',
  'jav\r\nascript:alert(1)',
  'java\u0000script:alert(1)',
  '\tjavascript:alert(1)\n',
  'vbscript:msgbox(1)',
  'VBScript:x',
  'data:text/html,<script>alert(1)</script>',
  'data:text/html;base64,PHNjcmlwdD4=',
  'data:image/svg+xml,<svg onload=alert(1)>',
  'DATA:image/svg+xml;base64,PHN2Zz4=',
  'data:application/javascript,alert(1)',
  'file:///etc/passwd',
  'blob:https://x.example/1',
  'filesystem:https://x.example/temporary/a',
  'intent://x#Intent;end',
  '\u00a0javascript:alert(1)',
  'javascript\u200b:alert(1)',
  'javascript&colon;alert(1)',
  // safe ones keep the fuzz honest: they may pass
  'https://example.com/a?b=c#d',
  'http://example.com',
  '/relative/path',
  '../up',
  '?q=1',
  '#top',
  '//cdn.example.com/x.png',
  'mailto:a@example.com',
  'tel:+331234',
  'data:image/png;base64,iVBORw0KGgo=',
  'data:image/webp;base64,UklGRg==',
];

const SCALARS: unknown[] = [
  null,
  0,
  -1,
  1.5,
  1e308,
  '',
  'x',
  ' ',
  true,
  false,
  [],
  {},
  [1, 2],
  { $data: '/x' },
  { $data: '/__proto__/x' },
  '/__proto__',
  '/constructor/prototype',
  'a'.repeat(6000),
  'next-step',
  'javascript:alert(1)',
];
const NON_JSON: unknown[] = [
  NaN,
  Infinity,
  -Infinity,
  undefined,
  () => 1,
  Symbol('s'),
  10n,
  new Date(0),
  new Map(),
  /re/,
];
const SNIPPETS = [
  '"__proto__":{},',
  ',"constructor":{"prototype":1}',
  '"\\u005f_proto__":1,',
  '1e999',
  ']',
  '}',
  '{',
  '"',
  '\\',
  '\\u00',
  ',,',
  'null',
  '"javascript:alert(1)"',
  '[[[[[[[[[[',
  '\u0000',
  '```',
  '😀',
];
const ALPHABET = '{}[]":,\\ 0123456789abcdefxyz-_./~$\u0000\n\t€😀';

type Json = unknown;
type Rnd = () => number;
const pick = <T>(rnd: Rnd, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

/** Every container in the value with the way to reach it. */
function containers(
  v: Json,
  out: (Record<string, Json> | Json[])[] = [],
  seen = new Set<unknown>(),
): (Record<string, Json> | Json[])[] {
  if (
    v !== null &&
    typeof v === 'object' &&
    !seen.has(v) &&
    (Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype)
  ) {
    seen.add(v);
    out.push(v as Record<string, Json>);
    for (const k of Object.keys(v)) containers((v as Record<string, Json>)[k], out, seen);
  }
  return out;
}

function setOwn(o: Record<string, Json> | Json[], key: string | number, value: Json): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

function randomKey(rnd: Rnd, c: Record<string, Json> | Json[]): string | number | undefined {
  const keys = Object.keys(c);
  if (!keys.length) return undefined;
  const k = pick(rnd, keys);
  return Array.isArray(c) ? Number(k) : k;
}

/** Structured mutations of a parsed document; returns the kinds applied. */
function mutateValue(rnd: Rnd, doc: Json, allowNonJson: boolean): string[] {
  const kinds: string[] = [];
  const n = 1 + Math.floor(rnd() * 3);
  for (let i = 0; i < n; i++) {
    const all = containers(doc);
    const c = pick(rnd, all);
    const k = randomKey(rnd, c);
    const r = rnd();
    if (r < 0.2) {
      // a hostile URL where a URL goes
      const nodes = (doc as { nodes?: Json[] }).nodes;
      const withUrl = Array.isArray(nodes)
        ? nodes.filter(
            (x): x is { type: string; props: Record<string, Json> } =>
              !!x &&
              typeof x === 'object' &&
              ((x as { type?: string }).type === 'link' || (x as { type?: string }).type === 'image') &&
              !!(x as { props?: unknown }).props,
          )
        : [];
      if (withUrl.length) {
        const node = pick(rnd, withUrl);
        node.props[node.type === 'link' ? 'href' : 'src'] = pick(rnd, URLS);
        kinds.push('url');
      } else if (k !== undefined) {
        setOwn(c, k, pick(rnd, URLS));
        kinds.push('url-anywhere');
      }
    } else if (r < 0.35) {
      if (!Array.isArray(c)) {
        setOwn(c, pick(rnd, FORBIDDEN), pick(rnd, SCALARS));
        kinds.push('forbidden-key');
      }
    } else if (r < 0.6) {
      if (k !== undefined) {
        setOwn(c, k, allowNonJson && rnd() < 0.3 ? pick(rnd, NON_JSON) : pick(rnd, SCALARS));
        kinds.push('swap-type');
      }
    } else if (r < 0.7) {
      if (k !== undefined) {
        if (Array.isArray(c)) c.splice(k as number, 1);
        else delete c[k as string];
        kinds.push('delete');
      }
    } else if (r < 0.78) {
      const nodes = (doc as { nodes?: Json[] }).nodes;
      if (Array.isArray(nodes) && nodes.length) {
        const node = pick(rnd, nodes) as { type?: unknown; children?: unknown; id?: unknown };
        if (node && typeof node === 'object') {
          if (rnd() < 0.5) node.type = pick(rnd, builtinCatalog.types);
          else
            node.children = [pick(rnd, nodes) as { id?: unknown }].map((x) =>
              x && typeof x === 'object' ? x.id : 'x',
            );
          kinds.push('graph');
        }
      }
    } else if (r < 0.86) {
      if (k !== undefined) {
        let v: Json = (c as Record<string, Json>)[k as string];
        for (let d = 0; d < 70; d++) v = [v];
        setOwn(c, k, v);
        kinds.push('deep');
      }
    } else if (r < 0.93) {
      if (allowNonJson && k !== undefined) {
        setOwn(c, k, doc);
        kinds.push('cycle-ref');
      }
    } else if (k !== undefined) {
      try {
        setOwn(c, k, JSON.parse(JSON.stringify((c as Record<string, Json>)[k as string] ?? null)));
        kinds.push('copy');
      } catch {
        /* a cycle or a bigint from an earlier mutation */
      }
    }
  }
  return kinds;
}

function mutateText(rnd: Rnd, text: string): string {
  const r = rnd();
  if (r < 0.3) {
    const chars = [...text];
    const flips = 1 + Math.floor(rnd() * 4);
    for (let i = 0; i < flips; i++) chars[Math.floor(rnd() * chars.length)] = pick(rnd, [...ALPHABET]);
    return chars.join('');
  }
  if (r < 0.55) return text.slice(0, Math.floor(rnd() * text.length));
  if (r < 0.85) {
    const at = Math.floor(rnd() * text.length);
    return text.slice(0, at) + pick(rnd, SNIPPETS) + text.slice(at);
  }
  const a = Math.floor(rnd() * text.length);
  const b = Math.min(text.length, a + Math.floor(rnd() * 40));
  return text.slice(0, b) + text.slice(a, b) + text.slice(b);
}

// ---- what a passing layout may never hold (checked here independently of src/gates/policy.ts)

const ALLOWED: Record<string, readonly string[]> = {
  link: ['https:', 'http:', 'mailto:', 'tel:'],
  image: ['https:', 'http:'],
};

/** How a browser would read the URL (WHATWG parser); null when it is allowed for `kind`. */
function browserReadsUnsafe(value: string, kind: 'link' | 'image'): string | null {
  let protocol: string;
  try {
    protocol = new URL(value, 'https://jig.test/app/page').protocol;
  } catch {
    return null; // an unparsable URL goes nowhere
  }
  if (ALLOWED[kind]!.includes(protocol)) return null;
  if (
    kind === 'image' &&
    protocol === 'data:' &&
    /^data:image\/(png|jpeg|gif|webp|avif)[;,]/i.test(value.replace(/^[\u0000-\u0020]+/, '').replace(/[\t\n\r]/g, ''))
  )
    return null;
  return protocol;
}

function unsafeParts(layout: LayoutDocument): string[] {
  const found: string[] = [];
  const walk = (v: unknown, path: string) => {
    if (v === null || typeof v !== 'object') return;
    for (const k of Object.keys(v)) {
      if (FORBIDDEN.includes(k)) found.push(`forbidden key at ${path}/${k}`);
      walk((v as Record<string, unknown>)[k], `${path}/${k}`);
    }
  };
  walk(layout, '');
  layout.nodes.forEach((node, i) => {
    const entry = builtinCatalog.get(node.type);
    for (const [prop, role] of entry?.roles ?? []) {
      const v = node.props?.[prop];
      if (role.role === 'url' && typeof v === 'string') {
        const bad = browserReadsUnsafe(v, role.kind);
        if (bad) found.push(`${bad} URL at /nodes/${i}/props/${prop}: ${JSON.stringify(v)}`);
      }
      const ptr =
        role.role === 'bind'
          ? v
          : role.role === 'data' && v && typeof v === 'object'
            ? (v as { $data?: unknown }).$data
            : undefined;
      if (
        typeof ptr === 'string' &&
        ptr.split('/').some((s) => FORBIDDEN.includes(s.replace(/~1/g, '/').replace(/~0/g, '~')))
      )
        found.push(`forbidden pointer ${ptr}`);
    }
  });
  if (JSON.stringify(JSON.parse(JSON.stringify(layout))) !== JSON.stringify(layout)) found.push('not plain JSON');
  return found;
}

describe('gates under fuzzing', () => {
  test('2,500 seeded mutations: never a throw, never an internal crash, never a pass with an unsafe URL or prototype key', () => {
    const seed = 20261125;
    const rnd = seeded(seed);
    const sources = validFiles.map((f) => ({ name: f.name, text: f.text, value: runGates(f.text) }));
    const tally = { cases: 0, ok: 0, refused: 0, asObject: 0, hostile: 0, hostileRefused: 0 };
    const started = performance.now();
    // Bounded in time: on a very busy machine the loop stops early, but never below 2,000 cases.
    for (let i = 0; i < 2500 && (i < 2000 || performance.now() - started < 30_000); i++) {
      const src = pick(rnd, sources);
      assert.ok(src.value.ok);
      let input: unknown;
      let kinds: string[] = [];
      const mode = rnd();
      if (mode < 0.04) {
        // plain garbage: random characters, sometimes around a brace
        const len = Math.floor(rnd() * 200);
        input = Array.from({ length: len }, () => pick(rnd, [...ALPHABET])).join('');
        kinds = ['garbage-text'];
      } else if (mode < 0.08) {
        input = pick(rnd, [...SCALARS, ...NON_JSON]);
        kinds = ['garbage-value'];
      } else if (mode < 0.35) {
        input = mutateText(rnd, src.text);
        kinds = ['text'];
      } else {
        const doc = JSON.parse(JSON.stringify(src.value.layout)) as unknown;
        const asObject = mode >= 0.7;
        kinds = mutateValue(rnd, doc, asObject);
        if (asObject) {
          input = doc;
          tally.asObject++;
        } else {
          let text: string;
          try {
            text = JSON.stringify(doc);
          } catch {
            text = '{}';
          }
          input = rnd() < 0.2 ? `Sure, here it is:\n\`\`\`json\n${text}\n\`\`\`\nAnything else?` : text;
        }
      }
      let r: ReturnType<typeof runGates>;
      try {
        r = runGates(input);
      } catch (err) {
        assert.fail(`case ${i} (seed ${seed}, ${src.name}, ${kinds.join('+')}) threw: ${String(err)}`);
      }
      tally.cases++;
      const hostile = kinds.some((k) => k === 'forbidden-key');
      if (hostile) tally.hostile++;
      if (r.ok) {
        tally.ok++;
        assert.deepEqual(
          unsafeParts(r.layout),
          [],
          `case ${i} (seed ${seed}, ${src.name}, ${kinds.join('+')}) passed although it is unsafe`,
        );
        assert.ok(!hostile, `case ${i}: a document with a prototype key passed`);
      } else {
        tally.refused++;
        if (hostile) tally.hostileRefused++;
        assertWellFormed(r.issues, `case ${i} (${src.name}, ${kinds.join('+')})`);
        const crash = r.issues.find((x) => x.message.startsWith('the checks failed unexpectedly'));
        assert.equal(
          crash,
          undefined,
          `case ${i} (seed ${seed}, ${src.name}, ${kinds.join('+')}): a gate crashed: ${crash?.message}`,
        );
      }
    }
    assert.ok(tally.cases >= 2000);
    assert.ok(tally.ok > 50 && tally.refused > 1000, `the fuzz must exercise both verdicts: ${JSON.stringify(tally)}`);
    assert.ok(tally.asObject > 300 && tally.hostile > 100);
  });

  test('each unsafe URL, put in every link and image of every valid document, is refused as text and as an object', () => {
    let tried = 0;
    for (const f of validFiles) {
      const base = runGates(f.text);
      assert.ok(base.ok);
      base.layout.nodes.forEach((node, i) => {
        if (node.type !== 'link' && node.type !== 'image') return;
        const prop = node.type === 'link' ? 'href' : 'src';
        for (const u of URLS) {
          const doc = JSON.parse(JSON.stringify(base.layout)) as LayoutDocument;
          doc.nodes[i]!.props![prop] = u;
          const unsafe = browserReadsUnsafe(u, node.type) !== null;
          for (const input of [doc, JSON.stringify(doc)]) {
            const r = runGates(input);
            if (unsafe) {
              assert.equal(r.ok, false, `${f.name}: ${JSON.stringify(u)} in ${node.type} passed`);
              if (!r.ok)
                assert.ok(
                  r.issues.some((x) => x.code === 'unsafe_url' && x.path === `/nodes/${i}/props/${prop}`),
                  `${f.name}: ${JSON.stringify(u)}`,
                );
            }
            tried++;
          }
        }
      });
    }
    assert.ok(tried > 500, `${tried} cases`);
  });

  test('a prototype key put in any object of any valid document is refused, as text and as an object', () => {
    let tried = 0;
    for (const f of validFiles) {
      const base = runGates(f.text);
      assert.ok(base.ok);
      const count = containers(base.layout).filter((c) => !Array.isArray(c)).length;
      for (let at = 0; at < count; at++) {
        for (const key of FORBIDDEN) {
          const doc = JSON.parse(JSON.stringify(base.layout)) as LayoutDocument;
          const target = containers(doc).filter((c) => !Array.isArray(c))[at]!;
          setOwn(target, key, { isAdmin: true });
          const text = JSON.stringify(doc);
          assert.ok(text.includes(`"${key}":`));
          for (const input of [
            doc,
            text,
            text.replace(`"${key}":`, `"\\u00${key.charCodeAt(0).toString(16)}${key.slice(1)}":`),
          ]) {
            const r = runGates(input);
            assert.equal(r.ok, false, `${f.name}: "${key}" in object ${at} passed`);
            if (!r.ok)
              assert.ok(
                r.issues.some((x) => x.code === 'forbidden_key'),
                `${f.name}: "${key}" in object ${at}: ${JSON.stringify(r.issues.map((x) => x.code))}`,
              );
            tried++;
          }
        }
      }
    }
    assert.ok(tried > 1000, `${tried} cases`);
  });
});
