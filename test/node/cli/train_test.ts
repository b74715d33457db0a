import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  balancedRepeats,
  retrain,
  trainingPairs,
  type RetrainProgress,
  type TrainingPair,
} from '../../../scripts/train/retrain.js';
import { main } from '../../../src/cli/main.js';
import { requestEvents, simLayout, type SimRequest } from '../../../eval/replay-sim.js';
import { createEvent } from '../../../src/events/event.js';

const req = (intent: string, station: 'browser' | 'premium', rating?: 'up' | 'down'): SimRequest => ({
  line: 'shop',
  version: '1',
  session: `s-${intent}`,
  intent,
  intentClass: 'c',
  attempts:
    station === 'premium'
      ? [
          { station: 'browser', ok: false },
          { station: 'premium', ok: true, cost: 0.002 },
        ]
      : [{ station: 'browser', ok: true }],
  rendered: { station, layout: simLayout(`${intent} layout`) },
  ...(rating ? { rating } : {}),
});
const ndjson = (events: unknown[]) => events.map((e) => JSON.stringify(e)).join('\n') + '\n';

function exportText(): string {
  const events = [
    ...requestEvents(req('Newsletter sign-up', 'premium', 'up')),
    ...requestEvents(req('Sales dashboard', 'premium', 'down')),
    ...requestEvents(req('Contact form', 'browser', 'up')),
    ...requestEvents(req('Team page', 'premium')),
    ...requestEvents(req('Pricing table', 'premium')),
  ];
  // "Team page": a visitor completed its action, without rating it. "Pricing table": rendered, nothing else.
  const team = events.find((e) => e.type === 'layout.rendered' && String(e.attrs.layout).includes('Team page'))!;
  events.push(
    createEvent(
      'ui.action',
      { session: 'x', trace: team.trace, line: 'shop', lineVersion: '1' },
      { layoutId: String(team.attrs.layoutId), action: 'send' },
    ),
  );
  return ndjson(events);
}

describe('jig train: training pairs', () => {
  test('keeps premium layouts visitors accepted (up-voted or acted on, never down-voted), weighted by the feedback', () => {
    const { pairs, read } = trainingPairs(exportText());
    assert.deepEqual(pairs.map((p) => p.intent).sort(), ['Newsletter sign-up', 'Team page']);
    assert.equal(read.premiumLayouts, 4);
    assert.equal(read.accepted, 2);
    const n = pairs.find((p) => p.intent === 'Newsletter sign-up')!;
    assert.equal(n.weight, 2);
    assert.equal(n.intentClass, 'c', 'the class its layout.rendered event names');
    assert.match(n.text, /^\{"version":1,.*"tree":\{"type":"stack"/);
  });

  test("balanced repeats bring each class's rows up to the base set's rows per class", () => {
    const base = [
      ...Array.from({ length: 600 }, () => JSON.stringify({ class: 'known', text: 'x' })),
      ...Array.from({ length: 400 }, () => JSON.stringify({ class: 'thin', text: 'x' })),
    ];
    const pair = (intentClass: string | undefined, weight: number): TrainingPair => ({
      intent: 'i',
      layoutId: 'l',
      text: 't',
      weight,
      ups: weight - 1,
      actions: 0,
      ...(intentClass ? { intentClass } : {}),
    });
    const f = balancedRepeats(
      [
        pair('new', 3),
        pair('new', 3),
        pair('new', 4),
        pair('known', 3),
        pair('thin', 2),
        pair('rare', 1),
        pair(undefined, 5),
      ],
      base,
    );
    // Base rows per class: 500. new: 500 / 10 = 50; known already has 600 (at least 1); thin: 100 / 2;
    // rare: 500 / 1, at most 64; pairs without a class count as one class: 500 / 5.
    assert.deepEqual(Object.fromEntries(f), { new: 50, known: 1, thin: 50, rare: 64, '(no class)': 64 });
    assert.deepEqual(Object.fromEntries(balancedRepeats([pair(undefined, 4)], [])), { '(no class)': 1 });
  });

  test('the latest rating counts: up, then down, is not accepted', () => {
    const events = requestEvents(req('FAQ', 'premium', 'up'));
    const fb = events.find((e) => e.type === 'feedback.given')!;
    const later = {
      ...structuredClone(fb),
      id: 'later',
      time: new Date(Date.parse(fb.time) + 1000).toISOString(),
      attrs: { ...fb.attrs, rating: 'down', feedbackId: 'f1' },
    };
    fb.attrs.feedbackId = 'f1';
    assert.equal(trainingPairs(ndjson([...events, later])).pairs.length, 0);
  });

  test('reads the tuning dataset rows the browser exports too, and skips lines it cannot read', () => {
    const row = {
      layoutId: 'l1',
      line: 'shop',
      lineVersion: '1',
      intentClass: 'booking',
      station: 'premium',
      model: 'big',
      promptVersion: null,
      exemplarVersion: null,
      prompt: 'Components: …\nIntent: Book a table\nAnswer with the layout JSON only.',
      layout: simLayout('Book'),
      verdicts: [],
      feedback: [{ rating: 'up', comment: null, time: '2026-12-05T10:00:00Z' }],
    };
    const { pairs, read } = trainingPairs(`${JSON.stringify(row)}\nnot json\n`);
    assert.equal(pairs[0]!.intent, 'Book a table');
    assert.equal(pairs[0]!.intentClass, 'booking');
    assert.equal(read.unreadable, 1);
  });
});

describe('jig train: the command', () => {
  const run = async (args: string[], env: Record<string, string> = {}) => {
    const saved = { ...process.env };
    Object.assign(process.env, env);
    const out: string[] = [],
      err: string[] = [];
    try {
      return {
        code: await main(
          ['train', ...args],
          (s) => out.push(s),
          (s) => err.push(s),
        ),
        out: out.join('\n'),
        err: err.join('\n'),
      };
    } finally {
      process.env = saved;
    }
  };

  test('without --from it is a usage error', async () => {
    const r = await run([]);
    assert.equal(r.code, 2);
    assert.match(r.err, /--from FILE\|URL is required/);
  });

  test('--scratch trains for --minutes, not --steps, and each is checked', async () => {
    const from = ['--from', 'events.ndjson'];
    for (const [args, message] of [
      [['--scratch', '--steps', '5'], /--steps is for a fine-tune; a --scratch run trains for --minutes/],
      [['--minutes', '5'], /--minutes is for a --scratch run/],
      [['--scratch', '--minutes', '0'], /--minutes must be a number more than 0 and at most 600; received 0/],
      [['--scratch', '--minutes', 'soon'], /--minutes must be a number more than 0 and at most 600; received soon/],
      [['--repeat', '8'], /--repeat is for a --scratch run/],
      [['--scratch', '--repeat', '0'], /--repeat must be a whole number from 1 to 64, or "balanced"; received 0/],
      [['--scratch', '--repeat', '2.5'], /--repeat must be a whole number from 1 to 64, or "balanced"; received 2.5/],
      [['--scratch', '--repeat', 'even'], /--repeat must be a whole number from 1 to 64, or "balanced"; received even/],
    ] as const) {
      const r = await run([...from, ...args]);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, message);
    }
  });

  test('without PyTorch it says so and names what to install', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jig-train-'));
    writeFileSync(join(dir, 'events.ndjson'), exportText());
    const r = await run(['--from', join(dir, 'events.ndjson'), '--out', dir], { JIG_PYTHON: join(dir, 'no-python') });
    assert.equal(r.code, 1);
    assert.match(r.err, /no_pytorch: retraining needs PyTorch.*python3-torch.*JIG_PYTHON/);
  });

  const hasTorch = spawnSync(process.env.JIG_PYTHON ?? '/usr/bin/python3', ['-c', 'import torch, numpy']).status === 0;
  test('refuses to make a model from fewer accepted layouts than --min-pairs (default 10), and writes nothing', {
    skip: hasTorch ? false : 'PyTorch is not installed here',
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jig-train-'));
    writeFileSync(join(dir, 'events.ndjson'), exportText());
    const r = await run(['--from', join(dir, 'events.ndjson'), '--out', dir, '--name', 'few']);
    assert.equal(r.code, 1);
    assert.match(r.err, /no_pairs: only 2 training pairs \(a new model needs at least 10\)/);
    assert.equal(existsSync(join(dir, 'few.gguf')), false);
    const bad = await run(['--from', join(dir, 'events.ndjson'), '--min-pairs', '0']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--min-pairs must be a whole number from 1/);
  });

  test('fine-tunes for real (2 steps), writes the model, its entry with the sha256, its card and a line-version proposal', {
    skip: hasTorch ? false : 'PyTorch is not installed here',
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jig-train-'));
    writeFileSync(join(dir, 'events.ndjson'), exportText());
    const line = {
      id: 'shop',
      version: '3',
      stations: [
        {
          kind: 'browser',
          engines: [
            {
              kind: 'wllama',
              model: 'jig-layout-v1',
              options: { modelUrl: '/models/jig-layout-v1.gguf', promptFormat: 'jig-layout-v1' },
            },
          ],
        },
        { kind: 'fallback', layout: simLayout('Sorry') },
      ],
    };
    writeFileSync(join(dir, 'line.json'), JSON.stringify(line));
    const r = await run([
      '--from',
      join(dir, 'events.ndjson'),
      '--out',
      dir,
      '--name',
      'test-v2',
      '--steps',
      '2',
      '--min-pairs',
      '2',
      '--line',
      join(dir, 'line.json'),
      '--model-url',
      '/v1/models/',
    ]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /2 training pairs/);
    assert.match(r.out, /step 2\/2 {2}loss \d/);
    const entry = JSON.parse(readFileSync(join(dir, 'test-v2.json'), 'utf8'));
    assert.equal(
      entry.sha256,
      createHash('sha256')
        .update(readFileSync(join(dir, 'test-v2.gguf')))
        .digest('hex'),
    );
    assert.match(entry.trainedOn, /fine-tune of jig-layout-v1 on 2 accepted premium layouts/);
    assert.match(readFileSync(join(dir, 'test-v2.md'), 'utf8'), /a fine-tune of jig-layout-v1 on 2 accepted layouts/);
    const proposal = JSON.parse(readFileSync(join(dir, 'test-v2.proposal.json'), 'utf8'));
    assert.equal(proposal.from, '3');
    assert.equal(proposal.config.stations[0].engines[0].options.modelUrl, '/v1/models/test-v2.gguf');
    assert.equal(proposal.changes[0].kind, 'model');
  });

  test('a scratch run trains a new model for real on the base set and the pairs, with a tokenizer of its own', {
    skip: hasTorch ? false : 'PyTorch is not installed here',
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jig-train-'));
    const progress: RetrainProgress[] = [];
    const scratch = (repeat?: number) =>
      retrain({
        text: exportText(),
        source: 'events.ndjson',
        out: dir,
        name: 'scratch-test',
        mode: 'scratch',
        minutes: 0.05,
        ...(repeat !== undefined ? { repeat } : {}),
        minPairs: 2,
        // One class keeps the base set small: a real run trains on all the base model's classes.
        baseClasses: ['newsletter'],
        onProgress: (p) => progress.push(p),
      });
    /** The rows of the pairs in the training set the last run wrote. */
    const pairRows = () =>
      readFileSync(
        join(import.meta.dirname, '../../../scripts/train/work/retrain-scratch-test/scratch/train.jsonl'),
        'utf8',
      )
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { class: string; text: string })
        .filter((x) => x.class === 'accepted');
    const r = await scratch(6);
    assert.equal(r.pairs, 2);
    assert.equal(
      r.entry.sha256,
      createHash('sha256')
        .update(readFileSync(join(dir, 'scratch-test.gguf')))
        .digest('hex'),
    );
    assert.equal(r.entry.vocabSize, 1024);
    assert.match(
      r.entry.trainedOn,
      /a new model of jig-layout-v1's shape trained for 0.05 minutes on its training set \(\d+ rows, classes newsletter\) and 2 accepted premium layouts/,
    );
    assert.ok(Number(r.report.steps) >= 1, JSON.stringify(r.report));
    const card = readFileSync(join(dir, 'scratch-test.md'), 'utf8');
    assert.match(card, /a new model trained on jig-layout-v1.gguf's training set and 2 accepted layouts/);
    assert.match(card, /--scratch --minutes 0.05 --repeat 6/);
    assert.match(card, /each repeated 6× its weight/);
    // Both pairs are in its training set, each repeated 6× its weight (--repeat).
    assert.equal(
      pairRows().length,
      trainingPairs(exportText()).pairs.reduce((n, p) => n + 6 * p.weight, 0),
    );
    assert.ok(progress.some((p) => p.phase === 'pairs' && /learning the tokenizer/.test(p.message ?? '')));

    // The default, balanced: the pairs' class ("c", weights 2 + 2) is brought up to the base set's
    // rows per class (about 2,000 newsletter rows): 500× each unit of weight, at most 64×.
    const b = await scratch();
    assert.match(
      b.entry.trainedOn,
      /repeated per intent class up to the base set's rows per class \(c 64× its weight\) \(256 rows\)/,
    );
    assert.match(readFileSync(join(dir, 'scratch-test.md'), 'utf8'), /--scratch --minutes 0\.05`/);
    assert.equal(pairRows().length, 256);
  });
});
