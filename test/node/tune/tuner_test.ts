// The tuner's canary in Node, on the store's memory backend: A/A canaries (the same config under a
// new version) are not rolled back, on noise in the events or on routing the two lines learned apart;
// a worse version still is.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  createRun,
  type Engine,
  type EngineInfo,
  type GenerateRequest,
  type GenerateRun,
} from '../../../src/engines/engine.js';
import { createEventLog } from '../../../src/events/log.js';
import { openEventStore, type EventStore } from '../../../src/events/store.js';
import type { LineConfig } from '../../../src/line/config.js';
import { createLine, type LineDeps } from '../../../src/line/line.js';
import { createTuner, memoryVersionStore, proposeModel, seededRandom } from '../../../src/tune/index.js';
import { simLayout } from '../../../eval/replay-sim.js';
import { baseConfig, eventsOf, versionRequests } from './fixtures.js';

async function put(store: EventStore, reqs: Parameters<typeof eventsOf>[0]) {
  const r = await store.putMany(eventsOf(reqs));
  assert.deepEqual(r.refused, []);
}

describe('tuner canary', () => {
  test('A/A: a canary with the same rates is never rolled back on noise', async () => {
    // About 3,500 simulated requests through the line's own event producers.
    for (const seed of [11, 12, 13]) {
      const store = await openEventStore({ indexedDB: undefined, name: `aa-noise-${seed}` });
      const tuner = createTuner({
        store,
        line: createLine(baseConfig(), { store }),
        versions: memoryVersionStore(),
        canary: { share: 0.3 },
      });
      const cfg = baseConfig();
      cfg.generation = { ...cfg.generation, temperature: 0.6 };
      const { record } = await tuner.deploy(cfg, { canaryShare: 0.3 });
      for (let step = 0; step < 4; step++) {
        await put(store, versionRequests('shop', '1', 200, { pass: 0.85, like: 0.7 }, seed * 100 + step));
        await put(store, versionRequests('shop', record.version, 90, { pass: 0.85, like: 0.7 }, seed * 1000 + step));
        const v = await tuner.check();
        assert.notEqual(v?.decision, 'rollback', v?.reason);
        if (v?.decision === 'promote') break;
      }
      assert.equal((await store.query({ types: ['line.rolled_back'] })).length, 0);
      store.close();
    }
  });
});

/**
 * A world of visitors in front of real lines: per intent, the share of the browser model's layouts
 * that pass the gates at temperature 0.7; a hotter model fails more. Premium always passes.
 */
const WORLD: Array<{ intent: string; pass: number; disliked?: boolean }> = [
  { intent: 'newsletter signup form', pass: 0.9 },
  { intent: 'contact form with message', pass: 0.9 },
  { intent: 'book a dinner table', pass: 0.85 },
  { intent: 'team list page', pass: 0.9, disliked: true },
  { intent: 'sales dashboard for the week', pass: 0.15 },
];

class WorldEngine implements Engine {
  readonly kind = 'webllm' as const;
  readonly model = 'small-sim';
  constructor(private readonly rng: () => number) {}
  async load(): Promise<void> {}
  async unload(): Promise<void> {}
  info(): EngineInfo {
    return { kind: this.kind, model: this.model, loaded: true, tokens: { input: 0, output: 0 } };
  }
  generate(req: GenerateRequest): GenerateRun {
    const { run, push, end } = createRun();
    const intent = [...req.prompt.matchAll(/^Intent: (.*)$/gm)].at(-1)?.[1] ?? '';
    const base = WORLD.find((w) => w.intent === intent)?.pass ?? 0.5;
    const pass = Math.max(0.02, base - Math.max(0, (req.temperature ?? 0.7) - 0.7));
    const text =
      this.rng() < pass
        ? JSON.stringify(simLayout(intent))
        : JSON.stringify({ version: 1, root: 'p', nodes: [{ id: 'p', type: 'marquee' }] });
    void Promise.resolve().then(() => {
      push(text);
      end({ text, usage: { inputTokens: 100, outputTokens: 100 }, ms: 1, model: this.model, finishReason: 'stop' });
    });
    return run;
  }
}

/** The project's premium endpoint as the line sees it: one layout per call, always valid. */
const premiumFetch = (async (_url: string, init?: RequestInit) => {
  const body = JSON.parse(String(init?.body ?? '{}')) as { intent: string };
  return new Response(
    JSON.stringify({
      layout: simLayout(`${body.intent} (premium)`),
      model: 'big',
      usage: { inputTokens: 1000, outputTokens: 300 },
      repaired: false,
    }),
    { status: 200, headers: { 'content-type': 'application/json' } },
  );
}) as typeof fetch;

function worldConfig(): LineConfig {
  return {
    id: 'world',
    version: '1',
    stations: [
      { kind: 'browser' },
      { kind: 'premium', endpoint: '/v1/assemble', model: 'big', stream: false },
      { kind: 'fallback', layout: simLayout('Sorry') },
    ],
    generation: { temperature: 0.7 },
    repair: { max: 1 },
    prices: { big: { input: 3, output: 15 } },
  };
}

async function world() {
  const store = await openEventStore({ indexedDB: undefined, name: 'world' });
  const log = createEventLog({ store, context: { session: 'visitors' } });
  const deps: LineDeps = {
    engines: [new WorldEngine(seededRandom(7))],
    fetch: premiumFetch,
    log,
    store,
    random: seededRandom(8),
  };
  const line = createLine(worldConfig(), deps);
  const tuner = createTuner({ store, line, deps, log, versions: memoryVersionStore(), canary: { minSamples: 150 } });
  await tuner.ready;
  const rng = seededRandom(9);
  let visitor = 0;
  /** `n` visitors, the tuner checking the canary every 50; the first decision other than "wait". */
  async function visit(n: number): Promise<{ decision: string; reason: string; canaryRequests: number } | null> {
    let canaryRequests = 0;
    for (let i = 1; i <= n; i++) {
      const key = `visitor-${visitor++}`;
      if (tuner.state().canary !== null && tuner.versionFor(key) === tuner.state().canary) canaryRequests++;
      const w = WORLD[Math.floor(rng() * WORLD.length)]!;
      const r = await tuner.assemble(key, { intent: w.intent });
      assert.equal(r.ok, true);
      // Visitors dislike what the browser makes for one class; the line hears it and routes that class to premium.
      const rendered = r.trace.steps.find((s) => s.kind === 'rendered');
      if (rendered?.kind === 'rendered' && r.station === 'browser')
        tuner.lineFor(key).feedback(rendered.layoutId, w.disliked ? 'down' : 'up');
      if (i % 50 === 0) {
        await log.flush();
        const v = await tuner.check();
        if (v && v.decision !== 'wait') return { decision: v.decision, reason: v.reason, canaryRequests };
      }
    }
    await log.flush();
    return null;
  }
  return { store, tuner, visit };
}

describe('tuner canary over real lines', () => {
  test('an A/A canary starts from the current line’s records, ratings included, routes as it does and is not rolled back; a worse one is', async () => {
    const { tuner, visit, store } = await world();
    assert.equal(await visit(200), null);
    const current = tuner.lineFor('nobody');
    const disliked = current.classify('team list page');
    assert.ok(current.state().records[disliked]!.browser!.down >= 4);

    // The same config under a new version: it starts from what the current line learned, ratings
    // too (the store's fold has attempts only), so it also sends the disliked class to premium.
    const same = await tuner.deploy(worldConfig(), { canaryShare: 0.3 });
    const key = Array.from({ length: 200 }, (_, i) => `probe-${i}`).find(
      (k) => tuner.versionFor(k) === same.record.version,
    )!;
    const canaryLine = tuner.lineFor(key);
    assert.equal(canaryLine.version, same.record.version);
    await canaryLine.ready;
    assert.deepEqual(canaryLine.state().records, current.state().records);
    const first = await canaryLine.assemble({ intent: 'team list page' });
    assert.equal(first.station, 'premium');
    const aa = await visit(1500);
    assert.notEqual(aa?.decision, 'rollback', aa?.reason);
    assert.ok(tuner.state().canary === same.record.version || aa?.decision === 'promote');

    // A worse version is still rolled back.
    if (tuner.state().canary !== null) await tuner.promote('A/A kept');
    const worse = await tuner.deploy(
      { ...tuner.lineFor('nobody').config, generation: { temperature: 1.5 } },
      { canaryShare: 0.3 },
    );
    const last = await visit(1500);
    assert.equal(last?.decision, 'rollback', JSON.stringify(last));
    assert.equal((await store.query({ types: ['line.rolled_back'] })).at(-1)?.lineVersion, worse.record.version);
    store.close();
  });
});

describe('tuner: what the line learned carries to the next current version', () => {
  test('ratings and audits carry to a version tuning deploys; the browser starts afresh when its model changes', async () => {
    const store = await openEventStore({ indexedDB: undefined, name: 'carry-records' });
    const cfg = baseConfig();
    cfg.stations[1] = {
      kind: 'browser',
      engines: [{ kind: 'wllama', model: 'layout-v1', options: { modelUrl: '/m/v1.gguf' } }],
    };
    const learned = {
      faq: {
        browser: { attempts: 12, passed: 12, audits: 0, auditAgreement: 0, up: 1, down: 11 },
        premium: { attempts: 9, passed: 9, audits: 2, auditAgreement: 1.5, up: 9, down: 0 },
      },
    };
    const starts: Array<LineDeps['records']> = [];
    const tuner = createTuner({
      store,
      line: createLine(cfg, { store, records: learned }),
      versions: memoryVersionStore(),
      makeLine: (c, start) => {
        starts.push(start.records);
        return createLine(c, { store, ...start });
      },
    });
    await tuner.ready;
    const first = tuner.lineFor('v');
    await first.ready;
    // The line skips the browser for faq on its ratings (1 of 12 liked).
    assert.equal(
      (await first.assemble({ intent: 'faq' })).trace.steps.some(
        (s) => s.kind === 'attempt' && s.station === 'browser',
      ),
      false,
    );

    const before = first.state().records.faq!;
    assert.equal(before.browser!.down, 11);
    const cooler = structuredClone(cfg);
    cooler.generation = { ...cooler.generation, temperature: 0.5 };
    await tuner.deploy(cooler);
    const second = tuner.lineFor('v');
    assert.notEqual(second, first);
    await second.ready;
    assert.deepEqual(second.state().records.faq, before, 'the same stations: every record carries');

    const model = (n: number) => ({
      name: `layout-v${n}`,
      url: `/m/v${n}.gguf`,
      sha256: String(n).repeat(64),
      bytes: 1000,
      trainedOn: 'test',
      pairs: 20,
    });
    // A canary of a new model starts from the current line's records, its browser's afresh…
    const v2 = proposeModel(cooler, model(2));
    assert.ok(v2);
    const { record } = await tuner.deploy(v2.config, { canaryShare: 1 });
    const canary = tuner.lineFor('v');
    assert.equal(canary.version, record.version);
    await canary.ready;
    assert.deepEqual(canary.state().records.faq, { premium: before.premium }, "the canary's new model starts afresh");
    await tuner.rollback('test');
    assert.equal(tuner.lineFor('v'), second);

    // …and so does a new model deployed as the current version.
    await tuner.deploy(v2.config);
    const third = tuner.lineFor('v');
    await third.ready;
    assert.deepEqual(third.state().records.faq, { premium: before.premium }, 'a new browser model starts afresh');
    assert.equal(starts.length, 3);
    store.close();
  });
});
