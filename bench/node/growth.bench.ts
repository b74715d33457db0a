// How every gate's time grows with hostile input: each shape in bench/support/growth-cases.ts is
// made at n, 4n and 16n and run through all seven gates. The figure is time(16n) / time(n):
// linear is 16, quadratic 256. Beside it, the same ratio for the platform reading the same
// inputs (JSON.parse of text, JSON.stringify of an object): an object with 16,000 keys is slower
// per key than one with 1,000 in V8 itself, and the gates cannot grow slower than that.
import { runGates } from '../../src/gates/index.js';
import { CASES, type GrowthCase, SCALE } from '../support/growth-cases.js';
import { cpuClock, type Row, type Spread, spread } from '../support/stats.js';

const ROUNDS = 5;
const clock = cpuClock ?? (() => performance.now());

/** Milliseconds on the clock for `reps` calls. */
function timed(f: () => unknown, reps: number): number {
  const t0 = clock();
  for (let i = 0; i < reps; i++) f();
  return clock() - t0;
}

/**
 * Interleaved rounds at every size, the gates' and the platform's taking turns in each round so
 * both see the same moments of the machine. The smallest size repeats until it takes several
 * milliseconds (so the clock's resolution does not decide the ratio) and every size repeats as
 * often. Each round gives one ratio; the median ratio and the least time per size are reported.
 */
function growth(c: GrowthCase): [Measured, Measured] {
  const inputs = SCALE.map((s) => c.make(c.base * s));
  const sides = [(input: unknown) => runGates(input, c.options), platform].map((work) => {
    const calls = inputs.map((input) => () => work(input));
    for (const f of calls) timed(f, 2);
    let reps = 1;
    while (Math.min(timed(calls[0]!, reps), timed(calls[0]!, reps)) < 5 && reps < 4096) reps *= 2;
    return { calls, reps, rounds: [] as number[][] };
  });
  for (let r = 0; r < ROUNDS; r++) for (const x of sides) x.rounds.push(x.calls.map((f) => timed(f, x.reps)));
  const [gates, json] = sides.map(({ rounds }) => ({
    ratios: spread(rounds.map((r) => r[2]! / r[0]!)),
    least: SCALE.map((_, i) => Math.min(...rounds.map((r) => r[i]!))),
  }));
  return [gates!, json!];
}

interface Measured {
  ratios: Spread;
  least: number[];
}

function platform(input: unknown): unknown {
  if (typeof input !== 'string') return JSON.stringify(input);
  try {
    return JSON.parse(input);
  } catch {
    return undefined;
  }
}

export default async function (): Promise<Row[]> {
  const rows: Row[] = [];
  let worst = { name: '', over: 0 };
  for (const c of CASES) {
    const [gates, json] = growth(c);
    const r = (x: number) => +x.toFixed(1);
    const over = gates.ratios.median / Math.max(16, json.ratios.median);
    if (over > worst.over) worst = { name: c.name, over };
    rows.push({
      name: `growth, n → 16n: ${c.name}`,
      value: r(gates.ratios.median),
      unit: '×',
      spread: [r(gates.ratios.p25), r(gates.ratios.p75)],
      runs: gates.ratios.n,
      baseline: { name: 'JSON.parse / JSON.stringify of the same inputs', value: r(json.ratios.median) },
      note: `${gates.least.map((ms) => ms.toFixed(2)).join(' / ')} ms of CPU at 1× / 4× / 16× (least of ${ROUNDS}); linear 16, quadratic 256`,
    });
  }
  rows.unshift({
    name: `growth, n → 16n: the steepest of ${CASES.length} hostile shapes, over linear (or over JSON's own growth where that is steeper)`,
    value: +worst.over.toFixed(2),
    unit: '×',
    note: `${worst.name}; 1 is linear, 16 quadratic`,
  });
  return rows;
}
