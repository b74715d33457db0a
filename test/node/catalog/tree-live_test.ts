// The nested form with live data (TreeFormOptions.live): nodes may repeat over the data's arrays and
// carry `visible` tests on its values; what the grammar writes passes all seven gates, and without the
// option nothing changes for Jig's layout model.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import { builtinCatalog } from '../../../src/catalog/builtin.js';
import {
  describeTreeForm,
  treeFormGrammar,
  treeFormJsonSchema,
  treeGrammarSteps,
  type Shape,
  type TreeForm,
  type TreeFormOptions,
} from '../../../src/catalog/tree-form.js';
import { runGates } from '../../../src/gates/run.js';
import { flattenTree, toTree } from '../../../src/layout/tree.js';
import { seededRandom } from '../../../src/util/random.js';
import { matchesGbnf, parseGbnf, sampleGbnf } from './gbnf.js';

const data = {
  kpi: { revenue: 1240, orders: 31, label: 'Today' },
  daily: [
    { label: 'Mon', value: 3 },
    { label: 'Tue', value: 4 },
  ],
  orders: [{ customer: 'Ada', total: 20 }],
  paused: false,
  empty: [],
};
const ACROSS_NODES = new Set(['duplicate_option', 'bind_conflict']);
const listsOf = (form: TreeForm) => (form.defs.get('repeat') as Extract<Shape, { t: 'enum' }>).values;
const grammarOf = (options: TreeFormOptions) => treeFormGrammar(describeTreeForm(builtinCatalog, options));

describe('the nested form with live data', () => {
  test('random text from the live grammar repeats and hides nodes, and passes all seven gates', () => {
    for (const [i, options] of (
      [
        { live: { data } },
        { live: { data }, data: { group: 'form' } },
        { live: { data }, maxDepth: 3, maxChildren: 3, maxText: 8, actions: ['reserve'] },
      ] as TreeFormOptions[]
    ).entries()) {
      const grammar = parseGbnf(grammarOf(options));
      const rng = seededRandom(40 + i);
      const wrong: string[] = [];
      let repeats = 0;
      let conditions = 0;
      for (let n = 0; n < 300; n++) {
        const text = sampleGbnf(grammar, rng, 0.3);
        const doc = JSON.parse(text);
        assert.deepEqual(doc.data, typeof options.data === 'object' ? { ...data, form: {} } : data);
        if (text.includes('"repeat":')) repeats++;
        if (text.includes('"visible":')) conditions++;
        const v = runGates(text, options.actions ? { actions: options.actions } : {});
        if (!v.ok && !v.issues.every((x) => ACROSS_NODES.has(x.code)))
          wrong.push(`${text}\n  ${v.issues.map((x) => `${x.code} ${x.path}`).join('\n  ')}`);
      }
      assert.deepEqual(wrong, [], JSON.stringify(options));
      assert.ok(repeats > 10 && conditions > 50, `${repeats} repeats and ${conditions} conditions in 300`);
    }
  });

  test('the root never repeats, and a repeat never sits inside another', () => {
    const form = describeTreeForm(builtinCatalog, { live: { data } });
    assert.deepEqual(listsOf(form), ['/daily', '/orders', '/empty']);
    assert.ok(![...form.defs.keys()].some((k) => k.startsWith('rep-1-')));
    const grammar = parseGbnf(treeFormGrammar(form));
    const rng = seededRandom(9);
    for (let n = 0; n < 200; n++) {
      const doc = JSON.parse(sampleGbnf(grammar, rng, 0.3));
      assert.equal(doc.tree.repeat, undefined);
      const walk = (node: { repeat?: string; children?: unknown[] }, inside: boolean): void => {
        assert.ok(!(inside && node.repeat), 'a repeat inside a repeat');
        for (const c of node.children ?? []) walk(c as never, inside || !!node.repeat);
      };
      walk(doc.tree, false);
    }
  });

  test('the live JSON Schema takes what the grammar writes and refuses pointers the data lacks', () => {
    const options: TreeFormOptions = { live: { data }, data: { group: 'form' } };
    const validate = new Ajv2020({ strict: false }).compile(
      treeFormJsonSchema(describeTreeForm(builtinCatalog, options)),
    );
    const grammar = parseGbnf(grammarOf(options));
    const rng = seededRandom(11);
    for (let n = 0; n < 150; n++) {
      const doc = JSON.parse(sampleGbnf(grammar, rng, 0.3));
      assert.ok(validate(doc), JSON.stringify(validate.errors?.slice(0, 3)));
    }
    const page = (node: Record<string, unknown>, d: unknown = { ...data, form: {} }) => ({
      version: 1,
      data: d,
      tree: { type: 'stack', children: [node] },
    });
    const good = page({
      type: 'card',
      repeat: '/orders',
      visible: { $data: '/kpi/orders', gte: 10 },
      props: { title: 'Order' },
    });
    assert.ok(validate(good), JSON.stringify(validate.errors));
    assert.ok(runGates(good).ok);
    assert.ok(matchesGbnf(parseGbnf(grammarOf(options)), JSON.stringify(good)));
    assert.equal(validate(page({ type: 'card', repeat: '/kpi', props: { title: 'x' } })), false, 'not a list');
    assert.equal(validate(page({ type: 'card', repeat: '/nope', props: { title: 'x' } })), false, 'no such list');
    assert.equal(
      validate(page({ type: 'card', visible: { $data: '/missing', eq: 1 }, props: { title: 'x' } })),
      false,
      'a condition on a missing value',
    );
    assert.equal(
      validate(page({ type: 'card', props: { title: 'x' } }, { ...data, form: {}, extra: 1 })),
      false,
      'other data than given',
    );
  });

  test('without live data the form is what Jig’s layout model learned: no repeat, no visible', () => {
    for (const options of [{}, { data: { group: 'signup' } }, { data: 'none' }] as TreeFormOptions[]) {
      const text = grammarOf(options);
      assert.ok(!text.includes('repeat') && !text.includes('visible'), JSON.stringify(options));
      const schema = JSON.stringify(treeFormJsonSchema(describeTreeForm(builtinCatalog, options)));
      assert.ok(!schema.includes('"repeat"') && !schema.includes('"visible"'));
    }
    // The two-step grammar the browser station uses has no live option at all.
    const steps = treeGrammarSteps(builtinCatalog, { live: { data } } as never);
    assert.ok(!steps.then('{"version":1,"data":{},"tree":').includes('visible'));
  });

  test('live data needs its own bind group or none, and keys that reach a prototype are never offered', () => {
    assert.throws(() => describeTreeForm(builtinCatalog, { live: { data }, data: 'root' }), /group of their own/);
    assert.throws(() => describeTreeForm(builtinCatalog, { live: { data }, data: { group: 'kpi' } }), /already a key/);
    const hostile = JSON.parse('{"__proto__": [1], "constructor": {"x": 1}, "ok": [2], "we ird": [3]}');
    const form = describeTreeForm(builtinCatalog, { live: { data: hostile } });
    assert.deepEqual(listsOf(form), ['/ok']);
  });

  test('repeat and visible survive flattening and come back in the nested form', () => {
    const doc = {
      version: 1,
      data,
      tree: {
        type: 'stack',
        children: [
          {
            type: 'stat',
            repeat: '/daily',
            visible: { $data: '/paused', eq: false },
            props: { label: 'Day', value: 1 },
          },
        ],
      },
    };
    const flat = flattenTree(doc, { maxNodes: 100, maxChildren: 12 });
    assert.ok(flat.ok);
    assert.deepEqual(flat.layout.nodes[1], {
      id: 'stat-1',
      type: 'stat',
      repeat: '/daily',
      visible: { $data: '/paused', eq: false },
      props: { label: 'Day', value: 1 },
    });
    const back = toTree(flat.layout as never);
    assert.deepEqual(back.tree.children?.[0], doc.tree.children[0]);
  });
});

test('the catalog prompt names repeat and visible only when asked', () => {
  const plain = builtinCatalog.prompt();
  assert.ok(!plain.includes('"repeat"') && !plain.includes('"visible"'));
  const live = builtinCatalog.prompt({ live: true });
  assert.ok(live.startsWith(plain));
  assert.match(live, /"repeat", a JSON Pointer to an array in data/);
  assert.match(live, /"visible", shown only while this condition/);
  // The components peers share are in both.
  for (const type of ['icon', 'dialog', 'accordion', 'slider', 'radio-group', 'switch', 'progress', 'avatar'])
    assert.match(plain, new RegExp(`^- ${type}:`, 'm'));
});
