import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEvent, uuidv7, validateEvent } from '../../../src/events/event.js';
import { backoffDelay, parseRetryAfter } from '../../../src/events/shipper.js';
import { aggregate } from '../../../src/events/aggregates.js';
import { toTuningDataset } from '../../../src/events/dataset.js';

test('ids made in the same millisecond sort in the order they were made', () => {
  const ids = Array.from({ length: 3000 }, () => uuidv7(1_795_514_400_000));
  assert.deepEqual([...ids].sort(), ids);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids.slice(0, 5)) assert.equal(validateEvent({ ...createEvent('ui.action', { session: 's' }), id }).ok, true);
  assert.equal(ids[0]![14], '7', 'version 7');
});

test('backoff is full jitter under an exponentially growing, capped ceiling', () => {
  assert.equal(backoffDelay(1, 1000, 60_000, () => 0.999999), 999);
  assert.equal(backoffDelay(3, 1000, 60_000, () => 0.5), 2000);
  assert.equal(backoffDelay(20, 1000, 60_000, () => 0.5), 30_000);
  assert.equal(backoffDelay(4, 1000, 60_000, () => 0), 0);
});

test('Retry-After is read as seconds or as an HTTP date', () => {
  assert.equal(parseRetryAfter('3'), 3000);
  assert.equal(parseRetryAfter('Wed, 25 Nov 2026 10:00:05 GMT', Date.parse('2026-11-25T10:00:00Z')), 5000);
  assert.equal(parseRetryAfter('Wed, 25 Nov 2026 09:00:00 GMT', Date.parse('2026-11-25T10:00:00Z')), 0);
  assert.equal(parseRetryAfter('soon'), undefined);
  assert.equal(parseRetryAfter(null), undefined);
});

test('aggregates: pass rate per station and intent class; the latest rating per feedbackId counts', () => {
  const ctx = { session: 's' };
  const agg = aggregate([
    createEvent('station.attempted', ctx, { station: 'browser', ok: true, intentClass: 'a', tokensIn: 10, cost: 0.5 }),
    createEvent('station.attempted', ctx, { station: 'browser', ok: false, intentClass: 'b', tokensIn: 5 }),
    createEvent('feedback.given', ctx, { rating: 'up', layoutId: 'L', station: 'browser', model: 'm', feedbackId: 'f1' }),
    createEvent('feedback.given', ctx, { rating: 'down', layoutId: 'L', station: 'browser', model: 'm', feedbackId: 'f1', comment: 'meh' }),
    createEvent('feedback.given', ctx, { rating: 'up', layoutId: 'L', station: 'browser', model: 'm', feedbackId: 'f2' }),
    createEvent('feedback.given', ctx, { rating: 'sideways', layoutId: 'L' }),
  ]);
  assert.deepEqual({ ...agg.stations.browser }, { attempts: 2, passed: 1, failed: 1, passRate: 0.5, ms: 0, tokensIn: 15, tokensOut: 0, cost: 0.5 });
  assert.equal(agg.stationsByClass.a!.browser!.passRate, 1);
  assert.deepEqual({ up: agg.layouts.L!.up, down: agg.layouts.L!.down, comments: agg.layouts.L!.comments }, { up: 1, down: 1, comments: ['meh'] });
  assert.deepEqual({ ...agg.feedbackByModel.m }, { up: 1, down: 1 });
  const proto = aggregate([createEvent('feedback.given', ctx, { rating: 'up', layoutId: '__proto__', station: 'constructor' })]);
  assert.equal(proto.layouts['__proto__']!.up, 1);
  assert.equal(({} as Record<string, unknown>).up, undefined);
});

test('the tuning dataset has one row per rated layout, joined by layoutId, with verdicts from its trace', () => {
  const a = { session: 's', trace: 'tr-1', line: 'trip', lineVersion: '4' };
  const b = { ...a, trace: 'tr-2' };
  const text = toTuningDataset([
    createEvent('gate.failed', a, { gate: 'catalog', code: 'unknown_type', station: 'browser' }),
    createEvent('gate.passed', a, { gate: 'catalog', station: 'browser' }),
    createEvent('station.attempted', a, { layoutId: 'L1', prompt: 'draft prompt', model: 'm' }),
    createEvent('layout.rendered', a, { layoutId: 'L1', prompt: 'Book a table', exemplars: '[{"intent":"x"}]', exemplarVersion: 'x2', promptVersion: 'p1', layout: '{"version":1}', station: 'browser', model: 'm' }),
    createEvent('feedback.given', a, { layoutId: 'L1', rating: 'up', feedbackId: 'f' }),
    createEvent('feedback.given', a, { layoutId: 'L1', rating: 'down', feedbackId: 'f', comment: 'wrong date' }),
    createEvent('layout.rendered', b, { layoutId: 'L2', prompt: 'unrated' }),
  ]);
  const rows = text.trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.equal(rows.length, 1);
  const r = rows[0];
  assert.equal(r.layoutId, 'L1');
  assert.equal(r.prompt, 'Book a table');
  assert.deepEqual(r.exemplars, [{ intent: 'x' }]);
  assert.deepEqual(r.layout, { version: 1 });
  assert.deepEqual(r.verdicts.map((v: { gate: string; passed: boolean }) => [v.gate, v.passed]), [['catalog', false], ['catalog', true]]);
  assert.deepEqual(r.feedback.map((f: { rating: string; comment: string }) => [f.rating, f.comment]), [['down', 'wrong date']]);
  assert.equal(r.lineVersion, '4');
});

test('an id made for another time carries that time', () => {
  const t = 1_795_514_400_000;
  for (const at of [t + 5000, t + 4000, t + 3000, t + 3000]) {
    const id = uuidv7(at);
    assert.equal(parseInt(id.replace(/-/g, '').slice(0, 12), 16), at);
  }
});
