// How every benchmark measures on a busy machine: a figure and its baseline run alternately in
// the same process (A B A B …), and each is reported as its median with the quartiles around it.

/** A sample's median and its middle half (p25–p75), with how many runs made it. */
export interface Spread {
  median: number;
  p25: number;
  p75: number;
  n: number;
}

/** One row of bench/results.json. `value` is the median; `spread` the p25–p75 of the same runs. */
export interface Row {
  name: string;
  value: number;
  unit: string;
  spread?: [number, number];
  runs?: number;
  baseline?: { name: string; value: number; spread?: [number, number] };
  /** Median of the per-pair ratios (each A run over the B run beside it), so drift cancels out. */
  ratio?: number;
  ratioSpread?: [number, number];
  note?: string;
}

function quantile(sorted: readonly number[], q: number): number {
  if (!sorted.length) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function spread(xs: readonly number[]): Spread {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return { median: quantile(s, 0.5), p25: quantile(s, 0.25), p75: quantile(s, 0.75), n: s.length };
}

export function quantileOf(xs: readonly number[], q: number): number {
  return quantile(
    [...xs].sort((a, b) => a - b),
    q,
  );
}

export interface Paired {
  a: Spread;
  b: Spread;
  /** a/b per pair. */
  ratio: Spread;
  as: number[];
  bs: number[];
}

/**
 * Runs `a` and `b` alternately, `runs` times each after `warmup` unmeasured pairs; each call
 * returns its own measurement (ms, µs, a rate…). Which one goes first swaps every pair, so
 * neither always runs on the heels of the other.
 */
export async function alternate(
  a: () => number | Promise<number>,
  b: () => number | Promise<number>,
  options: { runs: number; warmup?: number },
): Promise<Paired> {
  for (let i = 0; i < (options.warmup ?? 2); i++) {
    await a();
    await b();
  }
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    if (i % 2 === 0) {
      as.push(await a());
      bs.push(await b());
    } else {
      bs.push(await b());
      as.push(await a());
    }
  }
  return { a: spread(as), b: spread(bs), ratio: spread(as.map((x, i) => x / bs[i]!)), as, bs };
}

/**
 * The process's CPU time in ms (user + system, every thread), where the runtime can tell
 * (Node); undefined in a browser. Time other processes take from this one does not count, so
 * on a loaded machine a CPU-bound figure stays near what it is on a quiet one.
 */
export const cpuClock: (() => number) | undefined = (() => {
  const p = (globalThis as { process?: { cpuUsage?: () => { user: number; system: number } } }).process;
  return p?.cpuUsage
    ? () => {
        const u = p.cpuUsage!();
        return (u.user + u.system) / 1000;
      }
    : undefined;
})();

/**
 * Synchronous work timed in a slice of about `sliceMs` on `clock` (default: wall time): µs per
 * call on that clock.
 */
export function timeSlice(fn: () => unknown, sliceMs: number, clock: () => number = () => performance.now()): number {
  let n = 0;
  const t0 = clock();
  let t = t0;
  do {
    for (let i = 0; i < 5; i++) fn();
    n += 5;
    t = clock();
  } while (t - t0 < sliceMs);
  return ((t - t0) / n) * 1000;
}

const round = (x: number, d: number) => (Number.isFinite(x) ? +x.toFixed(d) : x);

/** A row for a figure measured beside its baseline. */
export function pairedRow(
  name: string,
  unit: string,
  p: Paired,
  baselineName: string,
  options: { digits?: number; note?: string } = {},
): Row {
  const d = options.digits ?? 2;
  return {
    name,
    value: round(p.a.median, d),
    unit,
    spread: [round(p.a.p25, d), round(p.a.p75, d)],
    runs: p.a.n,
    baseline: { name: baselineName, value: round(p.b.median, d), spread: [round(p.b.p25, d), round(p.b.p75, d)] },
    ratio: round(p.ratio.median, 2),
    ratioSpread: [round(p.ratio.p25, 2), round(p.ratio.p75, 2)],
    ...(options.note ? { note: options.note } : {}),
  };
}

/** A row for a figure with no baseline (still a median with its spread). */
export function soloRow(name: string, unit: string, s: Spread, options: { digits?: number; note?: string } = {}): Row {
  const d = options.digits ?? 2;
  return {
    name,
    value: round(s.median, d),
    unit,
    spread: [round(s.p25, d), round(s.p75, d)],
    runs: s.n,
    ...(options.note ? { note: options.note } : {}),
  };
}
