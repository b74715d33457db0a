// The Wilson score interval of a rate: what routing (src/line/records.ts) and tuning (src/tune)
// judge a station's few attempts on, instead of a point estimate that a short run of luck moves.

/** Wilson score interval of `ok` successes in `n` trials at z (1.645 ≈ 90% two-sided); [0, 1] with no trials. */
export function wilson(t: { n: number; ok: number }, z = 1.645): { low: number; high: number } {
  // A tally that cannot be (no trials, or more successes than trials) says nothing: the whole range.
  if (!(t.n > 0) || !(t.ok >= 0 && t.ok <= t.n)) return { low: 0, high: 1 };
  const p = t.ok / t.n;
  const d = 1 + (z * z) / t.n;
  const c = p + (z * z) / (2 * t.n);
  const r = z * Math.sqrt((p * (1 - p)) / t.n + (z * z) / (4 * t.n * t.n));
  return { low: Math.max(0, (c - r) / d), high: Math.min(1, (c + r) / d) };
}
