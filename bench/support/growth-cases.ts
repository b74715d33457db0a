// Hostile shapes for every gate (fences, braces, quotes, spaces, escapes, long numbers, deep
// arrays, many keys, long strings, many nodes, many issues), each made at any size. The bench
// (bench/node/growth.bench.ts) times how the gates grow with them, n → 16n; the tests
// (test/node/gates/growth_test.ts) check the verdicts at the largest size.
import type { GateOptions } from '../../src/gates/index.js';

/** A case makes an input of roughly `size` bytes (or units); sizes grow 1 : 4 : 16. */
export interface GrowthCase {
  name: string;
  /** Units at the smallest size; the largest is 16 times this. */
  base: number;
  make(units: number): unknown;
  options?: GateOptions;
}

const TEXT_NODE = (text: string) =>
  `{"version":1,"root":"p","nodes":[{"id":"p","type":"text","props":{"text":${text}}}]}`;
const WITH_DATA = (data: string) =>
  `{"version":1,"root":"p","data":${data},"nodes":[{"id":"p","type":"text","props":{"text":"hi"}}]}`;
// Lifted where a count limit (not the byte limit) would cut the growth short: the point is the
// work per unit, and the defaults keep real documents far below these sizes anyway.
const LIFTED: GateOptions = {
  limits: { maxNodes: 1e6, maxChildren: 1e6, maxBytes: 64 * 1024 * 1024, maxTreeDepth: 1e6 },
};

function flatNodes(count: number, node: (i: number) => object): string {
  const ids = Array.from({ length: count }, (_, i) => `n${i}`);
  const nodes = [{ id: 'root', type: 'stack', children: ids }, ...ids.map((id, i) => ({ id, ...node(i) }))];
  return JSON.stringify({ version: 1, root: 'root', nodes });
}

/** Stacks n0 → n1 → … → n(k-1), each the only child of the one before. */
const chain = (k: number) =>
  Array.from({ length: k }, (_, i) => ({
    id: `n${i}`,
    type: 'stack',
    ...(i < k - 1 ? { children: [`n${i + 1}`] } : {}),
  }));

export const CASES: GrowthCase[] = [
  // parse: how the document is found in model text
  { name: 'repeated code-fence openers', base: 2000, make: (k) => '```json\n'.repeat(k) },
  { name: 'code-fence openers that never close', base: 2000, make: (k) => '```json\nx'.repeat(k) },
  { name: 'bare code-fence openers that never close', base: 2000, make: (k) => '```\n{'.repeat(k) },
  { name: 'code-fence openers, then a document', base: 2000, make: (k) => '```\n'.repeat(k) + TEXT_NODE('"x"') },
  { name: 'fence openers without newlines', base: 4000, make: (k) => '```'.repeat(k) },
  { name: 'fences opened and closed, no document', base: 1000, make: (k) => '```json\nx\n```\n'.repeat(k) },
  { name: 'unbalanced open braces', base: 4000, make: (k) => '{'.repeat(k) },
  { name: 'brace pairs in chatter', base: 4000, make: (k) => 'a {b} '.repeat(k) },
  { name: 'open braces each followed by junk', base: 4000, make: (k) => '{x '.repeat(k) },
  { name: 'unclosed strings after braces', base: 4000, make: (k) => '{"'.repeat(k) },
  { name: 'close braces', base: 4000, make: (k) => '}'.repeat(k) + TEXT_NODE('"x"') },
  {
    name: 'quotes in a string',
    base: 4000,
    make: (k) => TEXT_NODE(`"${'\\"'.repeat(k)}"`),
    options: { limits: { maxStringLength: 1e6 } },
  },
  { name: 'whitespace before the document', base: 8000, make: (k) => ' \n\t'.repeat(k) + TEXT_NODE('"x"') },
  { name: 'whitespace between tokens', base: 8000, make: (k) => TEXT_NODE(`${' '.repeat(k)}"x"${'\n'.repeat(k)}`) },
  {
    name: 'unicode escapes',
    base: 2000,
    make: (k) => TEXT_NODE(`"${'\\u00e9'.repeat(k)}"`),
    options: { limits: { maxStringLength: 1e6 } },
  },
  {
    name: 'backslash escapes',
    base: 4000,
    make: (k) => TEXT_NODE(`"${'\\\\'.repeat(k)}"`),
    options: { limits: { maxStringLength: 1e6 } },
  },
  { name: 'a long number', base: 8000, make: (k) => WITH_DATA(`{"n":${'1'.repeat(300)}.${'0'.repeat(k)}}`) },
  { name: 'a long number that overflows', base: 8000, make: (k) => WITH_DATA(`{"n":${'9'.repeat(k)}}`) },
  { name: 'a long malformed number', base: 8000, make: (k) => WITH_DATA(`{"n":-${'0'.repeat(k)}x}`) },
  {
    name: 'deep arrays within the depth limit',
    base: 200,
    make: (k) => WITH_DATA(`{"a":[${Array.from({ length: k }, () => '['.repeat(60) + ']'.repeat(60)).join(',')}]}`),
  },
  {
    name: 'arrays nested past the depth limit',
    base: 8000,
    make: (k) => WITH_DATA(`{"a":${'['.repeat(k)}${']'.repeat(k)}}`),
  },
  {
    name: 'many keys in data',
    base: 1000,
    make: (k) => WITH_DATA(JSON.stringify(Object.fromEntries(Array.from({ length: k }, (_, i) => [`k${i}`, i])))),
  },
  {
    name: 'many duplicate keys',
    base: 1000,
    make: (k) => WITH_DATA(`{${Array.from({ length: k }, (_, i) => `"k${i % 7}":${i}`).join(',')}}`),
  },
  {
    name: 'long strings in data',
    base: 6,
    make: (k) =>
      WITH_DATA(JSON.stringify(Object.fromEntries(Array.from({ length: k }, (_, i) => [`s${i}`, 'y'.repeat(4000)])))),
  },
  // parse, at the size of a long model answer: 125 kB → 2 MB of text with the byte limit raised
  ...Object.entries({
    'fence openers': (n: number) => '```json\n'.repeat(n / 8),
    'fence openers with braces': (n: number) => '```\n{\n'.repeat(n / 6),
    'chatter braces': (n: number) => '{a} '.repeat(n / 4),
    'nested chatter braces': (n: number) => '{ '.repeat(n / 4) + '}'.repeat(n / 4),
    'open braces': (n: number) => '{'.repeat(n),
    'quotes in chatter': (n: number) => '{ "'.repeat(n / 3),
    'spaces after a brace': (n: number) => '{' + ' '.repeat(n),
    'an unclosed string of escaped quotes': (n: number) => '{"a": "' + 'x\\"'.repeat(n / 3),
  }).map(([name, make]) => ({
    name: `2 MB of model text: ${name}`,
    base: 125_000,
    make,
    options: { limits: { maxBytes: 4_000_000 } },
  })),
  // policy: URL spellings browsers read
  {
    name: 'a link that is a long run of spaces',
    base: 8000,
    make: (k) => flatNodes(1, () => ({ type: 'link', props: { href: ' '.repeat(k) + 'x', text: 'a' } })),
    options: { limits: { maxStringLength: 1e6 } },
  },
  {
    name: 'an image URL of controls around text',
    base: 8000,
    make: (k) =>
      flatNodes(1, () => ({ type: 'image', props: { src: '\t'.repeat(k) + 'a' + ' '.repeat(k) + 'b', alt: '' } })),
    options: { limits: { maxStringLength: 1e6 } },
  },
  {
    name: 'links with long runs of spaces',
    base: 8,
    make: (k) => flatNodes(k, () => ({ type: 'link', props: { href: ' '.repeat(4000) + 'x', text: 'a' } })),
    options: LIFTED,
  },
  {
    name: 'images with long runs of controls',
    base: 8,
    make: (k) =>
      flatNodes(k, () => ({
        type: 'image',
        props: { src: '\t'.repeat(2000) + 'a' + ' '.repeat(2000) + 'b', alt: '' },
      })),
    options: LIFTED,
  },
  {
    name: 'long pointers with many tildes',
    base: 8,
    make: (k) => flatNodes(k, () => ({ type: 'stat', props: { label: 'x', value: { $data: '/' + '~'.repeat(250) } } })),
    options: LIFTED,
  },
  // catalog, graph, bindings: many nodes in every shape
  {
    name: 'many valid nodes',
    base: 200,
    make: (k) => flatNodes(k, (i) => ({ type: 'text', props: { text: `line ${i}` } })),
    options: LIFTED,
  },
  {
    name: 'a chain of nodes',
    base: 200,
    make: (k) =>
      JSON.stringify({
        version: 1,
        root: 'n0',
        nodes: chain(k),
      }),
    options: LIFTED,
  },
  {
    name: 'an unreachable chain',
    base: 200,
    make: (k) =>
      JSON.stringify({
        version: 1,
        root: 'r',
        nodes: [{ id: 'r', type: 'stack' }, ...chain(k)],
      }),
    options: LIFTED,
  },
  {
    name: 'a cycle of nodes',
    base: 200,
    make: (k) =>
      JSON.stringify({
        version: 1,
        root: 'r',
        nodes: [
          { id: 'r', type: 'stack' },
          ...Array.from({ length: k }, (_, i) => ({ id: `n${i}`, type: 'stack', children: [`n${(i + 1) % k}`] })),
        ],
      }),
    options: LIFTED,
  },
  {
    name: 'one child listed many times',
    base: 200,
    make: (k) =>
      JSON.stringify({
        version: 1,
        root: 'r',
        nodes: [
          { id: 'r', type: 'stack', children: Array.from({ length: k }, () => 'c') },
          { id: 'c', type: 'divider' },
        ],
      }),
    options: LIFTED,
  },
  {
    name: 'many unknown types',
    base: 200,
    make: (k) => flatNodes(k, (i) => ({ type: `t${'q'.repeat(i % 40)}`, props: { text: 'x' } })),
    options: LIFTED,
  },
  {
    name: 'many inputs binding into data',
    base: 200,
    make: (k) =>
      JSON.stringify({
        version: 1,
        root: 'f',
        data: Object.fromEntries(Array.from({ length: k }, (_, i) => [`v${i}`, ''])),
        nodes: [
          { id: 'f', type: 'form', props: { action: 'go' }, children: Array.from({ length: k }, (_, i) => `i${i}`) },
          ...Array.from({ length: k }, (_, i) => ({
            id: `i${i}`,
            type: 'text-field',
            props: { label: 'L', bind: `/v${i}` },
          })),
        ],
      }),
    options: { limits: LIFTED.limits },
  },
  {
    name: 'many inputs sharing one pointer',
    base: 200,
    make: (k) =>
      JSON.stringify({
        version: 1,
        root: 'f',
        data: { v: '' },
        nodes: [
          { id: 'f', type: 'form', props: { action: 'go' }, children: Array.from({ length: k }, (_, i) => `i${i}`) },
          ...Array.from({ length: k }, (_, i) => ({
            id: `i${i}`,
            type: i % 2 ? 'text-field' : 'number-field',
            props: { label: 'L', bind: '/v' },
          })),
        ],
      }),
    options: LIFTED,
  },
  {
    name: 'tables reading large data rows',
    base: 20,
    make: (k) =>
      JSON.stringify({
        version: 1,
        root: 'r',
        data: { rows: Array.from({ length: k * 10 }, (_, i) => ({ a: i, b: 'x' })) },
        nodes: [
          { id: 'r', type: 'stack', children: ['t1', 't2'] },
          { id: 't1', type: 'table', props: { columns: [{ key: 'a', label: 'A' }], rows: { $data: '/rows' } } },
          { id: 't2', type: 'list', props: { items: { $data: '/rows' } } },
        ],
      }),
    options: LIFTED,
  },
  {
    name: 'selects with many options',
    base: 8,
    make: (k) =>
      flatNodes(k, () => ({
        type: 'select',
        props: {
          label: 'S',
          bind: '/s',
          options: Array.from({ length: 100 }, (_, j) => ({ value: `v${j % 50}`, label: 'x' })),
        },
      })).replace('"root":"root"', '"root":"root","data":{"s":""}'),
    options: LIFTED,
  },
  {
    name: 'many inputs writing into data that charts show',
    base: 100,
    make: (k) =>
      JSON.stringify({
        version: 1,
        root: 'p',
        data: { s: Array.from({ length: k }, (_, i) => ({ label: `d${i}`, value: i })) },
        nodes: [
          { id: 'p', type: 'stack', children: ['c', 'f'] },
          { id: 'c', type: 'chart', props: { kind: 'bar', series: { $data: '/s' } } },
          { id: 'f', type: 'form', props: { action: 'go' }, children: Array.from({ length: k }, (_, i) => `i${i}`) },
          ...Array.from({ length: k }, (_, i) => ({
            id: `i${i}`,
            type: i % 2 ? 'text-field' : 'number-field',
            props: { label: 'L', bind: `/s/${i}/value` },
          })),
        ],
      }),
    options: LIFTED,
  },
  {
    name: 'inputs binding past the ends of arrays',
    base: 100,
    make: (k) =>
      JSON.stringify({
        version: 1,
        root: 'f',
        data: { a: [] },
        nodes: [
          { id: 'f', type: 'form', props: { action: 'go' }, children: Array.from({ length: k }, (_, i) => `i${i}`) },
          ...Array.from({ length: k }, (_, i) => ({
            id: `i${i}`,
            type: 'text-field',
            props: { label: 'L', bind: i % 2 ? '/a/-' : `/a/${i}` },
          })),
        ],
      }),
    options: LIFTED,
  },
  {
    name: 'many over-long keys in data',
    base: 100,
    make: (k) =>
      WITH_DATA(JSON.stringify(Object.fromEntries(Array.from({ length: k }, (_, i) => [`${i}`.padEnd(300, 'k'), i])))),
  },
  {
    name: 'date fields with impossible dates and ranges',
    base: 100,
    make: (k) =>
      JSON.stringify({
        version: 1,
        root: 'f',
        data: { d: '' },
        nodes: [
          { id: 'f', type: 'form', props: { action: 'go' }, children: Array.from({ length: k }, (_, i) => `i${i}`) },
          ...Array.from({ length: k }, (_, i) => ({
            id: `i${i}`,
            type: 'date-field',
            props: { label: 'L', bind: '/d', min: '2024-13-45', max: i % 2 ? '2023-02-29' : '2020-01-01' },
          })),
        ],
      }),
    options: LIFTED,
  },
  // many issues at once
  {
    name: 'many issues (bad ids, props, urls)',
    base: 100,
    make: (k) =>
      flatNodes(k, (i) => ({
        id: undefined,
        type: 'link',
        props: { href: 'javascript:x', text: 'y'.repeat(300), extra: i },
      })),
    options: LIFTED,
  },
  {
    name: 'many over-long strings',
    base: 8,
    make: (k) => WITH_DATA(JSON.stringify({ a: Array.from({ length: k * 10 }, () => 'z'.repeat(5001)) })),
    options: LIFTED,
  },
  // the same, handed over as objects
  {
    name: 'many valid nodes as an object',
    base: 200,
    make: (k) => JSON.parse(flatNodes(k, (i) => ({ type: 'text', props: { text: `line ${i}` } }))),
    options: LIFTED,
  },
  {
    name: 'many keys in data as an object',
    base: 1000,
    make: (k) =>
      JSON.parse(
        WITH_DATA(JSON.stringify(Object.fromEntries(Array.from({ length: k }, (_, i) => [`k${i}`, [i, { x: i }]])))),
      ),
    options: LIFTED,
  },
];

/** Sizes, as multiples of a case's base: 1 : 4 : 16. */
export const SCALE = [1, 4, 16];
