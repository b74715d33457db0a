// Each station of the line alone (no createLine): the cache, the fallback and the premium station
// (against the real Jig server over HTTP, with the stand-in for the paid upstream), the escalation
// loop with stations of a test's own, and the Assembly a request is read through.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cacheStation } from '../../../src/line/stations/cache.js';
import { fallbackStation } from '../../../src/line/stations/fallback.js';
import { premiumStation } from '../../../src/line/stations/premium.js';
import { escalate, type LineMemory, type LineStation } from '../../../src/line/escalate.js';
import { RouteBook } from '../../../src/line/records.js';
import { parseLineConfig, type LineConfig } from '../../../src/line/config.js';
import { createLine } from '../../../src/line/index.js';
import type { LayoutDocument } from '../../../src/layout/document.js';
import type { AssemblyEvent, StationRun } from '../../../src/line/station.js';
import { builtinCatalog } from '../../../src/catalog/builtin.js';
import { readAll, stationContext } from '../../support/station-context.js';
import { SITE_AUTH, testServer, type TestServer } from '../server/helpers.js';
import { INVALID_LAYOUT, VALID_LAYOUT, startStandIn, type StandIn } from '../server/stand-in.js';

const NOTE: LayoutDocument = {
  version: 1,
  root: 'c',
  nodes: [{ id: 'c', type: 'callout', props: { text: 'Call us on 555-0100.' } }],
};
const FORM = VALID_LAYOUT as LayoutDocument;

function lineConfig(over: Record<string, unknown> = {}): LineConfig {
  const r = parseLineConfig({
    id: 'stations',
    version: 2,
    stations: [{ kind: 'fallback', layout: NOTE }],
    prices: { 'premium-test-1': { input: 2.5, output: 10 } },
    ...over,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.config;
}

describe('cache station', () => {
  test('a miss says so and shows nothing; a hit is gated once, shown, and tallied', async () => {
    const cache = new Map<string, LayoutDocument>();
    const station = cacheStation(cache);
    const miss = await readAll(station.run(stationContext()));
    assert.deepEqual(miss.seen, []);
    assert.equal(miss.outcome.ok, false);
    assert.equal(!miss.outcome.ok && miss.outcome.reason, 'cache_miss');

    cache.set('book-table', FORM);
    const ctx = stationContext();
    const hit = await readAll(station.run(ctx));
    assert.equal(hit.outcome.ok, true);
    assert.deepEqual(hit.outcome.ok && hit.outcome.layout, FORM);
    assert.equal(hit.seen.length, 1);
    assert.equal(hit.seen[0]!.kind, 'verdict');
    assert.equal(hit.seen[0]!.kind === 'verdict' && hit.seen[0]!.verdict.ok, true);
    assert.deepEqual(ctx.tallies, [['cache', true]]);
    assert.deepEqual(
      ctx.rec.trace.steps.map((s) => s.kind),
      ['cache', 'attempt'],
    );
    assert.ok(
      ctx.events.some((e) => e.type === 'station.attempted' && e.attrs.station === 'cache' && e.attrs.ok === true),
    );
  });

  test("an entry the request's gates now refuse is dropped, not shown, and the failure goes on with its issues", async () => {
    const cache = new Map<string, LayoutDocument>([['book-table', FORM]]);
    const ctx = stationContext({ gates: { actions: ['cancel'] } });
    const { outcome, seen } = await readAll(cacheStation(cache).run(ctx));
    assert.deepEqual(seen, [], 'a stale entry was never on screen: no verdict for a reader');
    assert.equal(outcome.ok, false);
    assert.equal(!outcome.ok && outcome.reason, 'gates_failed');
    assert.ok(!outcome.ok && outcome.failed?.issues.some((i) => i.code === 'unknown_action'));
    assert.equal(cache.has('book-table'), false);
    assert.deepEqual(ctx.tallies, [['cache', false]]);
  });
});

describe('fallback station', () => {
  test("serves the site's layout with a passing verdict", async () => {
    const { outcome, seen } = await readAll(fallbackStation(NOTE).run(stationContext()));
    assert.equal(outcome.ok, true);
    assert.equal(outcome.ok && outcome.model, 'fallback');
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!.kind === 'verdict' && seen[0]!.verdict.ok, true);
  });

  test('a request whose actions the fallback breaks gets a failing verdict, not the layout', async () => {
    const { outcome, seen } = await readAll(
      fallbackStation(FORM).run(stationContext({ gates: { actions: ['cancel'] } })),
    );
    assert.equal(outcome.ok, false);
    assert.equal(!outcome.ok && outcome.reason, 'gates_failed');
    const v = seen[0]!;
    assert.ok(v.kind === 'verdict' && !v.verdict.ok && v.verdict.issues.some((i) => i.code === 'unknown_action'));
  });
});

describe('premium station against the real server', () => {
  let up: StandIn;
  let server: TestServer;
  const sent: Array<Record<string, unknown>> = [];
  /** Node has no Origin: the station calls as a server would, with a site token; the bodies it sends are kept. */
  const fetcher: typeof fetch = (url, init = {}) => {
    sent.push(JSON.parse(String(init.body)) as Record<string, unknown>);
    return fetch(url, { ...init, headers: { ...(init.headers as Record<string, string>), ...SITE_AUTH } });
  };
  const station = (over: Record<string, unknown> = {}) =>
    premiumStation({
      station: { kind: 'premium', endpoint: `${server.url}/v1/assemble`, model: 'premium-test-1', ...over },
      config: lineConfig(),
      catalog: builtinCatalog,
      fetch: fetcher,
    });
  before(async () => {
    up = await startStandIn();
    server = await testServer({
      JIG_UPSTREAM_URL: up.url,
      JIG_UPSTREAM_MODEL: 'premium-test-1',
      JIG_UPSTREAM_KEY: 'k',
      JIG_UPSTREAM_BACKOFF_MS: '1',
      JIG_RATE_ASSEMBLE_BURST: '1000',
    });
  });
  after(async () => {
    await server.stop();
    await up.close();
  });

  test("streams the answer as one attempt, then the site gates' verdict; the cost comes from the price table", async () => {
    up.script({ kind: 'layout' });
    const ctx = stationContext({ intent: 'A form to book a table' });
    const { outcome, seen } = await readAll(station().run(ctx));
    assert.deepEqual(
      seen.map((e) => e.kind),
      ['attempt', 'verdict'],
    );
    assert.deepEqual(JSON.parse(seen[0]!.textRead!), VALID_LAYOUT);
    assert.equal(outcome.ok, true);
    assert.deepEqual(ctx.tallies, [['premium', true]]);
    assert.ok(ctx.rec.trace.costUsd > 0);
  });

  test("the server's own repair: the first text's verdict carries the server's issues, the second text passes", async () => {
    up.script({ kind: 'layout', layout: INVALID_LAYOUT }, { kind: 'layout' });
    const ctx = stationContext({ intent: 'A form to book a table' });
    const { outcome, seen } = await readAll(station().run(ctx));
    assert.deepEqual(
      seen.map((e) => `${e.kind}:${e.attempt.attempt}`),
      ['attempt:1', 'verdict:1', 'attempt:2', 'verdict:2'],
    );
    const first = seen[1]!;
    assert.ok(
      first.kind === 'verdict' && !first.verdict.ok && first.verdict.issues.some((i) => i.code === 'unknown_type'),
    );
    assert.equal(outcome.ok, true);
    assert.ok(ctx.rec.trace.steps.some((s) => s.kind === 'repair' && s.station === 'premium'));
  });

  test("a layout the server accepts but this site's actions refuse fails here, with its issues for the next station", async () => {
    up.script({ kind: 'layout' });
    const ctx = stationContext({ intent: 'A form to book a table', gates: { actions: ['cancel'] } });
    const { outcome, seen } = await readAll(station().run(ctx));
    assert.equal(outcome.ok, false);
    assert.equal(!outcome.ok && outcome.reason, 'premium_failed');
    assert.ok(!outcome.ok && outcome.failed?.issues.some((i) => i.code === 'unknown_action'));
    const verdict = seen.at(-1)!;
    assert.ok(verdict.kind === 'verdict' && !verdict.verdict.ok);
    assert.deepEqual(ctx.tallies, [['premium', false]]);
  });

  test('the failed attempt of the station before goes to the server, trimmed to what it accepts', async () => {
    up.script({ kind: 'layout' });
    sent.length = 0;
    const issues = Array.from({ length: 250 }, (_, i) => ({
      gate: 'catalog' as const,
      code: 'unknown_type',
      path: `/nodes/${i}/type`,
      message: 'x'.repeat(3000),
    }));
    const ctx = stationContext({ intent: 'A form to book a table', failed: { layout: 'y'.repeat(40_000), issues } });
    const { outcome } = await readAll(station({ stream: false }).run(ctx));
    assert.equal(outcome.ok, true);
    const failed = sent[0]!.failed as { layout: string; issues: Array<{ message: string }> };
    assert.equal(failed.issues.length, 200);
    assert.equal(failed.issues[0]!.message.length, 2000);
    assert.equal(failed.layout.length, 30_000);
  });

  test('its expected cost is the price of the tokens a call is expected to use', () => {
    assert.equal(station().expectedCost(), 0);
    assert.equal(station({ expectTokens: { input: 1000, output: 100 } }).expectedCost(), (1000 * 2.5 + 100 * 10) / 1e6);
  });
});

describe('the escalation loop with stations of its own', () => {
  /** A station that shows a text, then gives up with a reason and the failed attempt. */
  const giveUp: LineStation = {
    kind: 'browser',
    async *run(ctx): StationRun {
      yield {
        kind: 'attempt',
        attempt: { station: 'browser', model: 'm', attempt: 1, repair: false },
        text: (async function* () {
          yield '{"nope"';
        })(),
      };
      yield {
        kind: 'verdict',
        attempt: { station: 'browser', model: 'm', attempt: 1, repair: false },
        verdict: { ok: false, issues: [{ gate: 'parse', code: 'invalid_json', path: '', message: 'cut off' }] },
      };
      ctx.tally('browser', false);
      return {
        ok: false,
        reason: 'gates_failed',
        detail: '1 issue',
        failed: { layout: '{"nope"', issues: [{ gate: 'parse', code: 'invalid_json', path: '', message: 'cut off' }] },
      };
    },
  };
  let seenFailed: unknown;
  const serve: LineStation = Object.assign(fallbackStation(NOTE), {
    run: async function* (ctx: Parameters<LineStation['run']>[0]): StationRun {
      seenFailed = ctx.failed;
      return yield* fallbackStation(NOTE).run(ctx);
    },
  });

  test("passes each station's events through in order, hands the failed attempt on, and records the escalation", async () => {
    const book = new RouteBook();
    const memory: LineMemory = {
      config: lineConfig({ stations: [{ kind: 'browser' }, { kind: 'fallback', layout: NOTE }] }),
      stations: [giveUp, serve],
      gates: {},
      book,
      cache: new Map(),
      accepted: new Map(),
      rendered: new Map(),
      audit: () => undefined,
      track: () => undefined,
    };
    const run = escalate(memory, { intent: 'Book a table' }, 'book-table', null, false);
    const kinds: string[] = [];
    let step = await run.next();
    while (!step.done) {
      kinds.push(`${step.value.kind}:${step.value.attempt.station}`);
      step = await run.next();
    }
    const result = step.value;
    assert.deepEqual(kinds, ['attempt:browser', 'verdict:browser', 'verdict:fallback']);
    assert.equal(result.station, 'fallback');
    assert.equal(result.fallback, true);
    assert.equal(result.reason, '1 issue');
    assert.deepEqual((seenFailed as { layout: unknown }).layout, '{"nope"');
    assert.deepEqual(
      result.trace.steps.map((s) => s.kind),
      ['route', 'escalate', 'rendered'],
    );
    assert.equal(book.snapshot()['book-table']!.browser!.attempts, 1);
  });
});

describe('an Assembly', () => {
  const line = () => createLine({ id: 'a', version: 1, stations: [{ kind: 'fallback', layout: NOTE }] });

  test('awaited, it gives the result', async () => {
    const r = await line().assemble({ intent: 'Anything' });
    assert.equal(r.station, 'fallback');
  });

  test('iterated, it gives the events and then the result; it is read once', async () => {
    const assembly = line().assemble({ intent: 'Anything' });
    const events: AssemblyEvent[] = [];
    for await (const e of assembly) events.push(e);
    assert.deepEqual(
      events.map((e) => e.kind),
      ['verdict'],
    );
    assert.equal((await assembly).station, 'fallback');
    assert.throws(() => assembly[Symbol.asyncIterator](), /already being read/);
  });

  test('a reader that stops early leaves the request to finish: its result still settles', async () => {
    const assembly = line().assemble({ intent: 'Anything' });
    for await (const _ of assembly) break;
    assert.equal((await assembly.result).station, 'fallback');
  });

  test('a cancelled request rejects, iterated or awaited', async () => {
    const ctrl = new AbortController();
    ctrl.abort();
    await assert.rejects(
      async () => {
        for await (const _ of line().assemble({ intent: 'x', signal: ctrl.signal })) {
          /* none */
        }
      },
      { name: 'AbortError' },
    );
    await assert.rejects(line().assemble({ intent: 'x', signal: ctrl.signal }).result, { name: 'AbortError' });
  });
});
