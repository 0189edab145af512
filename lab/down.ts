/**
 * `dlan lab down`: undoes everything the state file records, in reverse, and only that —
 * processes by PID and start time, then whatever still runs in the lab's network namespaces
 * (daemons that forked away from a recorded parent), then the mounts, the namespaces and the
 * lab folder. Works on the state a crashed `lab up` left, and is idempotent.
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

export async function labDown(paths: LabPaths): Promise<DownReport> {
  const file = StateFile.read(paths.state);
  if (!file && !existsSync(paths.dir)) return { found: false, processes: 0, namespaces: 0, mounts: 0, skipped: [] };
  const state = file?.state;
  let processes = 0;
  const skipped: { pid: number; exe: string }[] = [];

  for (const p of [...(state?.processes ?? [])].reverse()) {
    const id = identify(p.pid);
    if (!id || id.state === 'Z') continue;
    if (id.startTime !== p.startTime || (id.exe !== p.exe && id.exe !== 'nsenter')) {
      skipped.push({ pid: p.pid, exe: id.exe });
      continue;
    }
    await stopProcess(p.pid, p.startTime);
    processes++;
  }

  const netns = (state?.netns ?? []).filter((n) => existsSync(`/run/netns/${n}`));
  // Anything still in a lab namespace was started there by the lab or by what it started.
  const leftovers = (await Promise.all(netns.map(pidsIn))).flat();
  await Promise.all(leftovers.map(async (pid) => {
    const id = identify(pid);
    if (id) { await stopProcess(pid, id.startTime); processes++; }
  }));

  let mounts = 0;
  for (const m of [...(state?.mounts ?? [])].reverse()) if (await unmountAll(m)) mounts++;
  for (const m of mountsUnder(paths.dir)) if (await unmountAll(m)) mounts++;

  for (const n of netns) await run('ip', ['netns', 'delete', n]);
  rmSync(paths.dir, { recursive: true, force: true });
  return { found: true, processes, namespaces: netns.length, mounts, skipped };
}
