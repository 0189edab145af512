/**
 * The cgroup systemd-nspawn runs in, on a host whose PID 1 is not systemd (this CI machine):
 * nspawn cannot ask machined for a scope, so it runs with `--keep-unit` in a cgroup made for it,
 * in the named hierarchies systemd uses (`systemd` and `unified` on a hybrid host, the single
 * one on a cgroup2 host). Without it nspawn creates `payload/` and `supervisor/` in the caller's
 * cgroup, and the guest's systemd would see the test runner's processes.
 */
import { existsSync, readdirSync, rmdirSync, statfsSync } from 'node:fs';
import { join } from 'node:path';

const CGROUP2_SUPER_MAGIC = 0x63677270;

/** Whether systemd is PID 1 here (then nspawn registers with machined and gets its own scope). */
export const hostRunsSystemd = (): boolean => existsSync('/run/systemd/system');

/** The cgroup directories for a machine named `name`, one per hierarchy that systemd uses. */
export function cgroupDirs(name: string): string[] {
  if (statfsSync('/sys/fs/cgroup').type === CGROUP2_SUPER_MAGIC) return [join('/sys/fs/cgroup', name)];
  return ['systemd', 'unified'].filter((h) => existsSync(join('/sys/fs/cgroup', h))).map((h) => join('/sys/fs/cgroup', h, name));
}

/** A shell prefix that moves the shell (which then execs nspawn) into those cgroups. */
export function enterCgroupsScript(dirs: readonly string[]): string {
  return dirs.map((d) => `mkdir -p '${d}' && echo $$ > '${d}/cgroup.procs'`).join(' && ');
}

/**
 * Removes the cgroup directories, deepest first (nspawn made `payload/` and `supervisor/` under
 * them). Returns the ones that could not be removed yet (still busy: their processes are being
 * reaped); the caller retries.
 */
export function removeCgroups(dirs: readonly string[]): string[] {
  const busy: string[] = [];
  const remove = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) remove(join(dir, e.name));
    try {
      rmdirSync(dir);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EBUSY' && code !== 'ENOTEMPTY') throw e;
      busy.push(dir);
    }
  };
  for (const d of dirs) remove(d);
  return busy;
}
