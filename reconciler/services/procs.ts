/**
 * The process table, for the process-supervising flavour: is this PID alive, and is it really
 * the daemon we started (its /proc/PID/cmdline), so a PID reused by another program after a crash
 * is never signalled. Zombies count as dead (kill(pid, 0) succeeds on them; a daemon whose parent
 * is slow to reap it has already exited). PIDs are global: nsenter does not enter a PID namespace.
 */
import { readFileSync } from 'node:fs';

export interface ProcessTable {
  /** argv of a live (non-zombie) process ([] while it has none), or undefined when there is none with that PID. */
  argv(pid: number): Promise<readonly string[] | undefined>;
  /** Sends a signal; false when the process no longer exists. */
  signal(pid: number, signal: NodeJS.Signals | 0): boolean;
}

export function localProcesses(): ProcessTable {
  const signal = (pid: number, sig: NodeJS.Signals | 0): boolean => {
    try {
      process.kill(pid, sig);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
      throw e;
    }
  };
  return {
    signal,
    async argv(pid: number): Promise<readonly string[] | undefined> {
      if (!Number.isInteger(pid) || pid <= 1 || !signal(pid, 0)) return undefined;
      let stat: string;
      let cmdline: string;
      try {
        // Synchronous: /proc is memory, and a tick asks this of every daemon's processes; the
        // promise readFile's four thread-pool round trips per file cost far more than the read.
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ESRCH') return undefined; // exited meanwhile
        throw e;
      }
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      if (state === 'Z' || state === 'X') return undefined;
      // Empty: a kernel thread, a process exiting, or one in the middle of execve (its new
      // arguments are not set up yet) — alive, but not (yet) any daemon of ours.
      return cmdline === '' ? [] : cmdline.replace(/\0$/, '').split('\0');
    },
  };
}
