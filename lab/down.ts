/**
 * `dlan lab down`: undoes everything the state file records, in reverse, and only that —
 * processes by PID and start time, then whatever still runs in the lab's network namespaces
 * (daemons that forked away from a recorded parent), then the mounts, the namespaces and the
 * lab folder. Works on the state a crashed `lab up` left, and is idempotent.
 *
 * With `keepFiles` (a failed `lab up`) the lab folder stays, mounted, with everything in it —
 * logs, the routers' state files and configs, the topology, the state file (phase `failed`) —
 * for someone to read; only what runs and what pins the namespaces goes. `lab down` later
 * removes the rest.
 */
import { existsSync, rmSync } from 'node:fs';
import type { LabPaths } from './paths.js';
import { identify, stopProcess } from './proc.js';
import { mountsUnder, unmountAll } from './mounts.js';
import { run } from './run.js';
import { StateFile } from './state.js';

export interface DownReport {
  readonly found: boolean;
  readonly processes: number;
  readonly namespaces: number;
  readonly mounts: number;
  /** Recorded PIDs now held by another program (pid reused): left alone. */
  readonly skipped: readonly { pid: number; exe: string }[];
}

async function pidsIn(netns: string): Promise<number[]> {
  const r = await run('ip', ['netns', 'pids', netns], { check: false });
  return r.code === 0 ? r.stdout.split(/\s+/).filter(Boolean).map(Number) : [];
}

export async function labDown(paths: LabPaths, opts: { keepFiles?: boolean } = {}): Promise<DownReport> {
  const file = StateFile.read(paths.state);
  if (!file && !existsSync(paths.dir)) return { found: false, processes: 0, namespaces: 0, mounts: 0, skipped: [] };
  const state = file?.state;
  const skipped: { pid: number; exe: string }[] = [];

  const mine = (state?.processes ?? []).filter((p) => {
    const id = identify(p.pid);
    if (!id || id.state === 'Z') return false;
    if (id.startTime === p.startTime && (id.exe === p.exe || id.exe === 'nsenter')) return true;
    skipped.push({ pid: p.pid, exe: id.exe });
    return false;
  });
  await Promise.all(mine.map((p) => stopProcess(p.pid, p.startTime)));

  const netns = (state?.netns ?? []).filter((n) => existsSync(`/run/netns/${n}`));
  // Anything still in a lab namespace was started there by the lab or by what it started.
  const leftovers = (await Promise.all(netns.map(pidsIn))).flat().flatMap((pid) => {
    const id = identify(pid);
    return id ? [{ pid, startTime: id.startTime }] : [];
  });
  await Promise.all(leftovers.map((p) => stopProcess(p.pid, p.startTime)));

  const keep = (m: string) => opts.keepFiles === true && m === paths.dir;
  const mounts = await unmountAll([...(state?.mounts ?? [])].reverse().filter((m) => !keep(m)));
  const stray = await unmountAll(mountsUnder(paths.dir).filter((m) => !keep(m)));
  if (netns.length) await run('ip', ['-batch', '-'], { input: netns.map((n) => `netns delete ${n}\n`).join('') });
  if (opts.keepFiles && file) file.update((s) => { s.phase = 'failed'; });
  else rmSync(paths.dir, { recursive: true, force: true });
  return { found: true, processes: mine.length + leftovers.length, namespaces: netns.length, mounts: mounts + stray, skipped };
}
