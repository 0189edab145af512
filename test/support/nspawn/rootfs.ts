/**
 * The Debian root the system test boots: a trixie minbase with systemd, Node and every package
 * dlan's .deb Depends on or Recommends, so that `apt install ./dlan_….deb` inside needs no
 * network (the root has no apt lists: a missing dependency fails the install, it is never
 * downloaded behind the test's back).
 *
 * Built once by mmdebstrap (~40 s with a near mirror, ~4.5 min from a far one) straight into a
 * zstd tarball, cached under /var/cache/dlan-test (DLAN_TEST_CACHE), named by a hash of what
 * went into it: a new dependency in the package gives a new name, so a stale root is never
 * used and the next run rebuilds. Restored per machine in about a second.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../../lab/run.js';

export const SUITE = 'trixie';

/** What a router needs besides dlan's own dependencies: an init, D-Bus, and the test's tools. */
export const BASE_PACKAGES: readonly string[] = [
  'systemd', 'systemd-sysv', 'dbus', 'iproute2', 'iputils-ping', 'procps', 'ca-certificates', 'nodejs',
];

/** Format of the cached root; bump it when the build below changes in a way the name must show. */
const FORMAT = 1;

export const cacheDir = (): string => process.env.DLAN_TEST_CACHE ?? '/var/cache/dlan-test';

/**
 * The package names of a Depends/Recommends field, first alternative of each, without versions
 * (`nodejs (>= 20), nginx-light | nginx` → nodejs, nginx-light). Pure.
 */
export function packageNames(field: string): string[] {
  return field.split(',').map((d) => d.split('|')[0]!.trim().replace(/\s*\(.*\)$/, '').replace(/:any$/, ''))
    .filter((n) => n !== '');
}

/** The sorted, de-duplicated list the root is built with. Pure. */
export function rootfsPackages(dependencies: readonly string[]): string[] {
  return [...new Set([...BASE_PACKAGES, ...dependencies])].sort();
}

/** `trixie-<12 hex>.tar.zst`: the hash covers the suite, the package list and the build's format. Pure. */
export function tarballName(packages: readonly string[]): string {
  const hash = createHash('sha256').update(JSON.stringify({ suite: SUITE, packages, format: FORMAT })).digest('hex').slice(0, 12);
  return `${SUITE}-${hash}.tar.zst`;
}

/** The Debian mirror the host's apt uses (DLAN_TEST_MIRROR overrides it; a non-Debian host must set it). */
export async function debianMirror(): Promise<string> {
  if (process.env.DLAN_TEST_MIRROR) return process.env.DLAN_TEST_MIRROR;
  const r = await run('apt-get', ['indextargets', '--format', '$(REPO_URI)', 'Label: Debian'], { check: false });
  const uri = r.stdout.split('\n').find((l) => l.trim() !== '');
  if (!uri) throw new Error('no Debian mirror in the host\'s apt sources: set DLAN_TEST_MIRROR to one (e.g. http://deb.debian.org/debian)');
  return uri.trim();
}

/**
 * The cached tarball for these packages, built when missing. The build writes a temporary file
 * and renames it, so an interrupted build leaves no tarball that looks complete.
 */
export async function ensureRootfs(packages: readonly string[], log: (line: string) => void): Promise<{ tarball: string; builtMs?: number }> {
  const dir = cacheDir();
  const tarball = join(dir, tarballName(packages));
  if (existsSync(tarball)) return { tarball };
  mkdirSync(dir, { recursive: true });
  const partial = `${tarball}.${process.pid}.partial.tar.zst`;
  const mirror = await debianMirror();
  log(`building the ${SUITE} root (${packages.length} packages from ${mirror}) into ${tarball}`);
  const t0 = performance.now();
  try {
    // mmdebstrap installs a policy-rc.d while it builds: no service starts on the host.
    await run('mmdebstrap', ['--variant=minbase', '--quiet', `--include=${packages.join(',')}`,
      // Each machine gets its own name when restored; no apt lists are kept (see above).
      '--customize-hook=rm -f "$1/etc/hostname"', SUITE, partial, mirror]);
    renameSync(partial, tarball);
  } finally {
    rmSync(partial, { force: true });
  }
  pruneCache(dir, KEEP);
  return { tarball, builtMs: performance.now() - t0 };
}

/** Roots kept in the cache: the new one and a few before it (another branch may still use them). */
const KEEP = 3;

/** Deletes all but the `keep` newest cached roots (each dependency change adds one of ~110 MB). */
export function pruneCache(dir: string, keep: number): string[] {
  const roots = readdirSync(dir).filter((f) => new RegExp(`^${SUITE}-[0-9a-f]{12}\\.tar\\.zst$`).test(f))
    .map((f) => ({ path: join(dir, f), mtime: statSync(join(dir, f)).mtimeMs })).sort((a, b) => b.mtime - a.mtime);
  const gone = roots.slice(keep).map((r) => r.path);
  for (const p of gone) rmSync(p, { force: true });
  return gone;
}

/** Unpacks the tarball into `dir` (created), owners and modes as they were. */
export async function restoreRootfs(tarball: string, dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await run('tar', ['-C', dir, '--zstd', '--numeric-owner', '--xattrs', '-xpf', tarball]);
}
