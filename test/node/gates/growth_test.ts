// Hostile shapes at their largest size (bench/support/growth-cases.ts, 16× the base): every gate
// answers with the verdict the shape calls for, the fast path agrees with the full path, and a
// verdict never lists more than MAX_ISSUES issues plus the one that counts the rest. How the time
// grows from n to 16n is a figure in `npm run bench -- growth`, not a test: CI machines are loaded.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ISSUE_CODES } from '../../../src/gates/codes.js';
import { MAX_ISSUES, runFullGates, runGates } from '../../../src/gates/run.js';
import { CASES, SCALE } from '../../../bench/support/growth-cases.js';

/** The codes each shape must be refused with at 16× (none: it passes). */
const EXPECTED: Record<string, string[]> = {
  'repeated code-fence openers': ['no_json_object'],
  'code-fence openers that never close': ['no_json_object'],
  'bare code-fence openers that never close': ['invalid_json'],
  'code-fence openers, then a document': [],
  'fence openers without newlines': ['no_json_object'],
  'fences opened and closed, no document': ['no_json_object'],
  'unbalanced open braces': ['invalid_json'],
  'brace pairs in chatter': ['invalid_json'],
  'open braces each followed by junk': ['invalid_json'],
  'unclosed strings after braces': ['invalid_json'],
  'close braces': [],
  'quotes in a string': ['invalid_prop'],
  'whitespace before the document': [],
  'whitespace between tokens': [],
  'unicode escapes': ['invalid_prop'],
  'backslash escapes': ['invalid_prop'],
  'a long number': [],
  'a long number that overflows': ['not_json'],
  'a long malformed number': ['invalid_json'],
  'deep arrays within the depth limit': [],
  'arrays nested past the depth limit': ['too_deep'],
  'many keys in data': [],
  'many duplicate keys': ['duplicate_key'],
  'long strings in data': [],
  '2 MB of model text: fence openers': ['no_json_object'],
  '2 MB of model text: fence openers with braces': ['invalid_json'],
  '2 MB of model text: chatter braces': ['invalid_json'],
  '2 MB of model text: nested chatter braces': ['invalid_json'],
  '2 MB of model text: open braces': ['invalid_json'],
  '2 MB of model text: quotes in chatter': ['invalid_json'],
  '2 MB of model text: spaces after a brace': ['invalid_json'],
  '2 MB of model text: an unclosed string of escaped quotes': ['invalid_json'],
  'a link that is a long run of spaces': ['invalid_prop'],
  'an image URL of controls around text': ['invalid_prop'],
  'links with long runs of spaces': ['invalid_prop'],
  'images with long runs of controls': ['invalid_prop'],
  'long pointers with many tildes': ['bad_pointer'],
  'many valid nodes': [],
  'a chain of nodes': [],
  'an unreachable chain': ['issues_truncated', 'unreachable'],
  'a cycle of nodes': ['cycle', 'issues_truncated'],
  'one child listed many times': ['issues_truncated', 'multiple_parents'],
  'many unknown types': ['issues_truncated', 'unknown_type'],
  'many inputs binding into data': ['too_many_children'],
  'many inputs sharing one pointer': ['issues_truncated', 'too_many_children', 'type_mismatch'],
  'tables reading large data rows': ['data_limit', 'type_mismatch'],
  'selects with many options': ['duplicate_option', 'issues_truncated'],
  'many inputs writing into data that charts show': [
    'bind_conflict',
    'data_limit',
    'issues_truncated',
    'too_many_children',
  ],
  'inputs binding past the ends of arrays': ['bad_array_index', 'issues_truncated', 'too_many_children'],
  'many over-long keys in data': ['issues_truncated', 'key_too_long'],
  'date fields with impossible dates and ranges': ['impossible_date', 'issues_truncated', 'too_many_children'],
  'many issues (bad ids, props, urls)': ['issues_truncated', 'missing_key'],
  'many over-long strings': ['issues_truncated', 'string_too_long'],
  'many valid nodes as an object': [],
  'many keys in data as an object': [],
};

const POINTER = /^(\/([^~]|~[01])*)*$/;

describe('hostile shapes at 16× their base size', () => {
  test('every shape has an expected verdict, and every expected verdict a shape', () => {
    assert.deepEqual(CASES.map((c) => c.name).sort(), Object.keys(EXPECTED).sort());
  });

  for (const c of CASES) {
    test(`${c.name}: ${EXPECTED[c.name]?.length ? `refused (${EXPECTED[c.name]!.join(', ')})` : 'passes'}, on both paths`, () => {
      const input = c.make(c.base * SCALE.at(-1)!);
      const fast = runGates(input, c.options);
      const full = runFullGates(input, c.options);
      const codes = (r: typeof fast) => (r.ok ? [] : [...new Set(r.issues.map((i) => i.code))].sort());
      assert.deepEqual(codes(fast), EXPECTED[c.name], fast.ok ? 'passed' : JSON.stringify(fast.issues.slice(0, 3)));
      assert.equal(fast.ok, full.ok, 'the fast path and the full path disagree');
      assert.deepEqual(codes(full), codes(fast));
      if (fast.ok) return;
      assert.ok(fast.issues.length <= MAX_ISSUES + 1, `${fast.issues.length} issues in one verdict`);
      for (const i of fast.issues) {
        assert.ok(i.code in ISSUE_CODES, `unknown code ${i.code}`);
        assert.equal(i.gate, ISSUE_CODES[i.code as keyof typeof ISSUE_CODES].gate, `${i.code} from gate ${i.gate}`);
        assert.match(i.path, POINTER, `${i.code} at ${JSON.stringify(i.path)}`);
        assert.ok(i.message.length > 0);
      }
    });
  }

  test('the largest inputs of cases without lifted limits stay under the default byte limit, so the defaults are what is measured', () => {
    for (const c of CASES) {
      if (c.options?.limits?.maxBytes) continue;
      const input = c.make(c.base * SCALE.at(-1)!);
      const size = typeof input === 'string' ? input.length : JSON.stringify(input).length;
      assert.ok(size <= 512 * 1024, `${c.name}: ${size} characters at 16×`);
    }
  });
});
