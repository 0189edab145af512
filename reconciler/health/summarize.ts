/**
 * Observations + now → one HealthSummary. Pure.
 * A peer is up when its WireGuard session is fresh (handshake ≤ 180 s old), its OSPF neighbour is
 * Full (and the OSPFv3 one, when expected) and its BFD sessions are up (when expected).
 * The router is `down` when a daemon is not running or it has peers and none is up; `degraded`
 * when some peer is not up or the expected commit is not the applied one; else `healthy`.
 */
import type { OspfNeighbor } from '../plan/live-state.js';
import {
  HANDSHAKE_FRESH_S, type ExpectedPeer, type HealthExpectations, type HealthObservations, type HealthStatus,
  type HealthSummary, type PeerHealth, type WireguardHealth,
} from './types.js';

const short = (sha: string | undefined): string => (sha ?? '').slice(0, 7);

function neighbour(list: readonly OspfNeighbor[] | undefined, ifname: string): string {
  const n = (list ?? []).filter((x) => x.ifname === ifname);
  if (n.length === 0) return 'absent';
  return n.some((x) => x.state === 'Full') ? 'Full' : n[0]!.state;
}

function peerHealth(p: ExpectedPeer, obs: HealthObservations, now: number, expect: { ospf6: boolean; bfd: boolean }): PeerHealth {
  const live = obs.wireguard?.peers.find((x) => x.publicKey === p.publicKey);
  const age = live?.latestHandshake !== undefined ? Math.max(0, now - live.latestHandshake) : undefined;
  const wireguard: WireguardHealth = !live ? 'absent' : age === undefined ? 'never' : age <= HANDSHAKE_FRESH_S ? 'up' : 'stale';
  const ospf = neighbour(obs.frr?.ospf, p.ifname);
  const ospf6 = expect.ospf6 ? neighbour(obs.frr?.ospf6, p.ifname) : 'off';
  const sessions = (obs.frr?.bfd ?? []).filter((b) => b.ifname === p.ifname);
  const bfd = !expect.bfd ? 'off' : sessions.length === 0 ? 'absent' : sessions.every((b) => b.status === 'up') ? 'up' : 'down';
  const up = wireguard === 'up' && ospf === 'Full' && (!expect.ospf6 || ospf6 === 'Full') && (!expect.bfd || bfd === 'up');
  return {
    name: p.name, ...(p.endpoint ? { endpoint: p.endpoint } : {}), ...(age !== undefined ? { handshakeAgeS: age } : {}),
    ...(live && { rxBytes: live.rxBytes, txBytes: live.txBytes }),
    wireguard, ospf, ospf6, bfd, up,
  };
}

function peerProblem(p: PeerHealth): string | undefined {
  if (p.up) return undefined;
  const why: string[] = [];
  if (p.wireguard === 'absent') why.push('not configured in WireGuard');
  else if (p.wireguard === 'never') why.push('no WireGuard handshake yet');
  else if (p.wireguard === 'stale') why.push(`last WireGuard handshake ${p.handshakeAgeS} s ago`);
  if (p.ospf !== 'Full') why.push(`OSPF ${p.ospf}`);
  if (p.ospf6 !== 'Full' && p.ospf6 !== 'off') why.push(`OSPFv3 ${p.ospf6}`);
  if (p.bfd !== 'up' && p.bfd !== 'off') why.push(`BFD ${p.bfd}`);
  return `peer ${p.name}: ${why.join(', ')}`;
}

export function summarizeHealth(expect: HealthExpectations, obs: HealthObservations, now: number): HealthSummary {
  const flags = { ospf6: expect.ospf6 ?? true, bfd: expect.bfd ?? true };
  const peers = [...expect.peers].sort((a, b) => a.name.localeCompare(b.name)).map((p) => peerHealth(p, obs, now, flags));
  const daemons = [...expect.daemons].sort().map((name) => ({ name, running: obs.services.find((s) => s.name === name)?.running ?? false }));
  const commitOk = expect.commit === undefined || expect.commit === obs.appliedCommit;
  const peersUp = peers.filter((p) => p.up).length;

  const problems: string[] = [];
  for (const d of daemons) if (!d.running) problems.push(`daemon ${d.name} is not running`);
  for (const p of peers) { const why = peerProblem(p); if (why) problems.push(why); }
  if (!commitOk) problems.push(`commit ${short(expect.commit)} is not applied (running ${obs.appliedCommit ? short(obs.appliedCommit) : 'nothing'})`);

  const status: HealthStatus = daemons.some((d) => !d.running) || (peers.length > 0 && peersUp === 0)
    ? 'down'
    : peersUp < peers.length || !commitOk ? 'degraded' : 'healthy';
  return {
    status, at: now,
    commit: { ...(expect.commit ? { expected: expect.commit } : {}), ...(obs.appliedCommit ? { applied: obs.appliedCommit } : {}), ok: commitOk },
    daemons, peers, peersUp, problems,
  };
}
