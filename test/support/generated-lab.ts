/**
 * Generated topologies for the lab, from a seed: two hubs on a dual-stack internet (one offering
 * both families, the other one family or both, on its own port), NAT sites behind home routers
 * (some with a routed IPv6 prefix, some IPv4 only), routers whose LANs are IPv4-only, IPv6-only
 * or dual-stack (each kind at least once), names longer than an interface name can be, a site
 * where two routers peer over the site LAN, and one port forward on a hub to a server with a
 * static lease. Everything a topology author may write that the sample does not.
 *
 * Pure: `generateLab(seed)` returns the repo's files (topology and lab.yaml) and what a test
 * should expect of it; the same seed gives the same files. Keys are placeholders (the lab puts
 * in the routers' own).
 */
import { stringify } from 'yaml';
import type { AddressFamily } from '../../model/model.js';
import type { SourceFile } from '../../model/yaml-source.js';
import type { Router, Service } from '../../schema/types.js';
import { testKey } from './topo.js';

/** mulberry32: a small seeded PRNG, good enough to pick shapes. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedServer {
  readonly name: string;
  readonly router: string;
  /** The families of its router's LAN. */
  readonly families: readonly AddressFamily[];
}

export interface GeneratedLab {
  readonly seed: number;
  readonly files: readonly SourceFile[];
  /** One line per router and server, for a failure message. */
  readonly description: string;
  readonly domain: string;
  readonly servers: readonly GeneratedServer[];
  /** The forward: a client on the internet connects to `address`:`port` and reaches `backend`:`to`. */
  readonly forward: { readonly hub: string; readonly address: string; readonly port: number; readonly backend: string; readonly to: number };
  /** The internet host the forward is tried from. */
  readonly client: string;
}

type Lan = 'ipv4' | 'ipv6' | 'dual';
const WORDS = ['harbour', 'meadow', 'granite', 'lantern', 'orchard', 'thistle', 'juniper', 'cobalt'];
const familiesOf = (l: Lan): AddressFamily[] => (l === 'dual' ? ['ipv4', 'ipv6'] : [l]);

export function generateLab(seed: number): GeneratedLab {
  const random = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const word = () => pick(WORDS);
  const shuffle = <T>(xs: readonly T[]): T[] => xs.map((x) => ({ x, k: random() })).sort((a, b) => a.k - b.k).map((y) => y.x);

  const routers = new Map<string, Router>();
  const lab = { routers: {} as Record<string, { wan: string[] }>, homeRouters: {} as Record<string, { site: string; wan: string[]; lan: string[] }>, servers: {} as Record<string, { router: string }> };
  const sites: Record<string, { description: string; nat: boolean }> = { cloud: { description: 'Public hosts', nat: false } };
  const lines: string[] = [`seed ${seed}`];

  // Hubs: A offers both families (in a random order of preference), B one family or both, on 51999.
  const hubA = `public-gateway-${word()}`; // longer than an interface name
  const hubB = `hub${1 + Math.floor(random() * 9)}`;
  const bKind = pick(['ipv4', 'ipv6', 'dual'] as const);
  const a4 = '203.0.113.10';
  const a6 = '2001:db8:0:3::10';
  routers.set(hubA, { id: 1, site: 'cloud', publicKey: testKey(1), endpoint: shuffle([`${a4}:51820`, `[${a6}]:51820`]) as [string, string], wan: { interface: 'eth0' } });
  lab.routers[hubA] = { wan: [`${a4}/24`, `${a6}/64`] };
  const b4 = '198.51.100.20';
  const b6 = '2001:db8:0:2::20';
  const bEndpoints = [...(bKind !== 'ipv6' ? [`${b4}:51999`] : []), ...(bKind !== 'ipv4' ? [`[${b6}]:51999`] : [])];
  routers.set(hubB, { id: 2, site: 'cloud', publicKey: testKey(2), endpoint: bEndpoints.length === 1 ? bEndpoints[0]! : bEndpoints as [string, string], wan: { interface: 'eth0' } });
  lab.routers[hubB] = { wan: [...(bKind !== 'ipv6' ? [`${b4}/24`] : []), ...(bKind !== 'ipv4' ? [`${b6}/64`] : [])] };
  lines.push(`${hubA} (id 1): hub, endpoints ${(routers.get(hubA)!.endpoint as string[]).join(' ')}`, `${hubB} (id 2): hub, ${bKind}, endpoints ${bEndpoints.join(' ')}`);

  // NAT sites: 2 or 3, the first with two routers that peer over the site LAN.
  const siteCount = 2 + Math.floor(random() * 2);
  // One LAN kind per router (siteCount + 1 of them), each kind at least once.
  const lanKinds = shuffle<Lan>(['ipv4', 'ipv6', 'dual', ...Array.from({ length: siteCount - 2 }, () => pick(['ipv4', 'ipv6', 'dual'] as const))]);
  let id = 3;
  const servers: GeneratedServer[] = [];
  let backend: { name: string; router: string; families: AddressFamily[] } | undefined;
  for (let k = 1; k <= siteCount; k++) {
    const site = `site${k}`;
    // The first site has IPv6 when hub B needs it; the others at random.
    const v6 = (k === 1 && bKind === 'ipv6') || random() < 0.6;
    sites[site] = { description: `NAT site ${k}${v6 ? ', routed IPv6 prefix' : ', IPv4 only'}`, nat: true };
    const home = `home${k}`;
    lab.homeRouters[home] = { site, wan: [`192.0.2.${k}/24`, ...(v6 ? [`2001:db8:0:1::${100 + k}/64`] : [])], lan: [`192.168.${k}.1/24`, ...(v6 ? [`2001:db8:${100 + k}::1/64`] : [])] };
    const count = k === 1 ? 2 : 1;
    for (let j = 0; j < count; j++, id++) {
      const name = k === siteCount && j === 0 ? `branch-office-${word()}-${id}` : `r${id}`; // one long router name
      const kind = lanKinds.pop() ?? 'dual';
      const wan4 = `192.168.${k}.${10 + j}`;
      const lan: NonNullable<Router['lan']> = {
        interface: 'eth1',
        ...(kind !== 'ipv6' && { ipv4: `10.${id}.0.0/24` }),
        ...(kind !== 'ipv4' && { ipv6: `fd00:${id.toString(16)}::/64` }),
      };
      const server = id === 3 ? `server-${word()}-${id}x` : `s${id}`; // one long server name
      if (!backend && kind !== 'ipv6') {
        // The forward's backend has a static lease (a forward names a host of lan.hosts).
        lan.hosts = [{ name: server, mac: `02:00:00:00:${id.toString(16).padStart(2, '0')}:10`, ...(lan.ipv4 && { ipv4: `10.${id}.0.10` }), ...(lan.ipv6 && { ipv6: `fd00:${id.toString(16)}::10` }) }];
        backend = { name: server, router: name, families: familiesOf(kind) };
      }
      routers.set(name, {
        id, site, publicKey: testKey(id),
        ...(j === 1 && { siteEndpoint: `${wan4}:51820` }),
        // Without IPv6 here, an IPv6-only hub must not be dialled: say so.
        wan: { interface: 'eth0', ...(!v6 && bKind === 'ipv6' && { families: ['ipv4'] }) },
        lan,
      });
      lab.routers[name] = { wan: [`${wan4}/24`, ...(v6 ? [`2001:db8:${100 + k}::${10 + j}/64`] : [])] };
      lab.servers[server] = { router: name };
      servers.push({ name: server, router: name, families: familiesOf(kind) });
      lines.push(`${name} (id ${id}): ${site} behind ${home}${v6 ? ' (IPv6 routed)' : ''}, LAN ${kind}, server ${server}${j === 1 ? ', site endpoint' : ''}`);
    }
  }

  const forward = { hub: hubA, address: a4, port: 8080, backend: backend!.name, to: 9000 };
  const service: Service = { description: 'generated: a forward on hub A', backends: [backend!.name], forwards: [{ port: forward.port, to: forward.to }], exposeOn: [hubA] };
  const client = 'client';
  const labYaml = {
    internet: { addresses: [['192.0.2.254/24', '2001:db8:0:1::1/64'], ['198.51.100.254/24', '2001:db8:0:2::1/64'], ['203.0.113.254/24', '2001:db8:0:3::1/64']] },
    homeRouters: lab.homeRouters,
    routers: lab.routers,
    servers: lab.servers,
    hosts: { [client]: { address: ['198.51.100.100/24', '2001:db8:0:2::100/64'] }, git: { address: ['203.0.113.80/24', '2001:db8:0:3::80/64'] } },
    git: { host: 'git', port: 8080 },
  };
  const domain = 'lan';
  const files: SourceFile[] = [
    { path: 'network.yaml', text: stringify({ name: `generated-${seed}`, domain, overlay: { ipv4: '10.255.0.0/16', ipv6: 'fd64:6c61:6e::/48' }, sites }) },
    ...[...routers].map(([n, r]) => ({ path: `routers/${n}.yaml`, text: stringify(r) })),
    { path: 'services/web.yaml', text: stringify(service) },
    { path: 'lab.yaml', text: stringify(labYaml) },
  ];
  return { seed, files, description: lines.join('\n'), domain, servers, forward, client };
}
