/**
 * slice(topology, router): everything one router needs to know to render its configuration,
 * and nothing about the rest of the network beyond that (no other router's hosts, keys of
 * routers it does not peer with, or services it does not expose). Pure and deterministic.
 */
import { type AddressPlan, addressPlanOf, vni } from './address-plan.js';
import { type ForwardSlice, forwardsByRouter, type HostAddresses, staticHosts } from './forwards.js';
import { formatAddress, networkOf, nth, parseAddress, parsePrefix } from './ip.js';
import { endpointsOf, type NetworkSettings, type RouterDef, type Topology } from './model.js';
import { linkCost } from './network/graph.js';
import { endpointFor, PeeringIndex, type PeeringKind } from './peerings.js';
import { Stalled } from './errors.js';
import { vxlanIfname } from './reserved.js';

export type { ForwardSlice } from './forwards.js';

export interface LanSlice {
  readonly interface: string;
  /** Prefix as written, e.g. 10.1.0.0/24, and the router's own address in it (the first). */
  readonly ipv4?: { readonly prefix: string; readonly address: string; readonly length: number };
  readonly ipv6?: { readonly prefix: string; readonly address: string; readonly length: number };
  readonly dhcp: { readonly range4?: readonly [string, string]; readonly range6?: readonly [string, string]; readonly lease: string };
  /** Static leases, sorted by name. */
  readonly hosts: readonly { readonly name: string; readonly mac: string; readonly ipv4?: string; readonly ipv6?: string }[];
}

export interface PeerSlice {
  readonly name: string;
  readonly id: number;
  readonly kind: PeeringKind;
  readonly via: 'public' | 'site' | 'none';
  readonly publicKey: string;
  /** Where this router sends handshakes; absent when the peer cannot be reached (it dials us). */
  readonly endpoint?: string;
  /** Seconds; set when this router is behind NAT and must keep the mapping open. */
  readonly keepalive?: number;
  /** The peer's WireGuard interface addresses: its only AllowedIPs, and the VXLAN remote. */
  readonly wireguard4: string;
  readonly wireguard6: string;
  readonly vni: number;
  /** Name of the VXLAN link towards this peer (≤ 15 characters). */
  readonly ifname: string;
  /** Addresses of the tunnel link: this router's side and the peer's, /31 and /127. */
  readonly link: { readonly local4: string; readonly remote4: string; readonly local6: string; readonly remote6: string };
  readonly cost: number;
}

/** Another router's DNS domain and where to forward it (its loopback, reached over the overlay). */
export interface DomainSlice {
  readonly router: string;
  readonly domain: string;
  readonly server4: string;
  readonly server6: string;
  /** LAN prefixes of that router, for reverse lookups. */
  readonly reverse: readonly string[];
}

export interface RouterSlice {
  readonly network: Omit<NetworkSettings, 'sites'>;
  readonly router: {
    readonly name: string;
    /** Its file in the repo, e.g. routers/r1.yaml (errors about the live router name it). */
    readonly file: string;
    readonly id: number;
    readonly description?: string;
    readonly site?: string;
    readonly domain: string;
    readonly publicKey: string;
    /** Its preferred public endpoint (the first), where WireGuard listens unless a site endpoint says otherwise. */
    readonly endpoint?: string;
    /** Every public endpoint, preferred first (a dual-stack router offers one per family). */
    readonly endpoints: readonly string[];
    readonly siteEndpoint?: string;
    /** No public endpoint: peers cannot dial it from the internet. */
    readonly behindNat: boolean;
    readonly wan: { readonly interface: string };
    readonly lan?: LanSlice;
  };
  readonly addresses: {
    readonly loopback4: string;
    readonly loopback6: string;
    readonly wireguard4: string;
    readonly wireguard6: string;
    readonly routerId: string;
    readonly overlay4: string;
    readonly overlay6: string;
  };
  /** Sorted by peer id. */
  readonly peers: readonly PeerSlice[];
  /** Every other router's domain, sorted by router name. */
  readonly domains: readonly DomainSlice[];
  /** Port forwards exposed on this router, sorted by protocol and port. */
  readonly forwards: readonly ForwardSlice[];
}

/** Stalled: the agent config names a router the commit does not have; nothing to retry until one of them changes. */
export class UnknownRouterError extends Stalled {
  constructor(readonly router: string, readonly known: readonly string[]) {
    super('UnknownRouter', `router ${router} is not in the topology (routers: ${known.join(', ')})`, { router, known });
  }
}

function lanSlice(r: RouterDef): LanSlice | undefined {
  const lan = r.lan;
  if (!lan) return undefined;
  const side = (text: string | undefined) => {
    if (text === undefined) return undefined;
    const p = networkOf(parsePrefix(text)!);
    return { prefix: text, address: formatAddress(nth(p, 1)), length: p.length };
  };
  const ipv4 = side(lan.ipv4);
  const ipv6 = side(lan.ipv6);
  const pair = (t: string | undefined) => (t === undefined ? undefined : (t.split('-') as [string, string]));
  let range4 = pair(lan.dhcp?.range);
  if (!range4 && ipv4) {
    // Default pool: the upper half of the LAN, minus the broadcast address.
    const p = parsePrefix(ipv4.prefix)!;
    const n = 1n << BigInt(32 - p.length);
    range4 = [formatAddress(nth(p, n / 2n)), formatAddress(nth(p, n - 2n))];
  }
  let range6 = pair(lan.dhcp?.range6);
  if (!range6 && ipv6) {
    const p = parsePrefix(ipv6.prefix)!;
    range6 = [formatAddress(nth(p, 0x1000)), formatAddress(nth(p, 0x1fff))];
  }
  const hosts = [...(lan.hosts ?? [])].sort((a, b) => a.name.localeCompare(b.name))
    .map((h) => ({ name: h.name, mac: h.mac.toLowerCase(), ...(h.ipv4 && { ipv4: h.ipv4 }), ...(h.ipv6 && { ipv6: h.ipv6 }) }));
  return {
    interface: lan.interface,
    ...(ipv4 && { ipv4 }),
    ...(ipv6 && { ipv6 }),
    dhcp: { ...(range4 && { range4 }), ...(range6 && { range6 }), lease: lan.dhcp?.lease ?? '12h' },
    hosts,
  };
}

/** Indexes built once per topology, so slicing every router stays linear in the output. */
export interface SliceIndex {
  readonly plan: AddressPlan;
  readonly byName: ReadonlyMap<string, RouterDef>;
  readonly hosts: HostAddresses;
  readonly domains: readonly DomainSlice[];
  readonly peerings: PeeringIndex;
  readonly forwards: ReadonlyMap<string, readonly ForwardSlice[]>;
}

export function sliceIndex(t: Topology): SliceIndex {
  const plan = addressPlanOf(t.network);
  const hosts = staticHosts(t);
  const domains = t.routers.map((r) => ({
    router: r.name,
    domain: `${r.name}.${t.network.domain}`,
    server4: plan.loopback4(r.id),
    server6: plan.loopback6(r.id),
    reverse: [r.lan?.ipv4, r.lan?.ipv6].filter((x): x is string => x !== undefined),
  }));
  return {
    plan, byName: new Map(t.routers.map((r) => [r.name, r])), hosts, domains, peerings: new PeeringIndex(t.routers),
    forwards: forwardsByRouter(t, hosts),
  };
}

export function slice(t: Topology, routerName: string, index: SliceIndex = sliceIndex(t)): RouterSlice {
  const r = index.byName.get(routerName);
  if (!r) throw new UnknownRouterError(routerName, t.routers.map((x) => x.name));
  const { plan } = index;
  const { sites: _sites, ...network } = t.network;
  const endpoints = endpointsOf(r);
  const behindNat = endpoints.length === 0;

  const peers: PeerSlice[] = index.peerings.of(r).map((p) => {
    const other = index.byName.get(p.a === r.name ? p.b : p.a)!;
    const link = plan.link(r.id, other.id);
    const mine = r.id < other.id;
    const endpoint = endpointFor(r, other);
    return {
      name: other.name,
      id: other.id,
      kind: p.kind,
      via: p.via,
      publicKey: other.publicKey,
      ...(endpoint && { endpoint }),
      ...(endpoint && behindNat && { keepalive: t.network.wireguard.keepalive }),
      wireguard4: plan.wireguard4(other.id),
      wireguard6: plan.wireguard6(other.id),
      vni: vni(r.id, other.id),
      ifname: vxlanIfname(other.id),
      link: mine
        ? { local4: link.a4, remote4: link.b4, local6: link.a6, remote6: link.b6 }
        : { local4: link.b4, remote4: link.a4, local6: link.b6, remote6: link.a6 },
      cost: linkCost(t.network, p),
    };
  }).sort((a, b) => a.id - b.id);

  const forwards = index.forwards.get(r.name) ?? [];

  const lan = lanSlice(r);
  return {
    network,
    router: {
      name: r.name, file: r.file, id: r.id,
      ...(r.description !== undefined && { description: r.description }),
      ...(r.site !== undefined && { site: r.site }),
      domain: `${r.name}.${t.network.domain}`,
      publicKey: r.publicKey,
      ...(endpoints[0] !== undefined && { endpoint: endpoints[0] }),
      endpoints,
      ...(r.siteEndpoint && { siteEndpoint: r.siteEndpoint }),
      behindNat,
      wan: { interface: r.wan.interface },
      ...(lan && { lan }),
    },
    addresses: {
      loopback4: plan.loopback4(r.id), loopback6: plan.loopback6(r.id),
      wireguard4: plan.wireguard4(r.id), wireguard6: plan.wireguard6(r.id),
      routerId: plan.routerId(r.id),
      overlay4: t.network.overlay.ipv4, overlay6: t.network.overlay.ipv6,
    },
    peers,
    domains: index.domains.filter((d) => d.router !== r.name),
    forwards,
  };
}
