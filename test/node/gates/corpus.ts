// Loads the layout corpus in test/fixtures/layouts and gives the gate tests a few shared tools:
// a seeded random source, an own-property JSON Pointer resolver and the site rules the corpus names.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  GATES,
  ISSUE_CODES,
  requireInput,
  type DomainRule,
  type GateOptions,
  type Issue,
  type Limits,
} from '../../../src/gates/index.js';
import { requirementRule } from '../../../src/line/requirements.js';

export const CORPUS_DIR = fileURLToPath(new URL('../../fixtures/layouts/', import.meta.url));

export interface CorpusFile {
  name: string;
  path: string;
  text: string;
}

function load(sub: 'valid' | 'invalid'): CorpusFile[] {
  const dir = CORPUS_DIR + sub + '/';
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json') || name.endsWith('.txt'))
    .sort()
    .map((name) => ({ name, path: dir + name, text: readFileSync(dir + name, 'utf8') }));
}

export const validFiles = load('valid');
export const invalidFiles = load('invalid');

export interface ExpectedIssue {
  gate: string;
  code: string;
  path?: string;
}
export interface Expectation {
  issues: ExpectedIssue[];
  /** "object": the file is JSON.parse()d and handed over as a value. */
  input?: 'object';
  /** Codes that must not appear (a wrong diagnosis would mislead a repair). */
  absent?: string[];
  options?: { limits?: Partial<Limits>; actions?: string[]; rules?: string[] };
}

export const expected: Record<string, Expectation> = (
  JSON.parse(readFileSync(CORPUS_DIR + 'expected.json', 'utf8')) as { files: Record<string, Expectation> }
).files;

/** The site rules expected.json refers to by name. */
export const namedRules: Record<string, DomainRule> = {
  'reserve-needs-email': requireInput('reserve-needs-email', {
    formAction: 'reserve',
    type: 'text-field',
    inputType: 'email',
  }),
  'title-not-placeholder': {
    name: 'title-not-placeholder',
    check: (layout) => (layout.title === 'Untitled' ? [{ path: '/title', message: 'give the page a real title' }] : []),
  },
  // A class requirement from a line config's routing (src/line/requirements.ts), as the line runs it.
  'reserve-needs-date': requirementRule('reserve', [{ type: 'date-field' }]),
  throws: {
    name: 'throws',
    check: () => {
      throw new Error('rule bug: cannot read properties of undefined');
    },
  },
};

export function optionsFor(e: Expectation): GateOptions {
  const o = e.options ?? {};
  const rules = o.rules?.map((r) => {
    const rule = namedRules[r];
    if (!rule) throw new Error(`expected.json names an unknown rule "${r}"`);
    return rule;
  });
  return {
    ...(o.limits ? { limits: o.limits } : {}),
    ...(o.actions ? { actions: o.actions } : {}),
    ...(rules ? { rules } : {}),
  };
}

/** JSON.parse, or undefined when the text is not one JSON value. */
export function tryParse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

const own = (o: object, k: string) => Object.hasOwn(o, k);

/** Resolves a JSON Pointer through own properties only; written here, apart from src/layout/pointer.ts. */
export function resolvePointer(doc: unknown, pointer: string): { found: boolean; value?: unknown } {
  if (pointer === '') return { found: true, value: doc };
  if (!pointer.startsWith('/')) return { found: false };
  let cur: unknown = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) {
      if (!/^(0|[1-9][0-9]*)$/.test(seg) || Number(seg) >= cur.length) return { found: false };
      cur = cur[Number(seg)];
    } else if (cur !== null && typeof cur === 'object' && own(cur, seg)) {
      cur = (cur as Record<string, unknown>)[seg];
    } else return { found: false };
  }
  return { found: true, value: cur };
}

/** Well-formed per RFC 6901: '' or "/"-led segments where "~" is followed by 0 or 1. */
export const POINTER_SYNTAX = /^(\/([^~/]|~[01])*)*$/;

/** The pointer of the parent of a pointer ('' for a top-level member). */
export function parentPointer(pointer: string): string {
  return pointer.slice(0, pointer.lastIndexOf('/'));
}

/** A seeded generator so every failure can be replayed. */
export { seededRandom as seeded } from '../../../src/util/random.js';

/** Every issue is data a person and a model can act on. */
export function assertWellFormed(issues: readonly Issue[], context: string): void {
  assert.ok(issues.length > 0, `${context}: a refusal lists at least one issue`);
  for (const i of issues) {
    assert.deepEqual(Object.keys(i).sort(), ['code', 'gate', 'message', 'path'], `${context}: issue keys`);
    assert.ok((GATES as readonly string[]).includes(i.gate), `${context}: unknown gate ${i.gate}`);
    assert.equal(typeof i.code, 'string');
    assert.ok(i.code.length > 0, `${context}: empty code`);
    if (i.gate !== 'domain') {
      const def = ISSUE_CODES[i.code as keyof typeof ISSUE_CODES];
      assert.ok(def, `${context}: code ${i.code} is not in ISSUE_CODES`);
      assert.equal(i.gate, def.gate, `${context}: ${i.code} belongs to the ${def.gate} gate`);
    }
    assert.equal(typeof i.message, 'string');
    assert.ok(i.message.trim().length > 0, `${context}: ${i.code} has an empty message`);
    assert.match(i.path, POINTER_SYNTAX, `${context}: ${i.code} path ${JSON.stringify(i.path)} is not a JSON Pointer`);
  }
}
