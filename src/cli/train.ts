// `jig train --from FILE|URL`: fine-tunes Jig's layout model on the accepted premium layouts of a
// tuning dataset or event export (or, with --scratch, trains a new one on its training set and
// them), writes the model files and a line-version proposal for them.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatProposal, proposeModel } from '../tune/tune.js';
import { parseLineConfig, type LineConfig } from '../line/config.js';

export async function trainCommand(
  args: string[],
  out: (s: string) => void,
  err: (s: string) => void,
): Promise<number> {
  let v: Record<string, string | undefined> & { scratch?: boolean };
  try {
    v = parseArgs({
      args,
      options: {
        from: { type: 'string' },
        name: { type: 'string' },
        base: { type: 'string' },
        steps: { type: 'string' },
        'min-pairs': { type: 'string' },
        out: { type: 'string' },
        line: { type: 'string' },
        'model-url': { type: 'string' },
        token: { type: 'string' },
        scratch: { type: 'boolean' },
        minutes: { type: 'string' },
        repeat: { type: 'string' },
      },
      strict: true,
    }).values as Record<string, string | undefined> & { scratch?: boolean };
  } catch (e) {
    err(`jig train: ${(e as Error).message}`);
    return 2;
  }
  if (!v.from) {
    err('jig train: --from FILE|URL is required (the tuning dataset JSONL, or an NDJSON export of /v1/events)');
    return 2;
  }
  /** A whole-number flag from 1 to `max` (its default when absent), or undefined after saying why not. */
  const whole = (flag: 'steps' | 'repeat' | 'min-pairs', fallback: number, max: number): number | undefined => {
    const n = v[flag] === undefined ? fallback : Number(v[flag]);
    if (Number.isInteger(n) && n >= 1 && n <= max) return n;
    err(
      `jig train: --${flag} must be a whole number from 1 to ${max}${flag === 'repeat' ? ', or "balanced"' : ''}; received ${v[flag]}`,
    );
    return undefined;
  };
  const steps = whole('steps', 300, 100_000);
  if (steps === undefined) return 2;
  if (v.scratch && v.steps !== undefined) {
    err('jig train: --steps is for a fine-tune; a --scratch run trains for --minutes (default 20)');
    return 2;
  }
  if (!v.scratch && v.minutes !== undefined) {
    err('jig train: --minutes is for a --scratch run; a fine-tune runs --steps (default 300)');
    return 2;
  }
  if (!v.scratch && v.repeat !== undefined) {
    err('jig train: --repeat is for a --scratch run (a fine-tune mixes its own rows in instead)');
    return 2;
  }
  const repeat = v.repeat === undefined || v.repeat === 'balanced' ? ('balanced' as const) : whole('repeat', 4, 64);
  if (repeat === undefined) return 2;
  const minutes = v.minutes === undefined ? 20 : Number(v.minutes);
  if (!(minutes > 0 && minutes <= 600)) {
    err(`jig train: --minutes must be a number more than 0 and at most 600; received ${v.minutes}`);
    return 2;
  }
  const minPairs = whole('min-pairs', 10, 1_000_000);
  if (minPairs === undefined) return 2;
  // The line config is read and checked before any training: a bad --line must not cost a run.
  let lineConfig: LineConfig | undefined;
  if (v.line) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(v.line, 'utf8'));
    } catch (e) {
      err(
        `jig train: bad_line: cannot read ${v.line} as JSON: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      );
      return 2;
    }
    const parsed = parseLineConfig(raw);
    if (!parsed.ok) {
      const p = parsed.problems[0]!;
      err(`jig train: bad_line: ${v.line} is not a line config: at ${p.path || '/'}: ${p.message}`);
      return 2;
    }
    lineConfig = parsed.config;
  }
  // The scripts live in the repository, not in the installed package.
  const { retrain, readSource, RetrainError, ROOT } = await import('../../scripts/train/retrain.js');
  const started = Date.now();
  try {
    const text = await readSource(v.from, v.token ?? process.env.JIG_ADMIN_TOKEN);
    const r = await retrain({
      text,
      source: v.from,
      steps,
      ...(v.scratch ? { mode: 'scratch' as const, minutes, repeat } : {}),
      minPairs,
      ...(v.name ? { name: v.name } : {}),
      ...(v.base ? { base: v.base } : {}),
      ...(v.out ? { out: v.out } : {}),
      onProgress: (p) => {
        if (p.phase === 'step')
          out(
            `step ${p.step}${p.steps ? `/${p.steps}` : ''}  loss ${p.loss?.toFixed(4)}  eta ${Math.round(p.etaSeconds ?? 0)} s`,
          );
        else if (p.message) out(p.message);
      },
    });
    out(
      `wrote ${r.files.gguf} (${r.entry.bytes} bytes, sha256 ${r.entry.sha256}), ${r.files.json}, ${r.files.card} in ${Math.round((Date.now() - started) / 1000)} s`,
    );
    const url = `${(v['model-url'] ?? '/models/').replace(/\/?$/, '/')}${r.entry.file}`;
    const model = {
      name: r.entry.name,
      url,
      sha256: r.entry.sha256,
      bytes: r.entry.bytes,
      trainedOn: r.entry.trainedOn,
      pairs: r.pairs,
    };
    if (v.line && lineConfig) {
      const config = lineConfig;
      const proposal = proposeModel(config, model);
      if (!proposal) {
        err(`jig train: ${v.line} has no wllama engine on its browser station to point at the new model`);
        return 1;
      }
      const file = join(v.out ?? join(ROOT, 'models'), `${r.entry.name}.proposal.json`);
      writeFileSync(file, JSON.stringify(proposal, null, 1) + '\n');
      out(formatProposal(proposal));
      out(
        `wrote ${file}: deploy its config as a canary (POST /v1/lines/${config.id}/versions with canaryShare, or tuner.deploy) and the canary test promotes or rolls it back`,
      );
    } else {
      out(
        `the browser station's wllama engine takes: ${JSON.stringify({ kind: 'wllama', model: model.name, options: { modelUrl: url, model: model.name, sha256: model.sha256, downloadBytes: model.bytes, promptFormat: 'jig-layout-v1' } })}`,
      );
      out('(give --line line.json to write it as a line-version proposal)');
    }
    return 0;
  } catch (e) {
    if (e instanceof RetrainError) {
      err(`jig train: ${e.code}: ${e.message}`);
      return 1;
    }
    // Anything else is still answered with a code, never as a stack trace.
    err(`jig train: train_failed: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}
