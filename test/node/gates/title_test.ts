import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import { builtinCatalog } from '../../../src/catalog/builtin.js';
import { WARNING_CODES } from '../../../src/gates/codes.js';
import { runGates } from '../../../src/gates/run.js';

const doc = (title: string) => ({
  version: 1,
  title,
  root: 'h',
  nodes: [{ id: 'h', type: 'heading', props: { text: 'x' } }],
});

describe('title and warnings', () => {
  it('refuses a title over 200 characters, as the JSON Schema does', () => {
    const validate = new Ajv2020({ strict: false }).compile(builtinCatalog.jsonSchema());
    const ok = doc('t'.repeat(200));
    const long = doc('t'.repeat(201));
    assert.equal(runGates(ok).ok, true);
    assert.equal(validate(ok), true);
    const r = runGates(long);
    assert.equal(r.ok, false);
    assert.deepEqual(r.ok ? [] : r.issues.map((i) => [i.gate, i.code, i.path]), [
      ['policy', 'string_too_long', '/title'],
    ]);
    assert.equal(validate(long), false);
  });

  it('reports a skipped heading level as a warning whose code is in the warnings table', () => {
    const r = runGates({
      version: 1,
      root: 's',
      nodes: [
        { id: 's', type: 'stack', children: ['a', 'b'] },
        { id: 'a', type: 'heading', props: { text: 'A', level: 1 } },
        { id: 'b', type: 'heading', props: { text: 'B', level: 3 } },
      ],
    });
    assert.equal(r.ok, true);
    const w = r.ok ? r.warnings : [];
    assert.deepEqual(
      w.map((x) => [x.code, x.path]),
      [['heading_skips_level', '/nodes/2/props/level']],
    );
    assert.ok(w[0]!.code in WARNING_CODES);
  });
});
