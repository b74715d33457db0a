// `jig check` runs the gates on files as a model might have written them; `jig serve` starts
// the server. Exit codes: 0 all valid, 1 some invalid, 2 usage error.
import { readFile } from 'node:fs/promises';
import { runGates } from '../gates/run.js';
import { issue, type Issue } from '../gates/issue.js';

const USAGE = `Usage:
  jig check [--json] [--from jig|a2ui|json-render|auto] [--] FILE...
                                    check layout documents with the built-in catalog; --from reads
                                    A2UI messages or json-render specs and streams (auto: detected)
  jig serve [--port 8787] [--host 127.0.0.1]   start the Jig server
  jig train --from FILE|URL [--name jig-layout-v2] [--base models/jig-layout-v1.gguf] [--steps 300] [--min-pairs 10]
            [--scratch [--minutes 20] [--repeat balanced|N]] [--out models] [--line line.json] [--model-url /models/]
                                    fine-tune the layout model on accepted premium layouts (a checkout
                                    with PyTorch: /usr/bin/python3 or JIG_PYTHON) and write a line-version proposal;
                                    --scratch trains a new model on the base model's set and the layouts instead
  jig --help | --version`;

export interface CheckReport {
  file: string;
  ok: boolean;
  issues: Issue[];
  /** With --from: the format read, per-surface results for A2UI, and the stream's line counts. */
  format?: string;
  surfaces?: { surfaceId: string; version: string; ok: boolean; issues: unknown[]; warnings: unknown[] }[];
  lines?: { read: number; malformed: number };
}

export async function checkFile(file: string, from?: string): Promise<CheckReport> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { file, ok: false, issues: [issue('unreadable_file', '', `cannot read the file (${code ?? String(err)})`)] };
  }
  if (from !== undefined) {
    // Loaded only with --from: a plain `jig check` starts without the importers.
    const { gateAny } = await import('../interop/verdict.js');
    const v = gateAny(text, from as 'auto');
    const issues = [...v.issues, ...(v.surfaces ?? []).flatMap((s) => s.issues)] as Issue[];
    return {
      file,
      ok: v.ok,
      issues,
      format: v.format,
      ...(v.surfaces
        ? {
            surfaces: v.surfaces.map((s) => ({
              surfaceId: s.surfaceId,
              version: s.version,
              ok: s.ok,
              issues: s.issues,
              warnings: s.warnings,
            })),
          }
        : {}),
      ...(v.lines ? { lines: v.lines } : {}),
    };
  }
  const verdict = runGates(text);
  return { file, ok: verdict.ok, issues: verdict.ok ? [] : verdict.issues };
}

function human(reports: CheckReport[]): string {
  const lines: string[] = [];
  for (const r of reports) {
    lines.push(
      `${r.ok ? 'ok     ' : 'invalid'} ${r.file}${r.format && r.format !== 'jig' ? ` (${r.format}${r.surfaces ? `, ${r.surfaces.length} surface${r.surfaces.length === 1 ? '' : 's'}` : ''}${r.lines?.malformed ? `, ${r.lines.malformed} malformed line${r.lines.malformed === 1 ? '' : 's'}` : ''})` : ''}`,
    );
    for (const i of r.issues) lines.push(`  ${i.gate}/${i.code} at ${i.path || '/'}: ${i.message}`);
  }
  const bad = reports.filter((r) => !r.ok).length;
  lines.push('', `${reports.length - bad} valid, ${bad} invalid`);
  return lines.join('\n');
}

/** Options, then files; after "--" every argument is a file, so `jig check -- -x.json` checks "-x.json". */
function splitArgs(args: readonly string[]): { options: string[]; files: string[] } {
  const end = args.indexOf('--');
  const before = end < 0 ? args : args.slice(0, end);
  const after = end < 0 ? [] : args.slice(end + 1);
  return {
    options: before.filter((a) => a.startsWith('-')),
    files: [...before.filter((a) => !a.startsWith('-')), ...after],
  };
}

export async function check(args: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const { options, files } = splitArgs(args);
  const json = options.includes('--json');
  // --from takes a value: "--from a2ui" (two arguments) or "--from=a2ui".
  let from: string | undefined;
  const fromAt = args.indexOf('--from');
  if (fromAt >= 0 && (args.indexOf('--') < 0 || fromAt < args.indexOf('--'))) {
    from = args[fromAt + 1];
    const i = files.indexOf(from ?? '');
    if (i >= 0) files.splice(i, 1);
  }
  const eq = options.find((a) => a.startsWith('--from='));
  if (eq) from = eq.slice('--from='.length);
  const FORMATS = ['jig', 'a2ui', 'json-render', 'auto'];
  if ((fromAt >= 0 || eq) && (!from || !FORMATS.includes(from))) {
    err(
      `jig check: --from takes one of ${FORMATS.join(', ')}, received ${from === undefined ? 'nothing' : JSON.stringify(from)}\n${USAGE}`,
    );
    return 2;
  }
  const unknown = options.filter((a) => a !== '--json' && a !== '--from' && !a.startsWith('--from='));
  if (unknown.length) {
    err(
      `jig check: unknown option ${unknown[0]} (to check a file whose name starts with "-", put it after --)\n${USAGE}`,
    );
    return 2;
  }
  if (files.length === 0) {
    err(`jig check: name at least one file\n${USAGE}`);
    return 2;
  }
  const reports: CheckReport[] = [];
  for (const f of files) reports.push(await checkFile(f, from));
  out(json ? JSON.stringify(reports, null, 2) : human(reports));
  return reports.every((r) => r.ok) ? 0 : 1;
}

export async function main(
  argv: string[],
  out = (s: string) => console.log(s),
  err = (s: string) => console.error(s),
): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'check':
      return check(rest, out, err);
    case 'serve': {
      // Loaded only for this command (its own chunk in the build): `jig check` starts without the server.
      const { serveCommand } = await import('../server/index.js');
      return serveCommand(rest);
    }
    case 'train': {
      // Loaded only for this command: it runs the repository's training scripts (Python, PyTorch).
      const { trainCommand } = await import('./train.js');
      return trainCommand(rest, out, err);
    }
    case '--version': {
      const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
        version: string;
      };
      out(pkg.version);
      return 0;
    }
    case '--help':
    case '-h':
      out(USAGE);
      return 0;
    default:
      err(command ? `jig: unknown command "${command}"\n${USAGE}` : USAGE);
      return 2;
  }
}
