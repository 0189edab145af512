/**
 * Builds dlan_<version>_all.deb without root: stage the tree (stage.ts), write DEBIAN/ (control,
 * md5sums, maintainer scripts), then `dpkg-deb --build --root-owner-group`, with every mtime
 * clamped to the changelog's date (SOURCE_DATE_EPOCH), so one commit always gives the same .deb.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, lstat, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { VERSION } from '../cli/version.js';
import { changelogHead } from './changelog.js';
import { renderControl } from './control.js';
import type { Bundle } from './bundle.js';
import { renderScript, SCRIPTS } from './maintainer-scripts.js';
import { stageTree } from './stage.js';

const exec = promisify(execFile);

export interface BuiltDeb {
  readonly deb: string;
  readonly version: string;
  /** Bytes of the .deb. */
  readonly size: number;
  /** KiB once installed (the control field). */
  readonly installedSize: number;
  /** The bundle in /usr/lib/dlan. */
  readonly bundle: Bundle;
}

export class PackageError extends Error {
  readonly code = 'PackageError';
}

/** Every path under dir (files, links, dirs), relative, sorted; DEBIAN/ left out. */
async function walk(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (relative(base, p) === 'DEBIAN') continue;
    out.push(relative(base, p));
    if (e.isDirectory()) out.push(...(await walk(p, base)));
  }
  return out.sort();
}

/** Installed-Size as dpkg-gencontrol counts it: KiB rounded up per file, 1 per directory or link. */
async function installedSize(stage: string, paths: readonly string[]): Promise<number> {
  let kib = 0;
  for (const p of paths) {
    const s = await lstat(join(stage, p));
    kib += s.isFile() ? Math.ceil(s.size / 1024) : 1;
  }
  return kib;
}

async function md5sums(stage: string, paths: readonly string[]): Promise<string> {
  const lines: string[] = [];
  for (const p of paths) {
    if (!(await lstat(join(stage, p))).isFile()) continue;
    lines.push(`${createHash('md5').update(await readFile(join(stage, p))).digest('hex')}  ${p}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Builds the package from `root` (a source tree after `tsc`) into `outDir`. */
export async function buildDeb(root: string, outDir: string): Promise<BuiltDeb> {
  const head = changelogHead(await readFile(join(root, 'packaging/debian/changelog'), 'utf8'));
  if (head.version !== VERSION) throw new PackageError(`packaging/debian/changelog is at ${head.version}, dlan at ${VERSION} (cli/version.ts): add a changelog entry`);
  const stage = join(outDir, 'root');
  await rm(stage, { recursive: true, force: true });
  await mkdir(stage, { recursive: true, mode: 0o755 });
  const built = await stageTree(root, stage, head);

  const paths = await walk(stage);
  for (const p of paths) {
    const s = await lstat(join(stage, p));
    if (s.isDirectory()) await chmod(join(stage, p), 0o755);
    else if (s.isFile() && (s.mode & 0o111) === 0) await chmod(join(stage, p), 0o644);
  }
  const debian = join(stage, 'DEBIAN');
  await mkdir(debian, { mode: 0o755 });
  const size = await installedSize(stage, paths);
  await writeFile(join(debian, 'control'), renderControl({ version: head.version, maintainer: head.maintainer, installedSize: size }));
  await writeFile(join(debian, 'md5sums'), await md5sums(stage, paths));
  for (const name of SCRIPTS) {
    await writeFile(join(debian, name), renderScript(name, await readFile(join(root, 'packaging/debian', name), 'utf8')));
    await chmod(join(debian, name), 0o755);
  }
  for (const f of ['control', 'md5sums']) await chmod(join(debian, f), 0o644);

  const deb = join(outDir, `dlan_${head.version}_all.deb`);
  await exec('dpkg-deb', ['--build', '--root-owner-group', stage, deb], { env: { ...process.env, SOURCE_DATE_EPOCH: String(head.epoch) } });
  return { deb, version: head.version, size: (await stat(deb)).size, installedSize: size, bundle: built };
}
