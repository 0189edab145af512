/** What health should find, derived from a desired state (pure): each WireGuard peer with its VXLAN link. */
import type { DesiredState } from '../../renderers/state.js';
import { isDaemon, type DaemonName } from '../services/types.js';
import type { ExpectedPeer, HealthExpectations } from './types.js';

export function healthExpectations(desired: DesiredState, o: { commit?: string; ospf6?: boolean; bfd?: boolean } = {}): HealthExpectations {
  const peers: ExpectedPeer[] = desired.wireguard.peers.map((p) => {
    const vx = desired.vxlans.find((v) => v.peer === p.name);
    return { name: p.name, publicKey: p.publicKey, ifname: vx?.ifname ?? '', ...(p.endpoint ? { endpoint: p.endpoint } : {}) };
  });
  const daemons = desired.services.filter((s) => s.daemon).map((s) => s.name).filter(isDaemon).sort() as DaemonName[];
  return {
    peers, daemons,
    ...(o.commit ? { commit: o.commit } : {}),
    ...(o.ospf6 !== undefined ? { ospf6: o.ospf6 } : {}),
    ...(o.bfd !== undefined ? { bfd: o.bfd } : {}),
  };
}
