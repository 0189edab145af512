/**
 * Looking at the router for the reconcile loop: what the planner compares (files, links,
 * WireGuard, daemons, nftables table, forwarding) and its health (peers, daemons).
 */
import type { DesiredState } from '../../renderers/state.js';
import { healthExpectations } from '../health/expect.js';
import { observeHealth } from '../health/observe.js';
import { summarizeHealth } from '../health/summarize.js';
import type { HealthObservations, HealthSummary } from '../health/types.js';
import { observeRouter, readFiles, readFrr } from '../live/observe.js';
import type { LiveState } from '../plan/live-state.js';
import { toObserved } from '../plan/from-live.js';
import type { Inventory, Observed } from '../plan/observed.js';
import type { ReconcileDeps } from '../deps.js';
import { isDaemon } from '../services/types.js';
import { readLastApplied } from '../trust/applied-state.js';

/** Observe what the planner needs: every file desired or owned, our interfaces, the daemons. */
export async function observe(deps: Pick<ReconcileDeps, 'host' | 'services'>, desired: DesiredState, inventory: Inventory): Promise<{ live: LiveState; observed: Observed }> {
  const daemons = [...new Set([...desired.services.filter((s) => s.daemon).map((s) => s.name), ...(inventory.services ?? [])])]
    .filter(isDaemon).sort();
  const { live, nftTable, forwarding } = await observeRouter(deps.host, deps.services, {
    files: [...new Set([...desired.files.map((f) => f.path), ...inventory.files])].sort(),
    wireguard: desired.wireguard.ifname,
    interfaces: [...new Set(desired.addresses.map((a) => a.ifname))].sort(),
    daemons,
  });
  return { live, observed: toObserved(live, { nftTable, forwarding }) };
}

/**
 * Observe only the files, under the host's root: for a preview of a router that is not this
 * machine (`dlan plan --repo --router --root DIR`). This machine's links, WireGuard, nftables
 * table, forwarding and daemons belong to this machine, not to that router, so none of them is
 * looked at: they count as absent, and the plan says it would create or start them.
 */
export async function observeFiles(host: ReconcileDeps['host'], desired: DesiredState, inventory: Inventory): Promise<{ live: LiveState; observed: Observed }> {
  const files = await readFiles(host, [...new Set([...desired.files.map((f) => f.path), ...inventory.files])].sort());
  const live: LiveState = { files, vxlans: [], addresses: [], links: [], services: [] };
  return { live, observed: toObserved(live, { nftTable: false, forwarding: false }) };
}

/**
 * The peers that carry traffic now: a fresh WireGuard session and OSPF Full on the link (a
 * handshake stays "fresh" for 180 s after a link broke; OSPF's dead interval is seconds).
 * Measured against the state the router runs (its last good one), so a peer renamed or re-keyed
 * by the new commit still counts as the peer it was.
 */
export async function peersUp(deps: Pick<ReconcileDeps, 'host' | 'services' | 'now' | 'config'>, running: DesiredState): Promise<string[]> {
  const h = await health(deps, running, undefined);
  return h.peers.filter((p) => p.wireguard === 'up' && p.ospf === 'Full').map((p) => p.name);
}

export async function health(deps: Pick<ReconcileDeps, 'host' | 'services' | 'now' | 'config'>, desired: DesiredState, commit: string | undefined): Promise<HealthSummary> {
  const expect = healthExpectations(desired, { ...(commit && { commit }) });
  const applied = await readLastApplied(deps.config.stateDir);
  const obs = await observeHealth(deps.host, deps.services, expect, { wireguardIfname: desired.wireguard.ifname, ...(applied && { appliedCommit: commit ?? applied }) });
  return summarizeHealth(expect, obs, Math.floor(deps.now().getTime() / 1000));
}

/** Health from a fresh observation of the router (only FRR's neighbours are asked for). */
export async function healthFromLive(deps: Pick<ReconcileDeps, 'host' | 'services' | 'now'>, desired: DesiredState, commit: string, live: LiveState): Promise<HealthSummary> {
  const expect = healthExpectations(desired, { commit });
  const frrStatus = live.services.find((s) => s.name === 'frr') ?? await deps.services.status('frr');
  const frr = await readFrr(deps.host, frrStatus);
  const obs: HealthObservations = {
    ...(live.wireguard && { wireguard: live.wireguard }), ...(frr && { frr }),
    services: live.services.filter((s) => expect.daemons.includes(s.name)), appliedCommit: commit,
  };
  return summarizeHealth(expect, obs, Math.floor(deps.now().getTime() / 1000));
}
