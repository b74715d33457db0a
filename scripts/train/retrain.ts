// Retraining from what visitors accepted: reads the tuning dataset (the browser's JSONL export or
// the server's /v1/events NDJSON), fine-tunes the layout model on accepted premium layouts, writes the model files.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toTree } from '../../src/layout/tree.js';
import { runGates } from '../../src/gates/run.js';
import { toModelText, type TreeDoc } from './tree-text.js';
import { seededRandom } from '../../src/util/random.js';

const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(HERE, '..', '..');
/** Debian's interpreter has python3-torch; a `python3` found first on PATH may not. */
export const DEFAULT_PYTHON = '/usr/bin/python3';

export interface TrainingPair {
  intent: string;
  layoutId: string;
  text: string;
  weight: number;
  ups: number;
  actions: number;
  /** The intent class the line put the request in (its `layout.rendered` event), when the source says. */
  intentClass?: string;
}

export interface PairsRead {
  lines: number;
  /** Lines read as events / as dataset rows / neither. */
  events: number;
  rows: number;
  unreadable: number;
  /** Premium layouts seen, and how many visitors accepted (no down-vote; an up-vote or a completed action). */
  premiumLayouts: number;
  accepted: number;
  /** Accepted layouts the model's output text cannot carry (non-ASCII, quotes, long decimals) or with no intent. */
  unwritable: number;
}

type Json = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
const isObj = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

/** The visitor's intent in a prompt: its last "Intent: …" line, else the whole prompt when it is short. */
function intentOf(prompt: string | undefined): string | undefined {
  if (!prompt) return undefined;
  const m = [...prompt.matchAll(/^Intent: (.*)$/gm)].at(-1)?.[1];
  const t = (m ?? (prompt.length <= 200 ? prompt : '')).replace(/\s+/g, ' ').trim();
  return t || undefined;
}

interface Candidate {
  intent?: string;
  layout: unknown;
  layoutId: string;
  station?: string;
  ups: number;
  downs: number;
  actions: number;
  intentClass?: string;
}

/**
 * Accepted premium layouts as training pairs. Accepted: rendered, never rated down (the latest
 * rating per person counts), and rated up or acted on. Weight: 1 + up-votes + actions, at most 8.
 */
export function trainingPairs(jsonl: string): { pairs: TrainingPair[]; read: PairsRead } {
  const read: PairsRead = {
    lines: 0,
    events: 0,
    rows: 0,
    unreadable: 0,
    premiumLayouts: 0,
    accepted: 0,
    unwritable: 0,
  };
  const byId = new Map<string, Candidate>();
  const intents = new Map<string, string>();
  const ratings = new Map<string, { layoutId: string; up: boolean; time: string }>();
  const cand = (id: string) => {
    let c = byId.get(id);
    if (!c) byId.set(id, (c = { layout: undefined, layoutId: id, ups: 0, downs: 0, actions: 0 }));
    return c;
  };
  // Each event counts once: exports that overlap (the same event in two files joined) weigh nothing twice.
  const seen = new Set<string>();
  // A byte-order mark before the first line (an editor's UTF-8) is not part of the JSON.
  for (const line of jsonl.replace(/^\uFEFF/, '').split('\n')) {
    if (!line.trim()) continue;
    read.lines++;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      read.unreadable++;
      continue;
    }
    if (!isObj(v)) {
      read.unreadable++;
      continue;
    }
    if (typeof v.type === 'string' && isObj(v.attrs)) {
      read.events++;
      const eventId = str(v.id);
      if (eventId !== undefined) {
        if (seen.has(eventId)) continue;
        seen.add(eventId);
      }
      const a = v.attrs,
        trace = str(v.trace) ?? '',
        id = str(a.layoutId);
      if (v.type === 'layout.requested' && str(a.intent)) intents.set(trace, str(a.intent)!);
      else if (v.type === 'layout.rendered' && id && a.fallback !== true && str(a.layout)) {
        const c = cand(id);
        c.station = str(a.station);
        c.intent ??= intents.get(trace);
        c.intentClass ??= str(a.intentClass);
        try {
          c.layout ??= JSON.parse(a.layout as string);
        } catch {
          /* clipped layout text: unusable */
        }
      } else if (v.type === 'ui.action' && id) cand(id).actions++;
      else if (v.type === 'feedback.given' && id && (a.rating === 'up' || a.rating === 'down')) {
        const key = str(a.feedbackId) ?? `${str(v.session) ?? ''}|${id}`;
        const time = str(v.time) ?? '';
        const prev = ratings.get(key);
        if (!prev || prev.time <= time) ratings.set(key, { layoutId: id, up: a.rating === 'up', time });
      }
    } else if (typeof v.layoutId === 'string' && Array.isArray(v.feedback)) {
      read.rows++;
      const c = cand(v.layoutId);
      c.station = str(v.station);
      c.layout = v.layout;
      c.intent = intentOf(str(v.prompt));
      c.intentClass = str(v.intentClass);
      for (const f of v.feedback as unknown[]) {
        if (!isObj(f)) continue; // null or a number where a rating should be: nothing to count
        if (f.rating === 'up') c.ups++;
        else if (f.rating === 'down') c.downs++;
      }
    } else read.unreadable++;
  }
  for (const r of ratings.values()) {
    const c = cand(r.layoutId);
    if (r.up) c.ups++;
    else c.downs++;
  }
  const pairs: TrainingPair[] = [];
  for (const c of byId.values()) {
    if (c.station !== 'premium' || !isObj(c.layout)) continue;
    read.premiumLayouts++;
    if (c.downs > 0 || (c.ups === 0 && c.actions === 0)) continue;
    read.accepted++;
    const text = modelText(c.layout);
    const intent = c.intent?.replace(/\s+/g, ' ').trim().slice(0, 200);
    if (!text || !intent || !/^[\x20-\x7e]+$/.test(intent)) {
      read.unwritable++;
      continue;
    }
    pairs.push({
      intent,
      layoutId: c.layoutId,
      text,
      weight: Math.min(8, 1 + c.ups + c.actions),
      ups: c.ups,
      actions: c.actions,
      ...(c.intentClass ? { intentClass: c.intentClass } : {}),
    });
  }
  pairs.sort((a, b) => (a.layoutId < b.layoutId ? -1 : a.layoutId > b.layoutId ? 1 : 0));
  return { pairs, read };
}

/** The layout in the model's output form, or null when it fails the gates or the form cannot carry it. */
function modelText(layout: Json): string | null {
  if (!runGates(layout).ok) return null;
  try {
    const t = toTree(layout as Parameters<typeof toTree>[0]) as unknown as TreeDoc;
    return toModelText(t);
  } catch {
    return null;
  } // non-ASCII text, quotes or long decimals: the output contract has no escapes
}

export type RetrainCode = 'no_pytorch' | 'no_pairs' | 'bad_source' | 'train_failed' | 'aborted' | 'no_training_scripts';

export class RetrainError extends Error {
  constructor(
    readonly code: RetrainCode,
    message: string,
  ) {
    super(message);
    this.name = 'RetrainError';
  }
}

export interface RetrainProgress {
  phase: 'pairs' | 'loaded' | 'step' | 'done';
  step?: number;
  steps?: number;
  loss?: number;
  etaSeconds?: number;
  pairs?: number;
  message?: string;
}

export interface RetrainOptions {
  /** The dataset: JSONL/NDJSON text. */
  text: string;
  /** Where it came from, for the card. */
  source: string;
  base?: string;
  name?: string;
  /** Folder the model files go to. */
  out?: string;
  steps?: number;
  /**
   * `finetune` (default): `steps` steps from the base model, its tokenizer kept. `scratch`: a new
   * model of the same shape trained for `minutes` on the base model's whole training set (its
   * classes: `baseClasses`) plus the pairs, each repeated `repeat`× its weight, with a tokenizer learned
   * anew (so the pairs' words get pieces of their own). Slower; it learns kinds of page the base
   * model never saw where a short fine-tune mostly does not.
   */
  mode?: 'finetune' | 'scratch';
  /** `scratch`: the training's wall-time budget in minutes (default 20). */
  minutes?: number;
  /**
   * `scratch`: how many times each pair is repeated per unit of its weight. `'balanced'` (the
   * default): per intent class, as many times as brings the class's rows (its base rows and its
   * pairs') up to the base set's rows per class, 1–64× (`balancedRepeats`): a class the base model
   * never saw gets about a known class's share of the steps however few pairs it has, a known class
   * little more than it had. A number, 1–64: that many times for every pair (a pair repeats at most
   * 8× this).
   */
  repeat?: number | 'balanced';
  /**
   * Rows of the base model's own training set mixed in per training pair (default 8), so a short
   * fine-tune learns the new layouts without forgetting the classes they do not cover. 0: none.
   */
  mix?: number;
  /**
   * The classes the base model was trained on, when not all of them (dataset.ts `--classes`): the
   * rows mixed in come from those classes only, so the fine-tune learns the others from the pairs alone.
   */
  baseClasses?: string[];
  /**
   * The fewest training pairs a new model is made from (default 10): a fine-tune on one or two
   * layouts mostly teaches the model those layouts, and a proposal should rest on more than that.
   */
  minPairs?: number;
  python?: string;
  onProgress?: (p: RetrainProgress) => void;
  signal?: AbortSignal;
}

export interface ModelEntry {
  name: string;
  file: string;
  bytes: number;
  sha256: string;
  contextSize: number;
  vocabSize: number;
  parameters?: number;
  trainedOn: string;
  promptFormat: string;
  base: string;
}

export interface RetrainResult {
  entry: ModelEntry;
  pairs: number;
  read: PairsRead;
  report: Json;
  files: { gguf: string; json: string; card: string };
}

/** `n` rows of the base model's training set (scripts/train/dataset.ts, deterministic; only `classes` when given), every k-th so all classes come. */
export function baseRows(
  work: string,
  n: number,
  classes?: string[],
): Array<{ intent: string; class: string; text: string }> {
  if (n <= 0) return [];
  const rows = readFileSync(join(baseSet(work, classes), 'train.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { intent: string; class: string; text: string; prefix?: boolean })
    // Rows trained on their first tokens only are for the base run; a fine-tune mixes whole layouts.
    .filter((r) => !r.prefix);
  const step = Math.max(1, Math.floor(rows.length / n));
  return rows.filter((_, i) => i % step === 0).slice(0, n);
}

/** The folder of the base model's training set (train.jsonl, valid.jsonl), built by dataset.ts on first use. */
function baseSet(work: string, classes?: string[]): string {
  const dir = join(work, classes ? `base-${classes.join('-')}` : 'base');
  if (!existsSync(join(dir, 'train.jsonl'))) {
    mkdirSync(dir, { recursive: true });
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        join(HERE, 'dataset.ts'),
        '--out',
        dir,
        '--heldout',
        join(dir, 'heldout.json'),
        ...(classes ? ['--classes', classes.join(',')] : []),
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    if (r.status !== 0)
      throw new RetrainError(
        'train_failed',
        `the base training set could not be built: ${(r.stderr || r.stdout).slice(-500)}`,
      );
  }
  return dir;
}

/** Reads a dataset from a file path or an http(s) URL (with an optional bearer token for the server's export). */
export async function readSource(from: string, token?: string): Promise<string> {
  if (/^https?:\/\//.test(from)) {
    // A host that does not answer, or a connection dropped mid-body, is a source that cannot be read.
    const unreachable = (e: unknown) =>
      new RetrainError(
        'bad_source',
        `cannot read ${from}: ${(e as Error)?.message ?? String(e)}${(e as { cause?: { code?: string } })?.cause?.code ? ` (${(e as { cause: { code: string } }).cause.code})` : ''}`,
      );
    const res = await fetch(from, { headers: token ? { authorization: `Bearer ${token}` } : {} }).catch((e) => {
      throw unreachable(e);
    });
    if (!res.ok)
      throw new RetrainError(
        'bad_source',
        `${from} answered ${res.status}; expected the tuning dataset (JSONL) or an NDJSON event export`,
      );
    return res.text().catch((e) => {
      throw unreachable(e);
    });
  }
  try {
    return readFileSync(from, 'utf8');
  } catch (e) {
    throw new RetrainError('bad_source', `cannot read ${from}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

/** Whether `python` imports torch; the error names what to install. */
export async function checkPython(python = process.env.JIG_PYTHON ?? DEFAULT_PYTHON): Promise<void> {
  // An installed package carries no training scripts: they run from a clone of the repository.
  if (!existsSync(join(HERE, 'finetune.py')))
    throw new RetrainError(
      'no_training_scripts',
      'retraining runs from a clone of the Jig repository (scripts/train/finetune.py); this installation has no training scripts',
    );
  const ok = await new Promise<boolean>((resolve) => {
    const p = spawn(python, ['-c', 'import torch, numpy'], { stdio: 'ignore' });
    p.on('error', () => resolve(false));
    p.on('exit', (code) => resolve(code === 0));
  });
  if (!ok)
    throw new RetrainError(
      'no_pytorch',
      `retraining needs PyTorch: ${python} cannot import torch (on Debian: apt-get install python3-torch libopenblas0-pthread; or set JIG_PYTHON to an interpreter that has it)`,
    );
}

/** Picks the pairs, fine-tunes the base model on them, writes <name>.gguf, .json (catalog entry) and .md (card). */
export async function retrain(o: RetrainOptions): Promise<RetrainResult> {
  const python = o.python ?? process.env.JIG_PYTHON ?? DEFAULT_PYTHON;
  await checkPython(python);
  const base = o.base ?? join(ROOT, 'models', 'jig-layout-v1.gguf');
  const name = o.name ?? 'jig-layout-v2';
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name))
    throw new RetrainError(
      'bad_source',
      `a model name matches [A-Za-z0-9._-] (64 at most); received ${JSON.stringify(name)}`,
    );
  const out = o.out ?? join(ROOT, 'models');
  const steps = o.steps ?? 300;
  const { pairs, read } = trainingPairs(o.text);
  o.onProgress?.({
    phase: 'pairs',
    pairs: pairs.length,
    message: `${pairs.length} training pairs from ${read.accepted} accepted of ${read.premiumLayouts} premium layouts (${read.lines} lines read)`,
  });
  const minPairs = o.minPairs ?? 10;
  if (pairs.length < Math.max(1, minPairs))
    throw new RetrainError(
      'no_pairs',
      `${pairs.length ? `only ${pairs.length} training pair${pairs.length === 1 ? '' : 's'} (a new model needs at least ${minPairs})` : 'no accepted premium layout to train on'} in ${o.source}: ${read.premiumLayouts} premium layouts, ${read.accepted} accepted (no down-vote, an up-vote or a completed action), ${read.unwritable} not writable as the model's text`,
    );
  try {
    mkdirSync(out, { recursive: true });
  } catch (e) {
    throw new RetrainError(
      'bad_source',
      `cannot write the model into ${out}: ${(e as NodeJS.ErrnoException).code ?? String(e)} (is it a file?)`,
    );
  }
  // Scratch space (pairs, the base set) in the training scripts' ignored work folder, not beside the models.
  const work = join(HERE, 'work', `retrain-${name}`);
  mkdirSync(work, { recursive: true });
  const scratch = o.mode === 'scratch';
  const minutes = o.minutes ?? 20;
  if (scratch && !(minutes > 0 && minutes <= 600))
    throw new RetrainError('bad_source', `minutes must be more than 0 and at most 600; received ${minutes}`);
  const repeat = o.repeat ?? 'balanced';
  if (repeat !== 'balanced' && !(Number.isInteger(repeat) && repeat >= 1 && repeat <= 64))
    throw new RetrainError(
      'bad_source',
      `repeat must be a whole number from 1 to 64, or "balanced"; received ${String(o.repeat)}`,
    );
  const gguf = join(out, `${name}.gguf`);
  const run = (script: string, args: string[], onJson: (j: Json) => void) =>
    runPython(python, join(HERE, script), args, onJson, o.signal);
  let report: Json;
  let trainedOn: string;
  let cardRows: Array<[string, string]>;
  if (scratch) {
    // The base model's whole training set (prefix rows too, as its own run had them) plus the pairs.
    const set = baseSet(work, o.baseClasses);
    const dir = join(work, 'scratch');
    mkdirSync(dir, { recursive: true });
    const baseLines = readFileSync(join(set, 'train.jsonl'), 'utf8').split('\n').filter(Boolean);
    const factors =
      repeat === 'balanced' ? balancedRepeats(pairs, baseLines) : new Map<string, number>([['*', repeat]]);
    const factor = (p: TrainingPair) => factors.get(repeat === 'balanced' ? classOf(p) : '*')!;
    const pairLines = pairs.flatMap((p) =>
      Array.from({ length: Math.min(8 * factor(p), factor(p) * p.weight) }, () =>
        JSON.stringify({ intent: p.intent, class: 'accepted', text: p.text }),
      ),
    );
    const repeated =
      repeat === 'balanced'
        ? `repeated per intent class up to the base set's rows per class (${[...factors]
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([c, f]) => `${c} ${f}×`)
            .join(', ')} its weight)`
        : `each repeated ${repeat}× its weight`;
    const lines = [...baseLines, ...pairLines];
    const rnd = seededRandom(20261205);
    for (let i = lines.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
    }
    writeFileSync(join(dir, 'train.jsonl'), lines.join('\n') + '\n');
    writeFileSync(join(dir, 'valid.jsonl'), readFileSync(join(set, 'valid.jsonl')));
    o.onProgress?.({
      phase: 'pairs',
      pairs: pairs.length,
      message: `${baseLines.length} rows of the base training set and ${pairLines.length} of the pairs (${repeated}): learning the tokenizer`,
    });
    await run('tokenizer.py', ['--work', dir], () => undefined);
    o.onProgress?.({ phase: 'loaded', pairs: pairs.length, message: `training a new model for ${minutes} minutes` });
    let last: Json | null = null;
    await run(
      'train.py',
      ['--work', dir, '--out', out, '--name', name, '--minutes', String(minutes), '--like', base],
      (j) => {
        if (typeof j.sha256 === 'string') last = j;
        else if (typeof j.step === 'number')
          o.onProgress?.({
            phase: 'step',
            step: j.step,
            loss: j.loss as number,
            etaSeconds: Math.max(0, minutes * 60 - (j.seconds as number)),
          });
      },
    );
    if (!last) throw new RetrainError('train_failed', 'training ended without its report');
    report = last;
    trainedOn = `a new model of ${basename(base, '.gguf')}'s shape trained for ${minutes} minutes on its training set (${baseLines.length} rows${o.baseClasses ? `, classes ${o.baseClasses.join(', ')}` : ''}) and ${pairs.length} accepted premium layouts from ${o.source}, ${repeated} (${pairLines.length} rows)`;
    cardRows = [
      [
        'training set',
        `${baseLines.length} rows of ${basename(base)}'s own training set (scripts/train/dataset.ts${o.baseClasses ? ` --classes ${o.baseClasses.join(',')}` : ''})`,
      ],
      [
        'training pairs',
        `${pairs.length}, ${repeated} (weights 1 + up-votes + actions, at most 8): ${pairLines.length} rows`,
      ],
      ['tokenizer', 'learned anew on that set (scripts/train/tokenizer.py), 1,024 pieces'],
      [
        'steps',
        `${String(report.steps)} in ${minutes} minutes (batch ${String(report.batch)}, learning rate ${String(report.lr)}, cosine on the clock, seed ${String(report.seed)}, ${String(report.threads)} thread)`,
      ],
      ['final loss', `${String(report.finalLoss)} (held-out ${String(report.finalHeldoutLoss)})`],
    ];
  } else {
    const data = join(work, 'pairs.jsonl');
    const mixed = baseRows(work, Math.round((o.mix ?? 8) * pairs.length), o.baseClasses);
    writeFileSync(
      data,
      [
        ...pairs.map((p) => ({ intent: p.intent, text: p.text, weight: p.weight })),
        ...mixed.map((r) => ({ intent: r.intent, text: r.text, weight: 1 })),
      ]
        .map((r) => JSON.stringify(r))
        .join('\n') + '\n',
    );
    o.onProgress?.({
      phase: 'pairs',
      pairs: pairs.length,
      message: `${mixed.length} rows of the base training set mixed in`,
    });
    let last: Json | null = null;
    await run(
      'finetune.py',
      ['--base', base, '--data', data, '--out', gguf, '--name', name, '--steps', String(steps)],
      (j) => {
        if (j.phase === 'done') last = j;
        else if (j.phase === 'loaded')
          o.onProgress?.({
            phase: 'loaded',
            pairs: j.pairs as number,
            message: `loaded ${String(j.base)} (${String(j.params)} parameters), ${String(j.samples)} weighted samples`,
          });
        else if (typeof j.step === 'number')
          o.onProgress?.({
            phase: 'step',
            step: j.step,
            steps: j.steps as number,
            loss: j.loss as number,
            etaSeconds: j.etaSeconds as number,
          });
      },
    );
    if (!last) throw new RetrainError('train_failed', 'fine-tuning ended without its report');
    report = last;
    const weighted = pairs.reduce((s, p) => s + p.weight, 0);
    trainedOn = `a fine-tune of ${basename(base, '.gguf')} on ${pairs.length} accepted premium layouts (weighted ${weighted} by up-votes and completed actions) from ${o.source}, with ${mixed.length} rows of its own training set mixed in`;
    cardRows = [
      ['training pairs', `${pairs.length} (weights 1 + up-votes + actions, at most 8; ${weighted} in all)`],
      [
        'mixed in',
        `${mixed.length} rows of the base model's own training set (scripts/train/dataset.ts), weight 1, so the classes the pairs do not cover are kept`,
      ],
      [
        'steps',
        `${steps} (batch ${String(report.batch)}, learning rate ${String(report.lr)}, cosine, seed ${String(report.seed)}, ${String(report.threads)} thread)`,
      ],
      ['loss on the pairs', `${String(report.lossBefore)} before → ${String(report.lossAfter)} after`],
    ];
  }
  const bytes = readFileSync(gguf);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const cfg = report.config as { ctx: number; vocab: number };
  const entry: ModelEntry = {
    name,
    file: `${name}.gguf`,
    bytes: bytes.length,
    sha256,
    contextSize: cfg.ctx,
    vocabSize: cfg.vocab,
    trainedOn,
    promptFormat: 'jig-layout-v1',
    base: basename(base),
  };
  const json = join(out, `${name}.json`);
  const card = join(out, `${name}.md`);
  writeFileSync(json, JSON.stringify(entry, null, 1) + '\n');
  const rebuild = scratch
    ? `jig train --from <the same file> --base models/${entry.base} --name ${name} --scratch --minutes ${minutes}${repeat === 'balanced' ? '' : ` --repeat ${repeat}`}`
    : `jig train --from <the same file> --base models/${entry.base} --name ${name} --steps ${steps}`;
  writeFileSync(card, cardText(entry, report, read, pairs.length, o.source, scratch, cardRows, rebuild));
  o.onProgress?.({ phase: 'done', message: `${name}.gguf, ${bytes.length} bytes, sha256 ${sha256}` });
  return { entry, pairs: pairs.length, read, report, files: { gguf, json, card } };
}

/** A pair's intent class for balancing; pairs whose source names none count as one class. */
const classOf = (p: TrainingPair) => p.intentClass ?? '(no class)';

/**
 * `repeat: 'balanced'`: per intent class of the pairs, the repeat (per unit of weight, 1–64) that
 * brings the class's rows — the base set's rows of that class and its pairs' — up to the base set's
 * mean rows per class: (mean − base rows) ÷ the class's summed weights, rounded.
 */
export function balancedRepeats(pairs: readonly TrainingPair[], baseLines: readonly string[]): Map<string, number> {
  const base = new Map<string, number>();
  for (const l of baseLines) {
    const c = (JSON.parse(l) as { class?: unknown }).class;
    if (typeof c === 'string') base.set(c, (base.get(c) ?? 0) + 1);
  }
  const mean = base.size ? [...base.values()].reduce((a, b) => a + b, 0) / base.size : 0;
  const weights = new Map<string, number>();
  for (const p of pairs) weights.set(classOf(p), (weights.get(classOf(p)) ?? 0) + p.weight);
  return new Map(
    [...weights].map(([c, w]) => [c, Math.min(64, Math.max(1, Math.round((mean - (base.get(c) ?? 0)) / w)))]),
  );
}

/** Runs one of the training scripts, handing each JSON line it prints to `onJson`; rejects with its last stderr lines. */
function runPython(
  python: string,
  script: string,
  args: string[],
  onJson: (j: Json) => void,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const p = spawn(python, [script, ...args], {
      cwd: ROOT,
      env: { ...process.env, JIG_TRAIN_THREADS: process.env.JIG_TRAIN_THREADS ?? '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buf = '',
      err = '';
    const abort = () => p.kill('SIGTERM');
    signal?.addEventListener('abort', abort, { once: true });
    p.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const l = buf.slice(0, i);
        buf = buf.slice(i + 1);
        let j: unknown;
        try {
          j = JSON.parse(l);
        } catch {
          continue; // a plain progress line
        }
        if (j && typeof j === 'object') onJson(j as Json);
      }
    });
    p.stderr.on('data', (d: Buffer) => {
      err = (err + d.toString()).slice(-4000);
    });
    p.on('error', (e) => reject(new RetrainError('train_failed', `could not start ${python}: ${e.message}`)));
    p.on('exit', (code) => {
      signal?.removeEventListener('abort', abort);
      if (signal?.aborted) reject(new RetrainError('aborted', 'the retraining job was cancelled'));
      else if (code !== 0)
        reject(
          new RetrainError(
            'train_failed',
            `${basename(script)} exited with ${code}: ${err.trim().split('\n').slice(-3).join(' | ')}`,
          ),
        );
      else resolve();
    });
  });
}

function cardText(
  e: ModelEntry,
  r: Json,
  read: PairsRead,
  pairs: number,
  source: string,
  scratch: boolean,
  rows: Array<[string, string]>,
  rebuild: string,
): string {
  const log = (r.log as Array<{ step: number; loss: number }>) ?? [];
  const lead = scratch
    ? `${e.name} is **a new model trained on ${e.base}'s training set and ${pairs} accepted layouts**: premium layouts that
visitors accepted (never rated down; rated up or acted on), read from ${'`'}${source}${'`'}. It has ${e.base}'s
architecture and prompt format and a tokenizer of its own (models/README.md).`
    : `${e.name} is **a fine-tune of ${e.base.replace(/\.gguf$/, '')} on ${pairs} accepted layouts**: premium layouts that visitors
accepted (never rated down; rated up or acted on), read from ${'`'}${source}${'`'}. It keeps ${e.base}'s
architecture, tokenizer and prompt format (models/README.md).`;
  return `# ${e.name}

${lead}

| | |
|---|---|
| file | ${e.file}, ${e.bytes} bytes |
| sha256 | ${'`'}${e.sha256}${'`'} |
| base | ${e.base} |
${rows.map(([k, v]) => `| ${k} | ${v} |`).join('\n')}
| read | ${read.lines} lines: ${read.events} events, ${read.rows} dataset rows; ${read.premiumLayouts} premium layouts, ${read.accepted} accepted, ${read.unwritable} not writable as the model's text |
| time | ${String(r.seconds)} s, PyTorch ${String(r.torch)} |
${log.length ? `\nLoss: ${log.map((x) => `${x.step}: ${x.loss}`).join(', ')}.\n` : ''}
Rebuild: ${'`'}${rebuild}${'`'}.
`;
}
