#!/usr/bin/env node
// The `jig` command. Runs the built CLI (dist/cli/main.js): always in an installed package, and in
// a checkout of the repository when the build is newer than every source file, else the sources via tsx.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = `${root}dist/cli/main.js`;

/** Newest modification time under a folder, in ms (a checkout has a few hundred files: a few ms). */
function newest(dir) {
  let max = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    max = Math.max(max, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return max;
}

// A stale build must never answer for edited sources: the repository's tests run this file.
const checkout = existsSync(`${root}src/cli/main.ts`);
const useBuild =
  existsSync(built) &&
  (!checkout || statSync(built).mtimeMs >= Math.max(newest(`${root}src`), newest(`${root}components`)));

let main;
if (useBuild) {
  ({ main } = await import(built));
} else if (checkout) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
} else {
  console.error(
    'jig: this copy of the package has no built CLI (dist/cli/main.js); reinstall jig, or run `npm run build` in its repository.',
  );
  process.exit(2);
}
process.exitCode = await main(process.argv.slice(2));
