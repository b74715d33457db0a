// Size limits are a safety bound: oversized and bomb-shaped input is refused with the right code
// (how long a refusal takes is a figure in `npm run bench -- gates`, not a test), and the
// `limits` option moves every bound (any limit not given keeps its default).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_LIMITS, runGates, type GateResult, type LayoutDocument } from '../../../src/gates/index.js';
import { validFiles } from './corpus.js';

/** The verdict, with the least time of three runs for the test's diagnostic line (never asserted). */
function timed(input: unknown, options?: Parameters<typeof runGates>[1]): { r: GateResult; ms: number } {
  let best = Infinity;
  let r!: GateResult;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    r = runGates(input, options);
    best = Math.min(best, performance.now() - t0);
  }
  return { r, ms: best };
}

function codes(r: GateResult): string[] {
  return r.ok ? [] : r.issues.map((i) => i.code);
}

function manyNodes(count: number): LayoutDocument {
  const nodes: LayoutDocument['nodes'] = [{ id: 'root', type: 'stack', children: ['n1'] }];
  for (let i = 1; i < count; i++) nodes.push({ id: `n${i}`, type: 'text', props: { text: `Line ${i}` } });
  return { version: 1, root: 'root', nodes };
}

const booking = () => JSON.parse(validFiles.find((f) => f.name === 'booking-form.json')!.text) as LayoutDocument;

describe('hostile sizes are refused', () => {
  test('a 5 MB text is refused as too_large', (t) => {
    const huge = `{"version": 1, "root": "p", "nodes": [{"id": "p", "type": "text", "props": {"text": "${'x'.repeat(5 * 1024 * 1024)}"}}]}`;
    const { r, ms } = timed(huge);
    t.diagnostic(`5 MB text: ${ms.toFixed(1)} ms`);
    assert.deepEqual(codes(r), ['too_large']);
  });

  test('a 5 MB string handed over in an object is refused as too_large', (t) => {
    const doc = {
      version: 1,
      root: 'p',
      nodes: [{ id: 'p', type: 'text', props: { text: 'é'.repeat(5 * 1024 * 1024) } }],
    };
    const { r, ms } = timed(doc);
    t.diagnostic(`5 MB string in an object: ${ms.toFixed(1)} ms`);
    assert.ok(codes(r).includes('too_large'));
  });

  test('a 20,000-node document is refused, as text and as an object', (t) => {
    const doc = manyNodes(20_000);
    const text = JSON.stringify(doc);
    for (const [label, input] of [
      ['text', text],
      ['object', doc],
    ] as const) {
      const { r, ms } = timed(input);
      t.diagnostic(`20,000 nodes as ${label} (${(text.length / 1024).toFixed(0)} kB of JSON): ${ms.toFixed(1)} ms`);
      assert.equal(r.ok, false);
      assert.ok(codes(r).includes('too_large'), `${label}: ${codes(r).join()}`);
    }
  });

  test('with the byte limit lifted, 20,000 nodes still fail on the node limit', (t) => {
    const doc = manyNodes(20_000);
    const text = JSON.stringify(doc);
    for (const [label, input] of [
      ['text', text],
      ['object', doc],
    ] as const) {
      const { r, ms } = timed(input, { limits: { maxBytes: 64 * 1024 * 1024 } });
      t.diagnostic(`20,000 nodes as ${label}, byte limit lifted: ${ms.toFixed(1)} ms`);
      assert.deepEqual(codes(r), ['too_many_nodes'], label);
      assert.ok(!r.ok && r.issues[0]!.path === '/nodes');
    }
  });

  test('a depth bomb of 100,000 nested arrays in data is refused as too_deep, as text and as an object', (t) => {
    const text = `{"version": 1, "root": "p", "data": {"bomb": ${'['.repeat(100_000)}${']'.repeat(100_000)}}, "nodes": [{"id": "p", "type": "text", "props": {"text": "hi"}}]}`;
    let bomb: unknown = 0;
    for (let i = 0; i < 100_000; i++) bomb = [bomb];
    const obj = { version: 1, root: 'p', data: { bomb }, nodes: [{ id: 'p', type: 'text', props: { text: 'hi' } }] };
    for (const [label, input] of [
      ['text', text],
      ['object', obj],
    ] as const) {
      const { r, ms } = timed(input);
      t.diagnostic(`100,000-deep arrays as ${label}: ${ms.toFixed(1)} ms`);
      assert.deepEqual(codes(r), ['too_deep'], label);
      assert.ok(!r.ok && r.issues[0]!.path.startsWith('/data/bomb/0/0/0'), label);
    }
  });

  test('a huge string inside the byte limit is refused as string_too_long wherever it sits', () => {
    const doc = booking();
    (doc.data as Record<string, unknown>).essay = 'word '.repeat(60_000);
    const r = runGates(doc, { limits: { maxBytes: 1024 * 1024 } });
    assert.ok(!r.ok && r.issues.some((i) => i.code === 'string_too_long' && i.path === '/data/essay'));
    const asText = runGates(JSON.stringify(doc), { limits: { maxBytes: 1024 * 1024 } });
    assert.ok(!asText.ok && asText.issues.some((i) => i.code === 'string_too_long' && i.path === '/data/essay'));
  });

  test('a node listing 100,000 children is refused with a few issues, reading each child a bounded number of times', (t) => {
    const kids = Array.from({ length: 100_000 }, (_, i) => `k${i}`);
    let reads = 0;
    const counted = new Proxy(kids, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver);
      },
    });
    const doc = { version: 1, root: 'p', nodes: [{ id: 'p', type: 'stack', children: counted }] };
    const { r, ms } = timed(doc, { limits: { maxBytes: 64 * 1024 * 1024 } });
    t.diagnostic(`100,000 children ids: ${ms.toFixed(1)} ms, ${reads / 3} reads of a child per run`);
    assert.ok(codes(r).includes('too_many_nodes'));
    assert.ok(!r.ok && r.issues.length < 50, `${r.ok ? 0 : r.issues.length} issues`);
    // Three runs: a pass that rescanned the list per child would read it billions of times.
    assert.ok(reads / 3 <= 8 * kids.length, `${reads / 3} reads of ${kids.length} children in one run`);
  });
});

describe('the limits option', () => {
  test('each limit, tightened, refuses a document the defaults accept', () => {
    const cases: [Partial<typeof DEFAULT_LIMITS>, string, string][] = [
      [{ maxNodes: 3 }, 'too_many_nodes', '/nodes'],
      [{ maxBytes: 300 }, 'too_large', ''],
      [{ maxStringLength: 10 }, 'string_too_long', '/nodes/2/props/text'],
      [{ maxTreeDepth: 2 }, 'tree_too_deep', ''],
      [{ maxChildren: 2 }, 'too_many_nodes', '/nodes/0/children'],
      [{ maxJsonDepth: 3 }, 'too_deep', ''],
    ];
    assert.ok(runGates(booking()).ok);
    for (const [limits, code, path] of cases) {
      for (const input of [booking(), JSON.stringify(booking())]) {
        const r = runGates(input, { limits });
        assert.equal(r.ok, false, JSON.stringify(limits));
        assert.ok(
          !r.ok && r.issues.some((i) => i.code === code && (path === '' || i.path === path)),
          `${JSON.stringify(limits)}: ${JSON.stringify(!r.ok && r.issues.map((i) => [i.code, i.path]))}`,
        );
      }
    }
  });

  test('each limit, raised, accepts a document the defaults refuse', () => {
    const big = manyNodes(DEFAULT_LIMITS.maxNodes + 1);
    big.nodes[0]!.children = big.nodes
      .slice(1)
      .map((n) => n.id)
      .slice(0, 1);
    // a chain keeps every node reachable and each parent under the child limit
    for (let i = 1; i < big.nodes.length - 1; i++)
      big.nodes[i] = { id: `n${i}`, type: 'stack', children: [`n${i + 1}`] };
    assert.ok(codes(runGates(big)).includes('too_many_nodes'));
    const r = runGates(big, { limits: { maxNodes: 5000, maxTreeDepth: 5000, maxJsonDepth: 64 } });
    assert.ok(r.ok, JSON.stringify(!r.ok && r.issues.slice(0, 3)));

    const doc = booking();
    (doc.data as Record<string, unknown>).long = 'y'.repeat(DEFAULT_LIMITS.maxStringLength + 1);
    assert.deepEqual(codes(runGates(doc)), ['string_too_long']);
    assert.ok(runGates(doc, { limits: { maxStringLength: 100_000 } }).ok);
  });

  test('a limit given as undefined or NaN (a missing config value) keeps its default, never switches it off', () => {
    const big = JSON.stringify(manyNodes(DEFAULT_LIMITS.maxNodes + 1));
    const longString = booking();
    (longString.data as Record<string, unknown>).long = 'y'.repeat(DEFAULT_LIMITS.maxStringLength + 1);
    for (const missing of [undefined, NaN]) {
      assert.ok(
        codes(runGates('x'.repeat(DEFAULT_LIMITS.maxBytes + 1), { limits: { maxBytes: missing } })).includes(
          'too_large',
        ),
      );
      assert.ok(codes(runGates(big, { limits: { maxNodes: missing, maxBytes: 1e8 } })).includes('too_many_nodes'));
      assert.deepEqual(codes(runGates(longString, { limits: { maxStringLength: missing } })), ['string_too_long']);
      assert.ok(
        codes(runGates(booking(), { limits: { maxTreeDepth: missing, maxJsonDepth: missing, maxChildren: missing } }))
          .length === 0,
      );
    }
  });

  test('a partial limits object keeps the other defaults and leaves DEFAULT_LIMITS alone', () => {
    const before = { ...DEFAULT_LIMITS };
    const doc = booking();
    (doc.data as Record<string, unknown>).long = 'y'.repeat(DEFAULT_LIMITS.maxStringLength + 1);
    assert.deepEqual(codes(runGates(doc, { limits: { maxNodes: 50 } })), ['string_too_long']);
    assert.deepEqual({ ...DEFAULT_LIMITS }, before);
    assert.ok(Object.isFrozen(DEFAULT_LIMITS));
  });
});
