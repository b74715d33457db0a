// The little statistics the tuner needs: Beta posteriors of rates, draws from them (for the
// bandit) and the probability that one rate is below another by a margin (for the canary test).

/** Successes out of trials. */
export interface Tally {
  n: number;
  ok: number;
}

/** Posterior mean of a rate with a uniform prior. */
export function posteriorMean(t: Tally): number {
  return (t.ok + 1) / (t.n + 2);
}

/** The standard normal CDF (Abramowitz–Stegun 7.1.26, error under 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}

function betaMoments(t: Tally): { mean: number; variance: number } {
  const a = t.ok + 1,
    b = t.n - t.ok + 1;
  return { mean: a / (a + b), variance: (a * b) / ((a + b) ** 2 * (a + b + 1)) };
}

/**
 * P(rate of `b` < rate of `a` − margin) under independent Beta(1+ok, 1+fail) posteriors, by the
 * normal approximation of their difference (close once each arm has a few dozen trials, which
 * the callers require anyway).
 */
export function probBelow(b: Tally, a: Tally, margin = 0): number {
  const A = betaMoments(a),
    B = betaMoments(b);
  const sd = Math.sqrt(A.variance + B.variance);
  return normalCdf((A.mean - margin - B.mean) / sd);
}

/** Wilson score interval of a rate at z (1.645 ≈ 90% two-sided). */
export { wilson } from '../util/wilson.js';

function normal(rng: () => number): number {
  let u = 0;
  while (u === 0) u = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** A Gamma(shape, 1) draw (Marsaglia–Tsang; shape < 1 by the boost). */
export function gammaDraw(shape: number, rng: () => number): number {
  if (shape < 1) return gammaDraw(shape + 1, rng) * (rng() || Number.MIN_VALUE) ** (1 / shape);
  const d = shape - 1 / 3,
    c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do {
      x = normal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u || Number.MIN_VALUE) < 0.5 * x * x + d * (1 - v + Math.log(v)))
      return d * v;
  }
}

/** A Beta(a, b) draw. */
export function betaDraw(a: number, b: number, rng: () => number): number {
  const x = gammaDraw(a, rng),
    y = gammaDraw(b, rng);
  return x / (x + y);
}
