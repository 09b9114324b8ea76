/**
 * `npm ci` on npm 11 runs a dependency's install script only when
 * package.json's `allowScripts` allows it, and warns about every one it
 * neither allows nor denies. Each such package in the lockfile is declared,
 * so a newcomer's first install is quiet and runs the scripts the build needs.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const read = <T>(name: string) => JSON.parse(readFileSync(`${root}/${name}`, 'utf8')) as T;

interface Lock {
  packages: Record<string, { version?: string; hasInstallScript?: boolean }>;
}

/** The package's name in a lockfile key (`node_modules/a/node_modules/@b/c` is `@b/c`). */
const nameOf = (key: string) => key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);

describe('install scripts', () => {
  const allow = read<{ allowScripts?: Record<string, boolean> }>('package.json').allowScripts ?? {};
  const withScripts = Object.entries(read<Lock>('package-lock.json').packages)
    .filter(([key, entry]) => key.includes('node_modules/') && entry.hasInstallScript)
    .map(([key, entry]) => ({ name: nameOf(key), version: entry.version }));

  it('declares every package in the lockfile that has one as allowed or denied', () => {
    expect(withScripts.length).toBeGreaterThan(0);
    const undeclared = withScripts.filter(
      ({ name, version }) => !(name in allow) && !(version !== undefined && `${name}@${version}` in allow),
    );
    expect(undeclared).toEqual([]);
  });

  it('allows esbuild’s (it checks its platform binary) and nothing it does not need', () => {
    expect(allow.esbuild).toBe(true);
    const allowed = Object.entries(allow)
      .filter(([, allowedToRun]) => allowedToRun)
      .map(([name]) => name.replace(/(.)@.*$/, '$1'));
    expect(allowed).toEqual(['esbuild']);
  });
});
