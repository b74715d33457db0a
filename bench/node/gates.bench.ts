// Gate time for 50- and 500-node documents beside AJV validating the same documents against
// the catalog's JSON Schema (schema only: AJV cannot check the graph, bindings or policy).
import Ajv2020 from 'ajv/dist/2020.js';
import { builtinCatalog } from '../../src/catalog/builtin.js';
import { runGates } from '../../src/gates/run.js';
import { makeLayout } from '../support/layouts.js';

function timeIt(fn: () => unknown, minMs = 400): number {
  for (let i = 0; i < 20; i++) fn(); // warm up (JIT, zod's compiled checks)
  let n = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < minMs) { for (let i = 0; i < 10; i++) fn(); n += 10; t = performance.now(); }
  return ((t - t0) / n) * 1000; // µs per run
}

export default async function () {
  const ajv = new Ajv2020({ strict: false });
  const schema = builtinCatalog.jsonSchema();
  const validateAnyOf = ajv.compile(schema);
  // AJV at its best on this schema: the node variants as a oneOf with a discriminator on "type",
  // so each node is checked against its own variant only (the anyOf form tries them in turn).
  const nodes = (schema.properties as Record<string, Record<string, unknown>>).nodes!;
  const variants = (nodes.items as { anyOf: unknown[] }).anyOf;
  const discriminated = { ...schema, properties: { ...(schema.properties as object), nodes: { ...nodes, items: { type: 'object', required: ['type'], discriminator: { propertyName: 'type' }, oneOf: variants } } } };
  const validate = new Ajv2020({ strict: false, discriminator: true }).compile(discriminated);
  const results = [];
  for (const size of [50, 500]) {
    const doc = makeLayout(size);
    const text = JSON.stringify(doc);
    if (!runGates(doc).ok) throw new Error(`benchmark layout of ${size} nodes does not pass the gates`);
    if (!validate(doc) || !validateAnyOf(doc)) throw new Error(`benchmark layout of ${size} nodes fails AJV: ${ajv.errorsText(validate.errors ?? validateAnyOf.errors)}`);
    const ours = timeIt(() => runGates(doc));
    const theirs = timeIt(() => validate(doc));
    const theirsAnyOf = timeIt(() => validateAnyOf(doc));
    results.push({ name: `gates, all seven, ${size}-node object`, value: +ours.toFixed(1), unit: 'µs', baseline: { name: 'AJV schema-only, same object (discriminated oneOf)', value: +theirs.toFixed(1) }, ratio: +(ours / theirs).toFixed(2) });
    results.push({ name: `AJV on the catalog's JSON Schema as generated (anyOf of 25 node types), ${size}-node object`, value: +theirsAnyOf.toFixed(1), unit: 'µs', note: 'the schema constrained decoding uses; AJV tries the variants in turn' });
    const oursText = timeIt(() => runGates(text));
    const theirsText = timeIt(() => validate(JSON.parse(text)));
    results.push({ name: `gates, all seven, ${size}-node JSON text (${(text.length / 1024).toFixed(0)} kB)`, value: +oursText.toFixed(1), unit: 'µs', baseline: { name: 'JSON.parse + AJV schema-only', value: +theirsText.toFixed(1) }, ratio: +(oursText / theirsText).toFixed(2) });
  }
  const bomb = 'x'.repeat(5_000_000);
  results.push({ name: 'refuse a 5 MB text', value: +timeIt(() => runGates(bomb), 200).toFixed(1), unit: 'µs' });
  const many = JSON.stringify({ version: 1, root: 'n0', nodes: Array.from({ length: 20_000 }, (_, i) => ({ id: `n${i}`, type: 'divider' })) });
  results.push({ name: 'refuse a 20,000-node document', value: +timeIt(() => runGates(many, { limits: { maxBytes: 10_000_000 } }), 200).toFixed(1), unit: 'µs', note: 'size limit raised so the node-count check is what refuses it' });
  return results;
}
