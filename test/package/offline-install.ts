// Installs the packed Jig into a new project without the network: a lockfile cut from the
// repository's own (the versions `npm ci` put in the local cache) lets `npm ci --offline` run.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [key: string]: unknown;
}

const repoLock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, LockEntry> };

/** Where Node finds `name` from the package at `from` (a lockfile path): nested first, then up the tree. */
function locate(name: string, from: string): string | undefined {
  for (let dir = from; ; ) {
    const candidate = `${dir ? `${dir}/` : ''}node_modules/${name}`;
    if (repoLock.packages[candidate]) return candidate;
    if (!dir) return undefined;
    const cut = dir.lastIndexOf('/node_modules/');
    dir = cut < 0 ? '' : dir.slice(0, cut);
  }
}

/** Every lockfile entry `roots` need, at the paths the repository's tree has them. */
function closure(roots: string[]): Map<string, LockEntry> {
  const out = new Map<string, LockEntry>();
  const visit = (name: string, from: string, optional: boolean) => {
    const path = locate(name, from);
    if (!path) {
      if (optional) return;
      throw new Error(
        `package-lock.json has no ${name} (needed from ${from || 'the project'}): run npm ci in the repository first`,
      );
    }
    if (out.has(path)) return;
    const { dev, devOptional, peer, ...entry } = repoLock.packages[path]!;
    void dev;
    void devOptional;
    void peer;
    out.set(path, entry);
    for (const dep of Object.keys(entry.dependencies ?? {})) visit(dep, path, false);
    // Platform builds of native tools: only the one for this machine was installed (and cached).
    for (const dep of Object.keys(entry.optionalDependencies ?? {})) visit(dep, path, true);
    for (const [dep] of Object.entries(entry.peerDependencies ?? {}))
      if (!entry.peerDependenciesMeta?.[dep]?.optional) visit(dep, path, true);
  };
  for (const name of roots) visit(name, '', false);
  return out;
}

/**
 * Writes package.json and package-lock.json for a project that depends on the packed tarball and
 * on `extra` packages at the repository's versions. The tarball's own dependencies come from its
 * package.json, so the lock shows what `npm i jig` would pull, and nothing else.
 */
export function writeOfflineProject(dir: string, tarball: string, extra: string[]): void {
  const jig = JSON.parse(readFileSync('package.json', 'utf8')) as LockEntry & {
    name: string;
    bin?: Record<string, string>;
    engines?: Record<string, string>;
  };
  const needed = closure([...Object.keys(jig.dependencies ?? {}), ...extra]);
  const version = (name: string) => repoLock.packages[`node_modules/${name}`]?.version;
  const dependencies = { jig: `file:${tarball}`, ...Object.fromEntries(extra.map((name) => [name, version(name)!])) };
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'jig-package-test-site', private: true, type: 'module', dependencies }, null, 2)}\n`,
  );
  const packages: Record<string, LockEntry> = {
    '': { name: 'jig-package-test-site', dependencies },
    'node_modules/jig': {
      version: jig.version,
      resolved: `file:${tarball}`,
      integrity: `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`,
      license: jig.license,
      ...(jig.dependencies ? { dependencies: jig.dependencies } : {}),
      ...(jig.bin ? { bin: jig.bin } : {}),
      ...(jig.engines ? { engines: jig.engines } : {}),
      ...(jig.peerDependencies ? { peerDependencies: jig.peerDependencies } : {}),
      ...(jig.peerDependenciesMeta ? { peerDependenciesMeta: jig.peerDependenciesMeta } : {}),
    },
    ...Object.fromEntries([...needed].sort(([a], [b]) => a.localeCompare(b))),
  };
  writeFileSync(
    join(dir, 'package-lock.json'),
    `${JSON.stringify({ name: 'jig-package-test-site', lockfileVersion: 3, requires: true, packages }, null, 2)}\n`,
  );
}
