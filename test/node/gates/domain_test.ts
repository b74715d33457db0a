// Gate 7, domain: a site's own rules run on documents that passed the other gates; a rule that
// throws or misbehaves fails the layout (rule_crashed), never lets it through. And repair prompts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  formatIssues,
  repairPrompt,
  requireInput,
  runGates,
  type DomainRule,
  type Issue,
  type LayoutDocument,
} from '../../../src/gates/index.js';
import { expected, invalidFiles, validFiles } from './corpus.js';

const file = (name: string) => JSON.parse(validFiles.find((f) => f.name === name)!.text) as LayoutDocument;
const needsEmail = requireInput('needs-email', { formAction: 'reserve', type: 'text-field', inputType: 'email' });

describe('domain rules', () => {
  test('requireInput passes a form that has the input', () => {
    assert.ok(runGates(file('booking-form.json'), { rules: [needsEmail] }).ok);
  });

  test("requireInput fails a form without it, with the site's code at the form", () => {
    const doc = file('booking-form.json');
    doc.nodes.find((n) => n.id === 'f')!.children = ['name', 'row', 'seating', 'chair', 'notes'];
    doc.nodes = doc.nodes.filter((n) => n.id !== 'email');
    const r = runGates(doc, { rules: [needsEmail] });
    assert.ok(!r.ok);
    assert.deepEqual(
      r.issues.map((i) => [i.gate, i.code, i.path]),
      [['domain', 'missing_input', '/nodes/3']],
    );
    assert.match(r.issues[0]!.message, /^needs-email: form "f" needs a text-field of type email/);
  });

  test('requireInput looks only at forms with its action, and through nested layout', () => {
    const searchOnly = requireInput('search-box', { formAction: 'search', type: 'text-field' });
    assert.ok(runGates(file('booking-form.json'), { rules: [searchOnly] }).ok, 'no search form: nothing to check');
    const nested = requireInput('party-size', { type: 'number-field', message: 'ask how many guests' });
    assert.ok(
      runGates(file('booking-form.json'), { rules: [nested] }).ok,
      'the number field sits in a row stack inside the form',
    );
    const r = runGates(file('settings-form.json'), {
      rules: [requireInput('date', { type: 'date-field', message: 'ask for a date' })],
    });
    assert.ok(!r.ok && r.issues[0]!.message === 'date: ask for a date');
  });

  test('a custom rule sees the layout and the catalog; its problems default to code domain_rule at the document', () => {
    let seen: unknown;
    const rule: DomainRule = {
      name: 'max-two-buttons',
      check(layout, { catalog }) {
        seen = catalog.has('button');
        const buttons = layout.nodes.filter((n) => n.type === 'button');
        return buttons.length > 2 ? [{ message: `${buttons.length} buttons; keep it to two` }] : [];
      },
    };
    assert.ok(runGates(file('booking-form.json'), { rules: [rule] }).ok);
    assert.equal(seen, true);
    const r = runGates(file('checkout-steps.json'), { rules: [rule] });
    assert.ok(!r.ok);
    assert.deepEqual(r.issues, [
      { gate: 'domain', code: 'domain_rule', path: '', message: 'max-two-buttons: 4 buttons; keep it to two' },
    ]);
  });

  test('a rule returning nothing passes', () => {
    assert.ok(runGates(file('minimal.json'), { rules: [{ name: 'quiet', check: () => undefined }] }).ok);
  });

  test('a rule that throws yields rule_crashed and the layout is refused; the other rules still report', () => {
    const rules: DomainRule[] = [
      {
        name: 'broken',
        check: () => {
          throw new TypeError('x is undefined');
        },
      },
      {
        name: 'throws-a-string',
        check: () => {
          throw 'nope';
        },
      },
      { name: 'title', check: (l) => (l.title ? [] : [{ path: '/title', message: 'needs a title' }]) },
    ];
    const r = runGates(file('minimal.json'), { rules });
    assert.ok(!r.ok);
    assert.deepEqual(
      r.issues.map((i) => [i.gate, i.code, i.path]),
      [
        ['domain', 'rule_crashed', ''],
        ['domain', 'rule_crashed', ''],
        ['domain', 'domain_rule', '/title'],
      ],
    );
    assert.match(r.issues[0]!.message, /"broken" threw: x is undefined/);
    assert.match(r.issues[1]!.message, /nope/);
  });

  test('a rule that returns something other than a list of problems is a crashed rule, not a parse error', () => {
    const odd = [
      { name: 'returns-object', check: () => ({ message: 'one problem, not in a list' }) },
      { name: 'async', check: async () => [] },
      { name: 'null-problem', check: () => [null] },
    ] as unknown as DomainRule[];
    for (const rule of odd) {
      const r = runGates(file('minimal.json'), { rules: [rule] });
      assert.ok(!r.ok, rule.name);
      assert.deepEqual(
        r.issues.map((i) => [i.gate, i.code]),
        [['domain', 'rule_crashed']],
        rule.name,
      );
      assert.match(r.issues[0]!.message, new RegExp(rule.name));
    }
  });

  test('rules run only on documents that passed gates 1–6', () => {
    let calls = 0;
    const rule: DomainRule = {
      name: 'count',
      check: () => {
        calls++;
        return [];
      },
    };
    const failEarlier = invalidFiles.filter(
      (f) =>
        !expected[f.name]!.issues.some((i) => i.gate === 'domain') &&
        !expected[f.name]!.options &&
        !expected[f.name]!.input,
    );
    assert.ok(failEarlier.length > 100);
    for (const f of failEarlier) runGates(f.text, { rules: [rule] });
    assert.equal(calls, 0);
    runGates(file('minimal.json'), { rules: [rule] });
    assert.equal(calls, 1);
  });
});

describe('repair prompts', () => {
  const refused = (name: string) => {
    const r = runGates(invalidFiles.find((f) => f.name === name)!.text);
    assert.ok(!r.ok);
    return r.issues;
  };

  test('list every issue with its gate, code, path and message, and ask for the whole document', () => {
    const issues = [...refused('cycle--two-node-loop.json'), ...refused('unsafe_url--javascript.json')];
    const prompt = repairPrompt(issues);
    assert.match(prompt, /complete corrected JSON document/);
    issues.forEach((i, n) => {
      const line = prompt.split('\n')[n + 1]!;
      assert.ok(line.startsWith(`${n + 1}. [${i.gate}/${i.code}] at ${i.path}: `), line);
      assert.ok(line.endsWith(i.message), line);
    });
  });

  test('name the whole document when the path is empty', () => {
    const prompt = repairPrompt(refused('empty_input--empty.txt'));
    assert.match(prompt, /^1\. \[parse\/empty_input\] at the document: /m);
  });

  test('stop at maxIssues and say how many more there are', () => {
    const many: Issue[] = Array.from({ length: 30 }, (_, i) => ({
      gate: 'graph',
      code: 'unreachable',
      path: `/nodes/${i}`,
      message: `node ${i} is unreachable`,
    }));
    const prompt = repairPrompt(many);
    assert.equal(prompt.split('\n').length, 1 + 20 + 1);
    assert.match(prompt, /…and 10 more/);
    assert.equal(repairPrompt(many, { maxIssues: 5 }).split('\n').length, 1 + 5 + 1);
  });

  test('formatIssues gives one line per issue', () => {
    const issues = refused('bad_id--leading-digit.json');
    const text = formatIssues(issues);
    assert.equal(text.split('\n').length, issues.length);
    assert.match(text, /^envelope bad_id at \/root: /m);
  });
});
