// Prompt variants as a bandit: Thompson sampling on Beta posteriors of each variant's gate-pass
// and positive-feedback rates; a variant's new weight is its probability of being the best.
import { betaDraw, type Tally } from './stats.js';

export interface ArmEvidence {
  gates: Tally;
  feedback: Tally;
}

/**
 * P(best) per arm, estimated from `draws` joint draws: an arm's draw is its gate-pass draw times
 * its thumbs-up draw (both must hold for a visitor to be served well). Each weight is then floored
 * at `minWeight` (so a loser still gets explored) and the weights renormalised to sum to 1.
 */
export function thompsonWeights(
  arms: Record<string, ArmEvidence | undefined>,
  ids: readonly string[],
  opts: { rng: () => number; draws: number; minWeight: number },
): Record<string, number> {
  const wins = Object.fromEntries(ids.map((id) => [id, 0])) as Record<string, number>;
  for (let d = 0; d < opts.draws; d++) {
    let best = '',
      top = -1;
    for (const id of ids) {
      const a = arms[id];
      const g = a ? betaDraw(1 + a.gates.ok, 1 + a.gates.n - a.gates.ok, opts.rng) : opts.rng();
      const f = a ? betaDraw(1 + a.feedback.ok, 1 + a.feedback.n - a.feedback.ok, opts.rng) : opts.rng();
      const score = g * f;
      if (score > top) {
        top = score;
        best = id;
      }
    }
    wins[best]!++;
  }
  const floor = Math.min(opts.minWeight, 1 / ids.length);
  const raw = ids.map((id) => Math.max(floor, wins[id]! / opts.draws));
  const sum = raw.reduce((s, x) => s + x, 0);
  return Object.fromEntries(ids.map((id, i) => [id, Math.round((raw[i]! / sum) * 1000) / 1000]));
}
