/**
 * nftables (1.0, nft(8)): one `table inet dlan` in `/etc/dlan/nftables.nft`, applied with
 * `nft -f`, which runs the file as one transaction: `table inet dlan {}` makes sure the table
 * exists, `delete table inet dlan` drops the old one, and the new one is created — all or
 * nothing, with no moment without rules. Tables of others (Docker, the distribution) are not
 * touched.
 *
 * - input: VXLAN (udp 4789) only from wg-dlan, OSPF only on the VXLAN links, nothing else on
 *   wg-dlan but ICMP (path MTU errors about the VXLAN packets, pings of a peer's tunnel address); on the WAN only WireGuard, the exposed ports, ICMP and DHCPv6 replies (plus
 *   established traffic, and the agent's webhook port when agent.yaml opens one). The LAN and
 *   the overlay links are trusted. Routers are managed over the overlay: a new SSH connection on
 *   the WAN is refused, and so is the agents' status API (network.yaml agentApi.port), which the
 *   fleet view reaches over the overlay and from the LANs only.
 * - forward: LAN → WAN, LAN ↔ overlay links, link ↔ link (transit between other routers);
 *   everything else dropped. Transit is accepted before the conntrack checks: OSPF spreads
 *   traffic over equal-cost paths by a hash of the addresses, so the two directions of one flow
 *   can cross different hubs, and a hub that sees only the replies would call them `invalid`
 *   (an ICMP echo reply or a TCP SYN-ACK without its request) and drop them. LAN → LAN is
 *   accepted too: when the LAN is a bridge and br_netfilter is loaded (Docker loads it), frames
 *   between two servers on the same router pass this chain with iif = oif = the bridge.
 * - notrack: the VXLAN packets on wg-dlan (in and out) skip conntrack. Every packet the overlay
 *   carries is one of them, and nothing on wg-dlan needs state: input accepts VXLAN there by port,
 *   and wg-dlan is never masqueraded. Tracking them costs a conntrack lookup per packet per hop in
 *   the path that bounds throughput (wireguard-go's tun writes run the receive path in its
 *   thread): bench/overlay.ts measured dlan at 0.8 of a hand-built overlay without a stateful
 *   ruleset, and netfilter was the largest kernel difference in a profile of wireguard-go. Only the
 *   VXLAN layer: the inner packets must stay tracked (a LAN flow's two directions must both be seen,
 *   or `ct state invalid` drops it), and so must WireGuard on the WAN (masquerade may pick its port).
 * - TCP MSS clamped on the overlay links (1330 IPv4 / 1310 IPv6 for a 1500 underlay, see mtu.ts)
 *   so hosts with a 1500 MTU never send what the tunnel cannot carry.
 * - postrouting: masquerade from the LAN prefixes out of the WAN (IPv4, and IPv6 since LAN
 *   prefixes may be ULA).
 * The overlay links are a named set, one element per line, so adding a peer adds one line.
 */
import { mtus } from './mtu.js';
import type { RenderOptions } from './options.js';
import type { Rendered } from './rendered.js';
import type { RouterSlice } from '../model/slice.js';
import { banner, lines } from './text.js';
import { listenPort, WG_IFNAME } from './wireguard.js';
import { VXLAN_PORT } from './vxlan.js';

export const NFTABLES_PATH = '/etc/dlan/nftables.nft';

const q = (ifname: string): string => `"${ifname}"`;
const set = (values: readonly number[]): string => (values.length === 1 ? String(values[0]) : `{ ${values.join(', ')} }`);

export function nftablesConfig(s: RouterSlice, o: Pick<RenderOptions, 'webhookPort'> = {}): string {
  const wan = q(s.router.wan.interface);
  const lan = s.router.lan;
  const lanIf = lan && q(lan.interface);
  const m = mtus(s.network.mtu);
  const ports = (p: 'tcp' | 'udp'): number[] => [...new Set(s.forwards.filter((f) => f.protocol === p).map((f) => f.port))].sort((a, b) => a - b);
  const tcp = ports('tcp');
  const udp = ports('udp');
  return lines(
    banner('#', 'nftables ruleset', s.router.name),
    '# Replaced atomically: the three statements below run as one transaction under `nft -f`.',
    'table inet dlan {}',
    'delete table inet dlan',
    'table inet dlan {',
    '\tset links {',
    '\t\ttype ifname',
    s.peers.length > 0 && ['\t\telements = {', s.peers.map((p) => `\t\t\t${q(p.ifname)},`), '\t\t}'],
    '\t}',
    '',
    '\tchain input {',
    '\t\ttype filter hook input priority filter; policy accept;',
    `\t\tudp dport ${VXLAN_PORT} iifname != ${q(WG_IFNAME)} drop`,
    '\t\tmeta l4proto ospf iifname != @links drop',
    `\t\tiifname ${q(WG_IFNAME)} udp dport ${VXLAN_PORT} accept`,
    `\t\tiifname ${q(WG_IFNAME)} meta l4proto { icmp, ipv6-icmp } accept`,
    `\t\tiifname ${q(WG_IFNAME)} drop`,
    `\t\tiifname ${wan} jump wan_input`,
    '\t}',
    '',
    '\tchain wan_input {',
    '\t\tct state established,related accept',
    '\t\tct state invalid drop',
    '\t\tmeta l4proto { icmp, ipv6-icmp } accept',
    `\t\tudp dport ${listenPort(s)} accept`,
    tcp.length > 0 && `\t\ttcp dport ${set(tcp)} accept`,
    udp.length > 0 && `\t\tudp dport ${set(udp)} accept`,
    o.webhookPort !== undefined && `\t\ttcp dport ${o.webhookPort} accept comment "dlan webhook"`,
    '\t\tip6 saddr fe80::/10 udp dport 546 accept',
    '\t\tdrop',
    '\t}',
    '',
    '\tchain notrack_vxlan_in {',
    '\t\ttype filter hook prerouting priority raw; policy accept;',
    `\t\tiifname ${q(WG_IFNAME)} udp dport ${VXLAN_PORT} notrack`,
    '\t}',
    '',
    '\tchain notrack_vxlan_out {',
    '\t\ttype filter hook output priority raw; policy accept;',
    `\t\toifname ${q(WG_IFNAME)} udp dport ${VXLAN_PORT} notrack`,
    '\t}',
    '',
    '\tchain forward {',
    '\t\ttype filter hook forward priority filter; policy drop;',
    '\t\tiifname @links oifname @links accept',
    '\t\tct state established,related accept',
    '\t\tct state invalid drop',
    lanIf && [
      `\t\tiifname ${lanIf} oifname ${lanIf} accept`,
      `\t\tiifname ${lanIf} oifname ${wan} accept`,
      `\t\tiifname ${lanIf} oifname @links accept`,
      `\t\tiifname @links oifname ${lanIf} accept`,
    ],
    '\t}',
    '',
    `\t# MSS = link MTU ${m.vxlan} - IP header (20 / 40) - TCP header 20.`,
    '\tchain clamp_mss {',
    '\t\ttype filter hook forward priority mangle; policy accept;',
    `\t\toifname @links meta nfproto ipv4 tcp flags syn / syn,rst tcp option maxseg size > ${m.mss4} tcp option maxseg size set ${m.mss4}`,
    `\t\toifname @links meta nfproto ipv6 tcp flags syn / syn,rst tcp option maxseg size > ${m.mss6} tcp option maxseg size set ${m.mss6}`,
    `\t\tiifname @links meta nfproto ipv4 tcp flags syn / syn,rst tcp option maxseg size > ${m.mss4} tcp option maxseg size set ${m.mss4}`,
    `\t\tiifname @links meta nfproto ipv6 tcp flags syn / syn,rst tcp option maxseg size > ${m.mss6} tcp option maxseg size set ${m.mss6}`,
    '\t}',
    lan && (lan.ipv4 || lan.ipv6) && [
      '',
      '\tchain postrouting {',
      '\t\ttype nat hook postrouting priority srcnat; policy accept;',
      lan.ipv4 && `\t\toifname ${wan} ip saddr ${lan.ipv4.prefix} masquerade`,
      lan.ipv6 && `\t\toifname ${wan} ip6 saddr ${lan.ipv6.prefix} masquerade`,
      '\t}',
    ],
    '}',
  );
}

export function renderNftables(s: RouterSlice, o: Pick<RenderOptions, 'webhookPort'> = {}): Rendered {
  return {
    files: [{ path: NFTABLES_PATH, content: nftablesConfig(s, o), mode: 0o644, service: 'nftables' }],
    services: [{ name: 'nftables', onChange: 'nft-apply', daemon: false }],
  };
}
