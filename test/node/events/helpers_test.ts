import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEvent, uuidv7, validateEvent } from '../../../src/events/event.js';
import { backoffDelay, parseRetryAfter } from '../../../src/events/shipper.js';
import { aggregate } from '../../../src/events/aggregates.js';
import { toTuningDataset } from '../../../src/events/dataset.js';
import { createEventLog } from '../../../src/events/log.js';
import { feedbackDetail } from '../../../src/events/observe.js';
import { TraceRecorder } from '../../../src/line/trace.js';
import type { JigEvent } from '../../../src/events/event.js';

test('ids made in the same millisecond sort in the order they were made', () => {
  const ids = Array.from({ length: 3000 }, () => uuidv7(1_795_514_400_000));
  assert.deepEqual([...ids].sort(), ids);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids.slice(0, 5))
    assert.equal(validateEvent({ ...createEvent('ui.action', { session: 's' }), id }).ok, true);
  assert.equal(ids[0]![14], '7', 'version 7');
});

test('backoff is full jitter under an exponentially growing, capped ceiling', () => {
  assert.equal(
    backoffDelay(1, 1000, 60_000, () => 0.999999),
    999,
  );
  assert.equal(
    backoffDelay(3, 1000, 60_000, () => 0.5),
    2000,
  );
  assert.equal(
    backoffDelay(20, 1000, 60_000, () => 0.5),
    30_000,
  );
  assert.equal(
    backoffDelay(4, 1000, 60_000, () => 0),
    0,
  );
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
    createEvent('feedback.given', ctx, {
      rating: 'up',
      layoutId: 'L',
      station: 'browser',
      model: 'm',
      feedbackId: 'f1',
    }),
    createEvent('feedback.given', ctx, {
      rating: 'down',
      layoutId: 'L',
      station: 'browser',
      model: 'm',
      feedbackId: 'f1',
      comment: 'meh',
    }),
    createEvent('feedback.given', ctx, {
      rating: 'up',
      layoutId: 'L',
      station: 'browser',
      model: 'm',
      feedbackId: 'f2',
    }),
    createEvent('feedback.given', ctx, { rating: 'sideways', layoutId: 'L' }),
  ]);
  assert.deepEqual(
    { ...agg.stations.browser },
    { attempts: 2, passed: 1, failed: 1, passRate: 0.5, ms: 0, tokensIn: 15, tokensOut: 0, cost: 0.5 },
  );
  assert.equal(agg.stationsByClass.a!.browser!.passRate, 1);
  assert.deepEqual(
    { up: agg.layouts.L!.up, down: agg.layouts.L!.down, comments: agg.layouts.L!.comments },
    { up: 1, down: 1, comments: ['meh'] },
  );
  assert.deepEqual({ ...agg.feedbackByModel.m }, { up: 1, down: 1 });
  const proto = aggregate([
    createEvent('feedback.given', ctx, { rating: 'up', layoutId: '__proto__', station: 'constructor' }),
  ]);
  assert.equal(proto.layouts.__proto__!.up, 1);
  assert.equal(({} as Record<string, unknown>).up, undefined);
});

test('the tuning dataset has one row per rated layout, built from what the real producers write', () => {
  const events: JigEvent[] = [];
  const log = createEventLog({
    context: { session: 's' },
    onRefused: (p, type) => assert.fail(`${type} refused: ${p.message}`),
  });
  log.on((e) => events.push(e));
  const layout = { version: 1, root: 'p', nodes: [{ id: 'p', type: 'stack' }] };
  const rec = new TraceRecorder({
    line: 'trip',
    lineVersion: '4',
    intent: 'book a table',
    intentClass: 'booking',
    log,
    t0: performance.now(),
  });
  rec.attempt({
    station: 'browser',
    model: 'm',
    provider: 'wllama',
    attempt: 1,
    repair: false,
    tokensIn: 10,
    tokensOut: 5,
    ms: 40,
    cost: 0,
    ok: false,
    issues: [{ gate: 'catalog', code: 'unknown_type', path: '/nodes/0/type', message: 'unknown' }],
    prompt: 'draft prompt',
    promptVersion: 'p1',
    exemplarVersion: 'x2',
  });
  rec.attempt({
    station: 'browser',
    model: 'm',
    provider: 'wllama',
    attempt: 2,
    repair: true,
    tokensIn: 10,
    tokensOut: 5,
    ms: 40,
    cost: 0,
    ok: true,
    prompt: 'Book a table (with exemplars)',
    promptVersion: 'p1',
    exemplarVersion: 'x2',
    layoutId: 'L1',
    layoutText: JSON.stringify(layout),
  });
  rec.rendered({
    station: 'browser',
    model: 'm',
    fallback: false,
    layoutId: 'L1',
    layoutText: JSON.stringify(layout),
    promptVersion: 'p1',
    exemplarVersion: 'x2',
  });
  const source = {
    layoutId: 'L1',
    station: 'browser',
    model: 'm',
    promptVersion: 'p1',
    exemplarVersion: 'x2',
    line: 'trip',
    lineVersion: '4',
  };
  for (const [rating, comment] of [
    ['up', null],
    ['down', 'wrong date'],
  ] as const) {
    const d = feedbackDetail(rating, comment, source, 'f', true);
    log.emit('feedback.given', d.attrs, d.context);
  }
  const unrated = new TraceRecorder({
    line: 'trip',
    lineVersion: '4',
    intent: 'x',
    intentClass: 'other',
    log,
    t0: performance.now(),
  });
  unrated.rendered({ station: 'fallback', model: 'none', fallback: true, layoutId: 'L2', layoutText: '{}' });

  const rows = toTuningDataset(events)
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(rows.length, 1);
  const r = rows[0];
  assert.deepEqual(Object.keys(r).sort(), [
    'exemplarVersion',
    'feedback',
    'intentClass',
    'layout',
    'layoutId',
    'line',
    'lineVersion',
    'model',
    'prompt',
    'promptVersion',
    'station',
    'verdicts',
  ]);
  assert.equal(r.layoutId, 'L1');
  assert.equal(r.intentClass, 'booking', 'the class its layout.rendered event names');
  assert.equal(r.prompt, 'Book a table (with exemplars)', 'the prompt comes from the attempt that made the layout');
  assert.deepEqual(r.layout, layout);
  assert.equal(r.exemplarVersion, 'x2');
  assert.deepEqual(
    r.verdicts.map((v: { gate: string; passed: boolean }) => [v.gate, v.passed]),
    [
      ['parse', true],
      ['envelope', true],
      ['catalog', false],
      ['parse', true],
      ['envelope', true],
      ['catalog', true],
      ['graph', true],
      ['bindings', true],
      ['policy', true],
      ['domain', true],
    ],
  );
  assert.deepEqual(
    r.feedback.map((f: { rating: string; comment: string }) => [f.rating, f.comment]),
    [['down', 'wrong date']],
  );
  assert.equal(r.lineVersion, '4');
  // Every column holds something a producer wrote: none is always empty.
  for (const [k, v] of Object.entries(r))
    assert.ok(v !== null && !(Array.isArray(v) && v.length === 0), `${k} is empty`);
});

test('an id made for another time carries that time', () => {
  const t = 1_795_514_400_000;
  for (const at of [t + 5000, t + 4000, t + 3000, t + 3000]) {
    const id = uuidv7(at);
    assert.equal(parseInt(id.replace(/-/g, '').slice(0, 12), 16), at);
  }
});
