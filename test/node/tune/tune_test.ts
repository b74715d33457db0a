import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resolveBounds, parseBounds, DEFAULT_BOUNDS } from '../../../src/tune/bounds.js';
import { tune, formatProposal, proposeModel, winBackBar } from '../../../src/tune/tune.js';
import { untunableChanges, deepEqual } from '../../../src/tune/guard.js';
import { parseLineConfig } from '../../../src/line/config.js';
import { layoutId } from '../../../src/line/line.js';
import { RouteBook, routeRule } from '../../../src/line/records.js';
import { simLayout } from '../../../eval/replay-sim.js';
import { baseConfig, classRequests, evidenceOf } from './fixtures.js';
import type { SimRequest } from '../../../eval/replay-sim.js';

const bounds = resolveBounds();
/** The older, stricter gate bar: below 60% gate passes a class goes to premium (the trial tests read best with it). */
const strict = resolveBounds({ routing: { minPassRate: 0.6 } });
/** A site that trades acceptance for cost: a 60% floor (the default is 95%). */
const at60 = resolveBounds({ routing: { acceptanceFloor: 0.6 } });

/** Requests the cheap station failed and premium served, rated up at `like` (deterministic pattern). */
function premiumRequests(cls: string, n: number, like: number, cost = 0.002): SimRequest[] {
  return Array.from({ length: n }, (_, i) => ({
    line: 'shop',
    version: '1',
    session: `p${i}`,
    intent: `${cls} please`,
    intentClass: cls,
    attempts: [
      { station: 'browser' as const, ok: false },
      { station: 'premium' as const, ok: true, cost },
    ],
    rendered: { station: 'premium' as const, layout: simLayout(`${cls} premium ${i % 2}`) },
    rating: (i * 104729) % 1000 < like * 1000 ? ('up' as const) : ('down' as const),
    time: Date.UTC(2026, 10, 25, 11, 0, 0) + i * 1000,
  }));
}

describe('tune: exemplars and cache', () => {
  test('the best-rated layout of each class becomes its exemplar; disliked and under-rated ones do not', () => {
    const ev = evidenceOf([
      ...classRequests({ cls: 'checkout', n: 30, pass: 1, like: 0.9 }),
      ...classRequests({ cls: 'search', n: 30, pass: 1, like: 0.1 }),
    ]);
    const p = tune(ev, baseConfig(), bounds);
    const items = p.config.exemplars!.items;
    const classes = items.map((e) => e.intentClass);
    assert.ok(classes.includes('checkout'));
    assert.ok(!classes.includes('search'), 'a class whose layouts are disliked gives no exemplar');
    assert.ok(classes.includes('seed'), 'the site seed for a class without evidence stays');
    const ex = items.find((e) => e.intentClass === 'checkout')!;
    const rated = Object.values(ev.layouts).filter((l) => l.intentClass === 'checkout' && l.up + l.down >= 2);
    const best = Math.max(...rated.map((l) => (l.up + 1) / (l.up + l.down + 2)));
    const chosen = rated.find((l) => deepEqual(l.layout, ex.layout))!;
    assert.equal((chosen.up + 1) / (chosen.up + chosen.down + 2), best);
    assert.notEqual(p.config.exemplars!.version, undefined);
    assert.match(formatProposal(p), /exemplars for the cheap station: 1 → 2/);
  });

  test('exemplars stay within the character budget', () => {
    const reqs = ['a1', 'b2', 'c3', 'd4', 'e5'].flatMap((cls) => classRequests({ cls, n: 12, pass: 1, like: 1 }));
    const one = JSON.stringify(simLayout('a1 0')).length + 'a1 please'.length;
    const tight = resolveBounds({ exemplars: { maxChars: one * 2 + 5 } });
    const p = tune(evidenceOf(reqs), baseConfig(), tight);
    const chars = p.config.exemplars!.items.reduce((s, e) => s + e.intent.length + JSON.stringify(e.layout).length, 0);
    assert.ok(chars <= one * 2 + 5, `${chars} characters`);
    assert.equal(p.config.exemplars!.items.length, 2);
  });

  test('a layout that fails the gates now is never an exemplar or a cache entry', () => {
    const ev = evidenceOf(classRequests({ cls: 'checkout', n: 30, pass: 1, like: 1 }));
    const p = tune(ev, baseConfig(), bounds, { check: () => false });
    assert.ok(!p.config.exemplars!.items.some((e) => e.intentClass === 'checkout'));
    assert.equal(p.config.cache, undefined);
  });

  test('the cache gets the last known good layout per class, and loses one visitors turned against', () => {
    const cfg = baseConfig();
    const bad = simLayout('stale');
    cfg.cache = { stale: bad };
    const reqs = classRequests({ cls: 'checkout', n: 10, pass: 1 });
    reqs.push({
      line: 'shop',
      version: '1',
      session: 'x',
      intent: 'stale',
      intentClass: 'stale',
      attempts: [{ station: 'cache', ok: true }],
      rendered: { station: 'cache', layout: bad },
      rating: 'down',
      time: Date.UTC(2026, 10, 25, 11),
    });
    const p = tune(evidenceOf(reqs), cfg, bounds);
    assert.deepEqual(p.config.cache!.checkout, simLayout('checkout 0'), 'the latest rendering (i = 9 → label 0)');
    assert.equal(p.config.cache!.stale, undefined);
    assert.ok(p.changes.some((c) => c.kind === 'cache' && c.path === '/cache/stale' && c.after === null));
    assert.equal(
      layoutId(p.config.cache!.checkout as never),
      p.changes.find((c) => c.path === '/cache/checkout')!.after,
    );
  });
});

describe('tune: routing', () => {
  test('a class where the cheap station almost never passes the gates starts at premium; a good class is left alone', () => {
    const ev = evidenceOf([
      ...classRequests({ cls: 'hard', n: 20, pass: 0.02 }),
      ...classRequests({ cls: 'easy', n: 20, pass: 0.95 }),
    ]);
    const p = tune(ev, baseConfig(), bounds);
    assert.equal(p.config.routing?.classes?.hard?.start, 'premium');
    assert.equal(p.config.routing?.classes?.easy, undefined);
    const c = p.changes.find((x) => x.kind === 'routing')!;
    assert.match(c.evidence, /passed the gates 1\/20 .*at most 20% at 90% confidence/);
    assert.equal(c.samples, 20);
  });

  test("the latency guard is the line's own interval rule: 2/20 may still be 20% or more, so the class is not sent up", () => {
    // 2/20: the upper end of the 90% interval is 26%, over the 20% guard; 1/20 (above) is at most 20%.
    const p = tune(evidenceOf(classRequests({ cls: 'hard', n: 20, pass: 0.1 })), baseConfig(), bounds);
    assert.notEqual(p.config.routing?.classes?.hard?.start, 'premium');
  });

  test('the objective: premium is liked more, but the cheap route clears the floor, so the class is routed down, not up', () => {
    // The browser passes 40% (the line's own bar is 50%: it would skip the browser); visitors accept
    // 70% of its layouts and 95% of premium's. Cheap first keeps ~85% accepted at ~60% of the cost.
    const ev = evidenceOf([
      ...classRequests({ cls: 'faq', n: 40, pass: 1, like: 0.7 }).slice(0, 16),
      ...premiumRequests('faq', 24, 0.95),
    ]);
    assert.equal(ev.classes.faq!.stations.browser!.first.n, 40);
    const p = tune(ev, baseConfig(), at60);
    const rule = p.config.routing?.classes?.faq;
    assert.notEqual(rule?.start, 'premium', 'no escalation to buy acceptance');
    assert.ok(
      rule?.minPassRate !== undefined && rule.minPassRate < 0.4,
      `the line's gate bar for the class comes down below the observed 40%: ${JSON.stringify(rule)}`,
    );
    const c = p.changes.find((x) => x.kind === 'routing')!;
    assert.match(c.summary, /down to the cheap station/);
    assert.match(c.evidence, /cheap first \d+% accepted at \$[\d.]+ per accepted layout; premium first \d+% accepted/);
    assert.match(
      formatProposal(p),
      /Objective: the lowest cost per accepted layout, keeping at least 60% of layouts accepted/,
    );
  });

  test('premium is bought only to keep the floor: a cheap route below it starts at premium', () => {
    const ev = evidenceOf([
      ...classRequests({ cls: 'wizard', n: 30, pass: 1, like: 0.25 }),
      ...premiumRequests('wizard', 10, 0.9),
    ]);
    const p = tune(ev, baseConfig(), bounds);
    assert.equal(p.config.routing?.classes?.wizard?.start, 'premium');
    assert.match(p.changes.find((c) => c.kind === 'routing')!.evidence, /below the acceptance floor/);
    // The same evidence with a floor the cheap route keeps: it stays cheap.
    const lenient = tune(ev, baseConfig(), { ...bounds, routing: { ...bounds.routing, acceptanceFloor: 0.3 } });
    assert.notEqual(lenient.config.routing?.classes?.wizard?.start, 'premium');
  });

  test('an exemplar already in the line stays against a newer layout as well rated, and gives way to a better one', () => {
    /** `ups` requests where premium served the layout `label` and the visitor liked it, at minute `at`. */
    const liked = (label: string, at: number, ups: number, downs = 0): SimRequest[] =>
      Array.from({ length: ups + downs }, (_, i) => ({
        line: 'shop',
        version: '1',
        session: `${label}-${i}`,
        intent: 'rsvp please',
        intentClass: 'rsvp',
        attempts: [
          { station: 'browser' as const, ok: false },
          { station: 'premium' as const, ok: true, cost: 0.002 },
        ],
        rendered: { station: 'premium' as const, layout: simLayout(label) },
        rating: i < ups ? ('up' as const) : ('down' as const),
        time: Date.UTC(2026, 11, 7, 10, at, i),
      }));
    const first = [...liked('rsvp A', 0, 2)];
    const p = tune(evidenceOf(first), baseConfig(), bounds);
    const chosen = () => p.config.exemplars!.items.find((e) => e.intentClass === 'rsvp')!.layout;
    assert.equal(layoutId(chosen() as never), layoutId(simLayout('rsvp A')));
    // B is newer and rated the same: the line keeps A, and tuning proposes no exemplar change.
    const q = tune(evidenceOf([...first, ...liked('rsvp B', 5, 2)]), p.config, bounds, { state: p.state });
    assert.equal(q.changes.filter((c) => c.kind === 'exemplars').length, 0, JSON.stringify(q.changes));
    // Without A in the line, the newer of two equals is chosen (the order before incumbency counted).
    const fresh = tune(evidenceOf([...first, ...liked('rsvp B', 5, 2)]), baseConfig(), bounds);
    assert.match(JSON.stringify(fresh.config.exemplars!.items), /rsvp B/);
    // C is liked more (3 up): it replaces A.
    const r = tune(evidenceOf([...first, ...liked('rsvp C', 9, 3)]), p.config, bounds, { state: p.state });
    const ex = r.changes.find((c) => c.kind === 'exemplars');
    assert.ok(ex, 'a better-rated layout is a change');
    assert.match(JSON.stringify(r.config.exemplars!.items), /rsvp C/);
  });

  test('exemplars for the cheap station come from accepted premium layouts first', () => {
    const ev = evidenceOf([
      ...classRequests({ cls: 'stats', n: 20, pass: 1, like: 0.9 }),
      ...premiumRequests('stats', 20, 0.8),
    ]);
    const p = tune(ev, baseConfig(), bounds);
    const ex = p.config.exemplars!.items.find((e) => e.intentClass === 'stats')!;
    assert.match(JSON.stringify(ex.layout), /stats premium/);
    assert.match(p.changes.find((c) => c.kind === 'exemplars')!.summary, /1 of them accepted premium layouts/);
  });

  test('too few samples decide nothing, and where the line itself stopped trying the browser it keeps trying until tuning can judge', () => {
    assert.equal(
      tune(evidenceOf(classRequests({ cls: 'hard', n: 3, pass: 0 })), baseConfig(), bounds).config.routing,
      undefined,
    );
    // Five failed attempts: the line's own bar (4 attempts at 50%) skips the browser; tuning needs 6 to judge.
    const p = tune(evidenceOf(classRequests({ cls: 'hard', n: 5, pass: 0 })), baseConfig(), bounds);
    assert.deepEqual(p.config.routing, { classes: { hard: { minPassRate: 0.1 } } });
    assert.match(p.changes.find((c) => c.kind === 'routing')!.summary, /keep trying the cheap station/);
    // Six at 0% may still be a 31% station: the line keeps trying at the low bar.
    const q = tune(evidenceOf(classRequests({ cls: 'hard', n: 6, pass: 0 })), p.config, bounds, { state: p.state });
    assert.notEqual(q.config.routing?.classes?.hard?.start, 'premium');
    // At 0 of 12 the interval is under the 20% guard (at most 18%): premium.
    const z = tune(evidenceOf(classRequests({ cls: 'hard', n: 12, pass: 0 })), p.config, bounds, { state: p.state });
    assert.equal(z.config.routing!.classes!.hard!.start, 'premium');
  });

  test("visitors who dislike the cheap station's layouts move the class up even when the gates pass", () => {
    const p = tune(evidenceOf(classRequests({ cls: 'picky', n: 30, pass: 1, like: 0.1 })), baseConfig(), bounds);
    assert.equal(p.config.routing?.classes?.picky?.start, 'premium');
    assert.match(p.changes.find((c) => c.kind === 'routing')!.evidence, /below the acceptance floor/);
  });

  test('a few unlucky ratings send no class up: going up needs the cheap route under the floor at the upper end of its interval', () => {
    // Half of 8 layouts liked: the point estimate is under the 60% floor, the interval is not (a 70% station shows this often).
    const few = classRequests({ cls: 'rsvp', n: 8, pass: 1, like: 0.4 });
    const ev = evidenceOf([...few, ...premiumRequests('rsvp', 10, 1)]);
    const rated = ev.classes.rsvp!.stations.browser!.rated;
    assert.deepEqual(rated, { n: 8, ok: 4 });
    assert.notEqual(tune(ev, baseConfig(), at60).config.routing?.classes?.rsvp?.start, 'premium');
    // A like share on 40 layouts is clearly under the floor: premium, and the evidence names the bound.
    const many = evidenceOf([
      ...classRequests({ cls: 'rsvp', n: 40, pass: 1, like: 0.4 }),
      ...premiumRequests('rsvp', 10, 1),
    ]);
    const p = tune(many, baseConfig(), at60);
    assert.equal(p.config.routing?.classes?.rsvp?.start, 'premium');
    assert.match(p.changes.find((c) => c.kind === 'routing')!.evidence, /at most \d+% accepted at the upper end/);
  });

  test('the default floor keeps 95% accepted: a class the cheap station serves at 85% goes up, where a 60% floor keeps it down', () => {
    assert.equal(DEFAULT_BOUNDS.routing.acceptanceFloor, 0.95);
    const ev = evidenceOf([
      ...classRequests({ cls: 'wizard', n: 60, pass: 1, like: 0.85 }),
      ...premiumRequests('wizard', 20, 1),
    ]);
    const p = tune(ev, baseConfig(), bounds);
    assert.equal(p.config.routing?.classes?.wizard?.start, 'premium');
    assert.match(formatProposal(p), /keeping at least 95% of layouts accepted in each class/);
    assert.notEqual(tune(ev, baseConfig(), at60).config.routing?.classes?.wizard?.start, 'premium');
  });

  test('the bar a trial must clear to win a class back is the floor plus the hysteresis, at most halfway to 100%', () => {
    assert.equal(winBackBar({ acceptanceFloor: 0.6, hysteresis: 0.1 }), 0.7);
    assert.equal(winBackBar({ acceptanceFloor: 0.95, hysteresis: 0.1 }), 0.975);
    assert.equal(winBackBar({ acceptanceFloor: 1, hysteresis: 0.1 }), 1);
    // At the default 95% floor a class sent up can come back: a trial all of whose layouts were liked earns it
    // (floor plus the whole hysteresis, 105%, could never be reached).
    const bad = classRequests({ cls: 'rsvp', n: 40, pass: 1, like: 0.5 });
    let p = tune(evidenceOf(bad), baseConfig(), bounds);
    assert.equal(p.config.routing?.classes?.rsvp?.start, 'premium');
    p = tune(evidenceOf(bad), p.config, bounds, { state: p.state });
    p = tune(evidenceOf(bad), p.config, bounds, { state: p.state });
    assert.equal(p.state.routing.rsvp!.mode, 'probe');
    const trial = (like: number) => [...bad, ...classRequests({ cls: 'rsvp', n: 60, pass: 1, like })];
    const won = tune(evidenceOf(trial(1)), p.config, bounds, { state: p.state });
    assert.equal(won.state.routing.rsvp!.mode, 'cheap');
    assert.match(won.changes.find((c) => c.kind === 'routing')!.evidence, /floor plus the hysteresis \(98%\)/);
    // 93% liked on trial is under the floor: the class goes back to premium.
    const lost = tune(evidenceOf(trial(0.93)), p.config, bounds, { state: p.state });
    assert.notEqual(lost.state.routing.rsvp!.mode, 'cheap');
  });

  test('after its wait the class gets a trial; it comes back down only when the trial earns it, with hysteresis', () => {
    const hard = classRequests({ cls: 'hard', n: 20, pass: 0.1 });
    let p = tune(evidenceOf(hard), baseConfig(), strict);
    assert.equal(p.config.routing!.classes!.hard!.start, 'premium');
    // Rounds at premium: no browser samples arrive, nothing changes until the wait is over.
    p = tune(evidenceOf(hard), p.config, strict, { state: p.state });
    assert.equal(p.config.routing!.classes!.hard!.start, 'premium');
    p = tune(evidenceOf(hard), p.config, strict, { state: p.state });
    assert.equal(p.config.routing?.classes?.hard?.start, undefined, 'trial of the cheap station');
    assert.equal(p.state.routing.hard!.mode, 'probe');
    // During the trial: 65% passes is above the bar (60%) but not above it plus hysteresis (70%): stays on trial.
    const trial = [...hard, ...classRequests({ cls: 'hard', n: 20, pass: 0.65 })];
    const mid = tune(evidenceOf(trial), p.config, strict, { state: p.state });
    assert.equal(mid.state.routing.hard!.mode, 'probe');
    assert.equal(mid.config.routing?.classes?.hard?.start, undefined);
    // 90% passes earns it.
    const good = [...hard, ...classRequests({ cls: 'hard', n: 20, pass: 0.9 })];
    const down = tune(evidenceOf(good), p.config, strict, { state: p.state });
    assert.equal(down.state.routing.hard!.mode, 'cheap');
    assert.match(down.changes.find((c) => c.kind === 'routing')!.summary, /cheap station keeps/);
  });

  test("a trial lowers the class's gate-pass bar when the line's own routing would still skip the browser on its old record", () => {
    const hard = classRequests({ cls: 'hard', n: 20, pass: 0.1 });
    const browser = evidenceOf(hard).classes.hard!.stations.browser!;
    const book = new RouteBook();
    book.add({ hard: { browser: { attempts: browser.attempts, passed: browser.first.ok } } });
    let p = tune(evidenceOf(hard), baseConfig(), strict);
    // Its record (2/20, upper bound 26%) is clearly under the line's default bar (50%): without a lower
    // bar the line skips the browser and the trial gets no attempts.
    assert.ok(book.verdict('hard', 'browser', routeRule(baseConfig(), 'hard')));
    p = tune(evidenceOf(hard), p.config, strict, { state: p.state });
    p = tune(evidenceOf(hard), p.config, strict, { state: p.state });
    assert.equal(p.state.routing.hard!.mode, 'probe');
    assert.equal(book.verdict('hard', 'browser', routeRule(p.config, 'hard')), null, JSON.stringify(p.config.routing));
    assert.match(
      formatProposal(p),
      /routing "hard": the line tries the cheap station on trial \(gate-pass bar 0.5 → 0.26\)/,
    );
    // The line keeps its ratings across versions (the tuner carries its records): a class visitors
    // disliked (3 of 30 liked, upper bound 23%) is under the line's feedback bar, and its trial lowers that too.
    const picky = classRequests({ cls: 'picky', n: 30, pass: 1, like: 0.1 });
    let q = tune(evidenceOf(picky), baseConfig(), bounds);
    q = tune(evidenceOf(picky), q.config, bounds, { state: q.state });
    q = tune(evidenceOf(picky), q.config, bounds, { state: q.state });
    assert.equal(q.state.routing.picky!.mode, 'probe');
    const liked = evidenceOf(picky).classes.picky!.stations.browser!.rated;
    const rated = new RouteBook();
    rated.add({ picky: { browser: { attempts: 30, passed: 30, up: liked.ok, down: liked.n - liked.ok } } });
    assert.ok(rated.verdict('picky', 'browser', routeRule(baseConfig(), 'picky')), 'the old ratings skip the browser');
    assert.equal(
      rated.verdict('picky', 'browser', routeRule(q.config, 'picky')),
      null,
      JSON.stringify(q.config.routing),
    );
    assert.match(
      formatProposal(q),
      /routing "picky": the line tries the cheap station on trial \(feedback bar 0.5 → 0.2\d\)/,
    );
    // A class under neither of the line's bars (liked 45% of 40: the line's bound 57%, over its 50%) keeps its bars.
    const soso = classRequests({ cls: 'soso', n: 40, pass: 1, like: 0.45 });
    let u = tune(evidenceOf(soso), baseConfig(), bounds);
    assert.equal(u.state.routing.soso?.mode, 'premium', 'the tuner sends it up on its floor (95%)');
    u = tune(evidenceOf(soso), u.config, bounds, { state: u.state });
    u = tune(evidenceOf(soso), u.config, bounds, { state: u.state });
    assert.equal(u.state.routing.soso!.mode, 'probe');
    assert.equal(u.config.routing?.classes?.soso, undefined);
  });

  test('a failed trial sends the class back up and doubles the wait', () => {
    const hard = classRequests({ cls: 'hard', n: 20, pass: 0.1 });
    let p = tune(evidenceOf(hard), baseConfig(), strict);
    p = tune(evidenceOf(hard), p.config, strict, { state: p.state });
    p = tune(evidenceOf(hard), p.config, strict, { state: p.state });
    assert.equal(p.state.routing.hard!.mode, 'probe');
    const failed = tune(evidenceOf([...hard, ...classRequests({ cls: 'hard', n: 20, pass: 0.1 })]), p.config, strict, {
      state: p.state,
    });
    assert.equal(failed.config.routing!.classes!.hard!.start, 'premium');
    assert.equal(failed.state.routing.hard!.wait, DEFAULT_BOUNDS.routing.probeAfter * 2);
  });

  test('a start the site set by hand is kept', () => {
    const cfg = baseConfig();
    cfg.routing = { classes: { easy: { start: 'premium' } } };
    const p = tune(evidenceOf(classRequests({ cls: 'easy', n: 40, pass: 1 })), cfg, bounds);
    assert.equal(p.config.routing!.classes!.easy!.start, 'premium');
  });
});

describe('tune: prompt variants and parameters', () => {
  const reqs = () => [
    ...classRequests({ cls: 'a', n: 60, pass: 0.9, like: 0.85, variant: 'steps', label: 'a steps' }),
    ...classRequests({ cls: 'a', n: 60, pass: 0.9, like: 0.4, variant: 'plain', label: 'a plain' }),
    ...classRequests({ cls: 'a', n: 60, pass: 0.6, like: 0.4, variant: 'terse', label: 'a terse' }),
  ];

  test('Thompson sampling shifts weight to the variant visitors like more, and replays with the same seed', () => {
    const ev = evidenceOf(reqs());
    const p = tune(ev, baseConfig(), bounds, { seed: 7 });
    const w = Object.fromEntries(p.config.prompts!.variants.map((v) => [v.id, v.weight]));
    assert.ok(w.steps! > 0.8, JSON.stringify(w));
    assert.ok(
      w.plain! >= DEFAULT_BOUNDS.variants.minWeight - 0.01 && w.terse! >= DEFAULT_BOUNDS.variants.minWeight - 0.01,
      'losers keep a floor for exploration',
    );
    assert.ok(Math.abs(w.steps! + w.plain! + w.terse! - 1) < 0.01);
    assert.deepEqual(tune(ev, baseConfig(), bounds, { seed: 7 }).config, p.config);
    assert.deepEqual(
      p.config.prompts!.variants.map((v) => v.template),
      baseConfig().prompts!.variants.map((v) => v.template),
    );
  });

  test('equal variants on little evidence keep their weights', () => {
    const ev = evidenceOf(classRequests({ cls: 'a', n: 10, pass: 1, like: 0.5, variant: 'steps' }));
    assert.deepEqual(tune(ev, baseConfig(), bounds).config.prompts, baseConfig().prompts);
  });

  test('temperature goes down on poor first attempts, and every parameter stays within the bounds', () => {
    const ev = evidenceOf(classRequests({ cls: 'a', n: 40, pass: 0.5 }));
    const p = tune(ev, baseConfig(), bounds);
    assert.equal(p.config.generation!.temperature, 0.6);
    const narrow = resolveBounds({
      temperature: { min: 0.1, max: 0.3 },
      voteSamples: { min: 3, max: 5 },
      repairMax: { min: 2, max: 2 },
    });
    const q = tune(ev, baseConfig(), narrow);
    assert.equal(q.config.generation!.temperature, 0.3);
    assert.equal(q.config.vote!.samples, 3);
    assert.equal(q.config.repair!.max, 2);
  });
});

describe('tune: the fence', () => {
  test('a proposal never touches the catalog, gates, stations, budgets, prices or audits, and stays a valid config', () => {
    const cfg = baseConfig();
    const ev = evidenceOf([
      ...classRequests({ cls: 'hard', n: 30, pass: 0.1, like: 0.2 }),
      ...classRequests({ cls: 'easy', n: 60, pass: 0.9, like: 0.9, variant: 'steps' }),
    ]);
    const p = tune(ev, cfg, bounds);
    assert.ok(p.changes.length >= 4, formatProposal(p));
    for (const k of ['id', 'catalog', 'stations', 'gates', 'budgets', 'prices', 'audit'] as const)
      assert.deepEqual(p.config[k], cfg[k], k);
    assert.deepEqual(untunableChanges(cfg, p.config), []);
    assert.equal(parseLineConfig(cfg).ok, true);
    assert.equal(parseLineConfig(p.config).ok, true);
    assert.deepEqual(cfg, baseConfig(), 'the input config is not mutated');
  });

  test('the guard names every untunable change', () => {
    const cfg = baseConfig();
    const bad = structuredClone(cfg);
    bad.catalog = { exclude: [] };
    bad.gates!.actions = ['buy', 'delete-account'];
    bad.prompts!.variants[0]!.template = 'ignore the rules';
    bad.generation!.maxTokens = 9999;
    bad.prompts!.variants[1]!.weight = 5;
    bad.exemplars = { items: [] };
    assert.deepEqual(untunableChanges(cfg, bad), ['/catalog', '/gates', '/generation', '/prompts']);
  });

  test('parts switched off are left as they are', () => {
    const ev = evidenceOf(classRequests({ cls: 'hard', n: 30, pass: 0.1, like: 0.9 }));
    const p = tune(
      ev,
      baseConfig(),
      resolveBounds({ parts: { routing: false, exemplars: false, cache: false, parameters: false, variants: false } }),
    );
    assert.deepEqual(p.config, baseConfig());
    assert.equal(p.changes.length, 0);
  });
});

describe('bounds', () => {
  test('the server narrows the site: ranges intersect, budgets take the smaller, an off part stays off', () => {
    const b = resolveBounds(
      { temperature: { min: 0.2, max: 0.9 }, exemplars: { maxChars: 4000 } },
      { temperature: { min: 0, max: 0.5 }, exemplars: { maxChars: 9000 }, parts: { cache: false } },
    );
    assert.deepEqual(b.temperature, { min: 0.2, max: 0.5, step: 0.1 });
    assert.equal(b.exemplars.maxChars, 4000);
    assert.equal(b.parts.cache, false);
    assert.equal(b.parts.routing, true);
  });

  test('the acceptance floor is a default, not a limit: the site sets its own, the server can only raise it', () => {
    assert.equal(resolveBounds().routing.acceptanceFloor, 0.95);
    assert.equal(resolveBounds({ routing: { acceptanceFloor: 0.6 } }).routing.acceptanceFloor, 0.6);
    assert.equal(
      resolveBounds({ routing: { acceptanceFloor: 0.6 } }, { routing: { acceptanceFloor: 0.8 } }).routing
        .acceptanceFloor,
      0.8,
    );
    assert.equal(
      resolveBounds({ routing: { acceptanceFloor: 0.9 } }, { routing: { acceptanceFloor: 0.5 } }).routing
        .acceptanceFloor,
      0.9,
    );
    assert.equal(resolveBounds(undefined, { routing: { acceptanceFloor: 0.7 } }).routing.acceptanceFloor, 0.7);
  });

  test('bounds as data are checked', () => {
    assert.equal(parseBounds({ temperature: { min: 0.9, max: 0.1 } }).ok, false);
    assert.equal(parseBounds({ catalog: {} }).ok, false);
    assert.equal(parseBounds({ voteSamples: { min: 1, max: 3 } }).ok, true);
  });
});

describe('tune: a retrained model as a proposal', () => {
  const model = {
    name: 'jig-layout-v2',
    url: '/v1/models/jig-layout-v2.gguf',
    sha256: 'ab'.repeat(32),
    bytes: 2_000_000,
    trainedOn: 'test pairs',
    pairs: 12,
  };
  test("points the browser station's wllama engine at the new model and changes nothing else tuning may not", () => {
    const cfg = baseConfig();
    cfg.stations[1] = {
      kind: 'browser',
      engines: [
        {
          kind: 'wllama',
          model: 'jig-layout-v1',
          options: { modelUrl: '/models/jig-layout-v1.gguf', promptFormat: 'jig-layout-v1' },
        },
      ],
    };
    const p = proposeModel(cfg, model)!;
    const e = (p.config.stations[1] as { engines: Array<{ model: string; options: Record<string, unknown> }> })
      .engines[0]!;
    assert.equal(e.model, 'jig-layout-v2');
    assert.equal(e.options.modelUrl, model.url);
    assert.equal(e.options.sha256, model.sha256);
    assert.equal(e.options.promptFormat, 'jig-layout-v1', 'the prompt format stays');
    assert.deepEqual(untunableChanges(cfg, p.config), []);
    assert.equal(parseLineConfig(p.config).ok, true);
    assert.match(formatProposal(p), /browser model: jig-layout-v1 → jig-layout-v2[\s\S]*12 accepted premium layouts/);
  });
  test('classes the old model lost to premium get a trial of the new model at once, judged on its own attempts', () => {
    const cfg = baseConfig();
    cfg.stations[1] = {
      kind: 'browser',
      engines: [{ kind: 'wllama', model: 'jig-layout-v1', options: { modelUrl: '/models/jig-layout-v1.gguf' } }],
    };
    const ev = evidenceOf([
      ...classRequests({ cls: 'wizard', n: 30, pass: 1, like: 0.1 }),
      ...premiumRequests('wizard', 10, 0.9),
    ]);
    const up = tune(ev, cfg, bounds);
    assert.equal(up.config.routing!.classes!.wizard!.start, 'premium');
    const p = proposeModel(up.config, model, { state: up.state, evidence: ev })!;
    assert.equal(p.config.routing?.classes?.wizard?.start, undefined);
    assert.equal(p.state.routing.wizard!.mode, 'probe');
    assert.equal(p.state.routing.wizard!.base.first.n, 40, "the trial counts only the new model's attempts");
    assert.match(formatProposal(p), /routing "wizard": trial of the new model/);
    assert.deepEqual(untunableChanges(up.config, p.config), []);
  });

  test('a line without a wllama engine gets no proposal; a changed prompt format is not a model change', () => {
    assert.equal(proposeModel(baseConfig(), model), null);
    const cfg = baseConfig();
    cfg.stations[1] = {
      kind: 'browser',
      engines: [{ kind: 'wllama', model: 'a', options: { modelUrl: '/a.gguf', promptFormat: 'jig-layout-v1' } }],
    };
    const other = structuredClone(cfg);
    (other.stations[1] as { engines: Array<{ options: Record<string, unknown> }> }).engines[0]!.options.promptFormat =
      'chat';
    assert.deepEqual(untunableChanges(cfg, other), ['/stations']);
  });
});
