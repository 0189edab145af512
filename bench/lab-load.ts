/**
 * The lab's merge → all-applied, quiet and under load: `dlan lab up` of the sample repo, then a
 * one-line signed commit (a port forward moved) pushed to the lab's git server, timed until every
 * router's state file says it applied it; once on the machine as it is, once with a CPU burner
 * the bench starts and stops itself (two busy loops per core, killed when the measurement ends or
 * after 3 minutes at most). Prints per router the seconds to applied, the agents' CPU while they
 * applied, and the BFD sessions that went down meanwhile (a late BFD packet flaps a healthy link:
 * what the slow-hardware profile in docs/guide.md is for). Needs root and the lab's programs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { labDown, labGit, labUp, routerState, type Lab } from '../lab/index.js';
import { vtyShow } from '../reconciler/live/vty.js';
import { fromRoot } from '../test/support/paths.js';

const BURN_LIMIT_S = 180;

/** Busy loops, two per core, each ending by itself after BURN_LIMIT_S. */
function startBurner(): ChildProcess[] {
  return Array.from({ length: cpus().length * 2 }, () =>
    spawn('timeout', [String(BURN_LIMIT_S), 'sh', '-c', 'while :; do :; done'], { stdio: 'ignore' }));
}

function stopBurner(ps: readonly ChildProcess[]): void {
  for (const p of ps) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
}

const agentsOf = (lab: Lab) => lab.state.state.processes.filter((p) => p.role === 'agent');

/** utime + stime + children's, ms, of a process. */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * 10;
}

/** BFD sessions of every router that are up, with their uptime in seconds. */
async function bfdUptimes(lab: Lab): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const a of agentsOf(lab)) {
    const text = await vtyShow(`/proc/${a.pid}/root/run/frr/bfdd.vty`, 'show bfd peers json', 3000);
    // bfdd's JSON: `uptime` (seconds) while a session is up, `downtime` when it is not.
    for (const p of JSON.parse(text) as { peer: string; interface?: string; status: string; uptime?: number }[]) {
      out.set(`${a.node}:${p.interface ?? ''} ${p.peer}`, p.status === 'up' ? (p.uptime ?? 0) : -1);
    }
  }
  return out;
}

/** Commits a moved port forward (signed by the lab key), pushes it; returns the commit. */
async function commitChange(lab: Lab, port: number): Promise<string> {
  const file = join(lab.paths.topology, 'services', 'game.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/\{ port: \d+(, to: 27015)?, protocol: udp \}/, `{ port: ${port}, to: 27015, protocol: udp }`));
  await labGit(lab.paths, ['commit', '-q', '-am', `bench: game on ${port}`]);
  await labGit(lab.paths, ['push', '-q', 'origin', 'main']);
  return (await labGit(lab.paths, ['rev-parse', 'HEAD'])).stdout.trim();
}

interface Run { readonly label: string; readonly perRouter: Map<string, number>; readonly allS: number; readonly agentCpuMs: number; readonly bfdDown: string[] }

async function mergeToApplied(lab: Lab, label: string, port: number, timeoutMs = 150_000): Promise<Run> {
  const agents = agentsOf(lab);
  const cpu0 = agents.reduce((s, a) => s + cpuMs(a.pid), 0);
  const bfd0 = await bfdUptimes(lab);
  const t0 = performance.now();
  const commit = await commitChange(lab, port);
  const perRouter = new Map<string, number>();
  while (perRouter.size < agents.length) {
    if (performance.now() - t0 > timeoutMs) throw new Error(`${label}: not applied everywhere after ${timeoutMs} ms (${[...perRouter.keys()].join(', ')} did)`);
    for (const a of agents) {
      if (!perRouter.has(a.node) && routerState(lab, a.node)?.applied?.commit === commit) perRouter.set(a.node, (performance.now() - t0) / 1000);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const allS = (performance.now() - t0) / 1000;
  const agentCpuMs = agents.reduce((s, a) => s + cpuMs(a.pid), 0) - cpu0;
  const bfd1 = await bfdUptimes(lab);
  // Down now, or up for less time than has passed since the commit while it was up before: it flapped.
  const bfdDown = [...bfd0].filter(([k, before]) => before >= 0 && ((bfd1.get(k) ?? -1) < 0 || (bfd1.get(k) ?? 0) < allS)).map(([k]) => k);
  return { label, perRouter, allS, agentCpuMs, bfdDown };
}

export async function main(): Promise<void> {
  const prefix = `bll${process.pid % 10000}`;
  let lab: Lab | undefined;
  let burner: ChildProcess[] = [];
  try {
    const up = await labUp({ topology: fromRoot('sample-repo'), prefix, agents: true, dhcp: false });
    lab = up.lab;
    await new Promise((r) => setTimeout(r, 5000)); // BFD sessions up everywhere
    const quiet = await mergeToApplied(lab, 'quiet', 27016);
    burner = startBurner();
    await new Promise((r) => setTimeout(r, 2000));
    const loaded = await mergeToApplied(lab, `under load (${burner.length} busy loops on ${cpus().length} cores)`, 27017);
    stopBurner(burner);
    console.log('sample lab, one signed commit (a port forward moved) from push to applied on every router:');
    for (const r of [quiet, loaded]) {
      const per = [...r.perRouter].sort(([a], [b]) => a.localeCompare(b)).map(([n, s]) => `${n} ${s.toFixed(1)}`).join(', ');
      console.log(`  ${r.label.padEnd(40)} all applied in ${r.allS.toFixed(1).padStart(5)} s (${per}); agents' CPU ${(r.agentCpuMs / 1000).toFixed(2)} s; BFD sessions down meanwhile: ${r.bfdDown.length ? r.bfdDown.join(', ') : 'none'}`);
    }
  } finally {
    stopBurner(burner);
    if (lab) await labDown(lab.paths);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
