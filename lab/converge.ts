/**
 * Waiting for the routers to converge on a commit, as their agents report it and as FRR sees it:
 * a router is converged when its state file (/var/lib/dlan/state.json in the node) says the
 * commit is applied, its last attempt succeeded and its last health check found it healthy
 * (so that what `lab status` shows next agrees), and OSPF (v2 and v3) is Full on every one of
 * its links. Polled with a deadline; progress is one line per router whenever it changes.
 * FRR is asked on its VTY sockets through /proc/<pid>/root of a process in the node (the node's
 * /run is private), the way the agent's own live observation does.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseOspf6Neighbors, parseOspfNeighbors } from '../reconciler/live/parse-frr.js';
import { vtyShow } from '../reconciler/live/vty.js';
import type { RouterState } from '../reconciler/report/state-file.js';
import type { Topology } from '../model/model.js';
import { slice } from '../model/slice.js';
import { LabError } from './errors.js';
import { nodeOf, type Lab } from './node.js';
import { isRunning } from './proc.js';
import { run } from './run.js';
import { throwIfAborted } from './wait.js';

/** One router's view of a commit. */
export interface RouterConvergence {
  readonly router: string;
  /** The commit its state file says runs, and how the last attempt went. */
  readonly applied?: string;
  readonly attempt?: { readonly commit: string; readonly outcome: string; readonly description: string };
  /** Links with a Full OSPFv2 / OSPFv3 neighbour, of `links`. */
  readonly ospf: readonly string[];
  readonly ospf6: readonly string[];
  readonly links: readonly string[];
  /** The health its agent last recorded, e.g. `healthy`. */
  readonly health?: string;
  readonly converged: boolean;
}

/** The VXLAN links of every router in a topology (its peerings), by router. */
export function expectedLinks(topology: Topology): Record<string, string[]> {
  return Object.fromEntries(topology.routers.map((r) => [r.name, slice(topology, r.name).peers.map((p) => p.ifname).sort()]));
}

/** dlan's state file of a router, read from the node's folder; undefined before the first reconcile. */
export function routerState(lab: Lab, router: string): RouterState | undefined {
  try {
    return JSON.parse(readFileSync(join(lab.paths.nodeRoot(router), 'var/lib/dlan/state.json'), 'utf8')) as RouterState;
  } catch (e) {
    // Absent, or caught between the agent's write and rename: not there yet.
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || e instanceof SyntaxError) return undefined;
    throw e;
  }
}

/** A live process of the node, whose /proc/<pid>/root shows the node's private /run. */
async function processInNode(lab: Lab, router: string): Promise<number | undefined> {
  const agent = lab.state.state.processes.find((p) => p.node === router && p.role === 'agent' && isRunning(p.pid, p.startTime));
  if (agent) return agent.pid;
  const pids = (await run('ip', ['netns', 'pids', nodeOf(lab, router).netns])).stdout.split(/\s+/).filter(Boolean).map(Number);
  return pids.find((p) => isRunning(p));
}

/** The links with a Full neighbour, OSPFv2 and OSPFv3 (empty when FRR does not run). */
export async function fullLinks(lab: Lab, router: string): Promise<{ ospf: string[]; ospf6: string[] }> {
  const pid = await processInNode(lab, router);
  if (pid === undefined) return { ospf: [], ospf6: [] };
  const vty = (daemon: string) => `/proc/${pid}/root/run/frr/${daemon}.vty`;
  const [v2, v3] = await Promise.all([
    vtyShow(vty('ospfd'), 'show ip ospf neighbor json', 2000).catch(() => ''),
    vtyShow(vty('ospf6d'), 'show ipv6 ospf6 neighbor json', 2000).catch(() => ''),
  ]);
  const full = (ns: { state: string; ifname: string }[]) => [...new Set(ns.filter((n) => n.state === 'Full').map((n) => n.ifname))].sort();
  return { ospf: full(parseOspfNeighbors(v2)), ospf6: full(parseOspf6Neighbors(v3)) };
}

export async function observeConvergence(lab: Lab, router: string, commit: string, links: readonly string[]): Promise<RouterConvergence> {
  const s = routerState(lab, router);
  const { ospf, ospf6 } = await fullLinks(lab, router);
  const a = s?.lastAttempt;
  const health = s?.health?.status;
  const converged = s?.applied?.commit === commit && a?.commit === commit && a.outcome === 'success' && health === 'healthy'
    && links.every((l) => ospf.includes(l) && ospf6.includes(l));
  return {
    router, ospf, ospf6, links, converged, ...(health && { health }),
    ...(s?.applied && { applied: s.applied.commit }),
    ...(a && { attempt: { commit: a.commit, outcome: a.outcome, description: a.description } }),
  };
}

/** One line per router: `r1 ✓ 90c69c7 success, OSPF 2/2, OSPFv3 2/2, healthy`. Pure. */
export function renderConvergence(c: RouterConvergence): string {
  const at = c.attempt ? `${c.attempt.commit.slice(0, 7)} ${c.attempt.outcome}${c.attempt.outcome === 'success' ? '' : ` (${c.attempt.description.split('\n')[0]!.slice(0, 160)})`}` : 'no reconcile yet';
  return `${c.router} ${c.converged ? '✓' : '…'} ${at}, OSPF ${c.ospf.filter((l) => c.links.includes(l)).length}/${c.links.length}, OSPFv3 ${c.ospf6.filter((l) => c.links.includes(l)).length}/${c.links.length}${c.health ? `, ${c.health}` : ''}`;
}

export interface ConvergeOptions {
  readonly commit: string;
  /** The VXLAN links every router must have a Full adjacency on (expectedLinks). */
  readonly links: Readonly<Record<string, readonly string[]>>;
  /** Only these routers (default every router of the lab). */
  readonly routers?: readonly string[];
  readonly timeoutMs?: number;
  readonly progress?: (line: string) => void;
  readonly signal?: AbortSignal;
}

/** Waits until every router has converged on the commit; Timeout names the ones that did not. */
export async function waitConverged(lab: Lab, o: ConvergeOptions): Promise<RouterConvergence[]> {
  const routers = o.routers ?? lab.plan.routers.map((r) => r.node);
  const deadline = performance.now() + (o.timeoutMs ?? 120_000);
  const said = new Map<string, string>();
  for (;;) {
    throwIfAborted(o.signal);
    const all = await Promise.all(routers.map((r) => observeConvergence(lab, r, o.commit, o.links[r] ?? [])));
    for (const c of all) {
      const line = renderConvergence(c);
      if (said.get(c.router) !== line) o.progress?.(line);
      said.set(c.router, line);
    }
    if (all.every((c) => c.converged)) return all;
    if (performance.now() >= deadline) {
      const late = all.filter((c) => !c.converged);
      throw new LabError('Timeout', `routers did not converge on ${o.commit.slice(0, 7)} within ${o.timeoutMs ?? 120_000} ms: ${late.map(renderConvergence).join('; ')}`,
        { commit: o.commit, routers: late.map((c) => c.router) });
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
