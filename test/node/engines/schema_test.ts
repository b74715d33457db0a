// compactSchema: the reduced layout schema for very small models.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinCatalog } from '../../../src/catalog/builtin.js';
import { compactSchema } from '../../../src/engines/schema.js';

test('caps free strings and shortens the id pattern, leaving the original schema alone', () => {
  const original = builtinCatalog.narrow({ only: ['stack', 'heading', 'text'] }).jsonSchema({ maxNodes: 4 });
  const before = JSON.stringify(original);
  const s = compactSchema(original, { maxStringLength: 10, maxIdLength: 4 }) as {
    properties: Record<string, { maxLength?: number; pattern?: string }>;
  };
  assert.equal(JSON.stringify(original), before);
  assert.equal(s.properties.title!.maxLength, 10);
  assert.equal(s.properties.root!.pattern, '^[A-Za-z][A-Za-z0-9_-]{0,3}$');
  const text = JSON.stringify(s);
  assert.doesNotMatch(text, /\{0,63\}/);
  for (const m of text.matchAll(/"maxLength":(\d+)/g)) assert.ok(Number(m[1]) <= 10);
  // Enums stay enums.
  assert.match(text, /"enum":\["column","row"\]/);
});
