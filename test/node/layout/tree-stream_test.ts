// Streaming the nested form: LayoutStream hands over each node once its own props are complete,
// parents first, with the ids and indexes flattenTree gives, and holds back what fails its gates.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LayoutStream } from '../../../src/surface/layout-stream.js';
import { runGates } from '../../../src/gates/run.js';
import type { LayoutNode } from '../../../src/layout/document.js';

const text =
  '{"version":1,"title":"Bakery","data":{"signup":{}},"tree":{"type":"card","props":{"title":"Bakery newsletter"},"children":[{"type":"text","props":{"text":"No spam."}},{"type":"form","props":{"action":"subscribe","submitLabel":"Join"},"children":[{"type":"text-field","props":{"label":"Email","bind":"/signup/email","inputType":"email"}},{"type":"text","props":{"text":"Weekly."}}]}]}}';

function streamIn(t: string, size: number) {
  const painted: Array<{ node: LayoutNode; index: number; at: number }> = [];
  const rejected: number[] = [];
  const s = new LayoutStream(
    {},
    {
      paint: (node, index) => painted.push({ node, index, at: s.text.length }),
      reject: (index) => rejected.push(index),
    },
  );
  for (let i = 0; i < t.length; i += size) assert.equal(s.push(t.slice(i, i + size)), undefined);
  return { s, painted, rejected };
}

test('paints each nested node as its props complete, with the final ids and indexes', () => {
  const { s, painted } = streamIn(text, 7);
  const v = runGates(text);
  assert.ok(v.ok);
  assert.deepEqual(
    painted.map((p) => [p.node.id, p.index]),
    v.layout.nodes.map((n, i) => [n.id, i]),
  );
  assert.equal(s.root, v.layout.root);
  // The card paints as soon as its children list opens, long before the document ends.
  assert.ok(painted[0]!.at < text.indexOf('"children"') + 20);
  // Children are attached to their painted parent as they arrive.
  assert.deepEqual(painted[0]!.node.children, ['text-1', 'form-1']);
  assert.deepEqual(painted[2]!.node.children, ['text-field-1', 'text-2']);
});

test('a node that fails its own gates is not painted, nor is anything below it', () => {
  const bad = text.replace('"action":"subscribe"', '"action":"javascript:alert(1)"');
  const { painted, rejected } = streamIn(bad, 5);
  assert.deepEqual(
    painted.map((p) => p.node.type),
    ['card', 'text'],
  );
  assert.deepEqual(rejected, [2]);
});

test('a tab outside tabs never paints', () => {
  const t =
    '{"version":1,"tree":{"type":"stack","children":[{"type":"tab","props":{"label":"A"}},{"type":"divider"}]}}';
  const { painted, rejected } = streamIn(t, 3);
  assert.deepEqual(
    painted.map((p) => p.node.type),
    ['stack', 'divider'],
  );
  assert.deepEqual(rejected, [1]);
});
