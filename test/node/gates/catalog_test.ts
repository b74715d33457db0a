// Catalogs: narrowing and extending change what the gates accept; the JSON Schema a catalog
// derives validates every valid layout (AJV, draft 2020-12) without recursion; the prompt names every type.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import * as z from 'zod/mini';
import {
  action,
  bind,
  builtinCatalog,
  defineComponent,
  describe as describeProp,
  fromData,
  runGates,
  url,
  type Catalog,
  type LayoutDocument,
} from '../../../src/gates/index.js';
import { createCatalog, lazyComponent } from '../../../src/catalog/catalog.js';
import { expected, invalidFiles, tryParse, validFiles } from './corpus.js';

const layouts = () =>
  validFiles.map((f) => {
    const r = runGates(f.text);
    assert.ok(r.ok, f.name);
    return { name: f.name, doc: JSON.parse(JSON.stringify(r.layout)) as LayoutDocument };
  });

const codesAt = (r: ReturnType<typeof runGates>) => (r.ok ? [] : r.issues.map((i) => `${i.code} ${i.path}`));

function compile(catalog: Catalog) {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  return ajv.compile(catalog.jsonSchema());
}

describe('a narrowed catalog', () => {
  const noImages = builtinCatalog.narrow({ exclude: ['image'] });

  test('refuses image with unknown_type at each image node, and only there', () => {
    for (const { name, doc } of layouts()) {
      const images = doc.nodes.flatMap((n, i) => (n.type === 'image' ? [`unknown_type /nodes/${i}/type`] : []));
      const r = runGates(doc, { catalog: noImages });
      if (!images.length) {
        assert.ok(r.ok, `${name}: ${codesAt(r).join(', ')}`);
        continue;
      }
      assert.deepEqual(
        codesAt(r).filter((c) => c.startsWith('unknown_type')),
        images,
        name,
      );
    }
  });

  test('drops image from children rules, the prompt and the schema, and leaves the built-in catalog alone', () => {
    assert.equal(noImages.has('image'), false);
    assert.equal(noImages.types.length, 32);
    const form = noImages.get('form')!.children;
    assert.ok(form.kind === 'only' && !form.types.includes('image') && form.types.includes('text-field'));
    assert.doesNotMatch(noImages.prompt(), /^- image:/m);
    assert.doesNotMatch(JSON.stringify(noImages.jsonSchema()), /"const":"image"/);
    assert.ok(builtinCatalog.has('image'));
    assert.notEqual(noImages.hash(), builtinCatalog.hash());
  });

  test('"only" keeps just the named types', () => {
    const tiny = builtinCatalog.narrow({ only: ['stack', 'text'] });
    assert.deepEqual([...tiny.types].sort(), ['stack', 'text']);
    assert.ok(runGates(validFiles.find((f) => f.name === 'minimal.json')!.text, { catalog: tiny }).ok);
    const r = runGates(validFiles.find((f) => f.name === 'booking-form.json')!.text, { catalog: tiny });
    assert.ok(!r.ok && r.issues.every((i) => i.code === 'unknown_type'));
  });
});

describe('an extended catalog', () => {
  const promo = defineComponent({
    type: 'promo-banner',
    description: 'A promotion with a headline, a price, a link and a quantity to order.',
    props: z.strictObject({
      headline: describeProp(z.string().check(z.minLength(1), z.maxLength(80)), 'The headline.'),
      price: fromData(z.number(), 'scalar', 'The price, or {"$data": "/pointer"} to it.'),
      href: z.optional(url('link', 'Where the banner leads: https URL or relative path.')),
      qty: z.optional(bind('number', 'JSON Pointer to the quantity in data.')),
      cta: action('What the page does when the banner is pressed.'),
    }),
  });
  const shelf = defineComponent({
    type: 'promo-shelf',
    description: 'A row of promotion banners.',
    props: z.strictObject({}),
    children: { kind: 'only', types: ['promo-banner'], max: 3 },
  });
  const site = builtinCatalog.extend(promo, shelf);

  const doc = (props: Record<string, unknown>, extra: Partial<LayoutDocument> = {}): LayoutDocument => ({
    version: 1,
    root: 'shelf',
    data: { cart: { qty: 1, note: '' }, prices: { coffee: 12.5 } },
    nodes: [
      { id: 'shelf', type: 'promo-shelf', children: ['b'] },
      {
        id: 'b',
        type: 'promo-banner',
        props: {
          headline: 'Coffee week',
          price: { $data: '/prices/coffee' },
          href: 'https://shop.example/coffee',
          qty: '/cart/qty',
          cta: 'cart:add',
          ...props,
        },
      },
    ],
    ...extra,
  });

  test('accepts a layout using the site components, which the built-in catalog refuses', () => {
    const r = runGates(doc({}), { catalog: site, actions: ['cart:add'] });
    assert.ok(r.ok, codesAt(r).join(', '));
    assert.deepEqual(codesAt(runGates(doc({}))), ['unknown_type /nodes/0/type', 'unknown_type /nodes/1/type']);
    assert.equal(builtinCatalog.has('promo-banner'), false);
    assert.equal(site.types.length, 35);
  });

  test('checks the url, bind, action and fromData props of the site component like built-in ones', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ href: ' JavaScript:alert(1)' }, 'unsafe_url /nodes/1/props/href'],
      [{ href: 'data:text/html,<b>x</b>' }, 'unsafe_url /nodes/1/props/href'],
      [{ cta: 'admin:wipe' }, 'unknown_action /nodes/1/props/cta'],
      [{ cta: 'do it now!' }, 'bad_action /nodes/1/props/cta'],
      [{ qty: '/cart/note' }, 'type_mismatch /nodes/1/props/qty'],
      [{ qty: '/basket/qty' }, 'unresolved_pointer /nodes/1/props/qty'],
      [{ qty: '/cart/__proto__/x' }, 'forbidden_segment /nodes/1/props/qty'],
      [{ price: { $data: '/prices/tea' } }, 'unresolved_pointer /nodes/1/props/price/$data'],
      [{ price: { $data: '/cart' } }, 'type_mismatch /nodes/1/props/price/$data'],
      [{ price: '12' }, 'invalid_prop /nodes/1/props/price'],
      [{ headline: undefined }, 'missing_prop /nodes/1/props/headline'],
      [{ onHover: 'x' }, 'unknown_prop /nodes/1/props/onHover'],
    ];
    for (const [props, want] of cases) {
      const r = runGates(doc(props), { catalog: site, actions: ['cart:add'] });
      assert.ok(codesAt(r).includes(want), `${JSON.stringify(props)}: expected ${want}, got ${codesAt(r).join(', ')}`);
    }
    assert.ok(
      runGates(doc({ price: 9, href: '/coffee', qty: '/cart/new', cta: 'next-step' }), { catalog: site, actions: [] })
        .ok,
      'literal price, relative link, creatable leaf, built-in action',
    );
  });

  test("enforces the site component's children rule", () => {
    const d = doc({});
    d.nodes[0]!.children = ['b', 't'];
    d.nodes.push({ id: 't', type: 'text', props: { text: 'x' } });
    assert.ok(codesAt(runGates(d, { catalog: site })).includes('child_type_not_allowed /nodes/0/children/1'));
  });

  test('a spec with an existing type replaces it', () => {
    const strictBadge = defineComponent({
      type: 'badge',
      description: 'Status only.',
      props: z.strictObject({ text: z.enum(['new', 'sale']) }),
    });
    const c = builtinCatalog.extend(strictBadge);
    const d: LayoutDocument = { version: 1, root: 'b', nodes: [{ id: 'b', type: 'badge', props: { text: 'Hot' } }] };
    assert.ok(runGates(d).ok);
    assert.deepEqual(codesAt(runGates(d, { catalog: c })), ['invalid_prop /nodes/0/props/text']);
    assert.equal(c.types.length, 33);
  });

  test('refuses url, bind or action helpers nested where the gates would not check them', () => {
    const nested = {
      'a url in an array of objects': z.strictObject({
        links: z.array(z.strictObject({ href: url('link', 'Link.'), text: z.string() })),
      }),
      'a url inside fromData': z.strictObject({ href: fromData(url('link', 'Link.'), 'scalar', 'Link or $data.') }),
      'a url in a union': z.strictObject({ href: z.union([url('link', 'Link.'), z.literal('')]) }),
      'an action in an object': z.strictObject({ menu: z.strictObject({ onPick: action('Action.') }) }),
      'a bind in a record': z.strictObject({ fields: z.record(z.string(), bind('string', 'Pointer.')) }),
      'fromData in an array': z.strictObject({ figures: z.array(fromData(z.number(), 'scalar', 'A figure.')) }),
    };
    for (const [what, props] of Object.entries(nested)) {
      assert.throws(
        () => builtinCatalog.extend(defineComponent({ type: 'nested-thing', description: what, props })),
        /nested-thing/,
        what,
      );
    }
  });

  test('accepts helpers wrapped in optional, nullable, a default or extra checks, and checks them', () => {
    const wrapped = defineComponent({
      type: 'wrapped-link',
      description: 'A link with wrapped URL props.',
      props: z.strictObject({
        a: z.optional(url('link', 'Link.')),
        b: z.nullable(url('link', 'Link.')),
        c: z._default(url('link', 'Link.'), '/home'),
        d: z.optional(url('image', 'Image.').check(z.maxLength(100))),
      }),
    });
    const c = builtinCatalog.extend(wrapped);
    assert.deepEqual(
      c.get('wrapped-link')!.roles.map(([p, r]) => `${p}:${r.role}`),
      ['a:url', 'b:url', 'c:url', 'd:url'],
    );
    for (const prop of ['a', 'b', 'c', 'd']) {
      const r = runGates(
        {
          version: 1,
          root: 'w',
          nodes: [{ id: 'w', type: 'wrapped-link', props: { b: null, [prop]: 'javascript:alert(1)' } }],
        },
        { catalog: c },
      );
      assert.ok(codesAt(r).includes(`unsafe_url /nodes/0/props/${prop}`), `${prop}: ${codesAt(r).join(', ')}`);
    }
  });

  test('refuses a component type that is not kebab-case', () => {
    assert.throws(() => builtinCatalog.extend({ ...promo, type: 'PromoBanner' }), TypeError);
  });

  test('its schema and prompt include the site components', () => {
    const validate = compile(site);
    assert.ok(validate(doc({})), JSON.stringify(validate.errors));
    assert.match(site.prompt(), /^- promo-banner: .*headline/m);
    assert.match(site.prompt(), /^- promo-shelf: .*promo-banner only/m);
    assert.notEqual(site.hash(), builtinCatalog.hash());
  });
});

describe('the JSON Schema of the built-in catalog', () => {
  const schema = builtinCatalog.jsonSchema();

  test('compiles in strict AJV (draft 2020-12) and validates every valid layout', () => {
    const validate = compile(builtinCatalog);
    for (const { name, doc } of layouts())
      assert.ok(validate(doc), `${name}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
  });

  test('refers only into its own $defs, and no definition reaches itself, so no recursion', () => {
    const refsIn = (v: unknown, out: string[] = []): string[] => {
      if (v === null || typeof v !== 'object') return out;
      for (const [k, x] of Object.entries(v)) {
        if (k === '$dynamicRef' || k === '$recursiveRef') out.push(k);
        if (k === '$ref') out.push(String(x));
        else refsIn(x, out);
      }
      return out;
    };
    const defs = (schema as { $defs: Record<string, unknown> }).$defs;
    for (const ref of refsIn(schema)) assert.match(ref, /^#\/\$defs\/[a-z-]+$/);
    const reaches = (name: string, seen: string[]): void => {
      assert.ok(defs[name], `no definition ${name}`);
      assert.ok(!seen.includes(name), `${[...seen, name].join(' → ')} is recursive`);
      for (const ref of refsIn(defs[name])) reaches(ref.slice('#/$defs/'.length), [...seen, name]);
    };
    for (const name of Object.keys(defs)) reaches(name, []);
  });

  test('takes the visible conditions a model may write and refuses the ones the envelope gate refuses', () => {
    const validate = compile(builtinCatalog);
    const withVisible = (visible: unknown) => ({
      version: 1,
      root: 'a',
      data: { n: 1, s: 'x' },
      nodes: [{ id: 'a', type: 'text', props: { text: 'hi' }, visible }],
    });
    const good = [
      { $data: '/n' },
      { $data: '/n', gt: 0 },
      { $data: '/s', in: ['x', null] },
      { not: { $data: '/s', eq: 'x' } },
      { and: [{ $data: '/n', lte: 3 }, { $data: '/s' }] },
    ];
    const bad = [
      {},
      { $data: '/n', eq: 1, neq: 2 },
      { not: {} },
      { and: [] },
      { or: [{ $data: 1 }] },
      { $data: '/n', like: 1 },
    ];
    for (const v of good) {
      assert.ok(runGates(withVisible(v), { catalog: builtinCatalog }).ok, JSON.stringify(v));
      assert.ok(validate(withVisible(v)), `${JSON.stringify(v)}: ${JSON.stringify(validate.errors?.slice(0, 2))}`);
    }
    for (const v of bad) {
      const r = runGates(withVisible(v), { catalog: builtinCatalog });
      assert.ok(!r.ok && r.issues.some((i) => i.code === 'bad_condition'), JSON.stringify(v));
      assert.equal(validate(withVisible(v)), false, JSON.stringify(v));
    }
  });

  test('refuses what the envelope and catalog gates refuse', () => {
    const validate = compile(builtinCatalog);
    const schemaCodes = new Set([
      'unknown_type',
      'missing_prop',
      'invalid_prop',
      'unknown_prop',
      'unknown_key',
      'missing_key',
      'bad_version',
      'wrong_type',
      'empty_nodes',
      'bad_id',
      'too_many_children',
      'bad_condition',
    ]);
    let checked = 0;
    for (const f of invalidFiles) {
      const e = expected[f.name]!;
      const parsed = tryParse(f.text);
      if (e.input === 'object' || !parsed.ok || !e.issues.every((i) => schemaCodes.has(i.code))) continue;
      assert.equal(validate(parsed.value), false, `${f.name} passed the schema`);
      checked++;
    }
    assert.ok(checked >= 20, `${checked} files`);
  });

  test('maxNodes sets the node count the schema allows', () => {
    const nodes = schema.properties as { nodes: { maxItems: number } };
    assert.equal(nodes.nodes.maxItems, 1000);
    assert.equal(
      (builtinCatalog.jsonSchema({ maxNodes: 3 }).properties as { nodes: { maxItems: number } }).nodes.maxItems,
      3,
    );
  });
});

describe('the prompt of the built-in catalog', () => {
  test('has one line for each of the 33 types, with its required props', () => {
    const prompt = builtinCatalog.prompt();
    for (const type of builtinCatalog.types) {
      const line = prompt.split('\n').find((l) => l.startsWith(`- ${type}: `));
      assert.ok(line, `no line for ${type}`);
      for (const req of builtinCatalog.get(type)!.required)
        assert.match(line, new RegExp(`\\b${req}: `), `${type} line lacks ${req}`);
    }
    assert.equal(prompt.split('\n').length, 33);
  });

  test('says which children tabs, steps and form take and where tab and step must sit', () => {
    const prompt = builtinCatalog.prompt();
    assert.match(prompt, /^- tabs: .*children: tab only/m);
    assert.match(prompt, /^- steps: .*children: step only/m);
    assert.match(prompt, /^- tab: .*only inside tabs/m);
    assert.match(prompt, /^- heading: .*no children/m);
  });
});

describe('built-in components made on first use', () => {
  test('a lazy component builds its props schema once, when a catalog first needs it, not when the catalog is made or narrowed', () => {
    let built = 0;
    const badge = lazyComponent({
      type: 'price-tag',
      description: 'A price.',
      props: () => {
        built++;
        return z.strictObject({ href: url('link', 'Where it links.'), amount: z.number() });
      },
      children: { kind: 'only', types: ['text', 'image'] },
    });
    const catalog = createCatalog([badge]);
    const narrowed = catalog.narrow({ exclude: ['image'] });
    assert.equal(built, 0);
    const entry = narrowed.get('price-tag');
    assert.deepEqual(entry?.children, { kind: 'only', types: ['text'] });
    assert.equal(built, 0, 'children rules are read without the schema');
    assert.deepEqual(entry?.roles, [['href', { role: 'url', kind: 'link' }]]);
    assert.deepEqual(entry?.required, ['href', 'amount']);
    assert.equal(built, 1);
    catalog.get('price-tag')?.props;
    assert.equal(built, 1, 'made once for every catalog that shares the spec');
  });

  test('every built-in entry has the roles, requirements and verdicts it would have if made at once', () => {
    for (const type of builtinCatalog.types) {
      const lazy = builtinCatalog.get(type)!;
      const eager = createCatalog([defineComponent({ ...lazy, props: lazy.props })]).get(type)!;
      assert.deepEqual(lazy.roles, eager.roles, type);
      assert.deepEqual(lazy.required, eager.required, type);
      assert.deepEqual(lazy.children, eager.children, type);
      assert.equal(lazy.tag, eager.tag, type);
      assert.equal(lazy.parents, eager.parents, type);
      assert.equal(lazy.check, eager.check, type);
    }
  });

  test('a mistake in a lazy spec surfaces on first use, as a TypeError naming the prop', () => {
    const hidden = lazyComponent({
      type: 'bad-links',
      description: 'Links in a list.',
      props: () => z.strictObject({ links: z.array(url('link', 'A link.')) }),
    });
    const catalog = createCatalog([hidden]);
    assert.throws(() => catalog.get('bad-links')?.roles, /prop "links" of "bad-links" has url\(\) inside it/);
  });
});
