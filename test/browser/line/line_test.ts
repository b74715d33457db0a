// The line's paths in Chromium: cache hit, cheap pass, repair, vote, escalation, fallback,
// budgets, abort, engine crash, audit, consistency and routing — each read back from the trace
// and the events. The browser model is a ReplayEngine (given outputs); the premium station is the
// stand-in served by the test runner.
import { expect } from '@open-wc/testing';
import {
  createLine,
  parseLineConfig,
  LineConfigError,
  intentClass,
  similarity,
  type LineResult,
} from '../../../src/line/index.js';
import { createEventLog } from '../../../src/events/log.js';
import { openEventStore } from '../../../src/events/store.js';
import { randomHex, type JigEvent } from '../../../src/events/event.js';
import { ReplayEngine } from './replay-engine.js';
import {
  booking,
  bookingReworded,
  broken,
  config,
  dashboard,
  fallbackLayout,
  json,
  premiumState,
  resetPremium,
  tabs,
} from './fixtures.js';

let bucket = '';
let events: JigEvent[] = [];
const newLog = () => {
  const log = createEventLog({ context: { session: 's-test' } });
  log.on((e) => events.push(e));
  return log;
};
const types = () => events.map((e) => e.type);
const ofType = (t: string) => events.filter((e) => e.type === t);
const stepKinds = (r: LineResult) => r.trace.steps.map((s) => s.kind);

describe('line paths', () => {
  beforeEach(async () => {
    bucket = `b${randomHex(8)}`;
    events = [];
    await resetPremium(bucket);
  });
  afterEach(() => {
    events = [];
  });

  it('cheap pass: the browser station serves a layout that passes, at zero cost, one trace id on every event', async () => {
    const engine = new ReplayEngine({ texts: [json(booking)] });
    const line = createLine(config(bucket), { engines: [engine], log: newLog() });
    const r = await line.assemble({ intent: 'Book a table for dinner' });
    expect(r.ok).to.equal(true);
    expect(r.station).to.equal('browser');
    expect(r.fallback).to.equal(false);
    expect(r.layout).to.deep.equal(booking);
    expect(r.costUsd).to.equal(0);
    expect(types()[0]).to.equal('layout.requested');
    expect(types().at(-1)).to.equal('layout.rendered');
    expect(ofType('gate.passed').map((e) => e.attrs.gate)).to.deep.equal([
      'parse',
      'envelope',
      'catalog',
      'graph',
      'bindings',
      'policy',
      'domain',
    ]);
    const attempt = ofType('station.attempted')[0]!;
    expect(attempt.attrs).to.include({ station: 'browser', model: 'replay', ok: true, cost: 0 });
    expect(attempt.attrs.tokensIn).to.equal(500);
    expect(new Set(events.map((e) => e.trace))).to.deep.equal(new Set([r.trace.id]));
    expect((await premiumState(bucket)).requests).to.equal(0);
    expect(stepKinds(r)).to.deep.equal(['route', 'attempt', 'rendered']);
    expect(types().slice(0, 3)).to.deep.equal(['layout.requested', 'model.loading', 'model.loaded']);
    await line.assemble({ intent: 'A sales dashboard' });
    expect(ofType('model.loading'), 'the engine loads once').to.have.length(1);
  });

  it('cache hit: the same intent class renders the last good layout instantly without calling a model', async () => {
    const engine = new ReplayEngine({ texts: [json(booking)] });
    const line = createLine(config(bucket), { engines: [engine] });
    await line.assemble({ intent: 'Book a table for dinner' });
    expect(line.classify('booking tables, for dinner!')).to.equal(line.classify('Book a table for dinner'));
    const r = await line.assemble({ intent: 'booking tables, for dinner!' });
    expect(r.station).to.equal('cache');
    expect(r.layout).to.deep.equal(booking);
    expect(r.costUsd).to.equal(0);
    expect(engine.calls.length).to.equal(1);
    expect(r.trace.steps.find((s) => s.kind === 'cache')).to.include({ hit: true });
  });

  it('cache refresh: with refresh on, a fresher layout is made in the background and replaces the cached one', async () => {
    const engine = new ReplayEngine({ texts: [json(booking), json(bookingReworded)] });
    const c = config(bucket);
    c.stations[0] = { kind: 'cache', refresh: true };
    const line = createLine(c, { engines: [engine], log: newLog() });
    await line.assemble({ intent: 'Book a table' });
    const r = await line.assemble({ intent: 'Book a table' });
    expect(r.station).to.equal('cache');
    expect(r.layout).to.deep.equal(booking);
    await line.idle();
    expect(engine.calls.length).to.equal(2);
    expect(ofType('layout.rendered'), 'the refresh renders nothing').to.have.length(2);
    expect(ofType('cache.refreshed')[0]!.attrs).to.include({ station: 'browser' });
    expect(line.state().cache[line.classify('Book a table')]).to.deep.equal(bookingReworded);
  });

  it('cheap fail → repair → pass: gate issues become a repair prompt and the same station retries', async () => {
    const engine = new ReplayEngine({ texts: [broken, json(booking)] });
    const line = createLine(config(bucket), { engines: [engine], log: newLog() });
    const r = await line.assemble({ intent: 'Book a table' });
    expect(r.station).to.equal('browser');
    expect(r.ok).to.equal(true);
    expect(stepKinds(r)).to.deep.equal(['route', 'attempt', 'repair', 'attempt', 'rendered']);
    expect(engine.calls[1]!.prompt).to.contain('unknown_type').and.to.contain('Your previous answer');
    const failed = ofType('gate.failed')[0]!;
    expect(failed.attrs).to.include({ gate: 'catalog', code: 'unknown_type', station: 'browser' });
    expect(ofType('repair.attempted')).to.have.length(1);
    expect(ofType('station.attempted').map((e) => e.attrs.ok)).to.deep.equal([false, true]);
  });

  it('repairs stop at the configured count and the request escalates with the failed attempt and its issues', async () => {
    const engine = new ReplayEngine({ texts: [broken] });
    const line = createLine(config(bucket, { repair: { max: 2 } }), { engines: [engine], log: newLog() });
    const r = await line.assemble({ intent: 'Book a table' });
    expect(engine.calls.length).to.equal(3);
    expect(r.station).to.equal('premium');
    const esc = ofType('layout.escalated')[0]!;
    expect(esc.attrs).to.include({ from: 'browser', to: 'premium', reason: 'gates_failed' });
    const body = (await premiumState(bucket)).bodies[0]!;
    expect(body.failed.issues[0].code).to.equal('unknown_type');
    expect(body.line).to.deep.equal({ id: 'test-line', version: '1' });
    expect(r.costUsd).to.be.closeTo((1200 * 2.5 + 300 * 10) / 1e6, 1e-9);
  });

  it('vote agreement: the medoid of agreeing samples serves and the agreement is the confidence', async () => {
    const engine = new ReplayEngine({ texts: [json(booking), json(bookingReworded), json(dashboard)] });
    const line = createLine(config(bucket, { vote: { samples: 3, threshold: 0.5 } }), {
      engines: [engine],
      log: newLog(),
    });
    const r = await line.assemble({ intent: 'Book a table' });
    expect(r.station).to.equal('browser');
    const v = r.trace.steps.find((s) => s.kind === 'vote')!;
    expect(v).to.include({ samples: 3, passed: 3, ok: true });
    expect(v.kind === 'vote' && v.medoid).to.be.oneOf([0, 1]);
    expect(v.kind === 'vote' && v.agreement)
      .to.be.at.least(0.5)
      .and.below(1);
    expect(ofType('vote.completed')[0]!.attrs.ok).to.equal(true);
  });

  it('vote disagreement → escalate: samples with different structures are low confidence and go to premium', async () => {
    const engine = new ReplayEngine({ texts: [json(booking), json(dashboard), json(tabs)] });
    const line = createLine(config(bucket, { vote: { samples: 3, threshold: 0.7 } }), {
      engines: [engine],
      log: newLog(),
    });
    const r = await line.assemble({ intent: 'Book a table' });
    expect(r.station).to.equal('premium');
    expect(ofType('vote.completed')[0]!.attrs).to.include({ ok: false, samples: 3 });
    expect(ofType('layout.escalated')[0]!.attrs.reason).to.equal('low_confidence');
    expect((await premiumState(bucket)).bodies[0]!.failed.issues[0].code).to.equal('low_confidence');
  });

  it('premium down → fallback: no_upstream is a station failure, the fallback renders and says why', async () => {
    await resetPremium(bucket, { mode: 'down' });
    const engine = new ReplayEngine({ texts: [broken] });
    const line = createLine(config(bucket), { engines: [engine], log: newLog() });
    const r = await line.assemble({ intent: 'Book a table' });
    expect(r.fallback).to.equal(true);
    expect(r.ok).to.equal(false);
    expect(r.station).to.equal('fallback');
    expect(r.layout).to.deep.equal(fallbackLayout);
    expect(r.reason).to.contain('no_upstream');
    expect(ofType('station.failed').map((e) => [e.attrs.station, e.attrs.code])).to.deep.equal([
      ['premium', 'no_upstream'],
    ]);
    expect(ofType('layout.escalated').map((e) => e.attrs.reason)).to.deep.equal(['gates_failed', 'premium_failed']);
    expect(ofType('layout.rendered')[0]!.attrs).to.include({ station: 'fallback', fallback: true });
  });

  it('a premium server error (500) and a premium layout the site gates refuse also end at the fallback', async () => {
    await resetPremium(bucket, { mode: 'error' });
    const line = createLine(config(bucket, { stations: config(bucket).stations.filter((s) => s.kind !== 'browser') }), {
      log: newLog(),
    });
    const r1 = await line.assemble({ intent: 'Anything at all' });
    expect(r1.fallback).to.equal(true);
    expect(ofType('station.failed')[0]!.attrs.code).to.equal('internal');
    await resetPremium(bucket, {
      layout: {
        ...booking,
        nodes: booking.nodes.map((n) => (n.id === 'f' ? { ...n, props: { action: 'wire-money' } } : n)),
      },
    });
    const strict = createLine(
      config(bucket, {
        gates: { actions: ['reserve'] },
        stations: config(bucket).stations.filter((s) => s.kind !== 'browser'),
      }),
    );
    const r2 = await strict.assemble({ intent: 'Book a table' });
    expect(r2.fallback).to.equal(true);
    expect(r2.reason).to.contain('unknown_action');
  });

  it('latency budget: a slow engine is cut off at the budget and the fallback renders within it', async () => {
    // Unhindered, this engine would take about 6 s (60 chunks, 100 ms apart).
    const engine = new ReplayEngine({ texts: [json(booking)], chunk: 8, chunkDelayMs: 100 });
    const line = createLine(config(bucket, { budgets: { maxLatencyMs: 300 } }), { engines: [engine], log: newLog() });
    const r = await line.assemble({ intent: 'Book a table' });
    expect(r.fallback).to.equal(true);
    expect(ofType('station.failed')[0]!.attrs).to.include({ station: 'browser', code: 'timeout' });
    expect(ofType('layout.escalated').map((e) => e.attrs.reason)).to.deep.equal(['latency_budget', 'latency_budget']);
    expect((await premiumState(bucket)).requests).to.equal(0);
    expect(r.ms).to.be.below(2000);
  });

  it('cost budget: a premium call estimated over the budget is not made', async () => {
    const engine = new ReplayEngine({ texts: [broken] });
    const c = config(bucket, { budgets: { maxCostUsd: 0.001 } });
    c.stations[2] = {
      kind: 'premium',
      endpoint: `/__test/premium/${bucket}/v1/assemble`,
      model: 'standin-premium',
      expectTokens: { input: 2000, output: 800 },
    };
    const line = createLine(c, { engines: [engine], log: newLog() });
    const r = await line.assemble({ intent: 'Book a table' });
    expect(r.fallback).to.equal(true);
    expect(ofType('layout.escalated').map((e) => e.attrs.reason)).to.deep.equal(['gates_failed', 'cost_budget']);
    expect((await premiumState(bucket)).requests).to.equal(0);
    expect(r.costUsd).to.equal(0);
  });

  it('repair budget: maxRepairs caps repairs for the whole request', async () => {
    const engine = new ReplayEngine({ texts: [broken] });
    const line = createLine(config(bucket, { repair: { max: 5 }, budgets: { maxRepairs: 1 } }), {
      engines: [engine],
      log: newLog(),
    });
    const r = await line.assemble({ intent: 'Book a table' });
    expect(engine.calls.length).to.equal(2);
    expect(ofType('layout.escalated')[0]!.attrs.reason).to.equal('repair_budget');
    expect(r.station).to.equal('premium');
  });

  it('abort: cancelling mid-stream rejects, stops the engine and records the cancellation', async () => {
    const engine = new ReplayEngine({ texts: [json(booking)], chunk: 8, chunkDelayMs: 30 });
    const line = createLine(config(bucket), { engines: [engine], log: newLog() });
    const ctrl = new AbortController();
    let trace: LineResult['trace'] | undefined;
    const assembly = line.assemble({
      intent: 'Book a table',
      signal: ctrl.signal,
      onStep: (_s, t) => {
        trace = t;
      },
    });
    let error: unknown;
    try {
      for await (const event of assembly) {
        if (event.kind === 'attempt')
          void (async () => {
            let n = 0;
            for await (const _ of event.text) if (++n === 2) ctrl.abort();
          })().catch(() => undefined);
      }
    } catch (e) {
      error = e;
    }
    expect(error, 'assemble should reject').to.exist;
    expect((error as Error).name).to.equal('AbortError');
    expect(engine.calls[0]!.signal!.aborted).to.equal(true);
    expect(trace!.steps.at(-1)!.kind).to.equal('cancelled');
    expect(types()).to.not.include('layout.rendered');
    expect((await premiumState(bucket)).requests).to.equal(0);
  });

  it('engine crash mid-stream: the failure code is recorded and the request moves on to premium', async () => {
    const engine = new ReplayEngine({
      texts: [json(booking)],
      chunk: 8,
      crash: { call: 1, afterChunks: 3, code: 'worker-crashed' },
    });
    const line = createLine(config(bucket), { engines: [engine], log: newLog() });
    const streamed: string[] = [];
    const reading: Promise<void>[] = [];
    const assembly = line.assemble({ intent: 'Book a table' });
    for await (const event of assembly) {
      if (event.kind !== 'attempt') continue;
      reading.push(
        (async () => {
          let s = '';
          try {
            for await (const c of event.text) s += c;
          } catch {
            s += '<crashed>';
          }
          streamed.push(`${event.attempt.station}:${s.endsWith('<crashed>') ? 'crashed' : 'done'}`);
        })(),
      );
    }
    const r = await assembly;
    await Promise.all(reading);
    expect(r.station).to.equal('premium');
    expect(ofType('station.failed')[0]!.attrs).to.include({ station: 'browser', code: 'worker-crashed' });
    expect(ofType('layout.escalated')[0]!.attrs.reason).to.equal('engine_failed');
    expect(streamed).to.deep.equal(['browser:crashed', 'premium:done']);
  });

  it('an engine that fails to load moves the request on, with the load error code', async () => {
    const line = createLine(config(bucket), {
      engines: [new ReplayEngine({ texts: [''], loadError: 'load-failed' })],
      log: newLog(),
    });
    const r = await line.assemble({ intent: 'Book a table' });
    expect(r.station).to.equal('premium');
    expect(ofType('station.failed')[0]!.attrs.code).to.equal('load-failed');
    expect(ofType('model.failed')[0]!.attrs).to.include({ code: 'load-failed', model: 'replay' });
    expect(ofType('layout.escalated')[0]!.attrs.reason).to.equal('no_engine');
  });

  it("premium streams its answer as SSE: each attempt's text reaches the reader and equals the layout", async () => {
    const line = createLine(config(bucket), { engines: [new ReplayEngine({ texts: [broken] })], log: newLog() });
    let premiumText = '';
    const done: Promise<void>[] = [];
    const assembly = line.assemble({ intent: 'Newsletter sign-up' });
    for await (const event of assembly) {
      if (event.kind === 'attempt' && event.attempt.station === 'premium')
        done.push(
          (async () => {
            for await (const c of event.text) premiumText += c;
          })(),
        );
    }
    const r = await assembly;
    await Promise.all(done);
    expect(r.station).to.equal('premium');
    expect(JSON.parse(premiumText)).to.deep.equal(r.layout);
    expect(ofType('station.attempted').at(-1)!.attrs).to.include({
      station: 'premium',
      model: 'standin-premium',
      tokensIn: 1200,
      tokensOut: 300,
    });
  });

  it('sampled audit: a share of browser layouts is checked by premium in the background, agreement recorded', async () => {
    await resetPremium(bucket, { layout: bookingReworded });
    const line = createLine(config(bucket, { audit: { share: 1 } }), {
      engines: [new ReplayEngine({ texts: [json(booking)] })],
      log: newLog(),
    });
    const r = await line.assemble({ intent: 'Book a table' });
    expect(r.station).to.equal('browser');
    await line.idle();
    const audit = ofType('audit.completed')[0]!;
    expect(audit.attrs.agreement).to.equal(1);
    expect(audit.trace).to.equal(r.trace.id);
    expect((await premiumState(bucket)).requests).to.equal(1);
    const rec = line.state().records[line.classify('Book a table')]!.browser!;
    expect(rec.audits).to.equal(1);
    const none = createLine(config(bucket, { audit: { share: 0 } }), {
      engines: [new ReplayEngine({ texts: [json(booking)] })],
    });
    await none.assemble({ intent: 'Book a table' });
    await none.idle();
    expect((await premiumState(bucket)).requests).to.equal(1);
  });

  it('consistency: a layout far from the last accepted one for the class is flagged and, when configured, escalated', async () => {
    const engine = new ReplayEngine({ texts: [json(booking), json(dashboard)] });
    const c = config(bucket, { consistency: { threshold: 0.5, escalate: true } });
    c.stations = c.stations.filter((s) => s.kind !== 'cache');
    const line = createLine(c, { engines: [engine], log: newLog() });
    await line.assemble({ intent: 'Book a table' });
    const r = await line.assemble({ intent: 'Book a table' });
    const d = ofType('layout.divergent')[0]!;
    expect(d.attrs.similarity).to.be.below(0.5);
    expect(ofType('layout.escalated')[0]!.attrs.reason).to.equal('divergent');
    expect(r.station).to.equal('premium');
  });

  it('routing: a class whose browser record is clearly poor starts at premium; an untried class starts at the browser', async () => {
    const engine = new ReplayEngine({ texts: [broken] });
    const c = config(bucket, { repair: { max: 0 }, routing: { default: { minSamples: 2, minPassRate: 0.5 } } });
    c.stations = c.stations.filter((s) => s.kind !== 'cache');
    const line = createLine(c, { engines: [engine] });
    // The browser is skipped once the upper end of a 90% Wilson interval on its pass rate is under 50%:
    // for 0/n that is z²/(n + z²) with z = 1.645 — 57.5% at 0/2 (still tried), 47.4% at 0/3 (skipped).
    await line.assemble({ intent: 'Book a table' });
    await line.assemble({ intent: 'Book a table' });
    let before = engine.calls.length;
    const third = await line.assemble({ intent: 'Book a table' });
    expect(engine.calls.length).to.be.above(before);
    expect(third.trace.steps[0]).to.include({ kind: 'route', start: 'browser' });
    before = engine.calls.length;
    const r = await line.assemble({ intent: 'Book a table' });
    expect(engine.calls.length).to.equal(before);
    expect(r.trace.steps[0]).to.include({ kind: 'route', start: 'premium' });
    const route = r.trace.steps[0]!;
    expect(route.kind === 'route' && route.skipped[0]!.reason)
      .to.contain('0/3')
      .and.contain('at most 47%');
    const other = await line.assemble({ intent: 'Sales dashboard' });
    expect(other.trace.steps[0]).to.include({ start: 'browser' });
  });

  it('routing thresholds per class come from the config, and records are seeded from the event store', async () => {
    const store = await openEventStore({ name: `jig-line-${randomHex(8)}` });
    const log = createEventLog({ store, context: { session: 's', line: 'test-line', lineVersion: '1' } });
    const cls = intentClass('Book a table');
    for (let i = 0; i < 5; i++) log.emit('station.attempted', { station: 'browser', intentClass: cls, ok: false });
    await log.flush();
    const c = config(bucket);
    c.stations = c.stations.filter((s) => s.kind !== 'cache');
    const line = createLine(c, { engines: [new ReplayEngine({ texts: [json(booking)] })], log });
    const r = await line.assemble({ intent: 'Book a table' });
    expect(r.trace.steps[0]).to.include({ start: 'premium' });
    const forced = createLine(
      { ...c, routing: { classes: { [intentClass('Sales dashboard')]: { start: 'premium' } } } },
      { engines: [new ReplayEngine({ texts: [json(dashboard)] })] },
    );
    expect((await forced.assemble({ intent: 'Sales dashboard' })).station).to.equal('premium');
    store.close();
  });

  it('a config is data checked with clear errors at their paths; a fallback that fails its gates is refused', () => {
    const bad = parseLineConfig({
      id: 'x',
      version: 1,
      stations: [{ kind: 'premium' }, { kind: 'fallback', layout: fallbackLayout }, { kind: 'cache' }],
      vote: { samples: 0, threshold: 0.5 },
    });
    expect(bad.ok).to.equal(false);
    const paths = !bad.ok ? bad.problems.map((p) => p.path) : [];
    expect(paths).to.include.members(['/stations/0/endpoint', '/vote/samples', '/stations/1']);
    expect(() =>
      createLine({
        id: 'x',
        version: 1,
        stations: [{ kind: 'fallback', layout: { version: 1, root: 'a', nodes: [{ id: 'a', type: 'marquee' }] } }],
      }),
    ).to.throw(LineConfigError, /\/stations\/0\/layout\/nodes\/0\/type/);
    expect(similarity(booking, bookingReworded)).to.equal(1);
  });
});
