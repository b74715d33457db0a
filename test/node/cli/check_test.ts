import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../../src/cli/main.js';

const dir = mkdtempSync(join(tmpdir(), 'jig-cli-'));
const file = (name: string, text: string | Uint8Array) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

const valid = file(
  'valid.json',
  JSON.stringify({
    version: 1,
    root: 'f',
    data: { a: '' },
    nodes: [
      { id: 'f', type: 'form', props: { action: 'anything-goes' }, children: ['t'] },
      { id: 't', type: 'text-field', props: { label: 'A', bind: '/a' } },
    ],
  }),
);
const fenced = file(
  'fenced.txt',
  'Sure, here you go:\n```json\n{"version":1,"root":"h","nodes":[{"id":"h","type":"heading","props":{"text":"Hi"}}]}\n```\nAnything else?',
);
const hostile = file(
  'hostile.json',
  '{"version":1,"root":"l","nodes":[{"id":"l","type":"link","props":{"href":"  JAVA\\tSCRIPT:alert(1)","text":"x"}}]}',
);
const garbage = file('garbage.bin', new Uint8Array([0xff, 0x00, 0xfe, 0x7b, 0x22]));

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
    const reports = JSON.parse(r.out) as {
      file: string;
      ok: boolean;
      issues: { gate: string; code: string; path: string; message: string }[];
    }[];
    assert.deepEqual(
      reports.map((x) => x.ok),
      [true, false, false],
    );
    assert.deepEqual(
      reports[1]!.issues.map((i) => [i.gate, i.code, i.path]),
      [['policy', 'unsafe_url', '/nodes/0/props/href']],
    );
    for (const i of reports[2]!.issues) assert.ok(i.gate && i.code && i.message);
  });

  it('accepts the nested generation form, and points an issue at the node the model wrote in its tree', async () => {
    const tree = file(
      'tree.json',
      JSON.stringify({
        version: 1,
        data: {},
        tree: {
          type: 'form',
          props: { action: 'subscribe' },
          children: [{ type: 'text-field', props: { label: 'Email', bind: '/email', inputType: 'email' } }],
        },
      }),
    );
    const badTree = file(
      'bad-tree.json',
      JSON.stringify({
        version: 1,
        tree: {
          type: 'stack',
          children: [
            { type: 'heading', props: { text: 'Hi' } },
            { type: 'link', props: { text: 'x', href: 'javascript:alert(1)' } },
          ],
        },
      }),
    );
    const r = await run(['check', '--json', tree, badTree]);
    assert.equal(r.code, 1);
    const reports = JSON.parse(r.out) as { ok: boolean; issues: { gate: string; code: string; path: string }[] }[];
    assert.deepEqual(
      reports.map((x) => x.ok),
      [true, false],
    );
    assert.deepEqual(
      reports[1]!.issues.map((i) => [i.gate, i.code, i.path]),
      [['policy', 'unsafe_url', '/tree/children/1/props/href']],
    );
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

  it('checks files named like options when they come after --', async () => {
    const dashed = file('-x.json', readFileSync(valid));
    const r = await run(['check', '--json', '--', dashed, '--json']);
    // After "--" even "--json" is a file name: it does not exist, so it is reported unreadable.
    assert.equal(r.code, 1, r.err);
    const reports = JSON.parse(r.out) as { file: string; ok: boolean; issues: { code: string }[] }[];
    assert.deepEqual(
      reports.map((x) => [x.file, x.ok]),
      [
        [dashed, true],
        ['--json', false],
      ],
    );
    assert.equal(reports[1]!.issues[0]!.code, 'unreadable_file');
  });

  it('checks a relative file named "-x.json" after --, and says how when it is taken for an option', async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      file('-x.json', readFileSync(valid));
      const ok = await run(['check', '--', '-x.json']);
      assert.equal(ok.code, 0, ok.err);
      assert.match(ok.out, /ok\s+-x\.json/);
      const refused = await run(['check', '-x.json']);
      assert.equal(refused.code, 2);
      assert.match(refused.err, /unknown option -x\.json.*after --/);
    } finally {
      process.chdir(cwd);
    }
  });

  it('lists at most 200 issues of a file, then how many more, in --json too', async () => {
    const ids = Array.from({ length: 999 }, (_, i) => `n${i}`);
    const groups = Array.from({ length: 5 }, (_, g) => ids.slice(g * 200, g * 200 + 200));
    const props = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`p${i}`, { constructor: 1 }]));
    const doc = {
      version: 1,
      root: 'p',
      nodes: [
        { id: 'p', type: 'stack', children: groups.map((_, g) => `g${g}`) },
        ...groups.map((kids, g) => ({ id: `g${g}`, type: 'stack', children: kids })),
        ...ids.map((id) => ({ id, type: 'divider', props })),
      ].slice(0, 1000),
    };
    const flood = file('flood.json', JSON.stringify(doc));
    const r = await run(['check', '--json', flood]);
    assert.equal(r.code, 1);
    const [report] = JSON.parse(r.out) as { issues: { code: string; message: string }[] }[];
    assert.equal(report!.issues.length, 201);
    assert.equal(report!.issues[200]!.code, 'issues_truncated');
    assert.ok(r.out.length < 100 * 1024, `${r.out.length} bytes of output`);
  });

  it('works as the installed bin, with the exit code of the verdict', () => {
    const res = spawnSync(process.execPath, ['bin/jig.js', 'check', '--json', valid, hostile], { encoding: 'utf8' });
    assert.equal(res.status, 1, res.stderr);
    assert.equal(JSON.parse(res.stdout).length, 2);
  });
});
