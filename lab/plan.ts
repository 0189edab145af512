/**
 * From lab.yaml and the topology to the physical network, as a value: the nodes (one network +
 * mount + UTS namespace each), the cables (veth pairs), bridges, addresses, routes and sysctls of
 * every node, the NAT boxes, the servers. Pure; `checkLab` has reported problems before, so the
 * plan only throws on what the checks let through by mistake.
 *
 * Layout (names inside each node are free of the prefix: every node is its own namespace):
 *   inet      one bridge segN per internet segment (IPv4, IPv6 or both); a port named after each
 *             attached node (portName: shortened past 15 characters); routes every home router's
 *             IPv6 prefix to it
 *   h1, h2    `wan` (to inet), bridge `lan` with a port per router behind it; IPv4 NAT on `wan`,
 *             IPv6 routed (no NAT66) behind a stateful firewall
 *   r1..r5    WAN interface (topology's wan.interface) to its home router's LAN or to inet;
 *             LAN interface (lan.interface) is a bridge with a port per server
 *   s1..s7    eth0 to their router's LAN bridge, with the MAC of their static lease; DHCP for
 *             the families the router's LAN has
 *   hosts     eth0 to inet (client, git)
 */
import { allInside, familyOf, ipOf, networkPrefix, ofFamily } from './cidr.js';
import { LabError } from './errors.js';
import { portName } from './ifnames.js';
import { addressList, type LabSpec } from './spec.js';
import { endpointFamily, endpointsOf, splitEndpoint, type AddressFamily, type Topology } from '../model/model.js';

export type NodeKind = 'internet' | 'home' | 'router' | 'server' | 'host';

export interface NodePlan {
  readonly name: string;
  readonly kind: NodeKind;
  /** The network namespace: `<prefix>-<name>`. */
  readonly netns: string;
}

export interface VethEnd {
  readonly node: string;
  readonly ifname: string;
  readonly mac?: string;
  /** The bridge this end is a port of. */
  readonly master?: string;
}

export interface Veth {
  readonly a: VethEnd;
  readonly b: VethEnd;
}

export interface Route {
  /** A prefix, or `default` (IPv4) / `::/0` (IPv6). */
  readonly to: string;
  readonly via: string;
}

export interface NodeNet {
  readonly bridges: readonly string[];
  readonly addresses: readonly { readonly dev: string; readonly cidr: string }[];
  /** IPv4 default gateway. */
  readonly defaultVia?: string;
  /** Every other route: the IPv6 default route, the home routers' IPv6 prefixes on the internet. */
  readonly routes: readonly Route[];
  readonly sysctls: Readonly<Record<string, string>>;
}

export interface NatBox {
  readonly node: string;
  readonly wan: string;
  readonly lan: string;
  /** IPv6 holes in the firewall: the WireGuard port of each router behind it with an IPv6 endpoint. */
  readonly openings: readonly { readonly address: string; readonly port: number }[];
}

export interface ServerPlan {
  readonly node: string;
  readonly router: string;
  readonly ifname: string;
  readonly mac: string;
  /** The families of its router's LAN: what it asks DHCP (and RA) for and waits on. */
  readonly families: readonly AddressFamily[];
}

export interface RouterPlan {
  readonly node: string;
  readonly wanIf: string;
  /** Its WAN address(es), IPv4 first. */
  readonly wan: readonly string[];
  readonly lanIf?: string;
  /** The home router it is cascaded behind, if any. */
  readonly behind?: string;
}

export interface GitPlan {
  readonly node: string;
  /** What the server listens on: every address of its node (`::` takes IPv4 too). */
  readonly listen: string;
  /** Its preferred address (IPv4 when it has one). */
  readonly address: string;
  readonly port: number;
  /** The repo's URL at `address`. */
  readonly url: string;
  /** The repo's URL by family, for routers that have only one. */
  readonly urls: { readonly ipv4?: string; readonly ipv6?: string };
}

/** The URL a router fetches the repo from: at an address of a family its WAN has. */
export function repoUrlFor(plan: LabPlan, router: string): string {
  const git = plan.git!;
  const wan = plan.routers.find((r) => r.node === router)?.wan ?? [];
  return (ofFamily(wan, 'ipv4') ? git.urls.ipv4 : undefined) ?? (ofFamily(wan, 'ipv6') ? git.urls.ipv6 : undefined) ?? git.url;
}

export interface LabPlan {
  readonly prefix: string;
  readonly internet: string;
  readonly nodes: readonly NodePlan[];
  readonly veths: readonly Veth[];
  readonly net: Readonly<Record<string, NodeNet>>;
  readonly nat: readonly NatBox[];
  readonly routers: readonly RouterPlan[];
  readonly servers: readonly ServerPlan[];
  readonly git?: GitPlan;
  /** Interface names that stand for a longer node name (portName), by node. */
  readonly ifnames: Readonly<Record<string, string>>;
}

export const internetNode = 'inet';
export const PREFIX = /^[a-z][a-z0-9-]{0,19}$/;

export const netnsName = (prefix: string, node: string): string => `${prefix}-${node}`;

/** IPv4 first, then IPv6: the order addresses are added and shown in. */
const sorted = (cidrs: readonly string[]): string[] => [...cidrs].sort((a, b) => (familyOf(a) ?? '').localeCompare(familyOf(b) ?? ''));

/** The deterministic MAC of a server without one: locally administered, from router id and index. */
export function derivedMac(routerId: number, index: number): string {
  const hex = (n: number) => (n & 255).toString(16).padStart(2, '0');
  return ['02', '1a', 'b0', hex(routerId >> 8), hex(routerId), hex(index)].join(':');
}

interface MutableNet { bridges: string[]; addresses: { dev: string; cidr: string }[]; defaultVia?: string; routes: Route[]; sysctls: Record<string, string> }

export function planLab(spec: LabSpec, topology: Topology, prefix: string): LabPlan {
  if (!PREFIX.test(prefix)) throw new LabError('InvalidLab', `prefix ${prefix} must match ${PREFIX.source}`, { prefix });
  const nodes: NodePlan[] = [];
  const veths: Veth[] = [];
  const net = new Map<string, MutableNet>();
  const ifnames: Record<string, string> = {};
  const addNode = (name: string, kind: NodeKind) => {
    if (net.has(name)) throw new LabError('InvalidLab', `node name ${name} is used twice`, { node: name });
    nodes.push({ name, kind, netns: netnsName(prefix, name) });
    net.set(name, { bridges: [], addresses: [], routes: [], sysctls: {} });
    if (portName(name) !== name) ifnames[name] = portName(name);
    return net.get(name)!;
  };
  /** Addresses on an interface and the default routes through gateways of the same families. */
  const address = (n: MutableNet, dev: string, cidrs: readonly string[], gateways: readonly string[]) => {
    for (const cidr of sorted(cidrs)) n.addresses.push({ dev, cidr });
    for (const f of ['ipv4', 'ipv6'] as const) {
      const gw = ofFamily(cidrs, f) && ofFamily(gateways, f);
      if (!gw) continue;
      if (f === 'ipv4') n.defaultVia = ipOf(gw);
      else n.routes.push({ to: '::/0', via: ipOf(gw) });
    }
  };

  // The internet: one bridge per segment, forwarding between them.
  const segments = spec.internet.addresses.map((a, i) => ({ cidrs: sorted(addressList(a)), bridge: `seg${i}` }));
  const inet = addNode(internetNode, 'internet');
  inet.sysctls['net.ipv4.ip_forward'] = '1';
  if (segments.some((s) => ofFamily(s.cidrs, 'ipv6'))) inet.sysctls['net.ipv6.conf.all.forwarding'] = '1';
  for (const s of segments) {
    inet.bridges.push(s.bridge);
    for (const cidr of s.cidrs) inet.addresses.push({ dev: s.bridge, cidr });
  }
  const plugIntoInternet = (node: string, ifname: string, cidrs: readonly string[]) => {
    const seg = segments.find((s) => allInside(s.cidrs, cidrs));
    if (!seg) throw new LabError('InvalidLab', `${node}: ${cidrs.join(', ')} is in none of the internet's segments`, { node, cidrs });
    veths.push({ a: { node, ifname }, b: { node: internetNode, ifname: portName(node), master: seg.bridge } });
    address(net.get(node)!, ifname, cidrs, seg.cidrs);
  };

  const homes = Object.entries(spec.homeRouters ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const nat: NatBox[] = [];
  for (const [name, h] of homes) {
    const n = addNode(name, 'home');
    const wan = addressList(h.wan);
    const lan = addressList(h.lan);
    n.sysctls['net.ipv4.ip_forward'] = '1';
    n.bridges.push('lan');
    for (const cidr of sorted(lan)) n.addresses.push({ dev: 'lan', cidr });
    plugIntoInternet(name, 'wan', wan);
    const lan6 = ofFamily(lan, 'ipv6');
    const wan6 = ofFamily(wan, 'ipv6');
    if (lan6 && wan6) {
      // The ISP routes the box's prefix to it; the box forwards IPv6 (no NAT66).
      n.sysctls['net.ipv6.conf.all.forwarding'] = '1';
      inet.routes.push({ to: networkPrefix(lan6), via: ipOf(wan6) });
    }
    const openings = topology.routers.flatMap((r) => {
      const r6 = ofFamily(addressList(spec.routers[r.name]?.wan ?? []), 'ipv6');
      if (!lan6 || !r6 || !allInside([lan6], [r6])) return [];
      return endpointsOf(r).filter((ep) => endpointFamily(ep) === 'ipv6').map((ep) => ({ address: ipOf(r6), port: splitEndpoint(ep).port }));
    });
    nat.push({ node: name, wan: 'wan', lan: 'lan', openings });
  }

  const routers: RouterPlan[] = [];
  for (const r of topology.routers) {
    const where = spec.routers[r.name];
    if (!where) throw new LabError('InvalidLab', `router ${r.name} is not in lab.yaml`, { router: r.name });
    const wan = sorted(addressList(where.wan));
    const n = addNode(r.name, 'router');
    const wanIf = r.wan.interface;
    const lanIf = r.lan?.interface;
    if (lanIf) n.bridges.push(lanIf);
    const home = homes.find(([, h]) => allInside(addressList(h.lan), wan));
    if (home) {
      veths.push({ a: { node: r.name, ifname: wanIf }, b: { node: home[0], ifname: portName(r.name), master: 'lan' } });
      address(n, wanIf, wan, addressList(home[1].lan));
    } else {
      plugIntoInternet(r.name, wanIf, wan);
    }
    routers.push({ node: r.name, wanIf, wan, ...(lanIf && { lanIf }), ...(home && { behind: home[0] }) });
  }

  const servers: ServerPlan[] = [];
  const byRouter = new Map<string, number>();
  for (const [name, s] of Object.entries(spec.servers ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    const r = topology.routers.find((x) => x.name === s.router);
    if (!r?.lan) throw new LabError('InvalidLab', `server ${name}: router ${s.router} has no LAN`, { server: name });
    const index = (byRouter.get(r.name) ?? 0) + 1;
    byRouter.set(r.name, index);
    const mac = (s.mac ?? r.lan.hosts?.find((h) => h.name === name)?.mac ?? derivedMac(r.id, index)).toLowerCase();
    const families = [...(r.lan.ipv4 ? ['ipv4' as const] : []), ...(r.lan.ipv6 ? ['ipv6' as const] : [])];
    const n = addNode(name, 'server');
    // Servers take RAs (SLAAC and the default route) even if someone turns forwarding on.
    if (r.lan.ipv6) n.sysctls['net.ipv6.conf.eth0.accept_ra'] = '2';
    veths.push({ a: { node: name, ifname: 'eth0', mac }, b: { node: r.name, ifname: portName(name), master: r.lan.interface } });
    servers.push({ node: name, router: r.name, ifname: 'eth0', mac, families });
  }

  for (const [name, h] of Object.entries(spec.hosts ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    addNode(name, 'host');
    plugIntoInternet(name, 'eth0', addressList(h.address));
  }

  let git: GitPlan | undefined;
  if (spec.git) {
    const host = spec.hosts?.[spec.git.host];
    if (!host) throw new LabError('InvalidLab', `git.host ${spec.git.host} is not one of hosts`, { host: spec.git.host });
    const cidrs = addressList(host.address);
    const port = spec.git.port ?? 8080;
    const url = (cidr: string) => `http://${cidr.includes(':') ? `[${ipOf(cidr)}]` : ipOf(cidr)}:${port}/topology.git`;
    const v4 = ofFamily(cidrs, 'ipv4');
    const v6 = ofFamily(cidrs, 'ipv6');
    const preferred = v4 ?? cidrs[0]!;
    git = {
      node: spec.git.host, listen: v4 && !v6 ? ipOf(v4) : '::', address: ipOf(preferred), port, url: url(preferred),
      urls: { ...(v4 && { ipv4: url(v4) }), ...(v6 && { ipv6: url(v6) }) },
    };
  }

  // Two long names that shorten alike, or a name that is also an interface of the node, would
  // make two interfaces of one name on one node.
  const names = new Map<string, string>();
  const claim = (node: string, ifname: string, what: string) => {
    const other = names.get(`${node}/${ifname}`);
    if (other !== undefined) throw new LabError('InvalidLab', `${node} would have two interfaces named ${ifname}: ${other} and ${what}; rename one`, { node, ifname });
    names.set(`${node}/${ifname}`, what);
  };
  for (const [node, n] of net) for (const br of n.bridges) claim(node, br, `its bridge ${br}`);
  for (const { a, b } of veths) {
    claim(a.node, a.ifname, `the cable to ${b.node}`);
    claim(b.node, b.ifname, `the cable to ${a.node}`);
  }

  return {
    prefix, internet: internetNode, nodes, veths,
    net: Object.fromEntries([...net].map(([k, v]) => [k, { ...v }])), nat, routers, servers, ...(git && { git }), ifnames,
  };
}
