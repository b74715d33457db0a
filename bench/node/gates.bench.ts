// Gate time for 50- and 500-node documents beside AJV validating the same documents against
// the catalog's JSON Schema (schema only: AJV cannot check the graph, bindings or policy); the
// full path alone and a refused document show what the fast path saves and what a refusal costs.
import Ajv2020 from 'ajv/dist/2020.js';
import { builtinCatalog } from '../../src/catalog/builtin.js';
import { runFullGates, runGates } from '../../src/gates/run.js';
import { JsonScanner } from '../../src/layout/json-scanner.js';
import { makeLayout } from '../support/layouts.js';
import { alternate, cpuClock, pairedRow, soloRow, spread, timeSlice } from '../support/stats.js';

// Each run times one function for a slice of SLICE ms of this process's CPU time (µs per call:
// what other processes take from a busy machine does not count); a figure and its baseline take
// turns, RUNS slices each, so both see the same moments of the machine.
const SLICE = 60;
const RUNS = 15;
const clock = cpuClock ?? (() => performance.now());
const vs = (a: () => unknown, b: () => unknown) =>
  alternate(
    () => timeSlice(a, SLICE, clock),
    () => timeSlice(b, SLICE, clock),
    { runs: RUNS, warmup: 2 },
  );

export default async function () {
  const ajv = new Ajv2020({ strict: false });
  const schema = builtinCatalog.jsonSchema();
  const validateAnyOf = ajv.compile(schema);
  // AJV at its best on this schema: the node variants as a oneOf with a discriminator on "type",
  // so each node is checked against its own variant only (the anyOf form tries them in turn).
  const nodes = (schema.properties as Record<string, Record<string, unknown>>).nodes!;
  const variants = (nodes.items as { anyOf: unknown[] }).anyOf;
  const discriminated = {
    ...schema,
    properties: {
      ...(schema.properties as object),
      nodes: {
        ...nodes,
        items: { type: 'object', required: ['type'], discriminator: { propertyName: 'type' }, oneOf: variants },
      },
    },
  };
  const validate = new Ajv2020({ strict: false, discriminator: true }).compile(discriminated);
  const results = [];
  for (const size of [50, 500]) {
    const doc = makeLayout(size);
    const text = JSON.stringify(doc);
    if (!runGates(doc).ok) throw new Error(`benchmark layout of ${size} nodes does not pass the gates`);
    if (!validate(doc) || !validateAnyOf(doc))
      throw new Error(
        `benchmark layout of ${size} nodes fails AJV: ${ajv.errorsText(validate.errors ?? validateAnyOf.errors)}`,
      );
    const objects = await vs(
      () => runGates(doc),
      () => validate(doc),
    );
    results.push(
      pairedRow(
        `gates, all seven, ${size}-node object`,
        'µs',
        objects,
        'AJV schema-only, same object (discriminated oneOf)',
        { digits: 1, note: size === 500 ? 'goal ≤ 1.0×' : 'goal ≤ 1.5×' },
      ),
    );
    const full = await vs(
      () => runFullGates(doc),
      () => validate(doc),
    );
    results.push(
      pairedRow(
        `gates, full path only (every gate builds its issue list), ${size}-node object`,
        'µs',
        full,
        'AJV schema-only, same object (discriminated oneOf)',
        { digits: 1, note: 'what runGates costs without the fast path' },
      ),
    );
    // One prop too long near the end: the fast path says no, the full path finds and words the issue.
    const bad = structuredClone(doc);
    const last = bad.nodes.findLast((n) => n.type === 'heading')!;
    last.props = { ...last.props, text: 'x'.repeat(201) };
    if (runGates(bad).ok || validate(bad)) throw new Error('the refused benchmark layout passed');
    const refused = await vs(
      () => runGates(bad),
      () => validate(bad),
    );
    results.push(
      pairedRow(
        `gates refusing a ${size}-node object (one prop too long)`,
        'µs',
        refused,
        'AJV schema-only refusing it (discriminated oneOf)',
        { digits: 1, note: 'fast path, then the full path for the issue list' },
      ),
    );
    const anyOf = await vs(
      () => validateAnyOf(doc),
      () => validate(doc),
    );
    results.push(
      pairedRow(
        `AJV on the catalog's JSON Schema as generated (anyOf of every node type), ${size}-node object`,
        'µs',
        anyOf,
        'AJV, discriminated oneOf',
        { digits: 1, note: 'the schema constrained decoding uses; AJV tries the variants in turn' },
      ),
    );
    const texts = await vs(
      () => runGates(text),
      () => validate(JSON.parse(text)),
    );
    results.push(
      pairedRow(
        `gates, all seven, ${size}-node JSON text (${(text.length / 1024).toFixed(0)} kB)`,
        'µs',
        texts,
        'JSON.parse + AJV schema-only',
        { digits: 1 },
      ),
    );
  }
  const bomb = 'x'.repeat(5_000_000);
  const solo = (fn: () => unknown) => spread(Array.from({ length: RUNS }, () => timeSlice(fn, SLICE / 2, clock)));
  results.push(
    soloRow(
      'refuse a 5 MB text',
      'µs',
      solo(() => runGates(bomb)),
      { digits: 1 },
    ),
  );
  const many = JSON.stringify({
    version: 1,
    root: 'n0',
    nodes: Array.from({ length: 20_000 }, (_, i) => ({ id: `n${i}`, type: 'divider' })),
  });
  results.push(
    soloRow(
      'refuse a 20,000-node document',
      'µs',
      solo(() => runGates(many, { limits: { maxBytes: 10_000_000 } })),
      { digits: 1, note: 'size limit raised so the node-count check is what refuses it' },
    ),
  );
  // A model's answer arrives a few characters at a time: the scanner must not rescan what it
  // already read on every chunk. 2,000 nodes (~140 kB) fed in 4-character chunks, beside one feed.
  const streamed = JSON.stringify(makeLayout(2000));
  const feed = (size: number) => () => {
    const s = new JsonScanner();
    for (let i = 0; i < streamed.length; i += size) s.feed(streamed.slice(i, i + size));
    s.finish();
    if (!s.done) throw new Error('the scanner did not finish the benchmark document');
  };
  results.push(
    pairedRow(
      `JSON scanner, ${(streamed.length / 1024).toFixed(0)} kB fed in 4-character chunks`,
      'µs',
      await vs(feed(4), feed(streamed.length)),
      'the same text in one feed',
      { digits: 0, note: 'what streaming paint costs in scanning: linear, not a rescan per chunk' },
    ),
  );
  return results;
}
