// The self-improving line against Chromium's real IndexedDB: versions that survive a reload,
// tuning read from the event store, canary split, automatic rollback, manual rollback. The A/A run
// over thousands of requests (no rollback on noise) is test/node/tune/tuner_test.ts: it is statistics, not storage.
import { expect } from '@open-wc/testing';
import { afterEach, describe, it } from '../events/bdd.js';
import { uuidv7, type JigEvent } from '../../../src/events/event.js';
import { openEventStore, type EventStore } from '../../../src/events/store.js';
import { createLine } from '../../../src/line/line.js';
import type { LineConfig } from '../../../src/line/config.js';
import {
  createTuner,
  openVersionStore,
  untunableChanges,
  deepEqual,
  type Tuner,
  type VersionStore,
  type ServerLineState,
  type TuneBoundsInput,
} from '../../../src/tune/index.js';
import { baseConfig, classRequests, eventsOf, versionRequests as shopRequests } from '../../node/tune/fixtures.js';
import { requestEvents, type SimRequest } from '../../../eval/replay-sim.js';
import type { LayoutDocument } from '../../../src/layout/document.js';

const stores: EventStore[] = [];
const vstores: VersionStore[] = [];
const names: string[] = [];
const tuners: Tuner[] = [];
const name = () => {
  const n = `jig-tune-test-${uuidv7()}`;
  names.push(n);
  return n;
};
afterEach(async () => {
  for (const t of tuners.splice(0)) t.close();
  for (const s of stores.splice(0)) s.close();
  for (const v of vstores.splice(0)) v.close();
  for (const n of names.splice(0))
    await new Promise((r) => {
      const q = indexedDB.deleteDatabase(n);
      q.onsuccess = q.onerror = q.onblocked = r;
    });
});

async function setup(
  config: LineConfig = baseConfig(),
  o: { share?: number; dbs?: { events: string; versions: string }; bounds?: TuneBoundsInput } = {},
) {
  const dbs = o.dbs ?? { events: name(), versions: name() };
  const store = await openEventStore({ name: dbs.events });
  const versions = await openVersionStore({ name: dbs.versions });
  stores.push(store);
  vstores.push(versions);
  const line = createLine(config, { store });
  const tuner = createTuner({
    store,
    line,
    versions,
    canary: { share: o.share ?? 0.1 },
    ...(o.bounds ? { bounds: o.bounds } : {}),
  });
  tuners.push(tuner);
  await tuner.ready;
  return { store, versions, tuner, line, dbs };
}

/** Requests on one version of the line "shop" with given rates, seeded. */
const versionRequests = (version: string, n: number, rates: { pass: number; like: number }, seed: number) =>
  shopRequests('shop', version, n, rates, seed);

async function put(store: EventStore, events: JigEvent[]) {
  const r = await store.putMany(events);
  expect(r.refused).to.deep.equal([]);
}

describe('tuner', () => {
  it('tuning reads the event store and changes exemplars, routing and variant weights as the evidence says, leaving gates untouched', async () => {
    // A site at a 60% floor: "easy" (liked 60% over both variants) stays with the cheap station.
    const { store, tuner } = await setup(baseConfig(), { bounds: { routing: { acceptanceFloor: 0.6 } } });
    await put(
      store,
      eventsOf([
        // 2 of 30 first attempts pass: at most 18% at 90% confidence, clearly under the 20% guard.
        ...classRequests({ cls: 'hard', n: 30, pass: 0.05, like: 0.5 }),
        ...classRequests({ cls: 'easy', n: 60, pass: 0.95, like: 0.9, variant: 'steps', label: 'easy steps' }),
        ...classRequests({ cls: 'easy', n: 60, pass: 0.95, like: 0.3, variant: 'plain', label: 'easy plain' }),
      ]),
    );
    const r = await tuner.tuneNow();
    const kinds = new Set(r.proposal.changes.map((c) => c.kind));
    expect([...kinds]).to.include.members(['exemplars', 'routing', 'variants', 'cache']);
    const canary = r.deployed!;
    expect(tuner.state().canary).to.equal(canary.version);
    expect(canary.config.routing!.classes!.hard!.start).to.equal('premium');
    expect(canary.config.routing?.classes?.easy).to.equal(undefined);
    expect(canary.config.exemplars!.items.some((e) => e.intentClass === 'easy')).to.equal(true);
    const w = Object.fromEntries(canary.config.prompts!.variants.map((v) => [v.id, v.weight]));
    expect(w.steps).to.be.greaterThan(w.plain! * 3);
    const base = baseConfig();
    for (const k of ['catalog', 'gates', 'stations', 'budgets', 'prices', 'audit', 'id'] as const)
      expect(canary.config[k]).to.deep.equal(base[k]);
    expect(untunableChanges(base, canary.config)).to.deep.equal([]);
    // The proposal is a line the runtime accepts (its cache entries pass this line's gates).
    const key = Array.from({ length: 200 }, (_, i) => `k${i}`).find((k) => tuner.versionFor(k) === canary.version)!;
    expect(tuner.lineFor(key).version).to.equal(canary.version);
    expect(r.text).to.match(/routing "hard": start at premium/);
    const applied = await store.query({ types: ['tune.applied'] });
    expect(applied.length).to.equal(1);
    expect(applied[0]!.lineVersion).to.equal(canary.version);
    expect(applied[0]!.attrs.summary).to.equal(r.text);
    expect((await store.query({ types: ['line.deployed'] }))[0]!.attrs.canary).to.equal(true);
  });

  it('on a schedule it checks the canary and tunes each round, and deploys no second canary over a running one', async () => {
    const { store, tuner } = await setup();
    await put(store, eventsOf(classRequests({ cls: 'hard', n: 30, pass: 0.1 })));
    const rounds: Array<{ verdict: unknown; tuned?: { deployed?: { version: string } }; error?: unknown }> = [];
    await new Promise<void>((resolve) => {
      const stop = tuner.schedule(10, {
        onRound: (r) => {
          rounds.push(r);
          if (rounds.length === 2) {
            stop();
            resolve();
          }
        },
      });
    });
    expect(rounds.map((r) => r.error)).to.deep.equal([undefined, undefined]);
    expect(rounds[0]!.verdict).to.equal(null);
    expect(rounds[0]!.tuned!.deployed!.version).to.equal('local-1');
    expect((rounds[1]!.verdict as { decision: string }).decision).to.equal('wait');
    expect(rounds[1]!.tuned!.deployed).to.equal(undefined);
    expect((await store.query({ types: ['tune.proposed'] })).length).to.equal(2);
    expect((await store.query({ types: ['tune.applied'] })).length).to.equal(1);
  });

  it('a deploy that touches the catalog or gates, or that no line would accept, is refused', async () => {
    const { tuner } = await setup();
    const bad = baseConfig();
    bad.gates = { actions: ['buy', 'wipe'] };
    let error: unknown;
    try {
      await tuner.deploy(bad, { canaryShare: 0.1 });
    } catch (e) {
      error = e;
    }
    expect(String(error)).to.match(/changes \/gates/);
    const broken = baseConfig();
    broken.cache = { x: { version: 1, root: 'a', nodes: [{ id: 'a', type: 'no-such-component' }] } };
    error = undefined;
    try {
      await tuner.deploy(broken, { canaryShare: 0.1 });
    } catch (e) {
      error = e;
    }
    expect(String(error)).to.match(/LineConfigError[\s\S]*\/cache\/x\/nodes\/0\/type/);
    const silent = baseConfig();
    silent.prompts!.variants = silent.prompts!.variants.map((v) => ({ ...v, weight: 0 }));
    error = undefined;
    try {
      await tuner.deploy(silent, { canaryShare: 0.1 });
    } catch (e) {
      error = e;
    }
    expect(String(error)).to.match(/at least one prompt variant/);
    expect(tuner.state().canary).to.equal(null);
  });

  it('the canary split honours the share: 10% ± 2% of 2,000 visitors, each sticking to one version', async () => {
    const { tuner } = await setup();
    const cfg = baseConfig();
    cfg.generation = { ...cfg.generation, temperature: 0.5 };
    const { record } = await tuner.deploy(cfg, { canaryShare: 0.1 });
    const keys = Array.from({ length: 2000 }, (_, i) => `visitor-${i}`);
    const canary = keys.filter((k) => tuner.versionFor(k) === record.version);
    expect(Math.abs(canary.length / 2000 - 0.1)).to.be.at.most(0.02);
    expect(keys.map((k) => tuner.versionFor(k))).to.deep.equal(keys.map((k) => tuner.versionFor(k)));
    expect(tuner.lineFor(canary[0]!).config.generation!.temperature).to.equal(0.5);
    expect(tuner.lineFor(keys.find((k) => !canary.includes(k))!).config.generation!.temperature).to.equal(0.7);
  });

  it('a worse canary is rolled back automatically, with line.rolled_back and its evidence in the store', async () => {
    const { store, tuner } = await setup();
    const cfg = baseConfig();
    cfg.generation = { ...cfg.generation, temperature: 1.0 };
    const { record } = await tuner.deploy(cfg, { canaryShare: 0.2 });
    await put(store, eventsOf(versionRequests('1', 400, { pass: 0.9, like: 0.7 }, 1)));
    await put(store, eventsOf(versionRequests(record.version, 100, { pass: 0.6, like: 0.4 }, 2)));
    expect((await tuner.check())!.decision).to.equal('wait');
    await put(store, eventsOf(versionRequests(record.version, 150, { pass: 0.6, like: 0.4 }, 3)));
    const v = await tuner.check();
    expect(v!.decision).to.equal('rollback');
    expect(tuner.state().canary).to.equal(null);
    expect(tuner.state().current).to.equal('1');
    const [ev] = await store.query({ types: ['line.rolled_back'] });
    expect(ev!.lineVersion).to.equal(record.version);
    expect(ev!.attrs.automatic).to.equal(true);
    const evidence = JSON.parse(String(ev!.attrs.evidence));
    expect(evidence.find((m: { metric: string }) => m.metric === 'premium').canary.n).to.equal(250);
    expect(tuner.state().history[0]).to.include({ action: 'rollback', version: record.version });
  });

  it('rollback by hand restores the exact previous config', async () => {
    const { store, tuner } = await setup();
    const before = structuredClone(tuner.lineFor('anyone').config);
    await put(store, eventsOf(classRequests({ cls: 'hard', n: 30, pass: 0.1, like: 0.9 })));
    const r = await tuner.tuneNow({ deploy: 'current' });
    expect(r.deployed).to.not.equal(undefined);
    expect(tuner.lineFor('anyone').version).to.equal(r.deployed!.version);
    expect(deepEqual(tuner.lineFor('anyone').config, before)).to.equal(false);
    const back = await tuner.rollback('checking by hand');
    expect(back.ok).to.equal(true);
    expect(tuner.lineFor('anyone').config).to.deep.equal(before);
    expect(deepEqual(tuner.lineFor('anyone').config, before)).to.equal(true);
    const nothing = await tuner.rollback();
    expect(nothing).to.include({ ok: false, code: 'nothing_to_roll_back' });
  });

  it('versions survive a reload: a new store and tuner on the same databases see the same versions and canary', async () => {
    const first = await setup();
    const cfg = baseConfig();
    cfg.generation = { ...cfg.generation, temperature: 0.4 };
    const { record } = await first.tuner.deploy(cfg, { canaryShare: 0.25 });
    const list = (await first.versions.list('shop')).map((r) => r.version);
    first.tuner.close();
    first.versions.close();
    first.store.close();
    const again = await setup(baseConfig(), { dbs: first.dbs });
    expect(again.tuner.state()).to.deep.include({ current: '1', canary: record.version, share: 0.25 });
    expect((await again.versions.list('shop')).map((r) => r.version)).to.deep.equal(list);
    expect((await again.versions.get('shop', record.version))!.config.generation!.temperature).to.equal(0.4);
    const visitors = Array.from({ length: 300 }, (_, i) => `v${i}`);
    expect(visitors.map((k) => again.tuner.versionFor(k))).to.deep.equal(
      visitors.map((k) => first.tuner.versionFor(k)),
    );
  });

  it('server versions take precedence over local ones, and a canary the server dropped is dropped here', async () => {
    const { versions, tuner } = await setup();
    const cfg = baseConfig();
    cfg.generation = { ...cfg.generation, temperature: 0.3 };
    await tuner.deploy(cfg, { canaryShare: 0.1 });
    const serverCfg = {
      ...baseConfig(),
      version: 1,
      tuning: { temperature: { min: 0, max: 0.4 } },
    } as unknown as Record<string, unknown>;
    const server: ServerLineState = {
      id: 'shop',
      current: { version: 7, config: serverCfg, deployedAt: new Date().toISOString() },
      canary: { version: 8, config: { ...serverCfg, version: 2 }, share: 0.05 },
      history: [],
    };
    const a = await versions.adopt('shop', server);
    expect(a.state).to.deep.include({ current: '7', canary: '8', share: 0.05 });
    const rec = (await versions.get('shop', '7'))!;
    expect(rec.source).to.equal('server');
    expect(rec.config.version).to.equal(7);
    expect((rec.config as Record<string, unknown>).tuning).to.equal(undefined);
    expect(rec.bounds).to.deep.equal({ temperature: { min: 0, max: 0.4 } });
    const b = await versions.adopt('shop', { ...server, canary: null });
    expect(b.state.canary).to.equal(null);
    expect(b.state.current).to.equal('7');
  });

  it("learns a class's requirements from the ratings in IndexedDB, and the line it deploys carries them", async () => {
    const { store, tuner } = await setup();
    const page = (i: number, url: boolean): LayoutDocument => {
      const fields = ['name', 'email', ...(url ? ['site'] : [])];
      return {
        version: 1,
        root: 'f',
        data: { a: Object.fromEntries(fields.map((f) => [f, ''])) },
        nodes: [
          { id: 'f', type: 'form', props: { action: 'buy', submitLabel: `Apply ${i}` }, children: fields },
          ...fields.map((f) => ({
            id: f,
            type: 'text-field',
            props: { label: f, bind: `/a/${f}`, ...(f === 'site' ? { inputType: 'url' } : {}) },
          })),
        ],
      };
    };
    const req = (i: number, station: 'browser' | 'premium', url: boolean, rating: 'up' | 'down'): SimRequest => ({
      line: 'shop',
      version: '1',
      session: `s${i}`,
      intent: 'apply for the job',
      intentClass: 'apply',
      attempts: [{ station, ok: true }],
      rendered: { station, layout: page(i, url) },
      rating,
    });
    await put(store, [
      ...Array.from({ length: 10 }, (_, i) => requestEvents(req(i, 'premium', true, 'up'))).flat(),
      ...Array.from({ length: 3 }, (_, i) => requestEvents(req(100 + i, 'browser', false, 'down'))).flat(),
    ]);
    const r = await tuner.tuneNow();
    const change = r.proposal.changes.find((c) => c.kind === 'requirements');
    expect(change?.path).to.equal('/routing/classes/apply/require');
    expect(r.text).to.contain('requirements "apply": + a text-field with inputType "url"');
    expect(r.text).to.contain('10 of 10 accepted layouts have it, 3 of 3 rejected lack it');
    const canary = r.deployed!;
    expect(canary.config.routing!.classes!.apply!.require).to.deep.equal([
      { type: 'text-field', props: { inputType: 'url' } },
    ]);
    const key = Array.from({ length: 200 }, (_, i) => `k${i}`).find((k) => tuner.versionFor(k) === canary.version)!;
    expect(tuner.lineFor(key).config.routing!.classes!.apply!.require!.length).to.equal(1);
  });
});
