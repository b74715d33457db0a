// Every code an import reports is a stable code from one table: the interop step's own
// (INTEROP_CODES, INTEROP_WARNING_CODES) or the gates' (ISSUE_CODES, WARNING_CODES).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ISSUE_CODES, WARNING_CODES } from '../../../src/gates/index.js';
import {
  fromA2UI,
  fromJsonRender,
  INTEROP_CODES,
  INTEROP_WARNING_CODES,
  type InteropIssue,
} from '../../../src/interop/index.js';
import { gardenClub, pantrySpec, v08Library, v09 } from './corpus.js';

test("issues and warnings use codes from the tables, with the table's gate", () => {
  const all: InteropIssue[] = [];
  const a = [
    fromA2UI(gardenClub),
    fromA2UI(v08Library),
    fromA2UI(v08Library.slice(0, 2)),
    fromA2UI(
      ['{"x":', '{"a":1,"a":2}', JSON.stringify({ version: 'v2' }), JSON.stringify({ surfaceUpdate: {} })].join('\n'),
    ),
    fromA2UI(
      v09('x', [
        { id: 'root', component: 'Column', children: ['a', 'b', 'c'] },
        { id: 'a', component: 'Video', url: 'x' },
        { id: 'b', component: 'Text', text: { path: '/none' } },
        { id: 'c', component: 'Image', url: 'javascript:x' },
      ]),
    ),
  ];
  for (const r of a) all.push(...r.issues, ...r.warnings, ...r.surfaces.flatMap((s) => [...s.issues, ...s.warnings]));
  for (const r of [
    fromJsonRender(pantrySpec),
    fromJsonRender('{"op":"add","path":"/root","value":"x"}\n{bad'),
    fromJsonRender({ root: 'x', elements: { x: { type: 'Nope', props: {} } } }),
  ])
    all.push(...r.issues, ...r.warnings);
  assert.ok(all.length > 10);
  for (const i of all) {
    const def =
      i.gate === 'interop'
        ? ((INTEROP_CODES as Record<string, { gate: string }>)[i.code] ??
          (INTEROP_WARNING_CODES as Record<string, { gate: string }>)[i.code])
        : ((ISSUE_CODES as Record<string, { gate: string }>)[i.code] ??
          (WARNING_CODES as Record<string, { gate: string }>)[i.code]);
    assert.ok(def, `${i.gate}/${i.code} is in no table`);
    assert.equal(def.gate, i.gate, `${i.code} reported under ${i.gate}, its table says ${def.gate}`);
    assert.equal(typeof i.path, 'string');
    assert.ok(i.message.length > 10);
  }
});
