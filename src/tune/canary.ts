// The canary: which visitors get the new version (a stable hash, so a visitor sticks to one), and
// the sequential test that decides, on enough samples, whether the canary is worse, as good, or unknown yet.
import type { VersionEvidence } from './evidence.js';
import { unitHash } from './rng.js';
import { probBelow, type Tally } from './stats.js';

/** Whether `key` (a session or visitor id) is in the canary's share; same key, same answer. */
export function inCanary(key: string, share: number, salt: string): boolean {
  return share > 0 && unitHash(key, salt) < share;
}

export interface CanaryTestOptions {
  /** Samples each arm needs on a metric before that metric can decide. Default 200. */
  minSamples?: number;
  /** Posterior probability that the canary is worse by more than `margin` that triggers a rollback. Default 0.99. */
  rollbackAt?: number;
  /** Posterior probability that the canary is no worse than `margin` below, on every metric, to promote. Default 0.95. */
  promoteAt?: number;
  /** Differences smaller than this are noise to the test (absolute, on a rate). Default 0.03. */
  margin?: number;
}

/**
 * What the test judges, each as "successes out of requests", higher is better: `premium` counts
 * requests premium did not serve (cost), `fallback` requests that got a real layout, `feedback`
 * thumbs up. Gate passes are not judged: a version that moves a harder class down to the cheap
 * station passes the gates less often by design and is judged on what that costs and what visitors say.
 */
export type Metric = 'premium' | 'fallback' | 'feedback';

export interface MetricVerdict {
  metric: Metric;
  current: Tally;
  canary: Tally;
  /** P(canary worse than current by more than the margin). */
  pWorse: number;
  /** P(canary no worse than current minus the margin). */
  pNoWorse: number;
  enough: boolean;
}

export interface CanaryVerdict {
  decision: 'rollback' | 'promote' | 'wait';
  metrics: MetricVerdict[];
  /** A sentence: why. */
  reason: string;
}

function tallies(v: VersionEvidence | undefined): Record<Metric, Tally> {
  if (!v) return { premium: { n: 0, ok: 0 }, fallback: { n: 0, ok: 0 }, feedback: { n: 0, ok: 0 } };
  return {
    premium: { n: v.requests, ok: Math.max(0, v.requests - v.premium) },
    fallback: { n: v.requests, ok: Math.max(0, v.requests - v.fallback) },
    feedback: v.feedback,
  };
}

const rate = (t: Tally) => (t.n ? (t.ok / t.n).toFixed(3) : '–');

/**
 * Compares canary and current on the objective: premium share (cost), fallbacks and positive
 * feedback (acceptance). Rolls back when any metric with enough samples is worse beyond the margin
 * with probability ≥ `rollbackAt` — except more premium that bought clearly better feedback (the
 * acceptance floor may need it); promotes when every metric has enough samples and is no worse
 * with probability ≥ `promoteAt`; else waits. Feedback can be sparse: it counts only when both
 * arms have enough ratings, and is not required to promote.
 */
export function compareVersions(
  current: VersionEvidence | undefined,
  canary: VersionEvidence | undefined,
  opts: CanaryTestOptions = {},
): CanaryVerdict {
  const min = opts.minSamples ?? 200,
    rollbackAt = opts.rollbackAt ?? 0.99,
    promoteAt = opts.promoteAt ?? 0.95,
    margin = opts.margin ?? 0.03;
  const a = tallies(current),
    b = tallies(canary);
  const metrics: MetricVerdict[] = (['premium', 'fallback', 'feedback'] as const).map((metric) => {
    const cur = a[metric],
      can = b[metric];
    const enough = cur.n >= min && can.n >= min;
    const pWorse = probBelow(can, cur, margin);
    return { metric, current: cur, canary: can, pWorse, pNoWorse: 1 - pWorse, enough };
  });
  const fb = metrics.find((m) => m.metric === 'feedback')!;
  const r = (t: Tally) => (t.n ? t.ok / t.n : 0);
  // More premium is fine when it buys clearly better feedback; while ratings are too few to tell and point that way, wait for them.
  const boughtAcceptance = fb.enough && probBelow(fb.current, fb.canary, margin) >= promoteAt;
  const mayBuyAcceptance =
    boughtAcceptance || (!fb.enough && fb.canary.n > 0 && fb.current.n > 0 && r(fb.canary) > r(fb.current) + margin);
  const worse = metrics.filter(
    (m) => m.enough && m.pWorse >= rollbackAt && !(m.metric === 'premium' && mayBuyAcceptance),
  );
  const describe = (m: MetricVerdict) =>
    `${m.metric} ${rate(m.canary)} on ${m.canary.n} vs ${rate(m.current)} on ${m.current.n} (P(worse by > ${margin}) = ${m.pWorse.toFixed(3)})`;
  if (worse.length)
    return { decision: 'rollback', metrics, reason: `the canary is worse: ${worse.map(describe).join('; ')}` };
  const needed = metrics.filter((m) => m.metric !== 'feedback' || m.enough);
  const ready =
    metrics.filter((m) => m.metric !== 'feedback').every((m) => m.enough) &&
    needed.every((m) => m.pNoWorse >= promoteAt || (m.metric === 'premium' && boughtAcceptance));
  if (ready)
    return {
      decision: 'promote',
      metrics,
      reason: `the canary is no worse: ${needed.map((m) => `${m.metric} ${rate(m.canary)} vs ${rate(m.current)} (P(no worse) = ${m.pNoWorse.toFixed(3)})`).join('; ')}`,
    };
  const short = metrics.filter((m) => m.metric !== 'feedback' && !m.enough);
  return {
    decision: 'wait',
    metrics,
    reason: short.length
      ? `not enough samples yet: ${short.map((m) => `${m.metric} ${m.canary.n}/${min} canary, ${m.current.n}/${min} current`).join('; ')}`
      : 'the difference is not clear yet',
  };
}
