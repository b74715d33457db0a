// The node checker a surface uses while a layout streams in must agree with the full gates:
// it passes every node of a valid layout and never reports a node-level issue runGates does not.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createNodeChecker, runGates, type LayoutDocument } from '../../../src/gates/index.js';
import { expected, invalidFiles, optionsFor, validFiles } from './corpus.js';

describe('createNodeChecker', () => {
  test('passes every node of every valid layout, given its parent type', () => {
    const check = createNodeChecker();
    for (const f of validFiles) {
      const r = runGates(f.text);
      assert.ok(r.ok);
      const parentType = new Map<string, string>();
      r.layout.nodes.forEach((n) => n.children?.forEach((c) => parentType.set(c, n.type)));
      r.layout.nodes.forEach((n, i) =>
        assert.deepEqual(check(n, i, r.layout.data, parentType.get(n.id)), [], `${f.name} ${n.id}`),
      );
    }
  });

  test('reports nothing on an invalid layout that the full gates do not report too', () => {
    let compared = 0;
    for (const f of invalidFiles) {
      const e = expected[f.name]!;
      if (e.input) continue;
      const r = runGates(f.text, optionsFor(e));
      // A verdict that lists only its first issues cannot show that it holds all of the checker's.
      if (r.ok || !r.layout || r.issues.some((i) => i.code === 'issues_truncated')) continue;
      const doc = r.layout as LayoutDocument;
      if (!Array.isArray(doc.nodes)) continue;
      const check = createNodeChecker(optionsFor(e));
      const full = new Set(r.issues.map((i) => `${i.code} ${i.path}`));
      doc.nodes.forEach((n, i) => {
        for (const x of check(n, i, doc.data))
          assert.ok(full.has(`${x.code} ${x.path}`), `${f.name}: the checker reports ${x.code} at ${x.path}`);
        compared++;
      });
    }
    assert.ok(compared > 500, `${compared} nodes`);
  });

  test('refuses a node with an unsafe URL or a prototype key before its siblings arrive', () => {
    const check = createNodeChecker({ actions: ['go'] });
    assert.deepEqual(
      check({ id: 'l', type: 'link', props: { href: ' javascript:alert(1)', text: 'x' } }, 4, undefined).map(
        (i) => i.code,
      ),
      ['unsafe_url'],
    );
    assert.ok(
      check(JSON.parse('{"id": "t", "type": "text", "props": {"text": "x", "__proto__": {}}}'), 0, undefined).some(
        (i) => i.code === 'forbidden_key',
      ),
    );
    assert.deepEqual(
      check({ id: 'b', type: 'button', props: { label: 'x', action: 'stop' } }, 0, undefined).map((i) => [
        i.code,
        i.path,
      ]),
      [['unknown_action', '/nodes/0/props/action']],
    );
    assert.deepEqual(
      check({ id: 't', type: 'tab', props: { label: 'x' } }, 2, undefined, 'stack').map((i) => i.code),
      ['parent_not_allowed'],
    );
  });
});
