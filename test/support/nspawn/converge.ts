/**
 * Whether a router machine has converged on a commit, asked the way its admin would: `dlan
 * status --json` says the commit is applied and its last attempt succeeded, and FRR (`vtysh`)
 * has a Full OSPF and OSPFv3 neighbour on each of the router's links.
 */
import { parseOspf6Neighbors, parseOspfNeighbors } from '../../../reconciler/live/parse-frr.js';
import { waitFor } from '../../../lab/wait.js';
import type { Machine } from './machine.js';

export interface RouterView {
  readonly router: string;
  readonly applied?: string;
  readonly attempt?: { readonly commit: string; readonly outcome: string; readonly description: string };
  readonly ospf: readonly string[];
  readonly ospf6: readonly string[];
  readonly converged: boolean;
}

const full = (ns: { state: string; ifname: string }[]) => [...new Set(ns.filter((n) => n.state === 'Full').map((n) => n.ifname))].sort();

/**
 * `after` (epoch seconds): the last attempt must be later than that (the state file outlives a
 * reboot; only a reconcile of the new boot counts). Its time is read from the state file, whole
 * seconds as the agent writes it.
 */
export async function observeRouter(m: Machine, commit: string, links: readonly string[], after?: number): Promise<RouterView> {
  const [status, state, v2, v3] = await Promise.all([
    m.exec(['dlan', 'status', '--json'], { check: false }),
    m.exec(['cat', '/var/lib/dlan/state.json'], { check: false }),
    m.exec(['vtysh', '-c', 'show ip ospf neighbor json'], { check: false }),
    m.exec(['vtysh', '-c', 'show ipv6 ospf6 neighbor json'], { check: false }),
  ]);
  const s = status.code === 0 ? JSON.parse(status.stdout) as { applied?: { commit: string }; lastAttempt?: { commit: string; outcome: string; description: string } } : {};
  const ospf = v2.code === 0 ? full(parseOspfNeighbors(v2.stdout)) : [];
  const ospf6 = v3.code === 0 ? full(parseOspf6Neighbors(v3.stdout)) : [];
  const a = s.lastAttempt;
  const at = state.code === 0 ? (JSON.parse(state.stdout) as { lastAttempt?: { at?: number } }).lastAttempt?.at : undefined;
  const recent = after === undefined || (at !== undefined && at > after);
  return {
    router: m.name, ospf, ospf6,
    ...(s.applied && { applied: s.applied.commit }),
    ...(a && { attempt: { commit: a.commit, outcome: a.outcome, description: a.description } }),
    converged: recent && s.applied?.commit === commit && a?.commit === commit && a.outcome === 'success'
      && links.every((l) => ospf.includes(l) && ospf6.includes(l)),
  };
}

/** `r1 ✓ 90c69c7 success, OSPF 1/1, OSPFv3 1/1`. Pure. */
export function renderView(v: RouterView, links: readonly string[]): string {
  const at = v.attempt ? `${v.attempt.commit.slice(0, 7)} ${v.attempt.outcome}${v.attempt.outcome === 'success' ? '' : ` (${v.attempt.description.split('\n')[0]!.slice(0, 160)})`}` : 'no reconcile yet';
  const n = (l: readonly string[]) => l.filter((x) => links.includes(x)).length;
  return `${v.router} ${v.converged ? '✓' : '…'} ${at}, OSPF ${n(v.ospf)}/${links.length}, OSPFv3 ${n(v.ospf6)}/${links.length}`;
}

/** Waits until the machine's router converged on `commit`; progress lines as its view changes. */
export async function waitRouterConverged(m: Machine, commit: string, links: readonly string[], o: { timeoutMs: number; after?: number; progress?: (line: string) => void }): Promise<RouterView> {
  let said = '';
  let last: RouterView | undefined;
  try {
    return await waitFor(`${m.name} to converge on ${commit.slice(0, 7)}`, async () => {
      last = await observeRouter(m, commit, links, o.after);
      const line = renderView(last, links);
      if (line !== said) o.progress?.(line);
      said = line;
      return last.converged ? last : undefined;
    }, { timeoutMs: o.timeoutMs, intervalMs: 500 });
  } catch (e) {
    throw new Error(`${(e as Error).message}; last seen: ${last ? renderView(last, links) : 'nothing'}`);
  }
}
