// `jig check --from a2ui|json-render|auto`: the peers' files through the gates, exit 0/1/2 as
// for Jig's own, and --json rows with per-surface results for A2UI.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { main } from '../../../src/cli/main.js';
import { gardenClub, pantrySpec, v09 } from './corpus.js';

const dir = mkdtempSync(join(tmpdir(), 'jig-interop-cli-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const jsonl = (msgs: unknown[]) => msgs.map((m) => JSON.stringify(m)).join('\n') + '\n';

const garden = file('garden.jsonl', jsonl(gardenClub));
const twoSurfaces = file(
  'two.jsonl',
  jsonl([
    ...v09('ok', [{ id: 'root', component: 'Text', text: 'fine' }]),
    ...v09('bad', [{ id: 'root', component: 'Video', url: 'https://example.org/v.mp4' }]),
  ]),
);
const spec = file('pantry.json', JSON.stringify(pantrySpec));
const inline = file(
  'reply.md',
  'Sure:\n```spec\n{"op":"add","path":"/root","value":"t"}\n{"op":"add","path":"/elements/t","value":{"type":"Text","props":{"text":"Hi"}}}\n```\n',
);
const jig = file(
  'jig.json',
  JSON.stringify({ version: 1, root: 'h', nodes: [{ id: 'h', type: 'heading', props: { text: 'Hi' } }] }),
);

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    args,
    (s) => out.push(s),
    (s) => err.push(s),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('jig check --from', () => {
  test('auto detects each format; all valid exits 0', async () => {
    const r = await run(['check', '--from', 'auto', garden, spec, inline, jig]);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /4 valid, 0 invalid/);
    assert.match(r.out, /garden\.jsonl \(a2ui, 1 surface\)/);
  });

  test('--json rows carry per-surface results for A2UI; one bad surface makes the file invalid (exit 1)', async () => {
    const r = await run(['check', '--json', '--from=a2ui', twoSurfaces]);
    assert.equal(r.code, 1);
    const [row] = JSON.parse(r.out);
    assert.equal(row.format, 'a2ui');
    assert.deepEqual(
      row.surfaces.map((s: { surfaceId: string; ok: boolean }) => [s.surfaceId, s.ok]),
      [
        ['ok', true],
        ['bad', false],
      ],
    );
    assert.equal(row.surfaces[1].issues[0].code, 'unsupported_feature');
    assert.equal(row.issues[0].code, 'unsupported_feature');
  });

  test('naming the wrong format refuses the file; a bad --from value is a usage error (exit 2)', async () => {
    assert.equal((await run(['check', '--from', 'json-render', garden])).code, 1);
    const r = await run(['check', '--from', 'xml', garden]);
    assert.equal(r.code, 2);
    assert.match(r.err, /--from takes one of/);
    assert.equal((await run(['check', '--from'])).code, 2);
  });
});
