/**
 * From lab.yaml and the topology to the physical network, as a value: the nodes (one network +
 * mount + UTS namespace each), the cables (veth pairs), bridges, addresses, default routes and
 * sysctls of every node, the NAT boxes, the servers. Pure; `checkLab` has reported problems
 * before, so the plan only throws on what the checks let through by mistake.
 *
 * Layout (names inside each node are free of the prefix: every node is its own namespace):
 *   inet      one bridge segN per internet address; a port named after each attached node
 *   h1, h2    `wan` (to inet), bridge `lan` with a port per router behind it; NAT on `wan`
 *   r1..r5    WAN interface (topology's wan.interface) to its home router's LAN or to inet;
 *             LAN interface (lan.interface) is a bridge with a port per server
 *   s1..s7    eth0 to their router's LAN bridge, with the MAC of their static lease
 *   hosts     eth0 to inet (client, git)
 */
import { LabError } from './errors.js';
import type { LabSpec } from './spec.js';
import { contains, parseAddress, parsePrefix, type Prefix } from '../reconciler/topology/ip.js';
import type { Topology } from '../reconciler/topology/model.js';

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

export interface NodeNet {
  readonly bridges: readonly string[];
  readonly addresses: readonly { readonly dev: string; readonly cidr: string }[];
  readonly defaultVia?: string;
  readonly sysctls: Readonly<Record<string, string>>;
}

export interface NatBox {
  readonly node: string;
  readonly wan: string;
  readonly lan: string;
}

export interface ServerPlan {
  readonly node: string;
  readonly router: string;
  readonly ifname: string;
  readonly mac: string;
}

export interface RouterPlan {
  readonly node: string;
  readonly wanIf: string;
  readonly wan: string;
  readonly lanIf?: string;
  /** The home router it is cascaded behind, if any. */
  readonly behind?: string;
}

export interface GitPlan {
  readonly node: string;
  readonly address: string;
  readonly port: number;
  readonly url: string;
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
}

export const internetNode = 'inet';
export const PREFIX = /^[a-z][a-z0-9-]{0,19}$/;

export const netnsName = (prefix: string, node: string): string => `${prefix}-${node}`;

const ip = (cidr: string): string => cidr.split('/')[0]!;

function prefixOf(cidr: string): Prefix {
  const p = parsePrefix(cidr, 4);
  if (!p) throw new LabError('InvalidLab', `${cidr} is not an IPv4 address with a prefix length`, { cidr });
  return p;
}

function inside(cidr: string, address: string): boolean {
  const a = parseAddress(ip(address));
  return a !== undefined && contains(prefixOf(cidr), a);
}

/** The deterministic MAC of a server without one: locally administered, from router id and index. */
export function derivedMac(routerId: number, index: number): string {
  const hex = (n: number) => (n & 255).toString(16).padStart(2, '0');
  return ['02', '1a', 'b0', hex(routerId >> 8), hex(routerId), hex(index)].join(':');
}

export function planLab(spec: LabSpec, topology: Topology, prefix: string): LabPlan {
  if (!PREFIX.test(prefix)) throw new LabError('InvalidLab', `prefix ${prefix} must match ${PREFIX.source}`, { prefix });
  const nodes: NodePlan[] = [];
  const veths: Veth[] = [];
  const net = new Map<string, { bridges: string[]; addresses: { dev: string; cidr: string }[]; defaultVia?: string; sysctls: Record<string, string> }>();
  const addNode = (name: string, kind: NodeKind) => {
    if (net.has(name)) throw new LabError('InvalidLab', `node name ${name} is used twice`, { node: name });
    nodes.push({ name, kind, netns: netnsName(prefix, name) });
    net.set(name, { bridges: [], addresses: [], sysctls: {} });
    return net.get(name)!;
  };

  // The internet: one bridge per segment, forwarding between them.
  const segments = spec.internet.addresses.map((cidr, i) => ({ cidr, bridge: `seg${i}` }));
  const inet = addNode(internetNode, 'internet');
  inet.sysctls['net.ipv4.ip_forward'] = '1';
  for (const s of segments) {
    inet.bridges.push(s.bridge);
    inet.addresses.push({ dev: s.bridge, cidr: s.cidr });
  }
  const plugIntoInternet = (node: string, ifname: string, cidr: string) => {
    const seg = segments.find((s) => inside(s.cidr, cidr));
    if (!seg) throw new LabError('InvalidLab', `${node}: ${cidr} is in none of the internet's segments`, { node, cidr });
    veths.push({ a: { node, ifname }, b: { node: internetNode, ifname: node, master: seg.bridge } });
    const n = net.get(node)!;
    n.addresses.push({ dev: ifname, cidr });
    n.defaultVia = ip(seg.cidr);
  };

  const homes = Object.entries(spec.homeRouters ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const nat: NatBox[] = [];
  for (const [name, h] of homes) {
    const n = addNode(name, 'home');
    n.sysctls['net.ipv4.ip_forward'] = '1';
    n.bridges.push('lan');
    n.addresses.push({ dev: 'lan', cidr: h.lan });
    plugIntoInternet(name, 'wan', h.wan);
    nat.push({ node: name, wan: 'wan', lan: 'lan' });
  }

  const routers: RouterPlan[] = [];
  for (const r of topology.routers) {
    const where = spec.routers[r.name];
    if (!where) throw new LabError('InvalidLab', `router ${r.name} is not in lab.yaml`, { router: r.name });
    const n = addNode(r.name, 'router');
    const wanIf = r.wan.interface;
    const lanIf = r.lan?.interface;
    if (lanIf) n.bridges.push(lanIf);
    const home = homes.find(([, h]) => inside(h.lan, where.wan));
    if (home) {
      veths.push({ a: { node: r.name, ifname: wanIf }, b: { node: home[0], ifname: r.name, master: 'lan' } });
      n.addresses.push({ dev: wanIf, cidr: where.wan });
      n.defaultVia = ip(home[1].lan);
    } else {
      plugIntoInternet(r.name, wanIf, where.wan);
    }
    routers.push({ node: r.name, wanIf, wan: where.wan, ...(lanIf && { lanIf }), ...(home && { behind: home[0] }) });
  }

  const servers: ServerPlan[] = [];
  const byRouter = new Map<string, number>();
  for (const [name, s] of Object.entries(spec.servers ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    const r = topology.routers.find((x) => x.name === s.router);
    if (!r?.lan) throw new LabError('InvalidLab', `server ${name}: router ${s.router} has no LAN`, { server: name });
    const index = (byRouter.get(r.name) ?? 0) + 1;
    byRouter.set(r.name, index);
    const mac = (s.mac ?? r.lan.hosts?.find((h) => h.name === name)?.mac ?? derivedMac(r.id, index)).toLowerCase();
    const n = addNode(name, 'server');
    // Servers take RAs (SLAAC and the default route) even if someone turns forwarding on.
    n.sysctls['net.ipv6.conf.eth0.accept_ra'] = '2';
    veths.push({ a: { node: name, ifname: 'eth0', mac }, b: { node: r.name, ifname: name, master: r.lan.interface } });
    servers.push({ node: name, router: r.name, ifname: 'eth0', mac });
  }

  for (const [name, h] of Object.entries(spec.hosts ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    addNode(name, 'host');
    plugIntoInternet(name, 'eth0', h.address);
  }

  let git: GitPlan | undefined;
  if (spec.git) {
    const host = spec.hosts?.[spec.git.host];
    if (!host) throw new LabError('InvalidLab', `git.host ${spec.git.host} is not one of hosts`, { host: spec.git.host });
    const address = ip(host.address);
    const port = spec.git.port ?? 8080;
    git = { node: spec.git.host, address, port, url: `http://${address}:${port}/topology.git` };
  }

  return { prefix, internet: internetNode, nodes, veths, net: Object.fromEntries(net), nat, routers, servers, ...(git && { git }) };
}
