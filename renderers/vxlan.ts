/**
 * VXLAN: one point-to-point link per peering, over the WireGuard interface (ip-link(8), VXLAN
 * Type Support): `ip link add dl<peer> type vxlan id VNI local MY_WG4 remote PEER_WG4 dstport 4789
 * dev wg-dlan nolearning`, MTU from mtu.ts, the peering's /31 and /127 on it.
 *
 * Why VXLAN at all: OSPFv3 needs link-local IPv6 on its links, which a WireGuard interface has
 * none of; a VXLAN link is Ethernet and gets one. `dev` is always set: a VXLAN link created
 * without it gets MTU 1500, which breaks both the packets and the OSPF MTU check. Learning is
 * off (the apply creates links with `nolearning`): with one remote there is nothing to learn.
 */
import { mtus } from './mtu.js';
import { byKey, type Rendered } from './rendered.js';
import type { RouterSlice } from '../model/slice.js';
import type { VxlanSpec } from './state.js';
import { VXLAN_PORT, WG_IFNAME } from '../model/reserved.js';

export { VXLAN_PORT } from '../model/reserved.js';

export function vxlanSpecs(s: RouterSlice): VxlanSpec[] {
  const mtu = mtus(s.network.mtu).vxlan;
  return s.peers.map((p) => ({
    ifname: p.ifname,
    peer: p.name,
    vni: p.vni,
    local: s.addresses.wireguard4,
    remote: p.wireguard4,
    dstPort: VXLAN_PORT,
    dev: WG_IFNAME,
    mtu,
    addresses: [`${p.link.local4}/31`, `${p.link.local6}/127`],
  })).sort(byKey((v) => v.ifname));
}

export function renderVxlan(s: RouterSlice): Rendered {
  return { vxlans: vxlanSpecs(s) };
}
