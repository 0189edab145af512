/**
 * Processes by PID, never by name: a process is "ours" when its PID *and* its start time (field
 * 22 of /proc/<pid>/stat) match what was recorded when it was started, so a reused PID is never
 * killed. Stopping is SIGTERM, a grace period, then SIGKILL.
 */
import { readFileSync } from 'node:fs';
import { waitFor } from './wait.js';

export interface Identity {
  readonly startTime: string;
  readonly exe: string;
  /** One letter from /proc/<pid>/stat: R, S, D, Z (zombie: exited, not yet reaped)... */
  readonly state: string;
}

/** The identity of a running process, or undefined when there is no such process. */
export function identify(pid: number): Identity | undefined {
  let stat: string;
  let cmdline: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ESRCH') return undefined;
    throw e;
  }
  // comm (field 2) may hold spaces and parentheses: fields 3.. follow the last ')'.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { state: rest[0]!, startTime: rest[19]!, exe: cmdline.split('\0')[0] ?? '' };
}

export const isRunning = (pid: number, startTime?: string): boolean => {
  const id = identify(pid);
  return id !== undefined && id.state !== 'Z' && (startTime === undefined || id.startTime === startTime);
};

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
  }
}

/**
 * Stops the process if it still is the one recorded (same start time); true when it is gone.
 * Zombies count as gone (their parent reaps them).
 */
export async function stopProcess(pid: number, startTime: string | undefined, graceMs = 3000): Promise<boolean> {
  if (!isRunning(pid, startTime)) return true;
  signal(pid, 'SIGTERM');
  try {
    await waitFor(`pid ${pid} to exit`, () => !isRunning(pid, startTime), { timeoutMs: graceMs, intervalMs: 20 });
    return true;
  } catch (e) {
    if ((e as { code?: string }).code !== 'Timeout') throw e;
    // Still there after the grace period: SIGKILL cannot be ignored.
    if (isRunning(pid, startTime)) signal(pid, 'SIGKILL');
    await waitFor(`pid ${pid} to die`, () => !isRunning(pid, startTime), { timeoutMs: 3000, intervalMs: 20 });
    return true;
  }
}
