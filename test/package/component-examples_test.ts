// The components page's examples: one for every built-in component, each passing all seven gates.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { builtinCatalog } from '../../src/catalog/builtin.js';
import { toJsonSchema } from '../../src/catalog/json-schema.js';
import { runGates } from '../../src/gates/run.js';
import { exampleLayout, typeText } from '../../demo/component-examples.js';

describe('components page', () => {
  test('every built-in component gets an example layout that passes the gates and shows it', () => {
    const failing: string[] = [];
    for (const type of builtinCatalog.types) {
      const layout = exampleLayout(builtinCatalog, type);
      assert.ok(
        layout.nodes.some((n) => n.type === type),
        `${type} is not in its own example`,
      );
      const verdict = runGates(layout, { actions: ['save'] });
      if (!verdict.ok) failing.push(`${type}: ${verdict.issues.map((i) => `${i.code} at ${i.path}`).join(', ')}`);
    }
    assert.deepEqual(failing, []);
  });

  test('type texts show enums, limits and $data alternatives', () => {
    const text = (type: string, prop: string) =>
      typeText(
        (toJsonSchema(builtinCatalog.get(type)!.props).properties as Record<string, Record<string, unknown>>)[prop]!,
      );
    assert.equal(text('button', 'variant'), '"primary" | "secondary" | "danger"');
    assert.equal(text('button', 'label'), 'string (≤ 60) or {"$data": pointer}');
    assert.match(text('text-field', 'label'), /^string \(≤ \d+\)$/);
    assert.match(text('stat', 'value'), /or \{"\$data": pointer\}$/);
  });
});
