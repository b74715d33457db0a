// The downshift replay on the real model: round 1 with Jig's layout model v1 in wllama (headless
// Chromium) and the tuner on, retraining on round 1's accepted premium layouts → v2, round 2 on new
// intents of the same classes plus held-out classes. Writes eval/downshift.json and eval/downshift.svg.
//
//   node --import tsx eval/downshift.ts [--steps 200] [--per-class 10]
//
// With `--base models/X.gguf --new-classes a,b,…` it replays a site with kinds of page its model has
// never seen: X was trained without those classes (dataset.ts --classes), both rounds hold every
// class, and the rounds are split into the classes X knows and the new ones. It then writes
// eval/downshift-new-classes.json and .svg, and the retrained model goes to scripts/train/work.
// With `--scratch [--minutes 20] [--repeat balanced|N]` v2 is a new model trained on X's training set and round 1's
// accepted premium layouts (retrain mode 'scratch') instead of a fine-tune of X.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openEvalBrowser } from './support/browser.js';
import { CLASSES, heldOutParts, intentText } from '../scripts/train/dataset.js';
import { retrain, trainingPairs } from '../scripts/train/retrain.js';
import { flattenTree } from '../src/layout/tree.js';
import { DEFAULT_LIMITS } from '../src/layout/document.js';
import { seededRandom } from '../src/util/random.js';
import type { DownItem, DownRound } from './model/run-downshift.js';

/** The fewest accepted premium layouts a retraining rests on (retrain()'s default). */
const MIN_PAIRS = 10;
const SEED = 20261205;
const { values: args } = parseArgs({
  options: {
    control: { type: 'boolean', default: false },
    // Tuning off: both rounds on one line with the base model and no tuner (no retraining, no tuned
    // routing): the line's own routing alone, on gate passes and the ratings the site hands it.
    'tuning-off': { type: 'boolean', default: false },
    steps: { type: 'string', default: '120' },
    'per-class': { type: 'string', default: '10' },
    'round2-per-class': { type: 'string', default: '10' },
    base: { type: 'string', default: 'models/jig-layout-v1.gguf' },
    'new-classes': { type: 'string' },
    'new-per-class': { type: 'string', default: '30' },
    // v2 as a new model trained on the base model's set and the pairs (retrain mode 'scratch'), not a fine-tune.
    scratch: { type: 'boolean', default: false },
    minutes: { type: 'string', default: '20' },
    // With --scratch: each accepted premium layout repeated this many times per unit of its weight, or "balanced" (per class).
    repeat: { type: 'string', default: 'balanced' },
    redraw: { type: 'boolean', default: false },
    // The tuner's acceptance floor per intent class (default: the tuner's own, 95%).
    floor: { type: 'string' },
    // The browser station draws this many samples and serves their medoid only when they agree
    // (structure similarity ≥ --vote-threshold); otherwise the request escalates (low_confidence).
    vote: { type: 'string' },
    'vote-threshold': { type: 'string', default: '0.9' },
    // No class requirements: the tuner does not learn what each class's layouts must contain.
    'no-requirements': { type: 'boolean', default: false },
    // Requirements only from rejections: none of a class's distinctive parts before a rejection.
    'no-distinctive': { type: 'boolean', default: false },
    // A v2 trained by an earlier run (its .gguf; the .json entry beside it): round 2 runs on it, no training.
    v2: { type: 'string' },
  },
});
const r = seededRandom(SEED);
const shuffle = <T>(xs: T[]) => {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
};

/**
 * New intents of a class (never in v1's training): held-out phrasings with any subject, any phrasing
 * with the held-out subject. For a class the base model never saw (`all`), every phrasing and subject.
 */
function pool(
  c: (typeof CLASSES)[number],
  all = false,
): Array<{ intent: string; subject: (typeof c.subjects)[number] }> {
  const held = heldOutParts(c);
  const out = new Map<string, (typeof c.subjects)[number]>();
  if (all) for (const p of c.phrasings) for (const s of c.subjects) out.set(intentText(p, s), s);
  for (const p of held.phrasings) for (const s of c.subjects) out.set(intentText(p, s), s);
  for (const p of c.phrasings)
    for (const s of c.subjects) if (held.subjects.has(s.phrase)) out.set(intentText(p, s), s);
  return shuffle([...out].map(([intent, subject]) => ({ intent, subject })));
}

function item(
  c: (typeof CLASSES)[number],
  x: { intent: string; subject: (typeof c.subjects)[number] },
  heldOut = false,
): DownItem {
  const flat = flattenTree(c.build(r, x.subject), DEFAULT_LIMITS);
  if (!flat.ok) throw new Error(`the ${c.name} builder made a layout that does not flatten`);
  return { intent: x.intent, cls: c.name, fit: c.fit, premium: flat.layout, ...(heldOut ? { heldOut: true } : {}) };
}

const perClass = Number(args['per-class']),
  per2 = Number(args['round2-per-class']);
const newClasses = args['new-classes']?.split(',') ?? null;
const unknownClass = newClasses?.find((n) => !CLASSES.some((c) => c.name === n));
if (unknownClass) throw new Error(`--new-classes: no class ${unknownClass}`);
const classes = shuffle([...CLASSES]);
const trained = newClasses ? classes : classes.slice(0, 12),
  heldOutClasses = newClasses ? [] : classes.slice(12);
const round1: DownItem[] = [],
  round2: DownItem[] = [];
for (const c of trained) {
  // With new classes, `heldOut` marks the classes the base model has never seen (in both rounds).
  // A site's new kind of page is asked for more often than one class among 18 (--new-per-class, each round).
  const isNew = !!newClasses?.includes(c.name);
  const [n1, n2] = isNew ? [Number(args['new-per-class']), Number(args['new-per-class'])] : [perClass, per2];
  const p = pool(c, isNew);
  p.slice(0, n1).forEach((x) => round1.push(item(c, x, isNew)));
  p.slice(n1, n1 + n2).forEach((x) => round2.push(item(c, x, isNew)));
}
for (const c of heldOutClasses)
  pool(c)
    .slice(0, per2)
    .forEach((x) => round2.push(item(c, x, true)));
shuffle(round1);
shuffle(round2);

/**
 * `--v2 FILE`: a model an earlier run trained (its entry, FILE.json, beside it), standing in for
 * retraining: round 2's figures are then those of that model on this run's round 2 (a what-if on the
 * tuner's settings, not a new model), and the result file says which file and that it was reused.
 */
function reused(file: string, pairsNow: number) {
  const entry = JSON.parse(readFileSync(file.replace(/\.gguf$/, '.json'), 'utf8')) as {
    name: string;
    trainedOn: string;
  };
  console.log(
    `round 2 on ${file} (reused: ${entry.trainedOn}); this round 1 left ${pairsNow} accepted premium layouts`,
  );
  const pairs = Number(/(\d+) accepted premium layouts/.exec(entry.trainedOn)?.[1] ?? 0);
  return { entry: { ...entry, reused: file }, pairs, report: {} as Record<string, unknown> };
}

/** A model file by its path from the repository's root, which the eval's server serves. */
const modelOf = (path: string, name: string) => {
  const bytes = readFileSync(new URL(`../${path}`, import.meta.url));
  return {
    name,
    url: `/${path}`,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    bytes: bytes.length,
    trainedOn: name,
    pairs: 0,
  };
};

const baseName = args.base.replace(/^.*\//, '').replace(/\.gguf$/, '');
/** The replay's result files: eval/downshift*.json (new classes: eval/downshift-new-classes*.json). */
const family = newClasses ? 'downshift-new-classes' : 'downshift';
const floor = args.floor === undefined ? undefined : Number(args.floor);
if (floor !== undefined && !(floor >= 0 && floor <= 1))
  throw new Error(`--floor: a share from 0 to 1; received ${args.floor}`);
if (args.v2 && !existsSync(args.v2)) throw new Error(`--v2: no file ${args.v2}`);
const vote = args.vote === undefined ? null : { samples: Number(args.vote), threshold: Number(args['vote-threshold']) };
if (vote && !(Number.isInteger(vote.samples) && vote.samples >= 2 && vote.samples <= 16))
  throw new Error(`--vote: a number of samples from 2 to 16; received ${args.vote}`);
if (vote && !(vote.threshold >= 0 && vote.threshold <= 1))
  throw new Error(`--vote-threshold: a share from 0 to 1; received ${args['vote-threshold']}`);
const outName = `${family}${args.scratch ? `-scratch${args.minutes === '20' ? '' : `-${args.minutes}min`}${args.repeat === 'balanced' ? '' : `-repeat${args.repeat}`}` : ''}${floor === undefined ? '' : `-floor${Math.round(floor * 100)}`}${vote ? `-vote${vote.samples}` : ''}${args['no-requirements'] ? '-no-requirements' : args['no-distinctive'] ? '-no-distinctive' : ''}${args.v2 ? '-v2reused' : ''}`;
/** The chart of a result file: round 1, round 2 and, when that replay has been run, round 2 with tuning off. */
function writeSvg(rounds: Parameters<typeof svg>[0]): void {
  const offFile = new URL(`${family}-tuning-off.json`, import.meta.url);
  const off = existsSync(offFile)
    ? (JSON.parse(readFileSync(offFile, 'utf8')) as { rounds: Parameters<typeof svg>[0] }).rounds[1]
    : undefined;
  writeFileSync(
    new URL(`${outName}.svg`, import.meta.url),
    svg([...rounds.slice(0, 2), ...(off ? [off] : [])], baseName),
  );
}
if (args.redraw) {
  // Redraws the chart from the result file the same options wrote (after a tuning-off run, say).
  writeSvg(
    (
      JSON.parse(readFileSync(new URL(`${outName}.json`, import.meta.url), 'utf8')) as {
        rounds: Parameters<typeof svg>[0];
      }
    ).rounds,
  );
  console.log(`wrote eval/${outName}.svg`);
  process.exit(0);
}

const { server, url, browser } = await openEvalBrowser({ watch: false });
const started = Date.now();
const stamp = () => `${Math.round((Date.now() - started) / 1000)} s`;
/** What every result file starts with. */
const runInfo = () => ({
  generatedAt: new Date().toISOString(),
  seed: SEED,
  wallSeconds: Math.round((Date.now() - started) / 1000),
});
/** eval/downshift.json and its chart. */
function writeResults(out: { rounds: Parameters<typeof svg>[0] }): void {
  writeFileSync(new URL(`${outName}.json`, import.meta.url), JSON.stringify(out, null, 1) + '\n');
  writeSvg(out.rounds);
}
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`${url}eval/model/downshift.html`);
  await page.waitForFunction(() => typeof window.__downshiftRound === 'function', undefined, { timeout: 120_000 });
  const run = async (items: DownItem[], model: ReturnType<typeof modelOf>, label: string): Promise<DownRound> => {
    const t = setInterval(() => {
      void page
        .evaluate(() => window.__downshiftProgress ?? 0)
        .then(
          (n) => process.stdout.write(`\r${label}: ${n}/${items.length} (${stamp()})`),
          () => undefined,
        );
    }, 10_000);
    try {
      return await page.evaluate(
        ([i, m, every, tuning, f, v, req, distinctive]) =>
          window.__downshiftRound!(i, {
            model: m,
            tuneEvery: every,
            seed: 7,
            tuning,
            ...(f !== null ? { floor: f } : {}),
            ...(v !== null ? { vote: v } : {}),
            requirements: req,
            distinctive,
          }),
        [
          items,
          model,
          args['tuning-off'] ? Number.MAX_SAFE_INTEGER : 12,
          !args['tuning-off'],
          floor ?? null,
          vote,
          !args['no-requirements'],
          !args['no-distinctive'],
        ] as const,
      );
    } finally {
      clearInterval(t);
      process.stdout.write('\n');
    }
  };
  const v1 = modelOf(args.base, baseName);
  const r1 = await run(round1, v1, 'round 1 (v1)');
  const r1Seconds = (Date.now() - started) / 1000;
  console.log(summary('round 1', r1));

  const t0 = Date.now();
  if (args.control || args['tuning-off']) {
    // The control: the same round 2 (same intents, the same trials opened) with v1 kept. Tuning off:
    // the same, with no tuner in either round.
    const label = args.control ? 'round 2 (v1, control)' : 'round 2 (v1, tuning off)';
    const r2 = await run(round2, v1, label);
    console.log(summary(label, r2));
    writeFileSync(
      new URL(args.control ? 'downshift-control.json' : `${family}-tuning-off.json`, import.meta.url),
      JSON.stringify(
        {
          ...runInfo(),
          rounds: roundMetrics(r1, r2, label),
          rows: { round1: r1.rows, round2: r2.rows },
        },
        null,
        1,
      ) + '\n',
    );
    process.exit(0);
  }
  const pairs = trainingPairs(r1.events);
  if (pairs.pairs.length < MIN_PAIRS) {
    // (Almost) nothing went down to premium and was accepted: too little to retrain on (retrain()
    // refuses fewer than MIN_PAIRS), and no premium share to move down. Round 2 still runs, with v1
    // kept, to show the same classes and the held-out ones on new intents.
    console.log(
      `round 1 left ${pairs.pairs.length} accepted premium layouts (a new model needs ${MIN_PAIRS}): nothing to retrain on; round 2 runs with v1`,
    );
    const r2 = await run(round2, v1, 'round 2 (v1, nothing to retrain on)');
    console.log(summary('round 2', r2));
    const out = {
      ...runInfo(),
      note: `round 1 left ${pairs.pairs.length} accepted premium layouts (fewer than the ${MIN_PAIRS} a new model needs), so no v2 was trained and round 2 ran with v1`,
      model: { v1: { sha256: v1.sha256, bytes: v1.bytes }, v2: null },
      rounds: roundMetrics(r1, r2, 'round 2 (v1, nothing to retrain on)'),
      tuneRound1: r1.tuneTexts,
      tuneRound2: r2.tuneTexts,
      rows: { round1: r1.rows, round2: r2.rows },
    };
    writeResults(out);
    console.log(`wrote eval/${outName}.json and eval/${outName}.svg in ${stamp()}`);
    process.exit(0);
  }
  console.log(
    `retraining on ${pairs.pairs.length} accepted premium layouts of round 1 (${pairs.read.premiumLayouts} premium layouts rendered)`,
  );
  const v2Name = `${newClasses ? `${baseName}-v2` : 'jig-layout-v2'}${args.scratch ? '-scratch' : ''}`;
  const v2Dir = newClasses ? 'scripts/train/work/downshift' : 'models';
  const trainedV2 = args.v2
    ? reused(args.v2, pairs.pairs.length)
    : await retrain({
        text: r1.events,
        source: 'round 1 of eval/downshift.ts',
        name: v2Name,
        base: new URL(`../${args.base}`, import.meta.url).pathname,
        out: new URL(`../${v2Dir}`, import.meta.url).pathname,
        ...(newClasses ? { baseClasses: CLASSES.map((c) => c.name).filter((n) => !newClasses.includes(n)) } : {}),
        steps: Number(args.steps),
        ...(args.scratch
          ? {
              mode: 'scratch' as const,
              minutes: Number(args.minutes),
              repeat: args.repeat === 'balanced' ? ('balanced' as const) : Number(args.repeat),
            }
          : {}),
        minPairs: MIN_PAIRS,
        onProgress: (p) => {
          if (p.phase === 'step' && p.step! % 500 === 0)
            console.log(`  step ${p.step}${p.steps ? `/${p.steps}` : ''} loss ${p.loss} eta ${p.etaSeconds} s`);
          else if (p.message) console.log(`  ${p.message}`);
        },
      });
  const trainSeconds = (Date.now() - t0) / 1000;
  const v2 = {
    ...(args.v2 ? modelOf(args.v2, trainedV2.entry.name) : modelOf(`${v2Dir}/${v2Name}.gguf`, v2Name)),
    trainedOn: trainedV2.entry.trainedOn,
    pairs: trainedV2.pairs,
  };
  const r2 = await run(round2, v2, 'round 2 (v2)');
  console.log(summary('round 2', r2));
  const out = {
    ...runInfo(),
    round1Seconds: Math.round(r1Seconds),
    trainSeconds: Math.round(trainSeconds),
    setup: {
      ...(newClasses
        ? {
            base: args.base,
            newClasses,
            knownClasses: CLASSES.map((c) => c.name).filter((n) => !newClasses.includes(n)),
          }
        : { trainedClasses: trained.map((c) => c.name), heldOutClasses: heldOutClasses.map((c) => c.name) }),
      round1: round1.length,
      round2: round2.length,
      retrain: args.v2
        ? { reused: args.v2, trainedOn: trainedV2.entry.trainedOn }
        : args.scratch
          ? {
              mode: 'scratch',
              minutes: Number(args.minutes),
              repeat: args.repeat === 'balanced' ? ('balanced' as const) : Number(args.repeat),
            }
          : { mode: 'finetune', steps: Number(args.steps) },
      acceptance:
        'the layout rendered (not the fallback) and has what the intent needs (eval/fit.ts); every layout rated, accepted ones acted on',
      premium: "a stand-in that answers the site builder's layout for the intent's class",
      classifier: 'the site classifies intents by the dataset class',
      tuning: 'the real tuner every 12 requests, proposals deployed as current',
      requirements: args['no-requirements']
        ? 'off: the tuner learns no class requirements'
        : args['no-distinctive']
          ? "the tuner learns each class's requirements (routing require) from rejected layouts only"
          : "the tuner learns each class's requirements (routing require) from accepted and rejected layouts, and each class's distinctive parts before any rejection",
    },
    model: {
      v1: { sha256: v1.sha256, bytes: v1.bytes },
      v2: {
        ...trainedV2.entry,
        pairs: trainedV2.pairs,
        lossBefore: trainedV2.report.lossBefore,
        lossAfter: trainedV2.report.lossAfter,
        steps: trainedV2.report.steps,
      },
    },
    rounds: roundMetrics(r1, r2, 'round 2 (v2)'),
    proposal: r2.proposal,
    tuneRound1: r1.tuneTexts,
    tuneRound2: r2.tuneTexts,
    rows: { round1: r1.rows, round2: r2.rows },
  };
  const a = out.rounds[0]!,
    b = out.rounds[1]!;
  (out as Record<string, unknown>).goals = {
    premiumShareDownRelative: a.premiumShare ? 1 - b.premiumShare / a.premiumShare : null,
    acceptanceNotLower: b.acceptance >= a.acceptance,
    costPerAcceptedDownRelative:
      a.costPerAccepted && b.costPerAccepted !== null ? 1 - b.costPerAccepted / a.costPerAccepted : null,
  };
  writeResults(out);
  console.log(
    JSON.stringify((out as Record<string, unknown>).goals),
    `wrote eval/${outName}.json and eval/${outName}.svg in ${stamp()}`,
  );
} finally {
  await browser.close();
  await server.close();
}

/** Round 1, round 2, and round 2 split into the classes round 1 saw and the held-out ones. */
function roundMetrics(r1: DownRound, r2: DownRound, second: string) {
  return [
    { round: 'round 1 (v1)', ...metrics(r1.rows, r1) },
    { round: second, ...metrics(r2.rows, r2) },
    ...(newClasses
      ? [
          {
            round: 'round 1, classes the base model knows',
            ...metrics(
              r1.rows.filter((x) => !x.heldOut),
              r1,
            ),
          },
          {
            round: 'round 1, new classes',
            ...metrics(
              r1.rows.filter((x) => x.heldOut),
              r1,
            ),
          },
        ]
      : []),
    {
      round: newClasses ? 'round 2, classes the base model knows' : 'round 2, same classes',
      ...metrics(
        r2.rows.filter((x) => !x.heldOut),
        r2,
      ),
    },
    {
      round: newClasses ? 'round 2, new classes' : 'round 2, held-out classes',
      ...metrics(
        r2.rows.filter((x) => x.heldOut),
        r2,
      ),
    },
  ];
}

function metrics(rows: DownRound['rows'], round: DownRound) {
  const n = rows.length || 1;
  const accepted = rows.filter((x) => x.accepted).length;
  const premium = rows.filter((x) => x.station === 'premium').length;
  const first = rows.filter((x) => x.firstOk !== null);
  // Cost is the round's; a subset's is its premium-served share of it (premium answers cost alike).
  const allPremium = round.rows.filter((x) => x.station === 'premium').length || 1;
  const cost = rows === round.rows ? round.cost : round.cost * (premium / allPremium);
  return {
    requests: rows.length,
    acceptance: accepted / n,
    premiumShare: premium / n,
    browserShare: rows.filter((x) => x.station === 'browser').length / n,
    cost,
    costPerAccepted: accepted ? cost / accepted : (null as number | null),
    cheapFirstAttemptPass: first.length ? first.filter((x) => x.firstOk).length / first.length : null,
    browserFirstAttempts: rows === round.rows ? round.browserFirst : undefined,
    // Requests where a cheap layout was refused for lacking its class's requirements, and where
    // they ended: served by the browser after a repair, or by premium.
    refusedByRequirement: {
      n: rows.filter((x) => x.refusedByRequirement).length,
      browser: rows.filter((x) => x.refusedByRequirement && x.station === 'browser').length,
      premium: rows.filter((x) => x.refusedByRequirement && x.station === 'premium').length,
    },
    medianMs: [...rows.map((x) => x.ms)].sort((p, q) => p - q)[Math.floor(rows.length / 2)] ?? null,
  };
}

function summary(label: string, x: DownRound): string {
  const m = metrics(x.rows, x);
  return `${label}: ${x.rows.length} requests, accepted ${(m.acceptance * 100).toFixed(1)}%, premium ${(m.premiumShare * 100).toFixed(1)}%, cost $${m.cost.toFixed(4)} ($${(m.costPerAccepted ?? 0).toFixed(5)} per accepted), cheap first-attempt pass ${((m.cheapFirstAttemptPass ?? 0) * 100).toFixed(1)}%, refused for a requirement ${m.refusedByRequirement.n} (then browser ${m.refusedByRequirement.browser}, premium ${m.refusedByRequirement.premium})`;
}

/** Bars per round: round 1 (grey), round 2 with v2 (green) and, when given, round 2 with tuning off (orange). */
function svg(
  rounds: Array<{
    round: string;
    acceptance: number;
    premiumShare: number;
    costPerAccepted: number | null;
    cheapFirstAttemptPass: number | null;
  }>,
  base: string,
): string {
  const step = rounds.length * 60 + 35;
  const W = 4 * step + 5,
    H = 250,
    bars = [
      {
        label: 'accepted',
        get: (x: (typeof rounds)[number]) => x.acceptance,
        fmt: (v: number) => `${(v * 100).toFixed(0)}%`,
        max: 1,
      },
      {
        label: 'premium share',
        get: (x: (typeof rounds)[number]) => x.premiumShare,
        fmt: (v: number) => `${(v * 100).toFixed(0)}%`,
        max: 1,
      },
      {
        label: 'cheap first-attempt pass',
        get: (x: (typeof rounds)[number]) => x.cheapFirstAttemptPass ?? 0,
        fmt: (v: number) => `${(v * 100).toFixed(0)}%`,
        max: 1,
      },
      {
        label: 'cost per accepted',
        get: (x: (typeof rounds)[number]) => x.costPerAccepted ?? 0,
        fmt: (v: number) => `$${v.toFixed(4)}`,
        max: Math.max(...rounds.map((x) => x.costPerAccepted ?? 0)) || 1,
      },
    ];
  const colors = ['#999', '#0a6', '#d62'];
  const g = bars
    .map((b, i) => {
      const x0 = 20 + i * step;
      return (
        `<text x="${x0 + (rounds.length * 60 - 10) / 2}" y="${H - 8}" text-anchor="middle" font-size="11">${b.label}</text>` +
        rounds
          .map((r, j) => {
            const v = b.get(r),
              h = (v / b.max) * (H - 90);
            return `<rect x="${x0 + j * 60}" y="${H - 30 - h}" width="50" height="${h}" fill="${colors[j]}"/><text x="${x0 + j * 60 + 25}" y="${H - 34 - h}" text-anchor="middle" font-size="10">${b.fmt(v)}</text>`;
          })
          .join('')
      );
    })
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="system-ui, sans-serif" role="img" aria-label="Downshift replay on Jig's layout model: round 1 with ${base}, round 2 with v2${rounds.length > 2 ? ', and round 2 with tuning off' : ''}">` +
    `<rect width="100%" height="100%" fill="#fff"/><text x="${W / 2}" y="16" text-anchor="middle" font-size="12" font-weight="bold">Downshift replay, real model in wllama</text><text x="${W / 2}" y="32" text-anchor="middle" font-size="11">round 1 with ${base} (grey); round 2 with v2, retrained on round 1's accepted premium layouts (green)${rounds.length > 2 ? '; round 2 with tuning off (orange)' : ''}</text>${g}</svg>\n`
  );
}
