// Class requirements: what a layout of an intent class must contain before the cache or the
// browser may serve it (routing `require`). The tuner learns them from the layouts visitors
// accepted and rejected; the line refuses a cheap layout without them, and only a cheap one.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLineConfig, type LineConfig, type Requirement } from '../../../src/line/config.js';
import { escalate, type LineMemory, type LineStation } from '../../../src/line/escalate.js';
import { RouteBook } from '../../../src/line/records.js';
import { describeRequirement, requirementRule, unmet } from '../../../src/line/requirements.js';
import { cacheStation } from '../../../src/line/stations/cache.js';
import { fallbackStation } from '../../../src/line/stations/fallback.js';
import type { LayoutDocument } from '../../../src/layout/document.js';
import { runGates } from '../../../src/gates/run.js';
import { builtinCatalog } from '../../../src/catalog/builtin.js';
import { DEFAULT_BOUNDS, parseBounds, resolveBounds } from '../../../src/tune/bounds.js';
import type { Evidence, LayoutEvidence } from '../../../src/tune/evidence.js';
import { catalogCategorical, learnRequirements } from '../../../src/tune/requirements.js';
import { tune } from '../../../src/tune/tune.js';
import { baseConfig } from './fixtures.js';

type Node = LayoutDocument['nodes'][number];
const page = (...fields: Node[]): LayoutDocument => ({
  version: 1,
  root: 'f',
  data: { a: Object.fromEntries(fields.map((n) => [n.id, ''])) },
  nodes: [
    { id: 'f', type: 'form', props: { action: 'apply', submitLabel: 'Apply' }, children: fields.map((n) => n.id) },
    ...fields,
  ],
});
const field = (id: string, inputType?: string): Node => ({
  id,
  type: 'text-field',
  props: { label: id, bind: `/a/${id}`, ...(inputType ? { inputType } : {}) },
});
/** A job application with its portfolio URL field, and the cheap station's usual mistake without it. */
const good = (i: number) => page(field(`name${i}`), field('email', 'email'), field('site', 'url'));
const bad = (i: number) => page(field(`name${i}`), field('email', 'email'));

let seq = 0;
function rated(
  layout: LayoutDocument,
  o: { up?: number; down?: number; actions?: number; cls?: string; station?: string },
) {
  const id = `l${seq++}`;
  return {
    layoutId: id,
    intentClass: o.cls ?? 'job',
    intent: 'apply for the job',
    station: o.station ?? 'browser',
    layout,
    time: 0,
    rendered: 1,
    up: o.up ?? 0,
    down: o.down ?? 0,
    actions: o.actions ?? 0,
  } satisfies LayoutEvidence;
}
const accepted = (n: number, make = good) =>
  Array.from({ length: n }, (_, i) => rated(make(i), { up: 1, actions: 1, station: i % 2 ? 'premium' : 'browser' }));
const rejected = (n: number, make = bad) => Array.from({ length: n }, (_, i) => rated(make(i), { down: 1 }));

const B = DEFAULT_BOUNDS.requirements;
const url: Requirement = { type: 'text-field', props: { inputType: 'url' } };

describe('learning requirements from rated layouts', () => {
  test('learns the component every accepted layout has and the rejected ones lack, with its prop value', () => {
    const learned = learnRequirements([...accepted(10), ...rejected(4)], [], B);
    assert.ok(learned);
    assert.deepEqual(learned.require, [url]);
    assert.deepEqual(learned.added, [url]);
    assert.deepEqual(learned.support, [{ requirement: url, accepted: 10, of: 10, rejectedLacking: 4, rejected: 4 }]);
  });

  test('learns a count when accepted layouts all reach it and rejected ones fall short', () => {
    const three = (i: number) => page(field(`a${i}`), field('b'), field('c'));
    const one = (i: number) => page(field(`a${i}`));
    const learned = learnRequirements([...accepted(10, three), ...rejected(3, one)], [], B);
    assert.deepEqual(learned?.require, [{ type: 'text-field', min: 3 }]);
    assert.equal(describeRequirement(learned!.require[0]!), 'at least 3 × text-field');
    assert.equal(describeRequirement({ type: 'image' }), 'an image');
  });

  test('nothing without enough accepted layouts, or when too few rejected layouts lack the component', () => {
    assert.equal(learnRequirements([...accepted(7), ...rejected(5)], [], B), null);
    const one = learnRequirements([...accepted(10), ...rejected(1)], [], B);
    assert.deepEqual(one?.require, []);
    // Rejected layouts that have everything the accepted ones have leave nothing to require.
    const alike = learnRequirements([...accepted(10), ...rejected(5, good)], [], B);
    assert.deepEqual(alike?.added, []);
  });

  test('one odd accepted layout in fifty does not veto a need the rest share; two in ten do', () => {
    const fifty = learnRequirements([...accepted(49), ...accepted(1, bad), ...rejected(3)], [], B);
    assert.deepEqual(fifty?.require, [url]);
    const ten = learnRequirements([...accepted(8), ...accepted(2, bad), ...rejected(3)], [], B);
    assert.deepEqual(ten?.require, []);
  });

  test("between parts every rejected page lacks, the one other classes' pages do not hold", () => {
    // Rejected: pages of the wrong kind, lacking everything a job application has.
    const wrongKind = (i: number): LayoutDocument => ({
      version: 1,
      root: 'c',
      nodes: [{ id: 'c', type: 'callout', props: { text: `Hello ${i}` } }],
    });
    const layouts = [...accepted(10), ...rejected(4, wrongKind)];
    // Alone, the form's action is as good a sign as any.
    assert.deepEqual(learnRequirements(layouts, [], B)?.require, [{ type: 'form', props: { action: 'apply' } }]);
    // Other classes' forms submit to "apply" with an email field too: the URL field is what marks this kind of page.
    const contact = (i: number) => page(field(`name${i}`), field('email', 'email'));
    const elsewhere = accepted(6, contact).map((l) => ({ ...l, intentClass: 'contact' }));
    assert.deepEqual(learnRequirements(layouts, [], B, elsewhere)?.require, [url]);
  });

  test('with the catalog, only enums, flags, counts and actions are required by value, never a label', () => {
    const kind = catalogCategorical(builtinCatalog);
    assert.deepEqual(
      [
        ['text-field', 'inputType'],
        ['text-field', 'multiline'],
        ['heading', 'level'],
        ['form', 'action'],
        ['image', 'width'],
        ['text-field', 'label'],
        ['text-field', 'bind'],
        ['heading', 'text'],
        ['nope', 'x'],
      ].map(([t, p]) => kind(t!, p!)),
      [true, true, true, true, false, false, false, false, false],
    );
    assert.equal(catalogCategorical(builtinCatalog), kind, 'worked out once per catalog');
    // Every accepted page labels its URL field "site" and the rejected ones have none: judged from
    // the layouts alone, the label looks as categorical as the input type; the catalog says it is not.
    const labelled = () => page(field('name'), field('site', 'url'));
    const plain = () => page(field('name'));
    const layouts = [...accepted(10, labelled), ...rejected(3, plain)];
    assert.deepEqual(learnRequirements(layouts, [], B)?.require, [{ type: 'text-field', props: { label: 'site' } }]);
    assert.deepEqual(learnRequirements(layouts, [], B, [], kind)?.require, [url]);
  });

  test('keeps what accepted layouts still bear out, drops what they contradict, and caps the count', () => {
    const kept = learnRequirements(accepted(10), [url], B);
    assert.deepEqual(kept?.require, [url]);
    assert.deepEqual(kept?.added, []);
    const contradicted = learnRequirements(accepted(10, bad), [url], B);
    assert.deepEqual(contradicted?.require, []);
    assert.deepEqual(contradicted?.dropped, [url]);
    const capped = learnRequirements([...accepted(10), ...rejected(4)], [], { ...B, perClass: 0 });
    assert.deepEqual(capped?.require, []);
  });

  test('layouts in another shape, or with hostile props, are read as far as they go and never throw', () => {
    const odd = [
      rated({ nodes: 'x' } as unknown as LayoutDocument, { up: 1 }),
      rated(null as unknown as LayoutDocument, { down: 1 }),
      rated({ nodes: [null, 3, { type: 7 }, { type: 'text-field', props: 'x' }] } as unknown as LayoutDocument, {
        down: 1,
      }),
      rated(page({ id: 'z', type: 'text-field', props: { label: 'x'.repeat(500), n: Number.NaN } }), { down: 1 }),
    ];
    const learned = learnRequirements([...accepted(10), ...rejected(2), ...odd], [], B);
    assert.deepEqual(learned?.require, [url]);
  });
});

function evidenceOf(layouts: LayoutEvidence[]): Evidence {
  return {
    line: 'shop',
    events: layouts.length * 3,
    classes: {},
    variants: {},
    layouts: Object.fromEntries(layouts.map((l) => [l.layoutId, l])),
    versions: {},
  };
}

describe('the tuner proposes requirements', () => {
  const ev = evidenceOf([...accepted(12), ...rejected(5)]);

  test('as a routing change a person can read, in a config the line takes', () => {
    const p = tune(ev, baseConfig(), DEFAULT_BOUNDS);
    const c = p.changes.find((x) => x.kind === 'requirements');
    assert.ok(c, JSON.stringify(p.changes.map((x) => x.summary)));
    assert.equal(c.path, '/routing/classes/job/require');
    assert.match(c.summary, /requirements "job": \+ a text-field with inputType "url"/);
    assert.match(c.evidence, /12 of 12 accepted layouts have it, 5 of 5 rejected lack it/);
    assert.deepEqual(p.config.routing?.classes?.job?.require, [url]);
    assert.equal(p.state.requirements?.job, true);
    assert.equal(parseLineConfig(p.config).ok, true);
  });

  test('hostile evidence never puts into the config what the config refuses', () => {
    // What a visitor's browser could send as a rendered layout: an empty type, a "__proto__" prop
    // (JSON.parse makes it an own key), 1,500 nodes of one type, a value that is no token.
    const hostile = (i: number): LayoutDocument =>
      JSON.parse(
        JSON.stringify({
          version: 1,
          root: 'f',
          nodes: [
            { id: 'f', type: '', props: { inputType: 'url' } },
            ...Array.from({ length: 1500 }, (_, j) => ({ id: `n${j}`, type: 'badge', props: { tone: 'info' } })),
            { id: 'x', type: 'text-field', props: { inputType: 'url', weird: 'Not A Token', n: i } },
          ],
        }).replace('"weird"', '"__proto__"'),
      );
    const plain = (): LayoutDocument => ({ version: 1, root: 'c', nodes: [{ id: 'c', type: 'callout' }] });
    const ev2 = evidenceOf([...accepted(12, hostile), ...rejected(4, plain)]);
    for (const categorical of [undefined, catalogCategorical(builtinCatalog)]) {
      const p = tune(ev2, baseConfig(), DEFAULT_BOUNDS, categorical ? { categorical } : {});
      const require = p.config.routing?.classes?.job?.require;
      assert.ok(require?.length, JSON.stringify(p.changes.map((c) => c.summary)));
      const parsed = parseLineConfig(p.config);
      assert.equal(parsed.ok, true, JSON.stringify(!parsed.ok && parsed.problems));
      for (const r of require) {
        assert.notEqual(r.type, '');
        assert.ok((r.min ?? 1) <= 1000);
        assert.equal(Object.hasOwn(r.props ?? {}, '__proto__'), false);
      }
    }
  });

  test('again on the same evidence: no change, so no new version', () => {
    const first = tune(ev, baseConfig(), DEFAULT_BOUNDS);
    const again = tune(ev, first.config, DEFAULT_BOUNDS, { state: first.state });
    assert.deepEqual(
      again.changes.filter((x) => x.kind === 'requirements'),
      [],
    );
  });

  test("a class's requirements the site wrote are the site's to keep", () => {
    const config: LineConfig = {
      ...baseConfig(),
      routing: { classes: { job: { require: [{ type: 'date-field' }] } } },
    };
    const p = tune(ev, config, DEFAULT_BOUNDS);
    assert.deepEqual(p.config.routing?.classes?.job?.require, [{ type: 'date-field' }]);
    assert.equal(
      p.changes.some((x) => x.kind === 'requirements'),
      false,
    );
    // A default list the site wrote would be replaced by a class's own: the tuner writes none.
    const withDefault: LineConfig = { ...baseConfig(), routing: { default: { require: [{ type: 'heading' }] } } };
    const q = tune(ev, withDefault, DEFAULT_BOUNDS);
    assert.equal(q.config.routing?.classes?.job?.require, undefined);
  });

  test('switched off by the bounds, or on a line with nowhere to escalate to', () => {
    const off = resolveBounds({ parts: { requirements: false } });
    assert.equal(
      tune(ev, baseConfig(), off).changes.some((x) => x.kind === 'requirements'),
      false,
    );
    const noPremium = { ...baseConfig(), stations: baseConfig().stations.filter((s) => s.kind !== 'premium') };
    assert.equal(
      tune(ev, noPremium, DEFAULT_BOUNDS).changes.some((x) => x.kind === 'requirements'),
      false,
    );
  });

  test('bounds for requirements are checked and a later layer only asks for more evidence', () => {
    const bad = parseBounds({ requirements: { minAccepted: 0, perClass: 99, extra: 1 } });
    assert.equal(bad.ok, false);
    assert.deepEqual(!bad.ok && bad.problems.map((p) => `${p.code} ${p.path}`).sort(), [
      'out_of_range /requirements/minAccepted',
      'out_of_range /requirements/perClass',
      'unknown_key /requirements',
    ]);
    const b = resolveBounds(
      { requirements: { minAccepted: 20, perClass: 8, distinctiveShare: 0.5 } },
      { requirements: { minAccepted: 10, distinctive: 1, distinctiveShare: 0.1 } },
    );
    assert.deepEqual(b.requirements, {
      minAccepted: 20,
      minRejected: 2,
      perClass: 4,
      distinctive: 1,
      distinctiveShare: 0.1,
    });
  });
});

describe('a class is held to what makes its kind of page before any rejection', () => {
  /** A dashboard: a heading, stats and a chart. Other classes' pages: a heading and a form. */
  const dash = (i: number): LayoutDocument => ({
    version: 1,
    root: 'p',
    nodes: [
      { id: 'p', type: 'stack', children: ['h', 's1', 's2', 'c'] },
      { id: 'h', type: 'heading', props: { text: `Sales ${i}`, level: 2 } },
      { id: 's1', type: 'stat', props: { label: 'Revenue', value: '1' } },
      { id: 's2', type: 'stat', props: { label: 'Orders', value: '2' } },
      { id: 'c', type: 'chart', props: { kind: i % 3 ? 'bar' : 'line', data: [] } },
    ],
  });
  const formPage = (i: number): LayoutDocument => ({
    version: 1,
    root: 'p',
    nodes: [
      { id: 'p', type: 'stack', children: ['h', 'f'] },
      { id: 'h', type: 'heading', props: { text: `Contact ${i}`, level: 2 } },
      { id: 'f', type: 'form', props: { action: 'send', submitLabel: 'Send' } },
    ],
  });
  const dashboards = (n: number) => accepted(n, dash).map((l) => ({ ...l, intentClass: 'dashboard' }));
  const others = (n: number) => accepted(n, formPage).map((l) => ({ ...l, intentClass: 'contact' }));

  test("learns the parts every accepted page has and other classes' pages lack, most distinctive first", () => {
    const learned = learnRequirements(dashboards(10), [], B, others(12));
    assert.ok(learned);
    // Two at most (`distinctive`): the stats, at the count every dashboard reaches, and a chart;
    // never the stack and heading every page has.
    assert.deepEqual(learned.require, [{ type: 'stat', min: 2 }, { type: 'chart' }]);
    assert.deepEqual(
      learned.support.map((x) => [x.accepted, x.of, x.rejected, x.elsewhere]),
      [
        [10, 10, 0, 0],
        [10, 10, 0, 0],
      ],
    );
  });

  test('a part other classes share, or too few pages of other classes to tell, learns nothing', () => {
    const withForm = (i: number): LayoutDocument => {
      const d = dash(i);
      return { ...d, nodes: [...d.nodes, { id: 'f', type: 'form', props: { action: 'send' } }] };
    };
    const shared = accepted(10, withForm).map((l) => ({ ...l, intentClass: 'dashboard' }));
    // Every page of both classes has a form and a heading: neither is what makes a dashboard.
    const learned = learnRequirements(shared, [], { ...B, distinctive: 4 }, others(12));
    assert.deepEqual(
      learned?.require.map((r) => r.type),
      ['stat', 'chart'],
    );
    // Seven pages of other classes (fewer than minAccepted): nothing to compare against.
    assert.deepEqual(learnRequirements(dashboards(10), [], B, others(7))?.require, []);
    assert.deepEqual(learnRequirements(dashboards(10), [], { ...B, distinctive: 0 }, others(12))?.require, []);
    // A share bound below what the parts have elsewhere.
    const someStats = [...others(9), ...dashboards(3).map((l) => ({ ...l, intentClass: 'report' }))];
    assert.deepEqual(learnRequirements(dashboards(10), [], { ...B, distinctiveShare: 0.2 }, someStats)?.require, []);
  });

  test('what rejections taught counts among them and comes first; a part one implies is not required twice', () => {
    const learned = learnRequirements([...accepted(10), ...rejected(4)], [], B, others(12));
    // The URL field (from the rejections) is distinctive too, so one more: the form's own action.
    assert.deepEqual(learned?.require, [url, { type: 'form', props: { action: 'apply' } }]);
    // Every stat is a "good" one: "2 good stats" implies "2 stats", which is not added beside it.
    const good2 = (i: number): LayoutDocument => {
      const d = dash(i);
      return {
        ...d,
        nodes: d.nodes.map((n) => (n.type === 'stat' ? { ...n, props: { ...n.props, tone: 'good' } } : n)),
      };
    };
    const dashes = accepted(10, good2).map((l) => ({ ...l, intentClass: 'dashboard' }));
    assert.deepEqual(learnRequirements(dashes, [], B, others(12))?.require, [
      { type: 'stat', props: { tone: 'good' }, min: 2 },
      { type: 'chart' },
    ]);
  });

  test('the tuner proposes them with the share elsewhere in the evidence', () => {
    const p = tune(evidenceOf([...dashboards(10), ...others(12)]), baseConfig(), DEFAULT_BOUNDS);
    const c = p.changes.find((x) => x.kind === 'requirements' && x.path === '/routing/classes/dashboard/require');
    assert.ok(c, JSON.stringify(p.changes.map((x) => x.summary)));
    assert.match(c.summary, /\+ at least 2 × stat, \+ a chart/);
    assert.match(
      c.evidence,
      /10 of 10 accepted layouts have it, 0 of 0 rejected lack it, 0% of other classes' accepted layouts have it/,
    );
    assert.equal(parseLineConfig(p.config).ok, true);
  });
});

describe('the line checks a class requirement on the cheap stations only', () => {
  const WITH = good(0),
    WITHOUT = bad(0);

  test('the rule names what is missing, with the gate-7 code', () => {
    const v = runGates(WITHOUT, { catalog: builtinCatalog, rules: [requirementRule('job', [url])] });
    assert.equal(v.ok, false);
    assert.deepEqual(!v.ok && v.issues.map((i) => [i.gate, i.code, i.path, i.message]), [
      [
        'domain',
        'missing_requirement',
        '',
        'requirements of "job": needs a text-field with inputType "url"; this layout has none',
      ],
    ]);
    assert.equal(runGates(WITH, { catalog: builtinCatalog, rules: [requirementRule('job', [url])] }).ok, true);
    assert.deepEqual(unmet(WITH.nodes, [url, { type: 'text-field', min: 4 }]), [{ type: 'text-field', min: 4 }]);
  });

  function memory(cached: LayoutDocument, require: Requirement[]): LineMemory {
    const r = parseLineConfig({
      id: 'req',
      version: 1,
      stations: [{ kind: 'cache' }, { kind: 'premium', endpoint: '/v1/assemble' }, { kind: 'fallback', layout: WITH }],
      routing: { classes: { job: { require } } },
    });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    // Premium here answers the same layout the cache holds, gated as the line gates premium's
    // layouts: it is not bound by the class's requirements.
    const premium = {
      kind: 'premium',
      async *run(ctx) {
        const verdict = runGates(cached, ctx.gates);
        yield { kind: 'verdict', attempt: { station: 'premium', model: 'big', attempt: 1, repair: false }, verdict };
        return verdict.ok
          ? { ok: true, layout: verdict.layout, model: 'big' }
          : { ok: false, reason: 'gates_failed', detail: 'refused' };
      },
    } as LineStation;
    const cache = new Map([['job', cached]]);
    return {
      config: r.config,
      stations: [cacheStation(cache), premium, fallbackStation(WITH)],
      gates: { catalog: builtinCatalog },
      book: new RouteBook(),
      cache,
      accepted: new Map(),
      rendered: new Map(),
      audit: () => undefined,
      track: () => undefined,
    };
  }

  async function run(m: LineMemory, cls: string) {
    const gen = escalate(m, { intent: 'apply for the job' }, cls, null, false);
    const verdicts: string[] = [];
    let step = await gen.next();
    while (!step.done) {
      if (step.value.kind === 'verdict')
        verdicts.push(
          `${step.value.attempt.station}:${step.value.verdict.ok ? 'ok' : step.value.verdict.issues.map((i) => i.code).join(',')}`,
        );
      step = await gen.next();
    }
    return { result: step.value, verdicts };
  }

  test('a cached layout without the requirement is refused and the request escalates; premium is not bound', async () => {
    const m = memory(WITHOUT, [url]);
    const { result, verdicts } = await run(m, 'job');
    assert.deepEqual(verdicts, ['premium:ok']);
    assert.equal(result.station, 'premium');
    const cache = result.trace.steps.find((s) => s.kind === 'attempt' && s.station === 'cache');
    assert.deepEqual(cache?.kind === 'attempt' && cache.issues?.map((i) => i.code), ['missing_requirement']);
    assert.ok(
      result.trace.steps.some((s) => s.kind === 'escalate'),
      JSON.stringify(result.trace.steps.map((s) => s.kind)),
    );
    // The layout premium served replaced the cached one that lacked the requirement.
    assert.equal(m.cache.get('job'), result.layout);
  });

  test('a cached layout with it is served; another class is not bound by it', async () => {
    assert.equal((await run(memory(WITH, [url]), 'job')).result.station, 'cache');
    const other = memory(WITHOUT, [url]);
    other.cache.set('faq', WITHOUT);
    assert.equal((await run(other, 'faq')).result.station, 'cache');
  });

  test('the config refuses malformed requirements with their paths', () => {
    const r = parseLineConfig({
      id: 'req',
      version: 1,
      stations: [{ kind: 'premium', endpoint: '/x' }],
      routing: {
        classes: {
          job: {
            require: [
              { type: '' },
              { type: 'text-field', props: { inputType: { $gt: '' } } },
              { type: 'x', min: 0 },
              { type: 'x', extra: 1 },
            ],
          },
        },
      },
    });
    assert.equal(r.ok, false);
    assert.deepEqual(!r.ok && r.problems.map((p) => p.path), [
      '/routing/classes/job/require/0/type',
      '/routing/classes/job/require/1/props/inputType',
      '/routing/classes/job/require/2/min',
      '/routing/classes/job/require/3',
    ]);
  });
});
