import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../../src/cli/main.js';

const dir = mkdtempSync(join(tmpdir(), 'jig-cli-'));
const file = (name: string, text: string | Uint8Array) => { const p = join(dir, name); writeFileSync(p, text); return p; };

const valid = file('valid.json', JSON.stringify({
  version: 1, root: 'f', data: { a: '' },
  nodes: [
    { id: 'f', type: 'form', props: { action: 'anything-goes' }, children: ['t'] },
    { id: 't', type: 'text-field', props: { label: 'A', bind: '/a' } },
  ],
}));
const fenced = file('fenced.txt', 'Sure, here you go:\n```json\n{"version":1,"root":"h","nodes":[{"id":"h","type":"heading","props":{"text":"Hi"}}]}\n```\nAnything else?');
const hostile = file('hostile.json', '{"version":1,"root":"l","nodes":[{"id":"l","type":"link","props":{"href":"  JAVA\\tSCRIPT:alert(1)","text":"x"}}]}');
const garbage = file('garbage.bin', new Uint8Array([0xff, 0x00, 0xfe, 0x7b, 0x22]));

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, (s) => out.push(s), (s) => err.push(s));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('jig check', () => {
  it('exits 0 when every file is valid, accepting any well-formed action name', async () => {
    const r = await run(['check', valid, fenced]);
    assert.equal(r.code, 0);
    assert.match(r.out, /2 valid, 0 invalid/);
  });

  it('exits 1 and names the gate, code and path of each issue when a file is invalid', async () => {
    const r = await run(['check', valid, hostile]);
    assert.equal(r.code, 1);
    assert.match(r.out, /invalid .*hostile\.json/);
    assert.match(r.out, /policy\/unsafe_url at \/nodes\/0\/props\/href/);
  });

  it('prints a JSON array of {file, ok, issues} with --json', async () => {
    const r = await run(['check', '--json', valid, hostile, garbage]);
    assert.equal(r.code, 1);
    const reports = JSON.parse(r.out) as { file: string; ok: boolean; issues: { gate: string; code: string; path: string; message: string }[] }[];
    assert.deepEqual(reports.map((x) => x.ok), [true, false, false]);
    assert.deepEqual(reports[1]!.issues.map((i) => [i.gate, i.code, i.path]), [['policy', 'unsafe_url', '/nodes/0/props/href']]);
    for (const i of reports[2]!.issues) assert.ok(i.gate && i.code && i.message);
  });

  it('exits 2 on usage errors', async () => {
    assert.equal((await run(['check'])).code, 2);
    assert.equal((await run(['check', '--yaml', valid])).code, 2);
    assert.equal((await run(['frobnicate'])).code, 2);
  });

  it('reports a missing file as invalid instead of crashing', async () => {
    const r = await run(['check', '--json', join(dir, 'nope.json')]);
    assert.equal(r.code, 1);
    assert.equal(JSON.parse(r.out)[0].issues[0].code, 'unreadable_file');
  });

  it('works as the installed bin, with the exit code of the verdict', () => {
    const res = spawnSync(process.execPath, ['bin/jig.js', 'check', '--json', valid, hostile], { encoding: 'utf8' });
    assert.equal(res.status, 1, res.stderr);
    assert.equal(JSON.parse(res.stdout).length, 2);
  });
});
