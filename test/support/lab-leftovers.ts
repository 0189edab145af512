/**
 * What a lab left behind: its namespaces, processes in them, mounts under its folder, the folder.
 * `snapshot` before `lab down`, `leftovers` after: every list must be empty.
 */
import { existsSync, readdirSync } from 'node:fs';
import { identify, isRunning } from '../../lab/proc.js';
import { mountsUnder } from '../../lab/mounts.js';
import { run } from '../../lab/run.js';
import type { LabPaths } from '../../lab/paths.js';

export interface LabSnapshot {
  readonly netns: string[];
  readonly processes: { pid: number; startTime: string }[];
}

const labNetns = (prefix: string): string[] =>
  (existsSync('/run/netns') ? readdirSync('/run/netns') : []).filter((n) => n.startsWith(`${prefix}-`));

export async function snapshot(prefix: string): Promise<LabSnapshot> {
  const netns = labNetns(prefix);
  const processes: { pid: number; startTime: string }[] = [];
  for (const n of netns) {
    const pids = (await run('ip', ['netns', 'pids', n])).stdout.split(/\s+/).filter(Boolean).map(Number);
    for (const pid of pids) {
      const id = identify(pid);
      if (id) processes.push({ pid, startTime: id.startTime });
    }
  }
  return { netns, processes };
}

export interface Leftovers {
  readonly netns: string[];
  readonly processes: number[];
  readonly mounts: string[];
  readonly dir: boolean;
}

export function leftovers(prefix: string, paths: LabPaths, before: LabSnapshot): Leftovers {
  return {
    netns: labNetns(prefix),
    processes: before.processes.filter((p) => isRunning(p.pid, p.startTime)).map((p) => p.pid),
    mounts: mountsUnder(paths.dir),
    dir: existsSync(paths.dir),
  };
}

export const nothingLeft: Leftovers = { netns: [], processes: [], mounts: [], dir: false };
