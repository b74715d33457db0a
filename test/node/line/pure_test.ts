// The line's pure parts in Node: intent classes, structural similarity and votes, config checks,
// prompt variants and exemplars, cost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  intentClass,
  intentKeywords,
  similarity,
  vote,
  parseLineConfig,
  estimateCost,
  buildPrompt,
} from '../../../src/line/index.js';
import { pickVariant } from '../../../src/line/prompt.js';
import { builtinCatalog } from '../../../src/catalog/builtin.js';
import type { LayoutDocument } from '../../../src/layout/document.js';

const form = (fields: string[], title = 'T'): LayoutDocument => ({
  version: 1,
  root: 'p',
  data: { f: {} },
  nodes: [
    { id: 'p', type: 'stack', children: ['h', ...fields] },
    { id: 'h', type: 'heading', props: { text: title } },
    ...fields.map((f) => ({ id: f, type: 'text-field', props: { label: f, bind: `/f/${f}` } })),
  ],
});

test('intent classes ignore case, punctuation, numbers, stop words and plural endings', () => {
  assert.equal(intentClass('Book a table for dinner'), 'book-dinner-table');
  assert.equal(intentClass('BOOKING tables for 4, dinner!!'), 'book-dinner-table');
  assert.equal(intentClass('Sign up for the newsletter'), intentClass('sign-up newsletters'));
  assert.notEqual(intentClass('Sales dashboard'), intentClass('Contact form'));
  assert.equal(intentClass(''), 'empty');
  assert.equal(
    intentKeywords('a b c d e f g h i j k l m n o p alpha beta gamma delta epsilon zeta eta theta').length,
    6,
  );
});

test('a site classifier wins when it answers, and is ignored when it does not', () => {
  assert.equal(
    intentClass('anything', {}, () => 'checkout'),
    'checkout',
  );
  assert.equal(
    intentClass('Book a table', {}, () => undefined),
    'book-table',
  );
  assert.equal(
    intentClass('Book a table', {}, () => '  '),
    'book-table',
  );
});

test('similarity is 1 for the same skeleton and bindings whatever the words, lower as structure differs', () => {
  assert.equal(similarity(form(['a', 'b'], 'One'), form(['a', 'b'], 'Two')), 1);
  const near = similarity(form(['a', 'b']), form(['a', 'b', 'c']));
  const far = similarity(form(['a', 'b']), {
    version: 1,
    root: 'g',
    nodes: [
      { id: 'g', type: 'grid', children: ['s'] },
      { id: 's', type: 'stat', props: { label: 'x', value: 1 } },
    ],
  });
  assert.ok(near > 0.6 && near < 1, `near ${near}`);
  assert.ok(far < 0.2, `far ${far}`);
  assert.equal(similarity(form(['a']), form(['b'])) < 1, true, 'different bind pointers lower it');
});

test('vote picks the medoid and reports agreement; failed samples count as disagreement', () => {
  const a = form(['x', 'y']);
  const b = form(['x', 'y'], 'other words');
  const c = form(['q']);
  const v = vote([c, a, b])!;
  assert.ok(v.medoid === 1 || v.medoid === 2);
  const withFailure = vote([a, b], 3)!;
  assert.equal(withFailure.agreement, 0.5);
  assert.equal(vote([], 3), null);
  assert.equal(vote([a])!.agreement, 1);
});

test('configs are refused with every problem at its path', () => {
  const r = parseLineConfig({
    id: '',
    version: 1,
    stations: [{ kind: 'fallback', layout: {} }, { kind: 'cache' }],
    audit: { share: 2 },
    prompts: { variants: [{ id: 'a', weight: 0, template: 'x' }] },
    extra: true,
  });
  assert.equal(r.ok, false);
  const byPath = new Map(!r.ok ? r.problems.map((p) => [p.path, p.message]) : []);
  assert.match(byPath.get('/id') ?? '', /expected a non-empty string/);
  assert.match(byPath.get('/audit/share') ?? '', /≤ 1/);
  assert.match(byPath.get('') ?? '', /unknown key "extra"/);
  assert.match(byPath.get('/stations/0') ?? '', /fallback station must come last/);
  assert.equal(
    parseLineConfig({ id: 'x', version: 2, stations: [{ kind: 'premium', endpoint: '/v1/assemble' }] }).ok,
    true,
  );
});

test('prompt variants are chosen in proportion to their weights; exemplars of the class come first', () => {
  const config = {
    id: 'x',
    version: 1,
    stations: [{ kind: 'browser' as const }],
    prompts: {
      version: '3',
      variants: [
        { id: 'a', weight: 1, template: 'A {{intent}}' },
        { id: 'b', weight: 3, template: 'B {{intent}} {{exemplars}}' },
      ],
    },
    exemplars: {
      version: 'e1',
      max: 1,
      items: [
        { intent: 'other', intentClass: 'zzz', layout: { n: 1 } },
        { intent: 'mine', intentClass: 'book-table', layout: { n: 2 } },
      ],
    },
  };
  let b = 0;
  for (let i = 0; i < 1000; i++) if (pickVariant(config, () => (i + 0.5) / 1000).id === 'b') b++;
  assert.equal(b, 750);
  const p = buildPrompt(config, builtinCatalog, { intent: 'Book a table', intentClass: 'book-table' }, () => 0.9);
  assert.equal(p.variant, 'b');
  assert.equal(p.promptVersion, '3/b');
  assert.equal(p.exemplarVersion, 'e1');
  assert.deepEqual(
    p.exemplars.map((e) => e.intent),
    ['mine'],
  );
  assert.match(p.prompt, /^B Book a table Examples:\nIntent: mine/);
});

test('cost comes from the price table per million tokens; unknown models cost nothing', () => {
  const prices = { big: { input: 2.5, output: 10 } };
  assert.equal(estimateCost(prices, 'big', 1_000_000, 100_000), 3.5);
  assert.equal(estimateCost(prices, 'small', 5000, 5000), 0);
  assert.equal(estimateCost({ '*': { input: 1, output: 1 } }, 'any', 500_000, 500_000), 1);
});

test('gate limits in a line config may name any subset of the limits, and no other key', () => {
  const base = { id: 'x', version: '1', stations: [{ kind: 'fallback', layout: {} }] };
  assert.equal(parseLineConfig({ ...base, gates: { limits: { maxNodes: 50 } } }).ok, true);
  const bad = parseLineConfig({ ...base, gates: { limits: { maxNodez: 50 } } });
  assert.equal(bad.ok, false);
  assert.deepEqual(bad.ok ? [] : bad.problems.map((p) => p.path), ['/gates/limits']);
});
