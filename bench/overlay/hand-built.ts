/**
 * The overlay of a topology built by hand, as an engineer would without dlan: for the
 * side-by-side in bench/overlay.ts. Pure: renders the shell scripts that bench runs in the nodes of
 * a lab built with `--no-agents` (the same physical network: the internet, the home routers' NAT,
 * the LAN bridges), so the comparison holds everything equal but what dlan applies.
 *
 * Written from the daemons' manuals, not from renderers/: wireguard-go with `wg set`, a plain
 * `ip link add … type vxlan` per peering (the kernel's defaults, no flags), MTUs 1420 and 1370 set
 * by hand (1500 − 80, − 50), FRR started by its own frrinit.sh with OSPFv2 + OSPFv3 + BFD on every
 * link and the timers of network.yaml (the control plane costs CPU on every router: the same
 * sessions on both sides), forwarding on, and the one nftables rule a hand-built overlay needs:
 * TCP MSS clamped to the route's MTU. No DHCP: servers get static addresses. What is shared with
 * dlan is numbering only (which routers peer, link addresses, VNIs), all pure functions of ids.
 */
import { AddressPlan, vni } from '../../model/address-plan.js';
import { nth, parsePrefix, formatAddress } from '../../model/ip.js';
import { endpointsOf, type RouterDef, type Topology } from '../../model/model.js';
import { endpointFor, PeeringIndex } from '../../model/peerings.js';

export const HAND_WG = 'wg0';
export const HAND_WG_MTU = 1500 - 80;
export const HAND_VXLAN_MTU = HAND_WG_MTU - 50;

export interface HandPeer {
  readonly name: string;
  readonly id: number;
  readonly wireguard4: string;
  readonly endpoint?: string;
  /** Behind a NAT: keep the mapping open. */
  readonly keepalive?: number;
  readonly vni: number;
  readonly local4: string;
}

export interface HandRouter {
  readonly name: string;
  readonly id: number;
  readonly listenPort: number;
  readonly wireguard4: string;
  readonly loopback4: string;
  readonly peers: readonly HandPeer[];
  /** The LAN bridge and the router's address on it (`10.1.0.1/24`). */
  readonly lan?: { readonly ifname: string; readonly cidr: string };
}

export interface HandServer {
  readonly node: string;
  readonly cidr: string;
  readonly gateway: string;
}

const port = (endpoint: string | undefined, fallback: number): number => (endpoint ? Number(endpoint.slice(endpoint.lastIndexOf(':') + 1)) : fallback);

export function handRouters(t: Topology): HandRouter[] {
  const plan = new AddressPlan(parsePrefix(t.network.overlay.ipv4, 4)!, parsePrefix(t.network.overlay.ipv6, 6)!);
  const index = new PeeringIndex(t.routers);
  const byName = new Map(t.routers.map((r) => [r.name, r]));
  const natted = (r: RouterDef) => r.site !== undefined && t.network.sites[r.site]?.nat === true;
  return t.routers.map((r) => {
    const peers = index.of(r).map((p): HandPeer => {
      const other = byName.get(p.a === r.name ? p.b : p.a)!;
      const endpoint = endpointFor(r, other);
      const link = plan.link(r.id, other.id);
      return {
        name: other.name, id: other.id, wireguard4: plan.wireguard4(other.id), vni: vni(r.id, other.id),
        local4: r.id < other.id ? link.a4 : link.b4,
        ...(endpoint && { endpoint }),
        ...(endpoint && natted(r) && { keepalive: t.network.wireguard.keepalive }),
      };
    });
    const lan4 = r.lan?.ipv4 ? parsePrefix(r.lan.ipv4, 4) : undefined;
    return {
      name: r.name, id: r.id, listenPort: port(r.siteEndpoint ?? endpointsOf(r)[0], t.network.wireguard.port),
      wireguard4: plan.wireguard4(r.id), loopback4: plan.loopback4(r.id), peers,
      ...(r.lan && lan4 && { lan: { ifname: r.lan.interface, cidr: `${formatAddress(nth(lan4, 1))}/${lan4.length}` } }),
    };
  });
}

/** A server's static address: its static lease if it has one, else the LAN's .(100 + n). */
export function handServer(t: Topology, node: string, router: string, n: number): HandServer {
  const r = t.routers.find((x) => x.name === router)!;
  const lan4 = parsePrefix(r.lan!.ipv4!, 4)!;
  const lease = r.lan?.hosts?.find((h) => h.name === node)?.ipv4;
  return { node, cidr: `${lease ?? formatAddress(nth(lan4, 100 + n))}/${lan4.length}`, gateway: formatAddress(nth(lan4, 1)) };
}

/** Phase 1 in each router: a key, wireguard-go started and answering; prints the public key. */
export const HAND_START = `set -e
umask 077
wg genkey > /run/hand.key
setsid wireguard-go -f ${HAND_WG} >/run/wireguard-go.log 2>&1 </dev/null &
i=0; until wg show ${HAND_WG} >/dev/null 2>&1; do i=$((i+1)); [ $i -lt 200 ] || exit 1; sleep 0.05; done
wg pubkey < /run/hand.key
`;

/** Phase 2 in each router: peers, links, addresses, nftables, FRR. `keys`: public key by router. */
export function handConfigure(r: HandRouter, keys: ReadonlyMap<string, string>, t: Topology): string {
  const wgPeers = r.peers.flatMap((p) => ['peer', keys.get(p.name)!, 'allowed-ips', `${p.wireguard4}/32`,
    ...(p.endpoint ? ['endpoint', p.endpoint] : []), ...(p.keepalive ? ['persistent-keepalive', String(p.keepalive)] : [])]);
  const lines = [
    'set -e',
    'sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1',
    `wg set ${HAND_WG} listen-port ${r.listenPort} private-key /run/hand.key ${wgPeers.join(' ')}`,
    `ip addr add ${r.wireguard4}/18 dev ${HAND_WG}`,
    `ip link set ${HAND_WG} mtu ${HAND_WG_MTU} up`,
    `ip addr add ${r.loopback4}/32 dev lo`,
    ...r.peers.flatMap((p) => [
      `ip link add vx${p.name} type vxlan id ${p.vni} local ${r.wireguard4} remote ${p.wireguard4} dstport 4789 dev ${HAND_WG}`,
      `ip link set vx${p.name} mtu ${HAND_VXLAN_MTU} up`,
      `ip addr add ${p.local4}/31 dev vx${p.name}`,
    ]),
    ...(r.lan ? [`ip addr add ${r.lan.cidr} dev ${r.lan.ifname}`] : []),
    "nft -f - <<'EOF'",
    'table inet hand {',
    '  chain forward {',
    '    type filter hook forward priority filter; policy accept;',
    '    oifname "vx*" tcp flags syn tcp option maxseg size set rt mtu',
    '  }',
    '}',
    'EOF',
    "cat > /etc/frr/frr.conf <<'EOF'",
    handFrr(r, t),
    'EOF',
    'sed -i -e "s/^ospfd=no/ospfd=yes/" -e "s/^ospf6d=no/ospf6d=yes/" -e "s/^bfdd=no/bfdd=yes/" /etc/frr/daemons',
    'chown frr:frr /etc/frr/frr.conf',
    '/usr/lib/frr/frrinit.sh start >/dev/null',
  ];
  return `${lines.join('\n')}\n`;
}

function handFrr(r: HandRouter, t: Topology): string {
  const { ospf, bfd } = t.network;
  const out = ['frr defaults traditional', `hostname ${r.name}`,
    'router ospf', ` ospf router-id ${r.loopback4}`, 'exit', 'router ospf6', ` ospf6 router-id ${r.loopback4}`, 'exit'];
  if (bfd.enabled) out.push('bfd', ' profile hand', `  transmit-interval ${bfd.interval}`, `  receive-interval ${bfd.interval}`, `  detect-multiplier ${bfd.multiplier}`, ' exit', 'exit');
  for (const p of r.peers) {
    out.push(`interface vx${p.name}`);
    for (const [v, proto] of [['ip', 'ospf'], ['ipv6', 'ospf6']] as const) {
      if (bfd.enabled) out.push(` ${v} ${proto} bfd`, ` ${v} ${proto} bfd profile hand`);
      out.push(` ${v} ${proto} network point-to-point`, ` ${v} ${proto} hello-interval ${ospf.hello}`, ` ${v} ${proto} dead-interval ${ospf.dead}`,
        ` ${v} ${proto} cost ${ospf.cost}`, ` ${v} ${proto} area 0.0.0.0`);
    }
    out.push('exit');
  }
  for (const i of [...(r.lan ? [r.lan.ifname] : []), 'lo']) out.push(`interface ${i}`, ' ip ospf area 0.0.0.0', ' ip ospf passive', 'exit');
  return out.join('\n');
}

export function handServerScript(s: HandServer): string {
  return `set -e\nip addr add ${s.cidr} dev eth0\nip route add default via ${s.gateway}\n`;
}
