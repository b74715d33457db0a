// The browser station alone (no createLine), in Chromium: a ReplayEngine stands in for the model's
// output; the station streams each text, judges it once, repairs from the issues, votes, and says
// why it gives up.
import { expect } from '@open-wc/testing';
import { builtinCatalog } from '../../../src/catalog/builtin.js';
import { parseLineConfig, type LineConfig } from '../../../src/line/config.js';
import { engineShop } from '../../../src/line/engines.js';
import { browserStation } from '../../../src/line/stations/browser.js';
import { requirementRule } from '../../../src/line/requirements.js';
import { readAll, stationContext } from '../../support/station-context.js';
import { ReplayEngine } from './replay-engine.js';
import { booking, bookingReworded, broken, dashboard, json, tabs } from './fixtures.js';

function lineConfig(over: Record<string, unknown> = {}): LineConfig {
  const r = parseLineConfig({
    id: 'browser-station',
    version: 1,
    stations: [{ kind: 'browser' }],
    repair: { max: 1 },
    ...over,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.config;
}

const station = (engine: ReplayEngine, over: Record<string, unknown> = {}) =>
  browserStation({
    config: lineConfig(over),
    catalog: builtinCatalog,
    engines: engineShop({ engines: [engine] }),
    random: () => 0,
  });

describe('browser station', () => {
  it("streams the model's text as one attempt, then the verdict on that very text", async () => {
    const engine = new ReplayEngine({ texts: [json(booking)], chunk: 16 });
    const ctx = stationContext();
    const { outcome, seen } = await readAll(station(engine).run(ctx));
    expect(seen.map((e) => e.kind)).to.deep.equal(['attempt', 'verdict']);
    expect(seen[0]!.textRead).to.equal(json(booking));
    expect(seen[1]!.kind === 'verdict' && seen[1]!.verdict.ok).to.equal(true);
    expect(outcome.ok && outcome.layout).to.deep.equal(booking);
    expect(ctx.tallies).to.deep.equal([['browser', true]]);
    expect(ctx.events.map((e) => e.type)).to.include.members(['model.loading', 'model.loaded', 'station.attempted']);
  });

  it('repairs from the gate issues: the second prompt carries them, each text has its own verdict', async () => {
    const engine = new ReplayEngine({ texts: [broken, json(booking)] });
    const ctx = stationContext();
    const { outcome, seen } = await readAll(station(engine).run(ctx));
    expect(seen.map((e) => `${e.kind}:${e.attempt.attempt}:${e.attempt.repair}`)).to.deep.equal([
      'attempt:1:false',
      'verdict:1:false',
      'attempt:2:true',
      'verdict:2:true',
    ]);
    const first = seen[1]!;
    expect(first.kind === 'verdict' && !first.verdict.ok && first.verdict.issues[0]!.code).to.equal('unknown_type');
    expect(engine.calls[1]!.prompt).to.contain('unknown_type').and.to.contain('Your previous answer');
    expect(outcome.ok).to.equal(true);
    expect(ctx.repairsUsed).to.equal(1);
  });

  it("a layout without its class's requirement is repaired from the issue that names it", async () => {
    const withDate = JSON.parse(JSON.stringify(booking)) as typeof booking;
    withDate.nodes[2]!.children = ['name', 'party', 'day'];
    withDate.nodes.push({ id: 'day', type: 'date-field', props: { label: 'Day', bind: '/guest/day' } });
    withDate.data = { guest: { name: '', party: 2, day: '' } };
    const engine = new ReplayEngine({ texts: [json(booking), json(withDate)] });
    const ctx = stationContext({
      gates: { catalog: builtinCatalog, rules: [requirementRule('book-table', [{ type: 'date-field' }])] },
    });
    const { outcome, seen } = await readAll(station(engine).run(ctx));
    const first = seen[1]!;
    expect(first.kind === 'verdict' && !first.verdict.ok && first.verdict.issues.map((i) => i.code)).to.deep.equal([
      'missing_requirement',
    ]);
    expect(engine.calls[1]!.prompt).to.contain('missing_requirement').and.to.contain('needs a date-field');
    expect(outcome.ok && outcome.layout).to.deep.equal(withDate);
    expect(ctx.tallies).to.deep.equal([
      ['browser', false],
      ['browser', true],
    ]);
  });

  it("stops repairing at the request's repair budget and hands the failed text on", async () => {
    const engine = new ReplayEngine({ texts: [broken] });
    const ctx = stationContext({ repairsUsed: 2 });
    const { outcome } = await readAll(station(engine, { repair: { max: 3 }, budgets: { maxRepairs: 2 } }).run(ctx));
    expect(engine.calls.length).to.equal(1);
    expect(!outcome.ok && outcome.reason).to.equal('repair_budget');
    expect(!outcome.ok && outcome.failed?.layout).to.deep.equal(JSON.parse(broken));
  });

  it('votes: agreeing samples serve their medoid; disagreeing ones give up as low confidence', async () => {
    const agree = await readAll(
      station(new ReplayEngine({ texts: [json(booking), json(bookingReworded), json(dashboard)] }), {
        vote: { samples: 3, threshold: 0.5 },
      }).run(stationContext()),
    );
    expect(agree.seen.filter((e) => e.kind === 'attempt').map((e) => e.attempt.sample)).to.deep.equal([1, 2, 3]);
    expect(agree.outcome.ok).to.equal(true);
    const disagree = await readAll(
      station(new ReplayEngine({ texts: [json(booking), json(dashboard), json(tabs)] }), {
        vote: { samples: 3, threshold: 0.7 },
      }).run(stationContext()),
    );
    expect(!disagree.outcome.ok && disagree.outcome.reason).to.equal('low_confidence');
  });

  it('an engine that crashes mid-stream: the text breaks off for the reader, the verdict says so, and the station gives up', async () => {
    const engine = new ReplayEngine({
      texts: [json(booking)],
      chunk: 8,
      crash: { call: 1, afterChunks: 3, code: 'worker-crashed' },
    });
    const ctx = stationContext();
    const { outcome, seen } = await readAll(station(engine).run(ctx));
    expect(seen[0]!.textRead).to.match(/<broke off>$/);
    const verdict = seen[1]!;
    expect(verdict.kind === 'verdict' && !verdict.verdict.ok && verdict.verdict.issues[0]!.message).to.contain(
      'worker-crashed',
    );
    expect(!outcome.ok && outcome.reason).to.equal('engine_failed');
    expect(ctx.events.find((e) => e.type === 'station.failed')!.attrs.code).to.equal('worker-crashed');
  });

  it('with no engine that loads, it gives up as no_engine before any text; a loaded engine is not loaded again', async () => {
    const none = await readAll(
      station(new ReplayEngine({ texts: [''], loadError: 'load-failed' })).run(stationContext()),
    );
    expect(none.seen).to.deep.equal([]);
    expect(!none.outcome.ok && none.outcome.reason).to.equal('no_engine');
    const engine = new ReplayEngine({ texts: [json(booking)] });
    const s = station(engine);
    const first = stationContext();
    await readAll(s.run(first));
    const second = stationContext();
    await readAll(s.run(second));
    expect(first.events.filter((e) => e.type === 'model.loading')).to.have.length(1);
    expect(second.events.filter((e) => e.type === 'model.loading')).to.have.length(0);
  });

  it('a cancelled request stops the engine and rejects', async () => {
    const engine = new ReplayEngine({ texts: [json(booking)], chunk: 8, chunkDelayMs: 30 });
    const ctrl = new AbortController();
    const run = station(engine).run(stationContext({ signal: ctrl.signal }));
    const first = await run.next();
    expect(!first.done && first.value.kind).to.equal('attempt');
    ctrl.abort();
    let error: unknown;
    try {
      await run.next();
    } catch (e) {
      error = e;
    }
    expect((error as Error).name).to.equal('AbortError');
    expect(engine.calls[0]!.signal!.aborted).to.equal(true);
  });
});
