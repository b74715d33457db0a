// Hostile and degenerate input to the tuner and the line-config parser: visitors' events name
// classes, layouts and versions, so no name may reach a prototype; bounds and configs are checked
// with a path; tallies that cannot be say nothing rather than NaN.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_BOUNDS, parseBounds, resolveBounds, TuneBoundsError } from '../../../src/tune/bounds.js';
import { tune, formatProposal, winBackBar, type TuneState } from '../../../src/tune/tune.js';
import { compareVersions, inCanary } from '../../../src/tune/canary.js';
import { classObjective } from '../../../src/tune/objective.js';
import { collectEvidence, readEvidence, type Evidence, type VersionEvidence } from '../../../src/tune/evidence.js';
import { createTuner, memoryVersionStore, type LineServer } from '../../../src/tune/index.js';
import { wilson } from '../../../src/util/wilson.js';
import { parseLineConfig } from '../../../src/line/config.js';
import { createLine } from '../../../src/line/line.js';
import { createEvent, type EventContext } from '../../../src/events/event.js';
import { openEventStore } from '../../../src/events/store.js';
import type { AttrValue, JigEvent } from '../../../src/events/event.js';
import { baseConfig, classRequests, evidenceOf, eventsOf } from './fixtures.js';

const bounds = resolveBounds();

let n = 0;
/** A validated-shape event with a fixed trace, for hand-built streams. */
function ev(type: string, attrs: Record<string, AttrValue>, ctx: Partial<EventContext> = {}): JigEvent {
  const e = createEvent(type, { session: 's', trace: 'a'.repeat(32), line: 'shop', lineVersion: '1', ...ctx }, attrs);
  e.time = new Date(Date.UTC(2026, 10, 25, 10, 0, 0) + n++ * 1000).toISOString();
  return e;
}

const refuse = async () => ({ ok: false as const, status: 503, code: 'down', message: 'down' });

/** Every number reachable in a value (for NaN/Infinity hunting). */
function numbers(v: unknown, out: number[] = []): number[] {
  if (typeof v === 'number') out.push(v);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) numbers(x, out);
  return out;
}

function cleanPrototypes() {
  for (const k of ['up', 'down', 'actions', 'feedback', 'stations']) {
    delete (Object.prototype as Record<string, unknown>)[k];
    delete (Object as unknown as Record<string, unknown>)[k];
  }
}

describe('hostile input: bounds', () => {
  test('held: parseBounds refuses out-of-range, NaN and string floors, with a path', () => {
    for (const bad of [1.0000001, -0.1, Number.NaN, Number.POSITIVE_INFINITY, '0.9', null]) {
      const r = parseBounds({ routing: { acceptanceFloor: bad } });
      assert.equal(r.ok, false, `floor ${String(bad)}`);
      if (!r.ok) assert.equal(r.problems[0]!.path, '/routing/acceptanceFloor');
    }
    for (const good of [0, 1, -0]) assert.ok(parseBounds({ routing: { acceptanceFloor: good } }).ok);
    for (const bad of [0, -1, 1.5]) assert.equal(parseBounds({ routing: { minSamples: bad } }).ok, false);
    const r = parseBounds({ temperature: { min: 0.9, max: 0.1 } });
    assert.ok(!r.ok && r.problems[0]!.path === '/temperature');
    for (const v of [undefined, null, 'x', 42, [], { extra: 1 }, { routing: { __proto__: 1 } }])
      assert.doesNotThrow(() => parseBounds(v));
  });

  test('held: winBackBar stays within [floor, 1] for every valid floor and hysteresis', () => {
    for (const acceptanceFloor of [0, -0, 0.5, 0.95, 1])
      for (const hysteresis of [0, 0.1, 0.5, 1]) {
        const w = winBackBar({ acceptanceFloor, hysteresis });
        assert.ok(w >= acceptanceFloor && w <= 1, `floor ${acceptanceFloor} h ${hysteresis}: ${w}`);
      }
  });

  test('held: layers only narrow (a later floor cannot lower an earlier one, parts stay off)', () => {
    const b = resolveBounds(
      { routing: { acceptanceFloor: 0.6 }, parts: { cache: false } },
      { routing: { acceptanceFloor: 0.2 }, parts: { cache: true } },
    );
    assert.equal(b.routing.acceptanceFloor, 0.6);
    assert.equal(b.parts.cache, false);
    const c = resolveBounds({ routing: { probeAfter: 50 } }, { routing: { maxProbeAfter: 10 } });
    assert.ok(c.routing.maxProbeAfter >= c.routing.probeAfter);
  });

  test('fractional voteSamples / repairMax bounds: the proposal is still a valid line config', () => {
    const input = { voteSamples: { min: 2.5, max: 3.5 }, repairMax: { min: 1.5, max: 1.5 } };
    const parsed = parseBounds(input);
    if (!parsed.ok) return; // refusing fractional bounds is also correct
    const ev = evidenceOf(classRequests({ cls: 'hard', n: 30, pass: 0.5, like: 0.9 }));
    const p = tune(ev, baseConfig(), resolveBounds(parsed.bounds));
    const r = parseLineConfig(p.config);
    assert.ok(r.ok, `proposal refused by the line's own parser: ${JSON.stringify(!r.ok && r.problems)}`);
  });

  test('temperature stepping never goes below the bounds minimum', () => {
    const tb = { temperature: { min: 0.0544, max: 1 } };
    assert.ok(parseBounds(tb).ok);
    const cfg = baseConfig();
    cfg.generation!.temperature = 0.1544;
    // First attempts pass 50% (<80%): tuning steps the temperature down by 0.1.
    const p = tune(evidenceOf(classRequests({ cls: 'hard', n: 30, pass: 0.5 })), cfg, resolveBounds(tb));
    const t = p.config.generation!.temperature!;
    assert.ok(t >= 0.0544, `temperature ${t} is below the bound 0.0544`);
  });

  test('a valid minPassRate (0.95) plus the hysteresis: the trial text never asks for more than 100%', () => {
    const b = resolveBounds({ routing: { minPassRate: 0.95 } });
    const state: TuneState = {
      round: 10,
      routing: {
        hard: {
          mode: 'premium',
          since: 1,
          wait: 2,
          why: 'gates',
          base: { first: { n: 0, ok: 0 }, rated: { n: 0, ok: 0 }, audits: 0, agreement: 0 },
        },
      },
    };
    const cfg = baseConfig();
    cfg.routing = { classes: { hard: { start: 'premium' } } };
    const p = tune(evidenceOf([]), cfg, b, { state });
    const trial = p.changes.find((c) => /trial of the cheap station/.test(c.summary));
    assert.ok(trial, 'a trial starts');
    for (const m of trial.evidence.matchAll(/(\d+)%/g))
      assert.ok(Number(m[1]) <= 100, `asks for ${m[0]}: ${trial.evidence}`);
  });

  test('a valid minPassRate (0.95): a perfect trial earns the class back', () => {
    const b = resolveBounds({ routing: { minPassRate: 0.95 } });
    const state: TuneState = {
      round: 5,
      routing: {
        hard: {
          mode: 'probe',
          since: 4,
          wait: 2,
          why: 'gates',
          base: { first: { n: 0, ok: 0 }, rated: { n: 0, ok: 0 }, audits: 0, agreement: 0 },
        },
      },
    };
    const ev = evidenceOf(classRequests({ cls: 'hard', n: 60, pass: 1, like: 1 }));
    assert.deepEqual(ev.classes.hard!.stations.browser!.first, { n: 60, ok: 60 });
    const p = tune(ev, baseConfig(), b, { state });
    assert.equal(p.state.routing.hard!.mode, 'cheap', '60/60 gate passes and 60/60 liked never win the class back');
  });

  test("the server's bounds (config key `tuning`) are checked: nothing is tuned on a NaN or a string, the error names each path", async () => {
    const store = await openEventStore({ indexedDB: undefined, name: 'attack-bounds' });
    const line = createLine(baseConfig(), { store });
    const server: LineServer = {
      base: '',
      get: async () => ({
        ok: true,
        value: {
          id: 'shop',
          current: {
            version: 1,
            deployedAt: new Date().toISOString(),
            config: {
              ...baseConfig(),
              tuning: { temperature: { min: 0, max: 'hot' }, routing: { acceptanceFloor: 'high' } },
            },
          },
          canary: null,
          history: [],
        },
      }),
      deploy: refuse,
      promote: refuse,
      rollback: refuse,
    };
    const tuner = createTuner({ store, line, versions: memoryVersionStore(), server });
    await tuner.ready;
    // Nothing is tuned on bounds that are not valid: the error names each problem at its path.
    const refused = (e: unknown) => {
      assert.ok(e instanceof TuneBoundsError, String(e));
      assert.equal(e.code, 'bad_bounds');
      assert.equal(e.from, 'server');
      assert.deepEqual(
        e.problems.map((p) => p.path),
        ['/tuning/temperature/max', '/tuning/routing/acceptanceFloor'],
      );
      return true;
    };
    assert.throws(() => tuner.bounds(), refused);
    await store.putMany(eventsOf(classRequests({ cls: 'hard', n: 30, pass: 0.5, like: 0.9 })));
    await assert.rejects(tuner.tuneNow({ deploy: false }), refused);
    // The site's own bounds are checked when the tuner is made.
    assert.throws(
      () => createTuner({ store, line, versions: memoryVersionStore(), bounds: { repairMax: { min: 1.5, max: 2 } } }),
      (e: unknown) => e instanceof TuneBoundsError && e.from === 'site' && e.problems[0]?.path === '/repairMax/min',
    );
  });
});

describe('hostile input: evidence from hostile events', () => {
  test('held: feedback for unknown layouts, requests without traces, out-of-order times, missing attrs', () => {
    const events = [
      ev('feedback.given', { layoutId: 'lnever', rating: 'up' }),
      ev('station.attempted', {}),
      ev('layout.rendered', { layoutId: 'lx', station: 'browser', layout: '{"type":"x"}' }),
      ev('layout.rendered', { layoutId: 'lx', station: 'browser', layout: 'not json' }),
      ev('feedback.given', { layoutId: 'lx', rating: 'sideways' }),
      ev('vote.completed', {}),
      ev('audit.completed', { agreement: null }),
    ];
    assert.doesNotThrow(() => collectEvidence([...events].reverse(), 'shop'));
    const e = collectEvidence(events, 'shop');
    assert.equal(e.events, events.length);
    assert.equal(e.layouts.lx!.rendered, 2);
    assert.equal(e.layouts.lx!.up + e.layouts.lx!.down, 0);
    for (const x of numbers(e)) assert.ok(Number.isFinite(x));
    assert.doesNotThrow(() => tune(e, baseConfig(), bounds));
  });

  test('a rating of layoutId "__proto__" (a valid event) does not pollute Object.prototype', async () => {
    try {
      const store = await openEventStore({ indexedDB: undefined, name: 'attack-proto' });
      const put = await store.putMany([
        ev('feedback.given', { layoutId: '__proto__', rating: 'down', feedbackId: 'f1' }),
        ev('feedback.given', { layoutId: 'constructor', rating: 'up', feedbackId: 'f2' }),
      ]);
      assert.equal(put.stored, 2, 'the store accepts both events');
      await readEvidence(store, { line: 'shop' });
      assert.equal(
        Object.hasOwn(Object.prototype, 'down'),
        false,
        `Object.prototype.down = ${({} as { down?: unknown }).down}`,
      );
      assert.equal(Object.hasOwn(Object, 'up'), false, 'Object.up was set');
    } finally {
      cleanPrototypes();
    }
  });

  test('a ui.action on layoutId "__proto__" does not pollute Object.prototype', () => {
    try {
      collectEvidence([ev('ui.action', { layoutId: '__proto__' })], 'shop');
      assert.equal(Object.hasOwn(Object.prototype, 'actions'), false, 'Object.prototype.actions was set');
    } finally {
      cleanPrototypes();
    }
  });

  test('a rating whose variant is "constructor" (never attempted) does not throw', () => {
    const events = [
      ev('layout.rendered', { layoutId: 'lx', station: 'browser', layout: '{}' }),
      ev('feedback.given', { layoutId: 'lx', rating: 'up', promptVersion: '1/constructor' }),
    ];
    try {
      assert.doesNotThrow(() => collectEvidence(events, 'shop'));
    } finally {
      cleanPrototypes();
    }
  });

  test('a rating given on lineVersion "toString" (no other event on it) does not throw', () => {
    const events = [
      ev('layout.rendered', { layoutId: 'lx', station: 'browser', layout: '{}' }),
      ev('feedback.given', { layoutId: 'lx', rating: 'up' }, { lineVersion: 'toString' }),
    ];
    try {
      assert.doesNotThrow(() => collectEvidence(events, 'shop'));
    } finally {
      cleanPrototypes();
    }
  });

  test('premium costs that overflow (2 × 1e308) leave no NaN in the objective and do not push a free cheap route up', () => {
    const reqs = classRequests({ cls: 'c', n: 30, pass: 1, like: 1 });
    const events = eventsOf(reqs);
    for (const cost of [1e308, 1e308])
      events.push(ev('station.attempted', { station: 'premium', intentClass: 'c', ok: true, cost }));
    const e = collectEvidence(events, 'shop');
    const o = classObjective(e, 'c', e.classes.c!.stations.browser!, 0.6);
    assert.ok(o.cheap.clears, 'the cheap route serves every request and visitors like all of it');
    assert.ok(!Number.isNaN(o.cheap.cost), `cheap cost ${o.cheap.cost}`);
    assert.equal(o.best, 'cheap');
  });
});

describe('hostile input: hostile intent-class names in tuning', () => {
  const failing = (cls: string, n: number, pass: number) => evidenceOf(classRequests({ cls, n, pass, like: 0.9 }));

  test('a class named after a member every object has is read as "unknown": its requests still count, under no such key', () => {
    for (const cls of ['__proto__', 'toString', 'hasOwnProperty', 'constructor']) {
      const p = tune(failing(cls, 30, 0.05), baseConfig(), bounds);
      assert.equal(p.state.routing.unknown?.mode, 'premium', cls);
      assert.equal(p.config.routing?.classes?.unknown?.start, 'premium', cls);
      assert.ok(Object.hasOwn(p.config.cache ?? {}, 'unknown'), cls);
      assert.ok(!Object.hasOwn(p.config.routing?.classes ?? {}, cls), cls);
      assert.ok(!p.changes.some((c) => c.path.includes(cls)), cls);
      assert.equal(Object.getPrototypeOf(p.config.routing?.classes ?? {}), Object.prototype, cls);
    }
  });

  test('class "__proto__" with few failing attempts: tune does not throw', () => {
    // 5 failed first attempts: the line's own rule skips the browser, tuning lowers the class's bar.
    assert.doesNotThrow(() => tune(failing('__proto__', 5, 0), baseConfig(), bounds));
  });

  test('class "constructor" when the config already routes a class: the proposal can be stored (deployed)', async () => {
    const store = await openEventStore({ indexedDB: undefined, name: 'attack-ctor' });
    const cfg = baseConfig();
    cfg.routing = { classes: { other: { minPassRate: 0.9 } } };
    const tuner = createTuner({ store, line: createLine(cfg, { store }), versions: memoryVersionStore() });
    await tuner.ready;
    await store.putMany(eventsOf(classRequests({ cls: 'constructor', n: 5, pass: 0 })));
    await assert.doesNotReject(async () => {
      const r = await tuner.tuneNow({ deploy: 'canary' });
      assert.ok(r.deployed);
    });
    const p = tune(await readEvidence(store, { line: 'shop' }), cfg, bounds);
    for (const c of p.changes) assert.notEqual(typeof c.before, 'function', `${c.path} before is a function`);
  });

  test('the work per class does not grow with the number of classes (class names come from visitors)', () => {
    // Counted, not timed: how often the evidence's classes are listed while every class is routed.
    // Summing every class once per class made 2,000 classes 4,000 listings of 2,000 each.
    const listings = (classes: number) => {
      const st = (ok: number, cost: number) => ({
        first: { n: 10, ok },
        repairs: { n: 0, ok: 0 },
        audits: 0,
        agreement: 0,
        rated: { n: 10, ok },
        rendered: ok,
        cost,
        attempts: 10,
      });
      const own: Evidence['classes'] = {};
      for (let i = 0; i < classes; i++)
        own[`c${i}`] = { requests: 10, votes: { n: 0, ok: 0 }, stations: { browser: st(9, 0), premium: st(10, 0.02) } };
      let listed = 0;
      const counted = new Proxy(own, {
        ownKeys(target) {
          listed++;
          return Reflect.ownKeys(target);
        },
      });
      const e: Evidence = { line: 'shop', events: 0, classes: counted, variants: {}, layouts: {}, versions: {} };
      tune(
        e,
        baseConfig(),
        resolveBounds({ parts: { exemplars: false, cache: false, variants: false, parameters: false } }),
      );
      return listed;
    };
    assert.equal(listings(400), listings(40));
  });
});

describe('hostile input: degenerate evidence and statistics', () => {
  test('held: wilson with n = 0 is [0, 1]', () => {
    assert.deepEqual(wilson({ n: 0, ok: 0 }), { low: 0, high: 1 });
    assert.deepEqual(wilson({ n: 0, ok: 0 }, 1), { low: 0, high: 1 });
  });

  test('wilson of an inconsistent tally (ok > n) is still inside [0, 1], not NaN', () => {
    const w = wilson({ n: 1, ok: 2 });
    assert.ok(w.low >= 0 && w.low <= 1 && w.high >= 0 && w.high <= 1, JSON.stringify(w));
  });

  test('held: empty evidence proposes nothing and no NaN', () => {
    const p = tune(evidenceOf([]), baseConfig(), bounds);
    assert.equal(p.changes.length, 0);
    assert.match(formatProposal(p), /No change/);
  });

  test('held: nothing rated → no exemplar change; everything rated equally → a second round changes nothing', () => {
    const none = tune(evidenceOf(classRequests({ cls: 'c', n: 30, pass: 1 })), baseConfig(), bounds);
    assert.ok(!none.changes.some((c) => c.kind === 'exemplars'));
    const e = evidenceOf(['a', 'b', 'c'].flatMap((cls) => classRequests({ cls, n: 12, pass: 1, like: 1 })));
    const one = tune(e, baseConfig(), bounds);
    const two = tune(e, one.config, bounds, { state: one.state });
    assert.ok(!two.changes.some((c) => c.kind === 'exemplars' || c.kind === 'cache'), formatProposal(two));
  });

  test('a record that shrank under the trial base (evicted events) never reports a share over 100%', () => {
    const e = evidenceOf(classRequests({ cls: 'hard', n: 30, pass: 0.95, like: 0.97 }));
    const state: TuneState = {
      round: 5,
      routing: {
        hard: {
          mode: 'probe',
          since: 4,
          wait: 2,
          why: 'gates',
          base: { first: { n: 22, ok: 0 }, rated: { n: 0, ok: 0 }, audits: 0, agreement: 0, attempts: 22 },
        },
      },
    };
    const p = tune(e, baseConfig(), bounds, { state });
    for (const c of p.changes)
      for (const m of c.evidence.matchAll(/(\d+)\/(\d+) \((\d+)%\)/g))
        assert.ok(Number(m[1]) <= Number(m[2]), `${c.summary}: ${m[0]}`);
  });
});

describe('hostile input: parseLineConfig', () => {
  const base = () => JSON.parse(JSON.stringify(baseConfig()));

  test('held: never throws, refuses non-objects, non-integer and unsafe versions, NaN, with paths', () => {
    for (const v of [null, undefined, 'x', 42, [], {}, true]) {
      const r = parseLineConfig(v);
      assert.equal(r.ok, false);
      if (!r.ok) for (const p of r.problems) assert.equal(typeof p.path, 'string');
    }
    for (const version of [1.5, 1e300, 2 ** 53, '', Number.NaN]) {
      const r = parseLineConfig({ ...base(), version });
      assert.ok(!r.ok && r.problems.some((p) => p.path === '/version'), `version ${version}`);
    }
    const t = parseLineConfig({ ...base(), generation: { temperature: Number.NaN } });
    assert.ok(!t.ok && t.problems[0]!.path === '/generation/temperature');
    const top = parseLineConfig(
      JSON.parse(`{"__proto__": {"x": 1}, "id": "a", "version": 1, "stations": [{"kind": "cache"}]}`),
    );
    assert.equal(top.ok, false);
  });

  test('held: 20 000 stations of no known kind are refused, each at its path', () => {
    const r = parseLineConfig({ ...base(), stations: Array.from({ length: 20_000 }, (_, i) => ({ kind: i })) });
    assert.equal(r.ok, false);
    assert.ok(!r.ok && r.problems.some((p) => p.path === '/stations/19999/kind'));
  });

  test('routing.classes."__proto__" with an invalid rule is refused, not accepted and dropped', () => {
    const r = parseLineConfig({
      ...base(),
      ...JSON.parse('{"routing":{"classes":{"__proto__":{"minPassRate":"x"}}}}'),
    });
    assert.equal(r.ok, false, `accepted as ${JSON.stringify(r.ok && r.config.routing)}`);
  });

  test('cache."__proto__" is kept or refused, never silently dropped', () => {
    const r = parseLineConfig({ ...base(), ...JSON.parse('{"cache":{"__proto__":{"type":"x"}}}') });
    if (r.ok) assert.ok(Object.hasOwn(r.config.cache ?? {}, '__proto__'), `cache = ${JSON.stringify(r.config.cache)}`);
  });

  test('non-object stations get no made-up "undefined station" duplicate problems', () => {
    const r = parseLineConfig({ ...base(), stations: [null, 1, { kind: 'fallback', layout: {} }] });
    assert.equal(r.ok, false);
    if (!r.ok)
      for (const p of r.problems) assert.doesNotMatch(p.message, /"undefined" station/, `${p.path}: ${p.message}`);
  });

  test('duplicate prompt variant ids: refused, or tuning keeps every weight at or above minWeight', () => {
    const cfg = baseConfig();
    cfg.prompts!.variants[1]!.id = 'plain';
    if (!parseLineConfig(cfg).ok) return;
    const e = evidenceOf([
      ...classRequests({ cls: 'a', n: 30, pass: 0.9, like: 0.9, variant: 'plain' }),
      ...classRequests({ cls: 'b', n: 30, pass: 0.2, like: 0.2, variant: 'terse' }),
    ]);
    const p = tune(e, cfg, bounds);
    for (const v of p.config.prompts!.variants)
      assert.ok(v.weight >= DEFAULT_BOUNDS.variants.minWeight - 1e-3, `${v.id}: ${v.weight}`);
  });

  test('variant weights whose sum overflows: the proposal does not report every weight as 0 before', () => {
    const cfg = baseConfig();
    for (const v of cfg.prompts!.variants) v.weight = 1e308;
    if (!parseLineConfig(cfg).ok) return;
    const e = evidenceOf([
      ...classRequests({ cls: 'a', n: 30, pass: 0.9, like: 0.9, variant: 'plain' }),
      ...classRequests({ cls: 'b', n: 30, pass: 0.5, like: 0.5, variant: 'steps' }),
    ]);
    const c = tune(e, cfg, bounds).changes.find((x) => x.kind === 'variants');
    if (c) {
      const before = Object.values(c.before as Record<string, number>).reduce((s, x) => s + x, 0);
      assert.ok(Math.abs(before - 1) < 0.01, `before weights sum to ${before}: ${c.summary}`);
    }
  });

  test('an exemplar layout nested 3000 deep: refused by the parser, or tuned without a RangeError', () => {
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 3000; i++) deep = { c: deep };
    const r = parseLineConfig({ ...base(), exemplars: { items: [{ intent: 'x', layout: deep }] } });
    if (!r.ok) return;
    const e = evidenceOf(classRequests({ cls: 'checkout', n: 30, pass: 1, like: 0.9 }));
    assert.doesNotThrow(() => tune(e, r.config, bounds));
  });
});

describe('hostile input: canary', () => {
  const v = (requests: number, premium: number, fallback: number, up: number, rated: number): VersionEvidence => ({
    requests,
    escalated: 0,
    gates: { n: requests, ok: requests },
    feedback: { n: rated, ok: up },
    rendered: requests,
    premium,
    fallback,
    cost: 0,
  });

  test('held: zero traffic on one arm or both waits; identical arms promote; a worse canary rolls back', () => {
    assert.equal(compareVersions(undefined, undefined).decision, 'wait');
    assert.equal(compareVersions(v(1000, 100, 10, 500, 600), undefined).decision, 'wait');
    assert.equal(compareVersions(undefined, v(1000, 100, 10, 500, 600)).decision, 'wait');
    assert.equal(compareVersions(v(0, 0, 0, 0, 0), v(0, 0, 0, 0, 0), { minSamples: 0 }).decision, 'wait');
    assert.equal(compareVersions(v(2000, 200, 20, 900, 1000), v(2000, 200, 20, 900, 1000)).decision, 'promote');
    assert.equal(compareVersions(v(2000, 200, 20, 900, 1000), v(2000, 200, 400, 900, 1000)).decision, 'rollback');
    // Premium above requests (renders without a request event) clamps, no NaN.
    const odd = compareVersions(v(10, 50, 50, 0, 0), v(10, 50, 50, 0, 0));
    for (const m of odd.metrics) assert.ok(Number.isFinite(m.pWorse));
  });

  test('held: inCanary with share 0, NaN, 1 and out-of-range', () => {
    assert.equal(inCanary('k', 0, 's'), false);
    assert.equal(inCanary('k', Number.NaN, 's'), false);
    assert.equal(inCanary('k', 1, 's'), true);
    assert.equal(inCanary('k', -1, 's'), false);
  });
});

describe('hostile input: every config and bounds problem has a code', () => {
  test("zod checks and the line's own rules each name their problem with a code beside the path", () => {
    const station = { kind: 'fallback', layout: { version: 1, root: 'r', nodes: [{ id: 'r', type: 'divider' }] } };
    const cases: Array<[unknown, string, string]> = [
      [
        JSON.parse('{"id":"x","version":1,"stations":[],"cache":{"__proto__":{}}}'),
        'forbidden_key',
        '/cache/__proto__',
      ],
      [
        { id: 'x', version: 1, stations: [station], generation: { temperature: 'hot' } },
        'wrong_type',
        '/generation/temperature',
      ],
      [{ id: 'x', version: 1, stations: [station], repair: { max: 99 } }, 'out_of_range', '/repair/max'],
      [{ id: 'x', version: 1, stations: [station], extra: 1 }, 'unknown_key', ''],
      [
        { id: 'x', version: 1, stations: [station], routing: { classes: { toString: {} } } },
        'bad_key',
        '/routing/classes/toString',
      ],
      [{ id: 'x', version: 1, stations: [station, { kind: 'cache' }] }, 'fallback_not_last', '/stations/0'],
      [
        { id: 'x', version: 1, stations: [{ kind: 'cache' }, { kind: 'cache' }, station] },
        'duplicate_station',
        '/stations/1',
      ],
      [
        {
          id: 'x',
          version: 1,
          stations: [station],
          prompts: {
            variants: [
              { id: 'a', weight: 1, template: 't' },
              { id: 'a', weight: 1, template: 'u' },
            ],
          },
        },
        'duplicate_id',
        '/prompts/variants/1/id',
      ],
      [
        { id: 'x', version: 1, stations: [station], prompts: { variants: [{ id: 'a', weight: 0, template: 't' }] } },
        'no_weight',
        '/prompts/variants',
      ],
    ];
    for (const [config, code, path] of cases) {
      const r = parseLineConfig(config);
      assert.ok(!r.ok, code);
      assert.ok(
        r.problems.some((p) => p.code === code && p.path === path),
        `${code} at ${path}: ${JSON.stringify(r.problems)}`,
      );
      for (const p of r.problems) assert.equal(typeof p.code, 'string', JSON.stringify(p));
    }
    const b = parseBounds({ temperature: { min: 0.8, max: 0.2 } });
    assert.ok(!b.ok && b.problems[0]!.code === 'min_above_max' && b.problems[0]!.path === '/temperature');
    const t = parseBounds({ voteSamples: { min: 2.5, max: 3 } });
    assert.ok(!t.ok && t.problems[0]!.code === 'wrong_type', JSON.stringify(t));
  });
});
