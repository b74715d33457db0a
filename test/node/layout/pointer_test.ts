// JSON Pointers into a layout's data: RFC 6901 syntax, own properties only, and no way to
// reach or write a prototype.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parsePointer, resolve, resolveParent, setAt } from '../../../src/layout/pointer.js';

const segs = (p: string) => {
  const r = parsePointer(p);
  assert.ok(r.ok, p);
  return r.segments;
};

describe('parsePointer', () => {
  test('reads segments and unescapes ~1 then ~0', () => {
    assert.deepEqual(segs('/a/b'), ['a', 'b']);
    assert.deepEqual(segs('/a~1b/m~0n'), ['a/b', 'm~n']);
    assert.deepEqual(segs('/~01'), ['~1'], '~01 is "~1", not "/"');
    assert.deepEqual(segs('/'), ['']);
    assert.deepEqual(segs('/rows/0/qty'), ['rows', '0', 'qty']);
  });

  test('refuses what is not a pointer into data, saying why', () => {
    for (const bad of ['', 'a/b', '#/a', '/a~2', '/a~', ' /a']) {
      const r = parsePointer(bad);
      assert.ok(!r.ok && r.reason === 'syntax' && r.message.length > 0, JSON.stringify(bad));
    }
    for (const bad of [undefined, null, 3, {}, ['/a']]) assert.equal(parsePointer(bad).ok, false);
  });

  test('refuses __proto__, constructor and prototype in any segment, escaped or not', () => {
    for (const bad of ['/__proto__', '/a/constructor', '/a/prototype/b', '/constructor/prototype', '/a/__proto__']) {
      const r = parsePointer(bad);
      assert.ok(!r.ok && r.reason === 'forbidden', bad);
    }
    assert.ok(parsePointer('/__proto__x').ok, 'only whole segments are forbidden');
    assert.ok(parsePointer('/Constructor').ok);
  });

  test('gives the same answer from its cache', () => {
    assert.deepEqual(parsePointer('/x/y'), parsePointer('/x/y'));
    assert.equal(parsePointer('/__proto__').ok, false);
    assert.equal(parsePointer('/__proto__').ok, false);
  });
});

describe('resolve', () => {
  const data = { guest: { name: 'Ada', tags: ['a', 'b'] }, 'a/b': { 'm~n': 1 }, n: null };

  test('finds own values, through arrays by index', () => {
    assert.deepEqual(resolve(data, segs('/guest/name')), { found: true, value: 'Ada' });
    assert.deepEqual(resolve(data, segs('/guest/tags/1')), { found: true, value: 'b' });
    assert.deepEqual(resolve(data, segs('/a~1b/m~0n')), { found: true, value: 1 });
    assert.deepEqual(resolve(data, segs('/n')), { found: true, value: null });
  });

  test('does not find inherited properties or odd indexes', () => {
    for (const p of [
      '/guest/name/length',
      '/guest/toString',
      '/guest/hasOwnProperty',
      '/guest/tags/length',
      '/guest/tags/01',
      '/guest/tags/2',
      '/guest/tags/-',
      '/n/x',
      '/missing',
    ]) {
      assert.equal(resolve(data, segs(p)).found, false, p);
    }
  });

  test('resolveParent wants an object or array above the last segment', () => {
    assert.equal(resolveParent(data, segs('/guest/email')).found, true);
    assert.equal(resolveParent(data, segs('/guest/tags/-')).found, true);
    assert.equal(resolveParent(data, segs('/guest/name/first')).found, false);
    assert.equal(resolveParent(data, segs('/nobody/name')).found, false);
    assert.equal(resolveParent(undefined, segs('/x')).found, false);
  });
});

describe('setAt', () => {
  test('writes an existing or new leaf of an object, and an existing item of an array', () => {
    const data: Record<string, unknown> = { guest: { name: '' }, list: [1] };
    assert.ok(setAt(data, segs('/guest/name'), 'Ada'));
    assert.ok(setAt(data, segs('/guest/email'), 'a@example.com'));
    assert.ok(setAt(data, segs('/list/0'), 0));
    assert.deepEqual(data, { guest: { name: 'Ada', email: 'a@example.com' }, list: [0] });
  });

  test('never grows or reshapes an array: "-", the index past the end and "length" are refused', () => {
    const data: Record<string, unknown> = { list: ['a', 'b'] };
    for (const p of ['/list/-', '/list/2', '/list/length', '/list/01', '/list/-1']) {
      assert.equal(setAt(data, segs(p), 'x'), false, p);
    }
    // Typing into an input bound to "/list/-" once appended on every keystroke.
    for (let i = 0; i < 3; i++) setAt(data, segs('/list/-'), 'typed');
    assert.deepEqual(data, { list: ['a', 'b'] });
  });

  test('refuses a missing parent, a gap in an array and forbidden segments, and never touches a prototype', () => {
    const data: Record<string, unknown> = { guest: {}, list: [] };
    assert.equal(setAt(data, segs('/nobody/name'), 1), false);
    assert.equal(setAt(data, segs('/list/5'), 1), false);
    assert.equal(setAt(data, ['__proto__', 'polluted'], true), false);
    assert.equal(setAt(data, ['guest', 'constructor'], 1), false);
    assert.equal(setAt(data, ['__proto__'], { polluted: true }), false);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(data), Object.prototype);
  });
});
