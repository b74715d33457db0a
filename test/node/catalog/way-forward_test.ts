// TreeFormOptions.wayForward: a grammar and a JSON Schema under which every layout offers one of
// the host's own actions, for a site whose rules demand a way forward on every page.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import { builtinCatalog } from '../../../src/catalog/builtin.js';
import { describeTreeForm, treeFormGrammar, type TreeFormOptions } from '../../../src/catalog/tree-form.js';
import { treeGrammar, treeJsonSchema } from '../../../src/catalog/tree-constraints.js';
import type { DomainRule } from '../../../src/gates/domain.js';
import { runGates } from '../../../src/gates/run.js';
import { seededRandom } from '../../../src/util/random.js';
import { matchesGbnf, parseGbnf, sampleGbnf } from './gbnf.js';

const ACTIONS = ['search', 'choose-slot', 'back'];

/** A site's rule, as the clinic demo writes it: some form or button carries one of its actions. */
const wayForward: DomainRule = {
  name: 'way-forward',
  check: (layout) =>
    layout.nodes.some((n) => (n.type === 'form' || n.type === 'button') && ACTIONS.includes(String(n.props?.action)))
      ? []
      : [{ code: 'no_way_forward', message: 'no way forward' }],
};

/** Rules across siblings that a context-free grammar cannot see (as in tree-form_test). */
const ACROSS_NODES = new Set(['duplicate_option', 'bind_conflict']);

function sample(options: TreeFormOptions, n: number, seed: number) {
  const grammar = parseGbnf(treeFormGrammar(describeTreeForm(builtinCatalog, options)));
  const rng = seededRandom(seed);
  const texts: string[] = [];
  const codes: string[] = [];
  for (let i = 0; i < n; i++) {
    const text = sampleGbnf(grammar, rng, 0.3);
    texts.push(text);
    const v = runGates(text, { actions: ACTIONS, rules: [wayForward] });
    if (!v.ok) codes.push(...v.issues.filter((x) => !ACROSS_NODES.has(x.code)).map((x) => x.code));
  }
  return { texts, codes };
}

const page = (tree: unknown) => ({ version: 1, data: {}, tree });

describe('wayForward', () => {
  test("every layout the grammar allows offers one of the host's actions; without it, random layouts often offer none", () => {
    const withIt = sample({ actions: ACTIONS, wayForward: true }, 300, 41);
    assert.deepEqual(withIt.codes, []);
    const without = sample({ actions: ACTIONS }, 300, 41);
    assert.ok(
      without.codes.filter((c) => c === 'no_way_forward').length > 30,
      `only ${without.codes.length} of 300 lacked a way forward`,
    );
  });

  test("the JSON Schema accepts what the grammar writes and a way forward anywhere among the root's children", () => {
    const options: TreeFormOptions = { actions: ACTIONS, wayForward: true };
    const validate = new Ajv2020({ strict: false }).compile(treeJsonSchema(builtinCatalog, options));
    for (const text of sample(options, 100, 7).texts)
      assert.ok(validate(JSON.parse(text)), JSON.stringify(validate.errors?.slice(0, 2)));
    const button = { type: 'button', props: { label: 'Search', action: 'search' } };
    const heading = { type: 'heading', props: { text: 'Opening hours' } };
    assert.ok(validate(page({ type: 'stack', children: [button, heading] })));
    assert.ok(validate(page(button)));
    assert.equal(validate(page({ type: 'stack', children: [heading] })), false, 'no way forward');
    assert.equal(
      validate(
        page({ type: 'stack', children: [heading, { type: 'button', props: { label: 'Next', action: 'next-step' } }] }),
      ),
      false,
      "step navigation is not the site's own action",
    );
    assert.equal(validate(page({ type: 'form', props: { action: 'prev-step' } })), false);
  });

  test('the grammar takes a page whose last child is the way forward, and refuses one that ends otherwise', () => {
    const g = parseGbnf(treeGrammar(builtinCatalog, { actions: ACTIONS, wayForward: true }));
    const text = (kids: string) => `{"version":1,"data":{},"tree":{"type":"stack","children":[${kids}]}}`;
    const heading = '{"type":"heading","props":{"text":"Opening hours"}}';
    const button = '{"type":"button","props":{"label":"Find a time","action":"search"}}';
    assert.ok(matchesGbnf(g, text(`${heading},${button}`)));
    assert.equal(matchesGbnf(g, text(heading)), false);
    assert.equal(
      matchesGbnf(g, text(`${heading},{"type":"button","props":{"label":"Next","action":"next-step"}}`)),
      false,
    );
  });

  test("asking for a way forward without the host's actions is an error that says what is needed", () => {
    assert.throws(() => describeTreeForm(builtinCatalog, { wayForward: true }), /wayForward needs the host's actions/);
    assert.throws(
      () => describeTreeForm(builtinCatalog, { wayForward: true, actions: ['next-step'] }),
      /other than next-step and prev-step/,
    );
  });
});
