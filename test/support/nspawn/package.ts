/**
 * The .deb the system test installs: built from this tree by what `npm run package` runs
 * (packaging/deb.ts; the TypeScript is already compiled, since the test runs from dist/), into
 * the test's own folder, or the file DLAN_TEST_DEB names (a package built elsewhere, e.g. a
 * release candidate). Its Depends and Recommends decide what the test's Debian root holds
 * (rootfs.ts).
 */
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { run } from '../../../lab/run.js';
import { buildDeb } from '../../../packaging/deb.js';
import { packageNames } from './rootfs.js';

export interface DebPackage {
  readonly path: string;
  readonly file: string;
  readonly bytes: number;
  readonly version: string;
  /** Depends and Recommends, first alternative of each, no versions. */
  readonly dependencies: readonly string[];
  /** How long the build took (absent for DLAN_TEST_DEB). */
  readonly buildMs?: number;
}

export async function obtainPackage(repoRoot: string, outDir: string): Promise<DebPackage> {
  let path = process.env.DLAN_TEST_DEB;
  let buildMs: number | undefined;
  if (!path) {
    const t0 = performance.now();
    path = (await buildDeb(repoRoot, outDir)).deb;
    buildMs = performance.now() - t0;
  }
  const field = async (name: string) => (await run('dpkg-deb', ['-f', path!, name])).stdout.trim();
  const [version, depends, recommends] = await Promise.all([field('Version'), field('Depends'), field('Recommends')]);
  return {
    path, file: basename(path), bytes: statSync(path).size, version,
    dependencies: [...packageNames(depends), ...packageNames(recommends)],
    ...(buildMs !== undefined && { buildMs }),
  };
}
