import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEvent, type JigEvent } from '../../../src/events/event.js';
import {
  EXPORT_FORMATS,
  encodeStream,
  encodeToString,
  isoToUnixNano,
  toHexId,
  toNdjson,
  toOtlpLogs,
  toOtlpTraces,
  toSegmentBatch,
  segmentBatches,
  SEGMENT_BATCH_BYTES,
} from '../../../src/events/formats.js';

function sample(): JigEvent[] {
  const ctx = { session: 's-1', trace: 'req-42', span: 'attempt-1', line: 'trip-planner', lineVersion: '4' };
  return [
    {
      ...createEvent('layout.requested', { ...ctx, span: 'req-span' }, { intentClass: 'booking' }),
      time: '2026-11-24T10:00:00.000Z',
    },
    {
      ...createEvent('station.attempted', ctx, {
        station: 'browser',
        model: 'SmolLM2-360M',
        provider: 'webllm',
        tokensIn: 812,
        tokensOut: 240,
        ms: 1250.5,
        cost: 0,
        ok: true,
        parentSpan: 'req-span',
      }),
      time: '2026-11-24T10:00:01.250Z',
    },
    {
      ...createEvent('gate.failed', ctx, {
        gate: 'catalog',
        code: 'unknown_type',
        station: 'browser',
        model: 'SmolLM2-360M',
      }),
      time: '2026-11-24T10:00:01.260123Z',
    },
    {
      ...createEvent('feedback.given', ctx, { rating: 'up', layoutId: 'L1', comment: null }),
      time: '2026-11-24T10:00:09.000Z',
    },
  ];
}

test('NDJSON has one parseable §5 event per line, in order', () => {
  const events = sample();
  const text = toNdjson(events);
  const lines = text.trimEnd().split('\n');
  assert.equal(lines.length, events.length);
  assert.deepEqual(
    lines.map((l) => JSON.parse(l)),
    events,
  );
  assert.ok(text.endsWith('\n'));
});

test('every OTLP trace and span id is lower-case hex of the right length, and stable', () => {
  const logs = toOtlpLogs(sample());
  const traces = toOtlpTraces(sample());
  for (const r of logs.resourceLogs[0]!.scopeLogs[0]!.logRecords) {
    assert.match(r.traceId, /^[0-9a-f]{32}$/);
    assert.match(r.spanId, /^[0-9a-f]{16}$/);
  }
  for (const s of traces.resourceSpans[0]!.scopeSpans[0]!.spans) {
    assert.match(s.traceId, /^[0-9a-f]{32}$/);
    assert.match(s.spanId, /^[0-9a-f]{16}$/);
    if (s.parentSpanId !== undefined) assert.match(s.parentSpanId, /^[0-9a-f]{16}$/);
  }
  assert.equal(toHexId('req-42', 32), toHexId('req-42', 32));
  assert.notEqual(toHexId('req-42', 32), toHexId('req-43', 32));
  assert.equal(toHexId('0123456789ABCDEF0123456789abcdef', 32), '0123456789abcdef0123456789abcdef');
  assert.equal(toHexId('01937b2e-4f5a-7c3d-8e9f-0a1b2c3d4e5f', 32), '01937b2e4f5a7c3d8e9f0a1b2c3d4e5f');
  assert.notEqual(toHexId('0'.repeat(16), 16), '0'.repeat(16), 'an all-zero id means "no id" in OTLP');
});

test('64-bit integers are decimal strings: times in nanoseconds, token counts as intValue', () => {
  assert.equal(isoToUnixNano('2026-11-24T10:00:01.260123Z'), '1795514401260123000');
  const logs = toOtlpLogs(sample());
  const rec = logs.resourceLogs[0]!.scopeLogs[0]!.logRecords[2]!;
  assert.equal(typeof rec.timeUnixNano, 'string');
  assert.equal(rec.timeUnixNano, '1795514401260123000');
  const spans = toOtlpTraces(sample()).resourceSpans[0]!.scopeSpans[0]!.spans;
  const attempt = spans[1]!;
  assert.equal(attempt.endTimeUnixNano, '1795514401250000000');
  assert.equal(attempt.startTimeUnixNano, '1795514399999500000');
  assert.equal(
    BigInt(attempt.endTimeUnixNano) - BigInt(attempt.startTimeUnixNano),
    1_250_500_000n,
    "the span lasts the attempt's ms",
  );
  const tokens = attempt.attributes.find((a) => a.key === 'gen_ai.usage.input_tokens');
  assert.deepEqual(tokens?.value, { intValue: '812' });
});

test('station attempts carry the OpenTelemetry GenAI attribute names', () => {
  const spans = toOtlpTraces(sample()).resourceSpans[0]!.scopeSpans[0]!.spans;
  const attempt = spans[1]!;
  const attrs = Object.fromEntries(attempt.attributes.map((a) => [a.key, a.value]));
  assert.deepEqual(attrs['gen_ai.operation.name'], { stringValue: 'chat' });
  assert.deepEqual(attrs['gen_ai.request.model'], { stringValue: 'SmolLM2-360M' });
  assert.deepEqual(attrs['gen_ai.response.model'], { stringValue: 'SmolLM2-360M' });
  assert.deepEqual(attrs['gen_ai.provider.name'], { stringValue: 'webllm' });
  assert.deepEqual(attrs['gen_ai.system'], { stringValue: 'webllm' });
  assert.deepEqual(attrs['gen_ai.usage.output_tokens'], { intValue: '240' });
  assert.deepEqual(attrs['jig.cost'], { intValue: '0' });
  assert.deepEqual(attrs['jig.ms'], { doubleValue: 1250.5 });
  assert.equal(attrs['jig.model'], undefined, 'a mapped attr is not repeated under jig.*');
  assert.equal(attempt.name, 'chat SmolLM2-360M');
  assert.equal(attempt.spanId, toHexId('attempt-1', 16));
  assert.equal(attempt.parentSpanId, toHexId('req-span', 16));
  // The gate result nests under the attempt it checked.
  assert.equal(spans[2]!.parentSpanId, attempt.spanId);
  assert.equal(spans[2]!.status.code, 2);
  // Null attrs have no OTLP value and are left out rather than sent empty.
  assert.equal(
    spans[3]!.attributes.find((a) => a.key === 'jig.comment'),
    undefined,
  );
});

test('a Segment batch has one track call per event with messageId = event id', () => {
  const events = sample();
  const body = toSegmentBatch(events, { sentAt: '2026-11-24T10:01:00.000Z' });
  assert.equal(body.batch.length, events.length);
  body.batch.forEach((m, i) => {
    assert.equal(m.type, 'track');
    assert.equal(m.messageId, events[i]!.id);
    assert.equal(m.anonymousId, 's-1');
    assert.equal(m.event, events[i]!.type);
    assert.equal(m.timestamp, events[i]!.time);
  });
  assert.equal(body.batch[1]!.properties.model, 'SmolLM2-360M');
  assert.equal(body.sentAt, '2026-11-24T10:01:00.000Z');
});

test('Segment batches stay under the upload limit, in order, each event once, with one sentAt', () => {
  const sentAt = '2026-11-24T10:01:00.000Z';
  // 2,000 events of about 1.3 KB (euro signs: 3 UTF-8 bytes each, so UTF-16 length would undercount).
  const events = Array.from({ length: 2000 }, (_, i) => ({
    ...createEvent('ui.action', { session: 's-1', trace: `t${i}` }, { note: '€'.repeat(300), i }),
    time: '2026-11-24T10:00:00.000Z',
  }));
  const whole = Buffer.byteLength(JSON.stringify(toSegmentBatch(events, { sentAt })));
  assert.ok(whole > SEGMENT_BATCH_BYTES, `the whole export is ${whole} bytes`);
  const batches = [...segmentBatches(events, { sentAt })];
  assert.ok(batches.length >= Math.ceil(whole / SEGMENT_BATCH_BYTES));
  for (const b of batches) {
    assert.ok(Buffer.byteLength(JSON.stringify(b)) <= SEGMENT_BATCH_BYTES);
    assert.equal(b.sentAt, sentAt);
  }
  assert.deepEqual(
    batches.flatMap((b) => b.batch.map((m) => m.messageId)),
    events.map((e) => e.id),
  );
  // Each batch is full: the next event would not have fitted.
  for (let i = 0; i < batches.length - 1; i++) {
    const more = { ...batches[i]!, batch: [...batches[i]!.batch, batches[i + 1]!.batch[0]!] };
    assert.ok(Buffer.byteLength(JSON.stringify(more)) > SEGMENT_BATCH_BYTES);
  }
  // A limit smaller than one event: each event in a batch of its own, none lost.
  const tiny = [...segmentBatches(events.slice(0, 3), { sentAt, maxBytes: 100 })];
  assert.deepEqual(
    tiny.map((b) => b.batch.length),
    [1, 1, 1],
  );
  assert.deepEqual([...segmentBatches([], { sentAt })], []);
});

test('the streamed export of every format is the same JSON as the whole-document one', async () => {
  const events = sample();
  const pages = [events.slice(0, 1), [], events.slice(1, 3), events.slice(3)];
  const sentAt = '2026-11-24T10:01:00.000Z';
  for (const format of EXPORT_FORMATS) {
    let streamed = '';
    for await (const chunk of encodeStream(format, pages, { segment: { sentAt } })) streamed += chunk;
    const whole = await encodeToString(format, events, { segment: { sentAt } });
    assert.equal(streamed, whole, format);
    if (format === 'ndjson') assert.equal(streamed, toNdjson(events));
    else {
      const expected =
        format === 'otlp-logs'
          ? toOtlpLogs(events)
          : format === 'otlp-traces'
            ? toOtlpTraces(events)
            : toSegmentBatch(events, { sentAt });
      assert.deepEqual(JSON.parse(streamed), expected, format);
    }
  }
});

test('an empty export is still a valid document', async () => {
  for (const format of EXPORT_FORMATS) {
    const text = await encodeToString(format, []);
    if (format === 'ndjson') assert.equal(text, '');
    else assert.doesNotThrow(() => JSON.parse(text), format);
  }
});
