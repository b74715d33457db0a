// Taking the document from model text: one rule (scanDocument) for the parse gate and for a
// stream fed in any chunks, the rule's cases, and time linear in the text for hostile texts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { JsonScanner, scanDocument } from '../../../src/layout/json-scanner.js';
import { runGates } from '../../../src/gates/run.js';
import { LayoutStream } from '../../../src/surface/layout-stream.js';
import type { LayoutNode } from '../../../src/layout/document.js';
import { seeded } from '../gates/corpus.js';

const doc = (text: string) =>
  JSON.stringify({ version: 1, root: 'h', nodes: [{ id: 'h', type: 'heading', props: { text } }] });
const A = doc('A');
const B = doc('B');

/** The document's text as the parse gate takes it, or the error code. */
function whole(text: string): string {
  const s = scanDocument(text);
  return s.error ? `error:${s.error.code}` : s.document!;
}

/** The same, fed in chunks the way a stream reader feeds them. */
function chunked(text: string, next: () => number): string {
  const s = new JsonScanner();
  for (let i = 0; i < text.length; ) {
    const n = next();
    s.feed(text.slice(i, i + n));
    i += n;
  }
  s.finish();
  return s.error ? `error:${s.error.code}` : s.document!;
}

const heading = (text: string) => {
  const v = runGates(text);
  return v.ok ? (v.layout.nodes[0]!.props as { text: string }).text : `refused:${v.issues[0]!.code}`;
};

describe('the document in model text', () => {
  test('the first object wins: a later object or fenced block is ignored chatter', () => {
    assert.equal(heading(`Draft: ${A} and the final one: ${B}`), 'A');
    assert.equal(heading(A + '\n```json\n' + B + '\n```'), 'A');
    assert.equal(heading('Here it is:\n```json\n' + B + '\n```\nAnything else? {"x": 1}'), 'B');
    assert.equal(whole(`Draft: ${A} ${B}`), A);
  });

  test('a "{" that opens no object is chatter up to its "}", and nothing inside it is taken', () => {
    assert.equal(heading(`The {form} uses your {fields}: ${B}`), 'B');
    assert.equal(
      heading(`The {"name"} of it: ${B}`),
      'refused:invalid_json',
      'a "{" with a key opens the document, broken or not',
    );
    // A broken document's inner object is not the document: the verdict explains the outer one.
    const commented = `{ // the page\n "data": ${B} }`;
    assert.equal(whole(commented), 'error:invalid_json');
    assert.match(scanDocument(commented).error!.message, /expected a key in double quotes after "\{", found "\/"/);
    assert.equal(
      whole(`{'version': 1, "x": ${B}} then ${A}`),
      A,
      'the chatter "{" closes, the next object is the document',
    );
    assert.equal(whole('{ "a": "}" }'), '{ "a": "}" }');
    assert.equal(whole('{\n\t "a" : 1}'), '{\n\t "a" : 1}', 'whitespace after the "{"');
    assert.equal(whole('{}'), '{}');
  });

  test('texts without a document say why', () => {
    assert.equal(whole('Sorry, I cannot build that page.'), 'error:no_json_object');
    assert.equal(whole("{'a': 1}"), 'error:invalid_json');
    assert.equal(whole('the {name field'), 'error:invalid_json');
    assert.equal(whole('chatter {   '), 'error:invalid_json');
    assert.equal(whole('```json\n{"version": 1, "nodes": [\n```'), 'error:invalid_json');
  });

  test('1,000 seeded texts of chatter, braces, fences and documents: whole and in random chunks, the same document', () => {
    const rnd = seeded(0x13);
    const pieces = [
      'Sure! ',
      'the {name} field ',
      '```json\n',
      '\n```\n',
      '```\n',
      A,
      B,
      '{',
      '}',
      '"',
      '\\',
      "{'a': 1}",
      '{ // x\n',
      ' ',
      '\n',
      '{"k": "}"}',
      '{ }',
      'Draft: ',
      '😀',
    ];
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      let text = '';
      const count = 1 + Math.floor(rnd() * 8);
      for (let k = 0; k < count; k++) text += pieces[Math.floor(rnd() * pieces.length)];
      const expected = whole(text);
      seen.add(expected.startsWith('error:') ? expected : 'doc');
      const max = 1 + Math.floor(rnd() * 12);
      assert.equal(
        chunked(text, () => 1 + Math.floor(rnd() * max)),
        expected,
        JSON.stringify(text),
      );
      assert.equal(
        chunked(text, () => 1),
        expected,
        JSON.stringify(text),
      );
      // The parse gate takes the same document (or refuses for the same reason).
      const v = runGates(text);
      if (expected.startsWith('error:')) assert.equal(v.ok, false);
      else if (v.ok) assert.deepEqual(v.layout, JSON.parse(expected));
      else if ('layout' in v && v.layout !== undefined) assert.deepEqual(v.layout, JSON.parse(expected));
    }
    assert.ok(seen.has('doc') && seen.has('error:invalid_json') && seen.has('error:no_json_object'), [...seen].join());
  });

  test('a stream reader paints only nodes of the document the gates then judge, in any chunking', () => {
    const rnd = seeded(0x77);
    const stack = (tag: string) =>
      JSON.stringify({
        version: 1,
        root: `${tag}r`,
        nodes: [
          { id: `${tag}r`, type: 'stack', children: [`${tag}a`, `${tag}b`] },
          { id: `${tag}a`, type: 'heading', props: { text: `Heading ${tag}` } },
          { id: `${tag}b`, type: 'text', props: { text: 'x' } },
        ],
      });
    const wrappers = [
      (a: string, b: string) => `Draft: ${a} … final: ${b}`,
      (a: string, b: string) => a + '\n```json\n' + b + '\n```',
      (a: string, b: string) => `The {form} for {you}:\n\`\`\`json\n${a}\n\`\`\`\n${b}`,
      (a: string) => `{ // note\n "x": ${a} }`,
    ];
    for (let i = 0; i < 200; i++) {
      const text = wrappers[i % wrappers.length]!(stack('A'), stack('B'));
      const painted: LayoutNode[] = [];
      const reader = new LayoutStream({}, { paint: (node) => painted.push(node) });
      const max = 1 + Math.floor(rnd() * 30);
      const prefixes: string[] = [];
      for (let at = 0; at < text.length; ) {
        const n = 1 + Math.floor(rnd() * max);
        reader.push(text.slice(at, at + n));
        at += n;
        if (reader.documentSoFar !== undefined) prefixes.push(reader.documentSoFar);
      }
      if (!reader.scanner.done) reader.scanner.finish();
      const judged = scanDocument(text).document;
      assert.equal(reader.document, judged, JSON.stringify(text));
      // What a reader of another form would paint from is always the start of that same document.
      if (judged !== undefined)
        for (const p of prefixes) assert.ok(judged.startsWith(p), `${JSON.stringify(text)}: ${p}`);
      const v = runGates(reader.document ?? reader.text);
      if (v.ok) {
        for (const node of painted)
          assert.deepEqual(
            node,
            v.layout.nodes.find((n) => n.id === node.id),
            `${JSON.stringify(text)}: ${node.id}`,
          );
        assert.equal(painted.length, 3);
      } else if (reader.document === undefined) assert.deepEqual(painted, [], 'no document, nothing painted');
      else
        assert.ok(
          painted.every((n) => n.id.startsWith('A')),
          'nothing of the ignored document B',
        );
    }
  });
});
