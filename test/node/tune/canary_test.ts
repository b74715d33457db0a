import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compareVersions, inCanary } from '../../../src/tune/canary.js';
import type { VersionEvidence } from '../../../src/tune/evidence.js';
import { seededRandom } from '../../../src/tune/rng.js';
import { betaDraw, probBelow } from '../../../src/tune/stats.js';
import { thompsonWeights } from '../../../src/tune/bandit.js';

/** Simulated arm: `n` requests with gate-pass, escalation-to-premium and thumbs-up rates. */
function arm(
  rng: () => number,
  n: number,
  rates: { pass: number; escalate: number; like: number },
  rated = 0.5,
): VersionEvidence {
  const v: VersionEvidence = {
    requests: 0,
    escalated: 0,
    gates: { n: 0, ok: 0 },
    feedback: { n: 0, ok: 0 },
    rendered: 0,
    premium: 0,
    fallback: 0,
    cost: 0,
  };
  for (let i = 0; i < n; i++) {
    v.requests++;
    v.gates.n++;
    if (rng() < rates.pass) v.gates.ok++;
    if (rng() < rates.escalate) {
      v.escalated++;
      v.premium++;
    }
    if (rng() < rated) {
      v.feedback.n++;
      if (rng() < rates.like) v.feedback.ok++;
    }
  }
  return v;
}
function grow(a: VersionEvidence, b: VersionEvidence): VersionEvidence {
  return {
    ...a,
    requests: a.requests + b.requests,
    escalated: a.escalated + b.escalated,
    premium: a.premium + b.premium,
    gates: { n: a.gates.n + b.gates.n, ok: a.gates.ok + b.gates.ok },
    feedback: { n: a.feedback.n + b.feedback.n, ok: a.feedback.ok + b.feedback.ok },
  };
}

/** Runs the sequential test every `step` requests (canary gets `share` of them) until a decision or `max`. */
function sequential(
  seed: number,
  cur: { pass: number; escalate: number; like: number },
  can: typeof cur,
  share = 0.2,
  step = 100,
  max = 4000,
) {
  const rng = seededRandom(seed);
  let a = arm(rng, 0, cur),
    b = arm(rng, 0, can);
  for (let seen = step; seen <= max; seen += step) {
    a = grow(a, arm(rng, Math.round(step * (1 - share)), cur));
    b = grow(b, arm(rng, Math.round(step * share), can));
    const v = compareVersions(a, b);
    if (v.decision !== 'wait') return { decision: v.decision, requests: seen, canary: b.requests, reason: v.reason };
  }
  return { decision: 'wait' as const, requests: max, canary: b.requests, reason: '' };
}

describe('canary split', () => {
  test('honours the share: 10% ± 2% over 2,000 ids, and a visitor sticks to one version', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `session-${i}`);
    const inside = ids.filter((id) => inCanary(id, 0.1, 'shop@2'));
    assert.ok(Math.abs(inside.length / 2000 - 0.1) <= 0.02, `${inside.length} of 2000`);
    assert.deepEqual(
      ids.map((id) => inCanary(id, 0.1, 'shop@2')),
      ids.map((id) => inCanary(id, 0.1, 'shop@2')),
    );
    assert.equal(ids.filter((id) => inCanary(id, 0, 'shop@2')).length, 0);
    assert.equal(ids.filter((id) => inCanary(id, 1, 'shop@2')).length, 2000);
    // A larger share keeps everyone the smaller one had (growing a canary moves nobody back).
    assert.ok(inside.every((id) => inCanary(id, 0.3, 'shop@2')));
  });

  test('each share from 5% to 50% lands within 2.5 points over 2,000 ids', () => {
    for (const share of [0.05, 0.2, 0.5]) {
      const n = Array.from({ length: 2000 }, (_, i) => inCanary(`v${i}`, share, 'x@9')).filter(Boolean).length;
      assert.ok(Math.abs(n / 2000 - share) <= 0.025, `${share}: ${n}`);
    }
  });
});

describe('canary test', () => {
  const base = { pass: 0.9, escalate: 0.15, like: 0.7 };

  test('a clearly worse canary is rolled back, naming the metric and the evidence', () => {
    const r = sequential(1, base, { pass: 0.75, escalate: 0.3, like: 0.5 });
    assert.equal(r.decision, 'rollback');
    assert.match(r.reason, /premium|feedback/);
    assert.ok(r.canary >= 200, 'not before the minimum samples');
  });

  test('A/A: the same rates never roll back over 200 seeded runs (noise is not a reason)', () => {
    let rollbacks = 0,
      promotes = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const r = sequential(seed, base, base, 0.2, 200, 10_000);
      if (r.decision === 'rollback') rollbacks++;
      if (r.decision === 'promote') promotes++;
    }
    assert.ok(rollbacks <= 2, `${rollbacks} false rollbacks of 200`);
    assert.ok(promotes >= 150, `${promotes} of 200 promoted within 10,000 requests`);
  });

  test('a small drop inside the margin is not a rollback', () => {
    let rollbacks = 0;
    for (let seed = 1; seed <= 50; seed++)
      if (sequential(seed, base, { ...base, escalate: 0.16, like: 0.69 }).decision === 'rollback') rollbacks++;
    assert.ok(rollbacks <= 1, `${rollbacks}`);
  });

  test('a canary that moves work down is promoted although its gate-pass rate is lower', () => {
    // The cheap station now tries a harder class: fewer gate passes, less premium, the same liking.
    const r = sequential(3, base, { pass: 0.7, escalate: 0.08, like: 0.7 });
    assert.equal(r.decision, 'promote');
  });

  test('more premium is rolled back unless it bought clearly better feedback', () => {
    assert.equal(sequential(4, base, { ...base, escalate: 0.3 }).decision, 'rollback');
    assert.notEqual(sequential(4, { ...base, like: 0.4 }, { ...base, escalate: 0.3, like: 0.8 }).decision, 'rollback');
  });

  test('few samples wait, whatever they look like', () => {
    const v = compareVersions(
      {
        requests: 50,
        escalated: 0,
        gates: { n: 50, ok: 50 },
        feedback: { n: 50, ok: 50 },
        rendered: 50,
        premium: 0,
        fallback: 0,
        cost: 0,
      },
      {
        requests: 50,
        escalated: 50,
        gates: { n: 50, ok: 0 },
        feedback: { n: 50, ok: 0 },
        rendered: 50,
        premium: 0,
        fallback: 0,
        cost: 0,
      },
    );
    assert.equal(v.decision, 'wait');
    assert.match(v.reason, /not enough samples/);
  });
});

describe('statistics', () => {
  test('probBelow is 0.5 for equal rates and near 1 for a clear gap', () => {
    assert.ok(Math.abs(probBelow({ n: 500, ok: 400 }, { n: 500, ok: 400 }) - 0.5) < 1e-9);
    assert.ok(probBelow({ n: 500, ok: 300 }, { n: 500, ok: 400 }) > 0.999);
    assert.ok(probBelow({ n: 500, ok: 400 }, { n: 500, ok: 300 }) < 0.001);
  });

  test('Beta draws have the right mean', () => {
    const rng = seededRandom(3);
    let s = 0;
    for (let i = 0; i < 20000; i++) s += betaDraw(3, 7, rng);
    assert.ok(Math.abs(s / 20000 - 0.3) < 0.01, String(s / 20000));
    let t = 0;
    for (let i = 0; i < 20000; i++) t += betaDraw(0.5, 0.5, rng);
    assert.ok(Math.abs(t / 20000 - 0.5) < 0.02);
  });

  test('Thompson weights favour the better arm and never drop below the floor', () => {
    const w = thompsonWeights(
      {
        a: { gates: { n: 100, ok: 90 }, feedback: { n: 100, ok: 80 } },
        b: { gates: { n: 100, ok: 90 }, feedback: { n: 100, ok: 50 } },
      },
      ['a', 'b', 'c'],
      { rng: seededRandom(1), draws: 2000, minWeight: 0.05 },
    );
    assert.ok(w.a! > 0.85 && w.b! >= 0.04 && w.c! >= 0.04, JSON.stringify(w));
  });
});
