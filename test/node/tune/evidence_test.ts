import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createEvent } from '../../../src/events/event.js';
import { collectEvidence } from '../../../src/tune/evidence.js';
import { requestEvents, simLayout, type SimRequest } from '../../../eval/replay-sim.js';

const req = (version: string, rating: 'up' | 'down', over: Partial<SimRequest> = {}): SimRequest => ({
  line: 'shop',
  version,
  session: 's',
  intent: 'checkout',
  intentClass: 'checkout',
  attempts: [{ station: 'browser', ok: true, variant: 'steps' }],
  rendered: { station: 'browser', layout: simLayout('same'), variant: 'steps' },
  rating,
  ...over,
});

describe('evidence', () => {
  test('a rating belongs to the version that rendered it, even when another version rendered the same document later', () => {
    const ev = collectEvidence([...requestEvents(req('1', 'up')), ...requestEvents(req('2', 'down'))], 'shop');
    assert.deepEqual(ev.versions['1']!.feedback, { n: 1, ok: 1 });
    assert.deepEqual(ev.versions['2']!.feedback, { n: 1, ok: 0 });
    assert.deepEqual(ev.variants.steps!.feedback, { n: 2, ok: 1 });
    const l = Object.values(ev.layouts)[0]!;
    assert.deepEqual([l.up, l.down, l.rendered], [1, 1, 2]);
  });

  test('a changed mind counts once: the latest rating per feedbackId', () => {
    const events = requestEvents(req('1', 'up'));
    const fb = events.find((e) => e.type === 'feedback.given')!;
    fb.attrs.feedbackId = 'f1';
    const again = createEvent(
      'feedback.given',
      { session: 's', trace: fb.trace, line: 'shop', lineVersion: '1' },
      { ...fb.attrs, rating: 'down' },
    );
    // Given a second later; the fold goes by when a rating was given, not by the order events are read in.
    again.time = new Date(Date.parse(fb.time) + 1000).toISOString();
    const ev = collectEvidence([again, ...events], 'shop');
    assert.deepEqual(ev.versions['1']!.feedback, { n: 1, ok: 0 });
  });

  test("an escalated request counts once; another line's events are left out", () => {
    const esc = req('1', 'up', {
      attempts: [
        { station: 'browser', ok: false },
        { station: 'browser', ok: false, repair: true },
        { station: 'premium', ok: true, cost: 0.01 },
      ],
      rendered: { station: 'premium', layout: simLayout('p') },
    });
    const ev = collectEvidence([...requestEvents(esc), ...requestEvents({ ...req('1', 'up'), line: 'other' })], 'shop');
    const v = ev.versions['1']!;
    assert.deepEqual([v.requests, v.escalated, v.premium, v.gates.n, v.gates.ok], [1, 1, 1, 3, 1]);
    assert.equal(v.cost, 0.01);
    assert.deepEqual(ev.classes.checkout!.stations.browser!.first, { n: 1, ok: 0 });
    assert.deepEqual(ev.classes.checkout!.stations.browser!.repairs, { n: 1, ok: 0 });
  });
});
