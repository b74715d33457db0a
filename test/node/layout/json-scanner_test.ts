// The incremental JSON scanner: fed in chunks of any size it must reach the verdict it reaches
// on the whole text, and report the same boundaries for the members a stream hands over.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { JsonScanner, type PathSegment } from '../../../src/layout/json-scanner.js';
import { invalidFiles, seeded, validFiles } from '../gates/corpus.js';

interface Trace {
  done: boolean;
  failed: boolean;
  start: number;
  end: number;
  error: unknown;
  duplicates: unknown[];
  values: [string, number, number][];
}

function scan(text: string, chunkSizes: (() => number) | null, notifyDepth = 2): Trace {
  const values: [string, number, number][] = [];
  const s = new JsonScanner({
    notifyDepth,
    onValue: (path: readonly PathSegment[], start, end) => values.push([path.join('/'), start, end]),
  });
  if (!chunkSizes) s.feed(text);
  else
    for (let i = 0; i < text.length; ) {
      const n = chunkSizes();
      s.feed(text.slice(i, i + n));
      i += n;
    }
  s.finish();
  return {
    done: s.done,
    failed: s.failed,
    start: s.start,
    end: s.end,
    error: s.error,
    duplicates: [...s.duplicates],
    values,
  };
}

const texts = [...validFiles, ...invalidFiles].map((f) => ({ name: f.name, text: f.text }));

describe('JsonScanner fed in chunks', () => {
  test('every corpus text gives the same verdict and boundaries in random chunk sizes as whole', () => {
    const rnd = seeded(0x5eed);
    let compared = 0;
    for (const { name, text } of texts) {
      const whole = scan(text, null);
      for (let round = 0; round < 6; round++) {
        const max = [1, 2, 3, 7, 16, 64][round]!;
        const chunked = scan(text, () => 1 + Math.floor(rnd() * max));
        assert.deepEqual(chunked, whole, `${name}, chunks up to ${max} characters`);
        compared++;
      }
    }
    assert.ok(compared >= texts.length * 6);
  });

  test('1,500 seeded mutations of corpus texts give the same verdict whole and in random chunks', () => {
    const rnd = seeded(7);
    const pieces = [
      '{',
      '}',
      '[',
      ']',
      '"',
      '\\',
      '\\u00',
      ':',
      ',',
      '1e999',
      'tru',
      '-',
      '0',
      ' ',
      '\n',
      '😀',
      '"__proto__"',
    ];
    for (let i = 0; i < 1500; i++) {
      const src = texts[Math.floor(rnd() * texts.length)]!.text;
      const at = Math.floor(rnd() * (src.length + 1));
      const r = rnd();
      const text =
        r < 0.4
          ? src.slice(0, at)
          : r < 0.8
            ? src.slice(0, at) + pieces[Math.floor(rnd() * pieces.length)] + src.slice(at)
            : src.slice(0, at) + src.slice(at + 1 + Math.floor(rnd() * 20));
      const whole = scan(text, null);
      assert.deepEqual(
        scan(text, () => 1 + Math.floor(rnd() * 9)),
        whole,
        `case ${i}`,
      );
    }
  });

  test('deeper notification levels agree too (every member of every node)', () => {
    const rnd = seeded(99);
    for (const { name, text } of validFiles) {
      const whole = scan(text, null, 4);
      assert.deepEqual(
        scan(text, () => 1 + Math.floor(rnd() * 5), 4),
        whole,
        name,
      );
    }
  });

  test('the boundaries of each node slice out exactly that node', () => {
    // The .json files start with their document; replies with chatter are covered in extract_test.ts.
    for (const { name, text } of validFiles.filter((f) => f.name.endsWith('.json'))) {
      const t = scan(text, () => 3);
      assert.ok(t.done, name);
      const doc = JSON.parse(text.slice(t.start, t.end)) as { nodes: unknown[] };
      const nodeSpans = t.values.filter(([p]) => /^nodes\/\d+$/.test(p));
      assert.equal(nodeSpans.length, doc.nodes.length, name);
      nodeSpans.forEach(([p, s, e]) =>
        assert.deepEqual(JSON.parse(text.slice(s, e)), doc.nodes[Number(p.split('/')[1])], `${name} ${p}`),
      );
      const topKeys = t.values.filter(([p]) => !p.includes('/')).map(([p]) => p);
      assert.deepEqual(topKeys, Object.keys(doc), `${name}: one notification per top-level member`);
    }
  });

  test('escapes, surrogate pairs and numbers split across chunks are read as whole', () => {
    const text =
      '{"k\\u005fey": "a\\"b\\\\c\\u00e9😀", "n": -12.5e+3, "t": true, "z": null, "\\u006b_ey": 1, "k_ey": 2}';
    const whole = scan(text, null);
    assert.ok(whole.done);
    assert.equal(whole.duplicates.length, 2, 'both escaped spellings of k_ey are the same key');
    for (let size = 1; size <= 8; size++)
      assert.deepEqual(
        scan(text, () => size),
        whole,
        `chunks of ${size}`,
      );
  });

  test('streaming in token-sized chunks reads the same document as the whole text', (t) => {
    // 2,000 nodes, ~120 kB, fed 4 characters at a time like a model's tokens. What it costs beside
    // one whole feed is a figure in `npm run bench -- gates`; the times here are only reported.
    const nodes = [
      { id: 'root', type: 'stack', children: ['n1'] },
      ...Array.from({ length: 2000 }, (_, i) => ({
        id: `n${i + 1}`,
        type: 'text',
        props: { text: `Line ${i} of a long streamed layout` },
      })),
    ];
    const text = JSON.stringify({ version: 1, root: 'root', data: { note: 'x'.repeat(20_000) }, nodes });
    const time = (size: number) => {
      const t0 = performance.now();
      const s = new JsonScanner();
      for (let i = 0; i < text.length; i += size) s.feed(text.slice(i, i + size));
      s.finish();
      assert.ok(s.done);
      assert.equal(s.text, text);
      return performance.now() - t0;
    };
    time(4);
    time(text.length); // warm up
    const whole = time(text.length);
    const streamed = Math.min(time(4), time(4), time(4)); // the best of three: the machine may be busy
    t.diagnostic(
      `${(text.length / 1024).toFixed(0)} kB: whole ${whole.toFixed(1)} ms, in 4-character chunks ${streamed.toFixed(1)} ms`,
    );
  });

  test('a long key and a long number split over many chunks are read whole', () => {
    const key = 'k'.repeat(3000) + '\\u0041';
    const text = `{"${key}": 1, "n": 0.${'1'.repeat(3000)}, "${key}": 2}`;
    const whole = scan(text, null);
    assert.ok(whole.done);
    assert.equal(whole.duplicates.length, 1);
    assert.deepEqual(
      scan(text, () => 3),
      whole,
    );
  });

  test('a document cut off in any place is never done, whole or chunked', () => {
    const text = validFiles.find((f) => f.name === 'booking-form.json')!.text.trim();
    for (let cut = 1; cut < text.length; cut += 7) {
      const head = text.slice(0, cut);
      const whole = scan(head, null);
      assert.equal(whole.done, false, `cut at ${cut}`);
      assert.ok(whole.failed, `cut at ${cut}: finish() fails an unfinished document`);
      assert.deepEqual(
        scan(head, () => 2),
        whole,
        `cut at ${cut}`,
      );
    }
  });
});

describe('JsonScanner verdicts', () => {
  const verdict = (text: string) => scan(text, null).error as { code: string; path: PathSegment[] } | null;

  test('chatter before the object is skipped and text after it is ignored', () => {
    const t = scan('Here it is: {"a": [1, {"b": 2}]} hope it helps {', null);
    assert.ok(t.done);
    assert.equal(t.start, 12);
    assert.deepEqual(JSON.parse('Here it is: {"a": [1, {"b": 2}]} x'.slice(t.start, t.end)), { a: [1, { b: 2 }] });
  });

  test('depth is limited: 64 levels pass, 65 fail with too_deep', () => {
    const nest = (n: number) => '{"a":' + '['.repeat(n - 1) + ']'.repeat(n - 1) + '}';
    assert.equal(verdict(nest(64)), null);
    assert.equal(verdict(nest(65))?.code, 'too_deep');
  });

  test('a depth bomb of a million brackets stops at the limit without reading it all', () => {
    const bomb = '{"data": ' + '['.repeat(1_000_000);
    const error = scan(bomb, null).error as { code: string; offset: number } | null;
    assert.equal(error?.code, 'too_deep');
    // The first bracket past the limit (64 levels: the object, then 63 arrays) is where it stops.
    assert.ok(error!.offset < 100, `stopped at offset ${error!.offset} of ${bomb.length}`);
  });

  test('syntax errors carry the path of the broken member, or [] for the object itself', () => {
    assert.deepEqual(verdict("{'a': 1}")?.path, []);
    assert.deepEqual(verdict('{"a": 1,}')?.path, []);
    assert.deepEqual(verdict('{"a": {"b": 1, "c" 2}}')?.path, ['a', 'c']);
    assert.deepEqual(verdict('{"a": [1, 2, }')?.path, ['a', 2]);
  });

  test('what JSON forbids is refused: comments, NaN, leading zeros, raw newlines, bad escapes, 1e999', () => {
    for (const bad of [
      '{"a": 1 // x\n}',
      '{"a": NaN}',
      '{"a": 01}',
      '{"a": "x\ny"}',
      '{"a": "\\x41"}',
      '{"a": .5}',
      '{"a": +1}',
      '{"a": tru}',
      '{"a" 1}',
      '{"a": 1]',
      '{"a": [1}',
    ]) {
      assert.equal(verdict(bad)?.code, 'invalid_json', bad);
    }
    assert.equal(verdict('{"a": 1e999}')?.code, 'not_json');
    assert.equal(verdict('{"a": -1e400}')?.code, 'not_json');
    assert.equal(
      verdict('{"a": 1e308, "b": 5e-324, "c": 1e-999}'),
      null,
      'large but finite, and underflow to 0, are fine',
    );
  });
});
