/**
 * `dlan lab status`: what a lab is made of and what runs in it, as a value (for --json; the text
 * is status-text.ts). Reads the state file and the live system (namespaces present, processes
 * alive and their memory); changes nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { LabError } from './errors.js';
import type { Lab } from './node.js';
import type { LabPaths } from './paths.js';
import type { NodeKind } from './plan.js';
import { routerState } from './converge.js';
import { identify, isRunning } from './proc.js';
import { run } from './run.js';
import { StateFile } from './state.js';

/** The lab recorded under `paths`; NoLab when there is none. */
export function openLab(paths: LabPaths): Lab {
  const state = StateFile.read(paths.state);
  if (!state) throw new LabError('NoLab', `no lab at ${paths.dir} (dlan lab up --prefix ${paths.dir.split('/').pop()!})`, { dir: paths.dir });
  return { paths, plan: state.state.plan, state };
}

export interface ProcessStatus {
  readonly pid: number;
  /** Role recorded by the lab, or `-` for a process started by one of the lab's processes. */
  readonly role: string;
  readonly exe: string;
  readonly rssKiB: number;
  /** Proportional set size: its share of pages shared with other processes (libraries, forks). */
  readonly pssKiB: number;
}

export interface NodeStatus {
  readonly name: string;
  readonly kind: NodeKind;
  readonly netns: string;
  readonly present: boolean;
  /** Every global address, as `<interface> <address>/<length>`. */
  readonly addresses: readonly string[];
  /** The addresses it is plugged in with (its WAN, eth0; the internet's segments), without length. */
  readonly uplink: readonly string[];
  readonly processes: readonly ProcessStatus[];
}

export interface LabStatus {
  readonly prefix: string;
  readonly dir: string;
  readonly phase: string;
  /** Why `lab up` failed (phase `failed`): its step and error. */
  readonly failure?: { readonly step: string; readonly message: string };
  /** Interface names that stand for longer node names (the far end of a cable), by node. */
  readonly ifnames: Readonly<Record<string, string>>;
  readonly gitUrl?: string;
  readonly nodes: readonly NodeStatus[];
  readonly timings: Readonly<Record<string, number>>;
  /** Resident sizes summed (pages shared between processes counted in each). */
  readonly rssKiB: number;
  /** Proportional set sizes summed: what the lab's processes really take. */
  readonly pssKiB: number;
  /** What each router's agent last reported (its state file), for routers that reported. */
  readonly routers: readonly RouterReport[];
}

export interface RouterReport {
  readonly router: string;
  readonly applied?: string;
  readonly lastAttempt?: { readonly commit: string; readonly outcome: string; readonly description: string };
  /** The health its agent last observed, e.g. `healthy`, and its peers up. */
  readonly health?: string;
  readonly peersUp?: number;
  readonly peers?: number;
}

function routerReport(lab: Lab, router: string): RouterReport[] {
  const st = routerState(lab, router);
  if (!st) return [];
  const a = st.lastAttempt;
  return [{
    router, ...(st.applied && { applied: st.applied.commit }),
    ...(a && { lastAttempt: { commit: a.commit, outcome: a.outcome, description: a.description } }),
    ...(st.health && { health: st.health.status, peersUp: st.health.peersUp, peers: st.health.peers.length }),
  }];
}

/** Resident and proportional set size of a process (0 when it is gone). */
function memoryKiB(pid: number): { rssKiB: number; pssKiB: number } {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ESRCH') return { rssKiB: 0, pssKiB: 0 };
    throw e;
  }
  const field = (f: string) => Number(new RegExp(`^${f}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
  return { rssKiB: field('Rss'), pssKiB: field('Pss') };
}

/** Which of a node's interfaces plug it in: a router's WAN, a home router's `wan`, eth0, the internet's segments. */
function uplinkOf(lab: Lab, node: string, kind: NodeKind): (ifname: string) => boolean {
  if (kind === 'internet') return (i) => /^seg\d+$/.test(i);
  if (kind === 'home') return (i) => i === 'wan';
  const wanIf = lab.plan.routers.find((r) => r.node === node)?.wanIf;
  return (i) => i === (wanIf ?? 'eth0');
}

export async function labStatus(lab: Lab): Promise<LabStatus> {
  const s = lab.state.state;
  const nodes = await Promise.all(lab.plan.nodes.map(async (n): Promise<NodeStatus> => {
    const present = existsSync(`/run/netns/${n.netns}`);
    if (!present) return { name: n.name, kind: n.kind, netns: n.netns, present, addresses: [], uplink: [], processes: [] };
    const pids = (await run('ip', ['netns', 'pids', n.netns])).stdout.split(/\s+/).filter(Boolean).map(Number);
    const addrs = JSON.parse((await run('ip', ['-n', n.netns, '-j', 'addr', 'show'])).stdout) as { ifname: string; addr_info: { local: string; prefixlen: number; scope: string }[] }[];
    const processes = pids.sort((a, b) => a - b).flatMap((pid): ProcessStatus[] => {
      const id = identify(pid);
      if (!id) return [];
      const rec = s.processes.find((p) => p.pid === pid && p.startTime === id.startTime);
      return [{ pid, role: rec?.role ?? '-', exe: id.exe, ...memoryKiB(pid) }];
    });
    const global = addrs.flatMap((l) => l.addr_info.filter((a) => a.scope === 'global').map((a) => ({ ifname: l.ifname, address: a.local, length: a.prefixlen })));
    const up = uplinkOf(lab, n.name, n.kind);
    return {
      name: n.name, kind: n.kind, netns: n.netns, present, processes,
      addresses: global.map((a) => `${a.ifname} ${a.address}/${a.length}`),
      uplink: global.filter((a) => up(a.ifname)).map((a) => a.address),
    };
  }));
  // Recorded processes outside the namespaces (none today) would be missed above: count them too.
  const outside = s.processes.filter((p) => isRunning(p.pid, p.startTime) && !nodes.some((n) => n.processes.some((q) => q.pid === p.pid)));
  const all = [...nodes.flatMap((n) => n.processes), ...outside.map((p) => memoryKiB(p.pid))];
  const rssKiB = all.reduce((t, p) => t + p.rssKiB, 0);
  const pssKiB = all.reduce((t, p) => t + p.pssKiB, 0);
  const routers = lab.plan.routers.flatMap((r) => routerReport(lab, r.node));
  return {
    prefix: s.prefix, dir: s.dir, phase: s.phase, ...(s.failure && { failure: s.failure }), ifnames: lab.plan.ifnames ?? {},
    ...(s.gitUrl && { gitUrl: s.gitUrl }), nodes, timings: s.timings, rssKiB, pssKiB, routers,
  };
}
