/**
 * MTU arithmetic of the overlay. Every packet between routers is VXLAN inside WireGuard inside
 * the underlay (the WAN link, `network.mtu`, default 1500):
 *
 *   WireGuard, worst case with IPv6 endpoints:
 *     outer IPv6 header 40 + UDP 8 + WireGuard data header 16 (type, receiver, counter)
 *     + Poly1305 tag 16                                                       = 80 bytes
 *     → wg-dlan MTU = 1500 − 80 = 1420 (WireGuard pads only up to the MTU, never past it).
 *   VXLAN over the IPv4 WireGuard addresses:
 *     outer IPv4 20 + UDP 8 + VXLAN 8 + inner Ethernet 14                    = 50 bytes
 *     → VXLAN link MTU = 1420 − 50 = 1370.
 *   TCP MSS on the links (clamped by nftables for hosts that think they have 1500):
 *     IPv4: 1370 − 20 (IPv4) − 20 (TCP) = 1330;  IPv6: 1370 − 40 (IPv6) − 20 (TCP) = 1310.
 *
 * Both ends of a link compute the same numbers from the same network.yaml, which OSPF needs
 * (different MTUs leave the adjacency stuck in ExStart). IPv6 needs 1280 on a link, so the
 * underlay must be at least 1280 + 130 = 1410 for OSPFv3 to run over VXLAN.
 */

export const WIREGUARD_OVERHEAD = 40 + 8 + 16 + 16;
export const VXLAN_OVERHEAD = 20 + 8 + 8 + 14;
const IPV4_HEADER = 20;
const IPV6_HEADER = 40;
const TCP_HEADER = 20;
/** The smallest underlay on which the VXLAN links still carry IPv6 (kernel minimum 1280). */
export const MIN_UNDERLAY_MTU = 1280 + WIREGUARD_OVERHEAD + VXLAN_OVERHEAD;

export interface Mtus {
  readonly underlay: number;
  /** The WireGuard interface. */
  readonly wireguard: number;
  /** Every VXLAN link. */
  readonly vxlan: number;
  /** TCP MSS clamp for IPv4 and IPv6 on the VXLAN links. */
  readonly mss4: number;
  readonly mss6: number;
}

export function mtus(underlay: number): Mtus {
  const wireguard = underlay - WIREGUARD_OVERHEAD;
  const vxlan = wireguard - VXLAN_OVERHEAD;
  return {
    underlay, wireguard, vxlan,
    mss4: vxlan - IPV4_HEADER - TCP_HEADER,
    mss6: vxlan - IPV6_HEADER - TCP_HEADER,
  };
}
