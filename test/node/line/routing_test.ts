// The line's routing rule for the browser station: a class skips it only when its record has at
// least minSamples attempts and the upper end of a 90% Wilson interval on its pass rate is under
// minPassRate (src/line/records.ts belowPassBar), so a few unlucky attempts do not lock a good
// station out for good. Ratings (minFeedback) are judged the same way.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_ROUTE, RouteBook, belowFeedbackBar, belowPassBar } from '../../../src/line/records.js';

/** The Wilson upper bound at z = 1.645, written out here so the test does not lean on the code it checks. */
const upper = (ok: number, n: number) => {
  const z2 = 1.645 ** 2;
  const p = ok / n;
  return (p + z2 / (2 * n) + 1.645 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
};

/** A deterministic stream that passes 9 of every 10 attempts. */
const ninety = (i: number) => i % 10 !== 9;

describe('routing: when the browser station is skipped for a class', () => {
  test('a station passing 90% that starts 1/5 is not locked out, and its record recovers', () => {
    const book = new RouteBook();
    book.attempt('c', 'browser', true);
    for (let i = 0; i < 4; i++) book.attempt('c', 'browser', false);
    // 1/5 is under the default bar (50%) as a point estimate, which used to skip the browser for good.
    assert.ok(1 / 5 < DEFAULT_ROUTE.minPassRate && upper(1, 5) >= DEFAULT_ROUTE.minPassRate);
    assert.equal(book.verdict('c', 'browser', DEFAULT_ROUTE), null);
    // Routing keeps trying it, and each attempt at 90% keeps it tried.
    for (let i = 0; i < 60; i++) {
      book.attempt('c', 'browser', ninety(i));
      assert.equal(book.verdict('c', 'browser', DEFAULT_ROUTE), null, `after ${i + 1} more attempts`);
    }
    assert.equal(book.get('c', 'browser').passed, 1 + 54);
  });

  test('a station failing everything is skipped once the upper bound falls under the bar, not before', () => {
    const rule = { ...DEFAULT_ROUTE, minSamples: 4, minPassRate: 0.3 };
    const book = new RouteBook();
    const skippedAt: number[] = [];
    for (let n = 1; n <= 10; n++) {
      book.attempt('c', 'browser', false);
      if (book.verdict('c', 'browser', rule)) skippedAt.push(n);
    }
    // 0/n: upper bound z²/(n + z²) — 0.311 at 6 attempts (tried), 0.279 at 7 (skipped).
    assert.ok(upper(0, 6) > 0.3 && upper(0, 7) < 0.3, `${upper(0, 6)} ${upper(0, 7)}`);
    assert.deepEqual(skippedAt, [7, 8, 9, 10]);
    assert.match(book.verdict('c', 'browser', rule)!, /0\/10 attempts passed the gates, at most 21% at 90% confidence/);
  });

  test('minSamples still holds: a bound under the bar on too few attempts is not a skip', () => {
    // 0/3 has an upper bound of 47% (under 50%) but the rule asks for 4 attempts.
    assert.ok(upper(0, 3) < 0.5);
    assert.equal(belowPassBar({ attempts: 3, passed: 0 }, { minSamples: 4, minPassRate: 0.5 }), false);
    assert.equal(belowPassBar({ attempts: 3, passed: 0 }, { minSamples: 3, minPassRate: 0.5 }), true);
    // Never tried: never skipped, whatever the bar.
    assert.equal(new RouteBook().verdict('c', 'browser', { ...DEFAULT_ROUTE, minSamples: 0, minPassRate: 1 }), null);
  });

  test('ratings follow the same interval: 1 up of 4 where visitors like 72% is not a skip, 0 of 6 is', () => {
    const rule = { ...DEFAULT_ROUTE, minSamples: 4, minFeedback: 0.5 };
    const book = new RouteBook();
    for (let i = 0; i < 12; i++) book.attempt('c', 'browser', true);
    book.feedback('c', 'browser', 'up');
    for (let i = 0; i < 3; i++) book.feedback('c', 'browser', 'down');
    // 1/4 liked is under the 50% bar as a point estimate, but may well be 72%: at most 64% at 90%.
    assert.ok(1 / 4 < 0.5 && upper(1, 4) > 0.5);
    assert.equal(book.verdict('c', 'browser', rule), null);
    for (let i = 0; i < 3; i++) book.feedback('c', 'browser', 'down');
    // 1 up of 7: at most 45%, under the bar.
    assert.ok(upper(1, 7) < 0.5);
    assert.match(book.verdict('c', 'browser', rule)!, /users liked 1\/7, at most 45% at 90% confidence \(needs 50%\)/);
    assert.equal(belowFeedbackBar({ up: 0, down: 3 }, rule), false, 'fewer ratings than minSamples decide nothing');
  });
});
