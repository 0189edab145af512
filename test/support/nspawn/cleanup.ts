/**
 * The last resort of the system test: when the test process exits before its `after` hook ran
 * (a crash, an uncaught error), everything it made goes synchronously from an `exit` handler —
 * processes by the PIDs it recorded, network namespaces by name, cgroups, temporary roots.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { removeCgroups } from './cgroup.js';

export interface Made {
  /** Processes to SIGKILL: the machines' nspawn and init, servers' clients, the git server. */
  readonly pids: Set<number>;
  readonly netns: Set<string>;
  readonly cgroups: Set<string>;
  readonly dirs: Set<string>;
}

export const made = (): Made => ({ pids: new Set(), netns: new Set(), cgroups: new Set(), dirs: new Set() });

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

export function cleanupSync(m: Made): void {
  for (const pid of m.pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
    }
  }
  for (const n of m.netns) if (existsSync(`/run/netns/${n}`)) execFileSync('ip', ['netns', 'del', n], { stdio: 'inherit' });
  // A killed machine's processes take a moment to be reaped before their cgroups can go.
  for (let i = 0; i < 50 && removeCgroups([...m.cgroups]).length > 0; i++) sleepSync(100);
  for (const d of m.dirs) rmSync(d, { recursive: true, force: true });
}
