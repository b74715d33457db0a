// Hostile input against the events path (validation, the memory store, the encoders, the shipper)
// and the training input (`jig train --from`): nothing throws, nothing in hand is lost, every
// refusal has a code, and exports stay valid in their format.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEvent, validateEvent, type JigEvent } from '../../../src/events/event.js';
import { openEventStore } from '../../../src/events/store.js';
import { createEventLog } from '../../../src/events/log.js';
import { aggregate } from '../../../src/events/aggregates.js';
import { toTuningDataset } from '../../../src/events/dataset.js';
import {
  EXPORT_FORMATS,
  encodeStream,
  encodeToString,
  toOtlpLogs,
  toOtlpTraces,
  toSegmentBatch,
  toSpan,
} from '../../../src/events/formats.js';
import { createShipper } from '../../../src/events/shipper.js';
import { trainingPairs, readSource, RetrainError } from '../../../scripts/train/retrain.js';
import { main } from '../../../src/cli/main.js';
import { requestEvents, simLayout, type SimRequest } from '../../../eval/replay-sim.js';

const ctx = { session: 's-1', trace: 't-1', span: 'sp-1', line: 'shop', lineVersion: '1' };
const ev = (type: string, attrs: JigEvent['attrs'] = {}, more: Partial<JigEvent> = {}): JigEvent => ({
  ...createEvent(type, ctx, attrs),
  ...more,
});
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const memoryStore = (o: Parameters<typeof openEventStore>[0] = {}) => openEventStore({ indexedDB: undefined, ...o });

// ---- validateEvent ------------------------------------------------------------------------

describe('validateEvent with hostile events', () => {
  test('refuses __proto__ / constructor / prototype keys parsed from JSON, with a code and a path', () => {
    const base = JSON.stringify(ev('ui.action', { nodeId: 'n' }));
    const top = JSON.parse(base.replace('{', '{"__proto__":{"polluted":1},'));
    const inAttrs = JSON.parse(base.replace('"attrs":{', '"attrs":{"constructor":"x",'));
    assert.deepEqual(
      [validateEvent(top), validateEvent(inAttrs)].map((r) => (r.ok ? 'ok' : `${r.problem.code} ${r.problem.path}`)),
      ['forbidden_key /__proto__', 'forbidden_key /attrs/constructor'],
    );
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test('refuses NaN, ±Infinity, out-of-bound and non-scalar attribute values, each with bad_attr and its path', () => {
    for (const [k, v] of [
      ['ms', Number.NaN],
      ['cost', Number.POSITIVE_INFINITY],
      ['x', Number.NEGATIVE_INFINITY],
      ['cost', 1e303],
      ['x', 2 ** 60],
      ['tokensIn', 1.5],
      ['x', { a: 1 }],
      ['x', [1]],
      ['x', 10n],
      ['x', undefined],
    ] as const) {
      const r = validateEvent({ ...ev('station.attempted'), attrs: { [k]: v } });
      assert.equal(r.ok, false, `${k}: ${String(v)}`);
      if (!r.ok) assert.deepEqual([r.problem.code, r.problem.path], ['bad_attr', `/attrs/${k}`]);
    }
  });

  test('refuses impossible or out-of-range times and keeps the instant of an offset time as UTC', () => {
    for (const t of [
      '2026-02-30T00:00:00Z',
      '2026-12-31T23:59:60Z',
      '1969-12-31T23:59:59Z',
      '+275760-09-13T00:00:00Z',
      '2026-01-01',
      '2026-01-01T00:00:00',
      '',
    ]) {
      const r = validateEvent({ ...ev('ui.action'), time: t });
      assert.equal(r.ok, false, t);
      if (!r.ok) assert.equal(r.problem.code, 'bad_time');
    }
    const r = validateEvent({ ...ev('ui.action'), time: '2026-11-24T12:00:00.123456789+02:00' });
    assert.ok(r.ok);
    assert.equal(r.event.time, '2026-11-24T10:00:00.123Z');
  });

  test('an accepted event is at most 32 KiB as JSON (docs/events.md: "an event over 32 KiB" is refused)', () => {
    // Three attribute strings of 8,000 characters each: under the character count, but each
    // character is 3 bytes in UTF-8 ("€") or 6 bytes in JSON ("\u0001").
    for (const ch of ['€', '\u0001']) {
      const attrs = { a: ch.repeat(8000), b: ch.repeat(8000), c: ch.repeat(8000) };
      const r = validateEvent(ev('shop.checkout', attrs));
      const json = JSON.stringify(ev('shop.checkout', attrs));
      assert.ok(
        !r.ok || bytes(json) <= 32 * 1024,
        `accepted an event of ${bytes(json)} bytes of JSON (${JSON.stringify(ch)} × 24,000)`,
      );
      if (!r.ok) assert.equal(r.problem.code, 'too_large');
    }
  });

  test('never throws, even on an event whose attrs has a throwing getter ("Never throws")', () => {
    const attrs = {
      get nodeId(): string {
        throw new Error('hostile getter');
      },
    };
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    for (const [name, value] of [
      ['getter in attrs', { ...ev('ui.action'), attrs }],
      ['revoked proxy', revoked.proxy],
    ] as const) {
      let r: ReturnType<typeof validateEvent> | undefined;
      assert.doesNotThrow(() => {
        r = validateEvent(value);
      }, name);
      assert.equal(r?.ok, false, name);
    }
  });

  test('log.emit never throws and reports a refused event to onRefused', () => {
    const refused: string[] = [];
    const log = createEventLog({ context: { session: 's' }, onRefused: (p) => refused.push(p.code) });
    assert.equal(log.emit('ui.action', { ms: Number.NaN } as never).ok, false);
    const hostile = {
      get nodeId(): string {
        throw new Error('hostile getter');
      },
    };
    assert.doesNotThrow(() => log.emit('ui.action', hostile as never));
    assert.equal(refused.length, 2);
  });
});

// ---- the memory store ---------------------------------------------------------------------

describe('the event store (memory backend) with hostile events', () => {
  test('putMany keeps the good events of a batch and refuses each bad one with its index, code and path', async () => {
    const store = await memoryStore();
    const good = [ev('ui.action'), ev('gate.passed')];
    const r = await store.putMany([
      good[0],
      null,
      'x',
      { ...ev('ui.action'), attrs: { cost: Number.POSITIVE_INFINITY } },
      JSON.parse(
        JSON.stringify(ev('ui.action', { nodeId: 'n' })).replace('"attrs":{', '"attrs":{"__proto__":{"p":1},'),
      ),
      good[1],
    ]);
    assert.equal(r.stored, 2);
    assert.deepEqual(
      r.refused.map((x) => [x.index, x.problem.code, x.problem.path]),
      [
        [1, 'not_an_object', ''],
        [2, 'not_an_object', ''],
        [3, 'bad_attr', '/attrs/cost'],
        [4, 'forbidden_key', '/attrs/__proto__'],
      ],
    );
    assert.equal((await store.query({ types: ['ui.action', 'gate.passed'] })).length, 2);
  });

  test('one hostile event queued with add() does not lose the good events queued with it', async () => {
    const store = await memoryStore();
    const good = Array.from({ length: 5 }, (_, i) => ev('ui.action', { nodeId: `n${i}` }));
    const hostile = {
      ...ev('ui.action'),
      attrs: {
        get nodeId(): string {
          throw new Error('hostile getter');
        },
      },
    };
    const results = await Promise.allSettled([...good.slice(0, 2), hostile, ...good.slice(2)].map((e) => store.add(e)));
    const ids = new Set((await store.query({ types: ['ui.action'] })).map((e) => e.id));
    assert.deepEqual(
      good.filter((e) => !ids.has(e.id)).map((e) => e.attrs.nodeId),
      [],
      `good events lost; add() results: ${results.map((x) => x.status).join(', ')}`,
    );
  });

  test('two writes that fail at the same time both keep their events in memory (nothing in hand is dropped)', async () => {
    let failing = false; // the store's own store.fallback event is written first
    const errors: number[] = [];
    const store = await memoryStore({
      writeHook: () => {
        if (failing) throw new Error('disk on fire');
      },
      onError: (i) => errors.push(i.held ?? -1),
    });
    failing = true;
    const a = ev('ui.action', { nodeId: 'a' });
    const b = ev('ui.action', { nodeId: 'b' });
    await Promise.all([store.putMany([a]), store.putMany([b])]);
    const heldWhileFailing = store.stats().held;
    failing = false;
    await store.putMany([ev('gate.passed')]); // the next write takes the held events along
    const ids = new Set((await store.query({ types: ['ui.action'] })).map((e) => e.id));
    assert.deepEqual(
      [a, b].filter((e) => !ids.has(e.id)).map((e) => e.attrs.nodeId),
      [],
      `held while failing: ${heldWhileFailing}; onError held counts: ${errors.join(', ')}`,
    );
  });

  test('a failed write keeps the events in memory, readable, and writes them with the next write', async () => {
    let failing = false;
    const codes: string[] = [];
    const store = await memoryStore({
      writeHook: () => {
        if (failing) throw new Error('nope');
      },
      onError: (i) => codes.push(i.code),
    });
    failing = true;
    const a = ev('ui.action');
    await store.putMany([a]);
    assert.equal(store.stats().held, 1);
    assert.equal((await store.get(a.id))?.id, a.id);
    failing = false;
    await store.putMany([ev('gate.passed')]);
    assert.equal(store.stats().held, 0);
    assert.equal((await store.count()) >= 2, true);
    assert.deepEqual(codes, ['write_failed']);
  });

  test('keys from events ("__proto__", "constructor") stay ordinary keys in the aggregates', async () => {
    const store = await memoryStore();
    await store.putMany([
      ev('station.attempted', { station: '__proto__', intentClass: '__proto__', ok: true, ms: 5 }),
      ev('gate.failed', { gate: '__proto__' }),
      ev('feedback.given', { rating: 'up', layoutId: '__proto__', station: 'toString', model: '__proto__' }),
    ]);
    const agg = await store.aggregates();
    const proto = ['__', 'proto', '__'].join(''); // read as an own key, as a visitor's event names it
    assert.equal(agg.stations[proto]?.attempts, 1);
    assert.equal(agg.layouts[proto]?.up, 1);
    assert.equal(({} as Record<string, unknown>).attempts, undefined);
    assert.equal(Object.getPrototypeOf(agg.stations), null);
  });

  test('filters with unparseable bounds mean no bound, never a crash', async () => {
    const store = await memoryStore();
    await store.putMany([ev('ui.action')]);
    for (const f of [{ from: 'soon' }, { to: new Date(Number.NaN) }, { from: Number.NaN }, { types: [] }])
      assert.equal((await store.query(f)).filter((e) => e.type === 'ui.action').length, 1, JSON.stringify(f));
  });
});

// ---- encoders -----------------------------------------------------------------------------

/** Events that validate, with the strings and numbers most likely to break an encoder. */
function nastyEvents(): JigEvent[] {
  const nasty = 'a\u2028b\u2029c\u0000d"e\\f\ud800g\udfffh\n\r\t😀';
  const list = [
    ev('station.attempted', {
      station: 'premium',
      model: nasty,
      tokensIn: 100_000_000,
      tokensOut: 0,
      ms: 30 * 86_400_000,
      cost: 1000,
      ok: false,
      parentSpan: nasty,
    }),
    ev('layout.rendered', { layoutId: nasty, layout: nasty, ms: 0.000001, nodes: -0 }),
    ev('shop.custom', { n: Number.MAX_SAFE_INTEGER, m: -Number.MAX_SAFE_INTEGER, f: 5e-324, '': 'empty key' }),
    ev('ui.action', {}, { time: '1970-01-01T00:00:00.000Z', span: '0000000000000000', trace: '' }),
    ev('ui.action', {}, { time: '9999-12-31T23:59:59.999Z', session: nasty, line: nasty }),
  ];
  return list.map((e) => {
    const r = validateEvent(e);
    assert.ok(r.ok, JSON.stringify(r));
    return r.event;
  });
}

describe('encoders with hostile (but valid) events', () => {
  test('NDJSON: one event a line, each line parses back to the event, no NaN/Infinity anywhere', async () => {
    const events = nastyEvents();
    const text = encodeToString('ndjson', events);
    const lines = text.split('\n');
    assert.equal(lines.pop(), '');
    assert.equal(lines.length, events.length);
    assert.deepEqual(
      lines.map((l) => JSON.parse(l)),
      JSON.parse(JSON.stringify(events)),
    );
    assert.doesNotMatch(text, /NaN|Infinity/);
  });

  test('every format is valid JSON, streamed equals whole, and every number in it is finite', async () => {
    const events = nastyEvents();
    for (const format of EXPORT_FORMATS) {
      const whole = encodeToString(format, events, { segment: { sentAt: '2026-01-01T00:00:00.000Z' } });
      let streamed = '';
      for await (const s of encodeStream(format, [events.slice(0, 2), [], events.slice(2)], {
        segment: { sentAt: '2026-01-01T00:00:00.000Z' },
      }))
        streamed += s;
      assert.equal(streamed, whole, format);
      if (format !== 'ndjson') {
        const doc = JSON.parse(whole);
        JSON.stringify(doc, (_k, v) => {
          if (typeof v === 'number') assert.ok(Number.isFinite(v), `${format}: ${v}`);
          return v;
        });
      }
    }
  });

  test('OTLP: ids are lower-case hex of the right length and never all zeros; start ≤ end; nanos are digit strings', () => {
    const events = nastyEvents();
    const traces = toOtlpTraces(events).resourceSpans[0]!.scopeSpans[0]!.spans;
    for (const s of traces) {
      assert.match(s.traceId, /^(?!0+$)[0-9a-f]{32}$/);
      assert.match(s.spanId, /^(?!0+$)[0-9a-f]{16}$/);
      if (s.parentSpanId !== undefined) assert.match(s.parentSpanId, /^(?!0+$)[0-9a-f]{16}$/);
      assert.match(s.startTimeUnixNano, /^\d+$/);
      assert.ok(BigInt(s.startTimeUnixNano) <= BigInt(s.endTimeUnixNano));
    }
    const logs = toOtlpLogs(events).resourceLogs[0]!.scopeLogs[0]!.logRecords;
    for (const l of logs) assert.match(l.timeUnixNano, /^[1-9]\d*$|^0$/);
  });

  test('OTLP: attribute keys are unique within a record (a site attr named "line" or "event.id" must not duplicate jig.line / jig.event.id)', () => {
    const r = validateEvent(
      ev('shop.checkout', { line: 'attr line', 'event.id': 'spoofed', 'event.type': 'spoofed', 'line.version': 'x' }),
    );
    assert.ok(r.ok);
    for (const [name, attrs] of [
      ['otlp-logs', toOtlpLogs([r.event]).resourceLogs[0]!.scopeLogs[0]!.logRecords[0]!.attributes],
      ['otlp-traces', toSpan(r.event).attributes],
    ] as const) {
      const keys = attrs.map((a) => a.key);
      const dup = keys.filter((k, i) => keys.indexOf(k) !== i);
      assert.deepEqual(dup, [], `${name}: duplicate attribute keys ${dup.join(', ')}`);
    }
  });

  test('Segment: a site attr named "trace" or "line" is not overwritten in properties (no value lost)', () => {
    const r = validateEvent(ev('shop.checkout', { line: 'checkout-line-3', trace: 'my-trace' }));
    assert.ok(r.ok);
    const props = toSegmentBatch([r.event]).batch[0]!.properties;
    const values = Object.values(props);
    assert.ok(values.includes('checkout-line-3'), `properties: ${JSON.stringify(props)}`);
    assert.ok(values.includes('my-trace'), `properties: ${JSON.stringify(props)}`);
  });

  test('dataset: a hostile layout attr ("__proto__" keys, clipped JSON) pollutes nothing and stays one valid JSONL line per row', () => {
    const events = [
      ev('layout.rendered', { layoutId: 'L1', station: 'premium', layout: '{"__proto__":{"polluted":1},"a":1}' }),
      ev('feedback.given', { layoutId: 'L1', rating: 'up', feedbackId: 'f' }),
      ev('layout.rendered', { layoutId: 'L2', station: 'premium', layout: '{"clipped": "tex' }),
      ev('feedback.given', { layoutId: 'L2', rating: 'down', feedbackId: 'g' }),
    ];
    const lines = toTuningDataset(events).trim().split('\n');
    assert.equal(lines.length, 2);
    const rows = lines.map((l) => JSON.parse(l));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(rows[1].layout, '{"clipped": "tex');
    assert.equal(aggregate(events).layouts.L1?.up, 1);
  });
});

// ---- the shipper ----------------------------------------------------------------------------

type Call = { body: string; bytes: number };
function fakeFetch(answer: (events: JigEvent[]) => Response): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  const f = (async (_url: string, init: RequestInit) => {
    const body = String(init.body);
    calls.push({ body, bytes: bytes(body) });
    return answer(JSON.parse(body));
  }) as unknown as typeof fetch;
  return { fetch: f, calls };
}
const json = (v: unknown, status = 200) =>
  new Response(JSON.stringify(v), { status, headers: { 'content-type': 'application/json' } });

describe('the shipper against hostile receivers and events', () => {
  test('a receiver refusing the whole request (401: a bad token) does not mark every event dead', async () => {
    const store = await memoryStore();
    await store.putMany(Array.from({ length: 4 }, () => ev('ui.action')));
    const { fetch } = fakeFetch(() => json({ error: 'unauthorized' }, 401));
    const r = await createShipper({ store, endpoint: 'https://x/v1/events', fetch, maxAttempts: 1 }).shipNow();
    const dead = await store.count({ shipped: 'dead' });
    assert.equal(dead, 0, `a 401 for the batch marked ${dead} events dead (result ${JSON.stringify(r)})`);
  });

  test('an answer that acknowledges fewer events than were sent does not mark the others shipped', async () => {
    const store = await memoryStore();
    await store.putMany(Array.from({ length: 3 }, () => ev('ui.action')));
    // Accepted 1, no duplicates, nothing rejected: two of the three are unaccounted for.
    const { fetch } = fakeFetch(() => json({ accepted: 1, duplicates: 0, rejected: [] }));
    await createShipper({ store, endpoint: 'https://x/v1/events', fetch, maxAttempts: 1 }).shipNow();
    const shipped = await store.count({ shipped: true, types: ['ui.action'] });
    assert.ok(shipped <= 1, `${shipped} events marked shipped on an answer that acknowledged 1`);
  });

  test('a malformed answer (rejected: [null]) neither crashes the pass nor loses events', async () => {
    const store = await memoryStore();
    await store.putMany([ev('ui.action'), ev('ui.action')]);
    const { fetch } = fakeFetch(() => json({ accepted: 0, duplicates: 0, rejected: [null] }));
    const r = await createShipper({ store, endpoint: 'https://x/v1/events', fetch, maxAttempts: 1 }).shipNow();
    assert.equal(r.stopped, 'gave-up');
    assert.equal(await store.count({ shipped: false, types: ['ui.action'] }), 2);
  });

  test('a batch body stays within maxBatchBytes in bytes, also for non-ASCII events', async () => {
    const store = await memoryStore();
    await store.putMany(Array.from({ length: 10 }, () => ev('shop.note', { text: '€'.repeat(4000) })));
    const { fetch, calls } = fakeFetch((events) => json({ accepted: events.length, duplicates: 0, rejected: [] }));
    await createShipper({ store, endpoint: 'https://x/v1/events', fetch, maxBatchBytes: 20_000 }).shipNow();
    const over = calls.filter((c) => c.bytes > 20_000 && JSON.parse(c.body).length > 1).map((c) => c.bytes);
    assert.deepEqual(over, [], 'batches of more than one event over maxBatchBytes (bytes)');
  });

  test('the exit beacon stays within beaconBytes in bytes, also for non-ASCII events', async () => {
    const sent: number[] = [];
    const g = globalThis as { navigator?: unknown };
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    Object.defineProperty(globalThis, 'navigator', {
      configurable: true,
      value: {
        onLine: true,
        sendBeacon: (_u: string, b: Blob) => {
          sent.push(b.size);
          return b.size <= 65_536;
        },
      },
    });
    try {
      const store = await memoryStore();
      const log = createEventLog({ store, context: { session: 's' } });
      const shipper = createShipper({
        store,
        log,
        endpoint: 'https://x/v1/events',
        fetch: (async () => json({}, 503)) as unknown as typeof fetch,
        intervalMs: 1e9,
      });
      shipper.start(); // listens to the log: events emitted now are what the exit beacon sends
      for (let i = 0; i < 20; i++) log.emit('ui.action', { nodeId: '日本語'.repeat(1000) });
      const took = shipper.beacon();
      shipper.stop();
      assert.ok(sent.length === 1, 'one beacon');
      assert.ok(sent[0]! <= 60_000, `a beacon of ${sent[0]} bytes (beaconBytes 60,000; browser took it: ${took})`);
    } finally {
      if (saved) Object.defineProperty(globalThis, 'navigator', saved);
      else delete g.navigator;
    }
  });
});

// ---- training input --------------------------------------------------------------------------

const req = (intent: string, rating?: 'up' | 'down'): SimRequest => ({
  line: 'shop',
  version: '1',
  session: `s-${intent}`,
  intent,
  intentClass: 'c',
  attempts: [{ station: 'premium', ok: true, cost: 0.002 }],
  rendered: { station: 'premium', layout: simLayout(`${intent} layout`) },
  ...(rating ? { rating } : {}),
});
const ndjson = (events: unknown[]) => events.map((e) => JSON.stringify(e)).join('\n') + '\n';
const datasetRow = (layoutId: string, intent: string, feedback: unknown[]) => ({
  layoutId,
  line: 'shop',
  lineVersion: '1',
  intentClass: 'c',
  station: 'premium',
  model: 'big',
  promptVersion: null,
  exemplarVersion: null,
  prompt: `Intent: ${intent}`,
  layout: simLayout(intent),
  verdicts: [],
  feedback,
});

async function runTrain(args: string[], env: Record<string, string> = {}) {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  const out: string[] = [],
    err: string[] = [];
  try {
    const code = await main(
      ['train', ...args],
      (s) => out.push(s),
      (s) => err.push(s),
    ).catch((e: unknown) => ({ threw: e }));
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    process.env = saved;
  }
}
const threw = (code: unknown) =>
  typeof code === 'object' && code !== null && 'threw' in code
    ? `threw ${(code as { threw: Error }).threw?.name}: ${(code as { threw: Error }).threw?.message}`
    : undefined;

function serve(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; server: Server }> {
  return new Promise((resolve) => {
    const server = createServer(handler);
    server.listen(0, '127.0.0.1', () => {
      const a = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${a.port}/v1/events`, server });
    });
  });
}

describe('training input (trainingPairs, jig train --from) with hostile files', () => {
  test('holds: junk lines, scalars, arrays and __proto__ keys are counted unreadable or ignored, nothing polluted', () => {
    const good = requestEvents(req('Newsletter sign-up', 'up'));
    const text = [
      'not json',
      '42',
      'null',
      '[1,2]',
      '"x"',
      '{"__proto__":{"polluted":1},"type":"layout.rendered","attrs":{"__proto__":{"x":1}}}',
      '{"type":"feedback.given","attrs":{"layoutId":"__proto__","rating":"up"}}',
      '{"layoutId":"__proto__","feedback":[{"rating":"up"}],"station":"premium","layout":{"__proto__":{"a":1}}}',
      ndjson(good),
    ].join('\n');
    const { pairs, read } = trainingPairs(text);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(pairs.length, 1);
    assert.equal(read.unreadable, 5);
  });

  test('a dataset row whose feedback holds null (or a number) is read without a crash', () => {
    for (const feedback of [[null], [1, 'up'], [{ rating: 'up' }, null]]) {
      const line = JSON.stringify(datasetRow('L1', 'Book a table', feedback));
      assert.doesNotThrow(() => trainingPairs(`${line}\n`), JSON.stringify(feedback));
    }
  });

  test('jig train on such a row exits with a code and a message, it does not throw', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jig-hostile-'));
    const file = join(dir, 'dataset.jsonl');
    writeFileSync(file, `${JSON.stringify(datasetRow('L1', 'Book a table', [null]))}\n`);
    const r = await runTrain(['--from', file, '--out', dir]);
    assert.equal(threw(r.code), undefined);
    assert.equal(r.code, 1);
    assert.match(r.err, /jig train: [a-z_]+: /);
  });

  test('a UTF-8 byte-order mark at the start of the file does not lose the first line', () => {
    const rows = ['Book a table', 'Contact us', 'Join the list'].map((intent, i) =>
      JSON.stringify(datasetRow(`L${i}`, intent, [{ rating: 'up', comment: null, time: '2026-12-05T10:00:00Z' }])),
    );
    const plain = trainingPairs(rows.join('\n') + '\n');
    const bom = trainingPairs(`\uFEFF${rows.join('\n')}\n`);
    assert.equal(plain.pairs.length, 3);
    assert.equal(bom.pairs.length, plain.pairs.length, `with a BOM: ${JSON.stringify(bom.read)}`);
  });

  test('the same export read twice (overlapping exports concatenated) gives the same pairs and weights', () => {
    const events = requestEvents(req('Team page'));
    const rendered = events.find((e) => e.type === 'layout.rendered')!;
    events.push(
      createEvent('ui.action', { ...ctx, trace: rendered.trace }, { layoutId: String(rendered.attrs.layoutId) }),
    );
    const once = trainingPairs(ndjson(events));
    const twice = trainingPairs(ndjson([...events, ...events]));
    assert.equal(once.pairs.length, 1);
    assert.deepEqual(
      twice.pairs.map((p) => [p.layoutId, p.weight]),
      once.pairs.map((p) => [p.layoutId, p.weight]),
      'event ids repeated: each event counted once (receivers drop duplicates by id)',
    );
  });

  test('holds: a deeply nested or hostile layout in an event is skipped, not a crash', () => {
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const deepTree = JSON.stringify({ version: 1, root: 'n', nodes: { n: { type: 'stack', children: ['n'] } } });
    for (const layout of [deep, deepTree, '{"__proto__":{"type":"stack"}}', '[]', '"text"', 'null']) {
      const events = requestEvents(req('Deep'));
      const rendered = events.find((e) => e.type === 'layout.rendered')!;
      rendered.attrs.layout = layout;
      assert.doesNotThrow(() => trainingPairs(ndjson(events)), layout.slice(0, 40));
    }
  });

  test('holds: --from a missing file, a directory, an empty file → bad_source / no_pairs with a code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jig-hostile-'));
    writeFileSync(join(dir, 'empty.ndjson'), '');
    mkdirSync(join(dir, 'sub'));
    for (const [from, code] of [
      [join(dir, 'missing.ndjson'), /bad_source: cannot read .*ENOENT/],
      [join(dir, 'sub'), /bad_source: cannot read .*EISDIR/],
      [join(dir, 'empty.ndjson'), /no_pairs: no accepted premium layout/],
    ] as const) {
      const r = await runTrain(['--from', from, '--out', dir]);
      assert.equal(threw(r.code), undefined, from);
      assert.equal(r.code, 1, from);
      assert.match(r.err, code);
    }
  });

  test('--from a URL nobody answers at ends with bad_source, not an uncaught TypeError', async () => {
    const { url, server } = await serve((_q, s) => s.end());
    server.close();
    await new Promise((r) => server.once('close', r));
    const r = await runTrain(['--from', url]);
    assert.equal(threw(r.code), undefined);
    assert.equal(r.code, 1);
    assert.match(r.err, /jig train: bad_source: /);
  });

  test('--from a URL whose connection drops mid-body ends with bad_source, not an uncaught TypeError', async () => {
    const { url, server } = await serve((_q, s) => {
      s.writeHead(200, { 'content-type': 'application/x-ndjson', 'content-length': '100000' });
      s.write('{"type":"ui.action","attrs":{}}\n');
      setImmediate(() => s.socket?.destroy());
    });
    try {
      let error: unknown;
      await readSource(url).catch((e: unknown) => {
        error = e;
      });
      assert.ok(
        error instanceof RetrainError,
        `readSource rejected with ${(error as Error)?.name}: ${(error as Error)?.message}`,
      );
      assert.equal((error as RetrainError).code, 'bad_source');
    } finally {
      server.close();
    }
  });

  test('holds: --from a URL answering 404 → bad_source with the status', async () => {
    const { url, server } = await serve((_q, s) => {
      s.statusCode = 404;
      s.end('no');
    });
    try {
      const r = await runTrain(['--from', url]);
      assert.equal(r.code, 1);
      assert.match(r.err, /bad_source: .* answered 404/);
    } finally {
      server.close();
    }
  });

  test('--out that is a file ends with a code and a message, not an uncaught EEXIST/ENOTDIR', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jig-hostile-'));
    const file = join(dir, 'events.ndjson');
    writeFileSync(file, ndjson(requestEvents(req('Newsletter sign-up', 'up'))));
    const notADir = join(dir, 'a-file');
    writeFileSync(notADir, 'x');
    const r = await runTrain(['--from', file, '--out', notADir, '--min-pairs', '1', '--name', 'hostile-out']);
    assert.equal(threw(r.code), undefined);
    assert.equal(r.code, 1);
    assert.match(r.err, /jig train: [a-z_]+: /);
  });

  // Were --line read after training (as it was), this would train for real; now it is refused first.
  test('an unreadable --line is refused with a code before training, not thrown after it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jig-hostile-'));
    const file = join(dir, 'events.ndjson');
    writeFileSync(file, ndjson(requestEvents(req('Newsletter sign-up', 'up'))));
    const work = new URL('../../../scripts/train/work/retrain-hostile-line', import.meta.url).pathname;
    const existed = existsSync(work);
    try {
      const r = await runTrain([
        '--from',
        file,
        '--out',
        dir,
        '--name',
        'hostile-line',
        '--steps',
        '1',
        '--min-pairs',
        '1',
        '--line',
        join(dir, 'no-such-line.json'),
      ]);
      const trained = existsSync(join(dir, 'hostile-line.gguf'));
      assert.equal(threw(r.code), undefined, `trained first: ${trained}`);
      assert.notEqual(r.code, 0);
      assert.match(r.err, /jig train: .*no-such-line\.json/);
      assert.equal(trained, false, 'the --line file is checked before minutes of training');
    } finally {
      if (!existed) rmSync(work, { recursive: true, force: true });
    }
  });

  test('holds: a model name with a path in it is refused with bad_source', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jig-hostile-'));
    const file = join(dir, 'events.ndjson');
    writeFileSync(file, ndjson(requestEvents(req('Newsletter sign-up', 'up'))));
    const r = await runTrain(['--from', file, '--out', dir, '--name', '../../etc/x']);
    assert.equal(r.code, 1);
    assert.match(r.err, /bad_source: a model name matches/);
  });

  test('holds: the flags refuse NaN, fractions, zero and absurd numbers with exit code 2', async () => {
    for (const args of [
      ['--steps', 'NaN'],
      ['--steps', '1.5'],
      ['--steps', '0'],
      ['--steps', '1e9'],
      ['--min-pairs', '-1'],
      ['--min-pairs', 'Infinity'],
      ['--scratch', '--minutes', 'Infinity'],
      ['--scratch', '--minutes', '-0'],
    ]) {
      const r = await runTrain(['--from', 'x.ndjson', ...args]);
      assert.equal(r.code, 2, args.join(' '));
    }
  });
});
