// The nested form's grammar and JSON Schema, derived from the catalog: what they allow passes
// the gates, what Jig's model writes is allowed, and what the gates refuse cannot be written.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import { builtinCatalog } from '../../../src/catalog/builtin.js';
import {
  dataModeOfHead,
  describeTreeForm,
  regexGbnf,
  treeFormGrammar,
  treeHeadGrammar,
  type TreeFormOptions,
} from '../../../src/catalog/tree-form.js';
import { treeGrammar, treeJsonSchema } from '../../../src/catalog/tree-constraints.js';
import { runGates } from '../../../src/gates/run.js';
import { seededRandom } from '../../../src/util/random.js';
import { matchesGbnf, parseGbnf, sampleGbnf } from './gbnf.js';

/**
 * Rules across siblings a context-free grammar cannot see: two options with one value, two
 * inputs of different types on one pointer. Random text meets them rarely; they are counted.
 */
const ACROSS_NODES = new Set(['duplicate_option', 'bind_conflict']);

function sampleAll(options: TreeFormOptions, n: number, seed: number, catalog = builtinCatalog) {
  const grammar = parseGbnf(treeFormGrammar(describeTreeForm(catalog, options)));
  const rng = seededRandom(seed);
  const wrong: string[] = [];
  let across = 0;
  for (let i = 0; i < n; i++) {
    const text = sampleGbnf(grammar, rng, 0.3);
    const v = runGates(text, { catalog, ...(options.actions ? { actions: options.actions } : {}) });
    if (v.ok) continue;
    if (v.issues.every((x) => ACROSS_NODES.has(x.code))) {
      across++;
      continue;
    }
    wrong.push(`${text}\n  ${v.issues.map((x) => `${x.code} ${x.path} ${x.message}`).join('\n  ')}`);
  }
  return { wrong, across };
}

const newsletter =
  '{"version":1,"title":"Bakery newsletter","data":{"signup":{}},"tree":{"type":"card","props":{"title":"Bakery newsletter"},"children":[{"type":"text","props":{"text":"No spam. Unsubscribe any time.","tone":"muted"}},{"type":"form","props":{"action":"subscribe","submitLabel":"Join"},"children":[{"type":"text-field","props":{"label":"Email","bind":"/signup/email","inputType":"email","required":true}},{"type":"checkbox","props":{"label":"I agree to receive emails","bind":"/signup/consent"}}]}]}}';
const wizard =
  '{"version":1,"title":"Apply","data":{"apply":{}},"tree":{"type":"steps","children":[{"type":"step","props":{"title":"You"},"children":[{"type":"form","props":{"action":"next-step","submitLabel":"Next"},"children":[{"type":"text-field","props":{"label":"Name","bind":"/apply/name","required":true}},{"type":"date-field","props":{"label":"Start","bind":"/apply/start"}}]}]},{"type":"step","props":{"title":"Done"},"children":[{"type":"button","props":{"label":"Back","action":"prev-step","variant":"secondary"}}]}]}}';
const dashboard =
  '{"version":1,"title":"Revenue","tree":{"type":"stack","props":{"gap":"m"},"children":[{"type":"grid","props":{"columns":3},"children":[{"type":"stat","props":{"label":"Revenue","value":8831,"delta":"+4%"}},{"type":"stat","props":{"label":"Orders","value":"1.2k"}}]},{"type":"chart","props":{"kind":"bar","series":[{"label":"Mon","value":3},{"label":"Tue","value":4.5}]}},{"type":"link","props":{"href":"https://shop.example.com/reports","text":"All reports"}},{"type":"image","props":{"src":"/img/chart.png","alt":""}}]}}';

describe('tree grammar (GBNF)', () => {
  test('random text from the grammar passes all seven gates', () => {
    for (const [i, options] of (
      [
        { data: 'root' },
        { data: { group: 'signup' } },
        { data: 'none' },
        { data: 'root', maxDepth: 3, maxChildren: 3, maxText: 8, actions: ['reserve', 'cancel'] },
      ] as TreeFormOptions[]
    ).entries()) {
      const { wrong, across } = sampleAll(options, 300, 100 + i);
      assert.deepEqual(wrong, [], JSON.stringify(options));
      assert.ok(across <= 15, `${across} of 300 broke a rule across siblings`);
    }
  });

  test('a narrowed catalog gets a grammar of its own components only', () => {
    const small = builtinCatalog.narrow({ only: ['stack', 'heading', 'text', 'form', 'text-field'] });
    const { wrong } = sampleAll({ data: 'root' }, 200, 7, small);
    assert.deepEqual(wrong, []);
    assert.ok(!treeGrammar(small).includes('"\\"type\\":\\"chart\\""'));
  });

  test("accepts the compact texts Jig's layout model writes", () => {
    const g = (group?: string) => parseGbnf(treeGrammar(builtinCatalog, { data: group ? { group } : 'none' }));
    assert.ok(matchesGbnf(g('signup'), newsletter));
    assert.ok(matchesGbnf(g('apply'), wizard));
    assert.ok(matchesGbnf(g(), dashboard));
    for (const t of [newsletter, wizard, dashboard]) assert.ok(runGates(t).ok, t);
  });

  test('refuses what a gate would refuse', () => {
    const g = parseGbnf(treeGrammar(builtinCatalog, { data: { group: 'signup' } }));
    const refused = {
      whitespace: newsletter.replace('"tree":{', '"tree": {'),
      'bind outside the data group': newsletter.replace('/signup/email', '/guest/email'),
      'bind through constructor': newsletter.replace('/signup/email', '/signup/constructor'),
      'form inside a form': newsletter.replace(
        '{"type":"checkbox","props":{"label":"I agree to receive emails","bind":"/signup/consent"}}',
        '{"type":"stack","children":[{"type":"form","props":{"action":"x"}}]}',
      ),
      'tab outside tabs': newsletter.replace(
        '{"type":"text","props":{"text":"No spam. Unsubscribe any time.","tone":"muted"}}',
        '{"type":"tab","props":{"label":"A"}}',
      ),
      'script URL': newsletter.replace(
        '{"type":"text","props":{"text":"No spam. Unsubscribe any time.","tone":"muted"}}',
        '{"type":"link","props":{"href":"javascript:alert(1)","text":"x"}}',
      ),
      'unknown prop': newsletter.replace('"tone":"muted"', '"tone":"muted","color":"red"'),
      'a prop twice': newsletter.replace('"tone":"muted"', '"tone":"muted","tone":"muted"'),
      'a $data ref': dashboard.replace('"value":8831', '"value":{"$data":"/kpi"}'),
      'an impossible date': wizard.replace('"bind":"/apply/start"', '"bind":"/apply/start","min":"2026-02-30"'),
      'an id': newsletter.replace('{"type":"card"', '{"type":"card","id":"c"}'),
      'children of a leaf': newsletter.replace('"tone":"muted"}}', '"tone":"muted"},"children":[]}'),
    };
    for (const [what, text] of Object.entries(refused)) assert.equal(matchesGbnf(g, text), false, what);
  });

  test('keeps ranges in order: min at most 1, max at least 1', () => {
    const g = parseGbnf(treeGrammar(builtinCatalog, { data: 'root' }));
    const field = (props: string) =>
      `{"version":1,"data":{},"tree":{"type":"number-field","props":{"label":"Guests","bind":"/party",${props}}}}`;
    assert.ok(matchesGbnf(g, field('"min":1,"max":12')));
    assert.ok(matchesGbnf(g, field('"max":12,"min":0')));
    assert.equal(matchesGbnf(g, field('"min":20,"max":12')), false);
  });

  test('the head grammar chooses the data; the body follows it', () => {
    const head = parseGbnf(treeHeadGrammar());
    assert.ok(matchesGbnf(head, '{"version":1,"title":"A","data":{"signup":{}},"tree":'));
    assert.ok(matchesGbnf(head, '{"version":1,"tree":'));
    assert.equal(matchesGbnf(head, '{"version":1,"data":{"prototype":{}},"tree":'), false);
    assert.deepEqual(dataModeOfHead('{"version":1,"title":"A","data":{"signup":{}},"tree":'), { group: 'signup' });
    assert.equal(dataModeOfHead('{"version":1,"data":{},"tree":'), 'root');
    assert.equal(dataModeOfHead('{"version":1,"tree":'), 'none');
  });

  test('regexGbnf reads the pattern subset and refuses what it cannot keep', () => {
    assert.equal(regexGbnf('[a-c]{1,2}'), '[a-c]{1,2}');
    assert.throws(() => regexGbnf('(?=x)a'));
    assert.throws(() => regexGbnf('\\bword'));
  });
});

describe('tree JSON Schema', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });

  test('validates what the grammar writes and the model texts, and refuses what the gates refuse', () => {
    const options: TreeFormOptions = { data: { group: 'signup' } };
    const schema = treeJsonSchema(builtinCatalog, options);
    const validate = ajv.compile(schema);
    const grammar = parseGbnf(treeFormGrammar(describeTreeForm(builtinCatalog, options)));
    const rng = seededRandom(5);
    for (let i = 0; i < 200; i++) {
      const doc = JSON.parse(sampleGbnf(grammar, rng, 0.3));
      assert.ok(validate(doc), JSON.stringify(validate.errors?.slice(0, 3)));
    }
    assert.ok(validate(JSON.parse(newsletter)), JSON.stringify(validate.errors));
    const bad = JSON.parse(newsletter);
    bad.tree.children[1].children.push({ type: 'form', props: { action: 'x' } });
    assert.equal(validate(bad), false, 'a form inside a form');
    const tab = JSON.parse(newsletter);
    tab.tree.children.push({ type: 'tab', props: { label: 'x' } });
    assert.equal(validate(tab), false, 'a tab outside tabs');
    const url = JSON.parse(dashboard);
    url.tree.children[2].props.href = 'javascript:alert(1)';
    assert.equal(ajv.compile(treeJsonSchema(builtinCatalog, { data: 'none' }))(url), false, 'a script URL');
  });

  test('bounds depth: no node below the deepest level has children', () => {
    const schema = treeJsonSchema(builtinCatalog, { maxDepth: 2 }) as {
      $defs: Record<string, { properties?: Record<string, unknown> }>;
    };
    const deep = Object.entries(schema.$defs).filter(([name]) => name.startsWith('node-2-'));
    assert.ok(deep.length > 0);
    for (const [name, def] of deep) assert.ok(!def.properties?.children, name);
    assert.ok(!Object.keys(schema.$defs).some((name) => name.startsWith('node-3-')));
  });
});
