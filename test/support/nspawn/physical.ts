/**
 * The physical network of the system test (what dlan does not manage), on the host:
 *
 *   internet (netns, bridge br0: 203.0.113.254, 198.51.100.254; the git server on 203.0.113.80)
 *     ├── r1 eth0 203.0.113.1         the public hub (a machine)
 *     └── home wan 198.51.100.2       a home router doing NAT (netns, masquerade)
 *           └── bridge lan 192.168.1.1
 *                 └── r2 eth0 192.168.1.10   a router behind NAT (a machine)
 *   r1 eth1 ── s1 (netns; its NIC is a bridge with the MAC of its static lease)
 *   r2 eth1 ── s2
 *
 * Every namespace is named `<prefix>-…`. The routers' WAN addresses are configured inside the
 * machines (systemd-networkd, as on an installed box); everything here only carries packets.
 */
import { addBridge, addNetns, deleteNetns, inNetns, ipn, plugCable, sysctl, unplugCable, type CableEnd } from './wiring.js';
import { addServer, SERVER_NIC, stopServer, type Server } from './servers.js';

export const INTERNET = {
  addresses: ['203.0.113.254/24', '198.51.100.254/24'],
  git: { address: '203.0.113.80', port: 8080 },
} as const;

/** Each router: its WAN as systemd-networkd configures it in the machine, where its cables go. */
export const ROUTERS = {
  r1: { id: 1, wan: { address: '203.0.113.1/24', gateway: '203.0.113.254' }, uplink: 'internet', server: 's1' },
  r2: { id: 2, wan: { address: '192.168.1.10/24', gateway: '192.168.1.1' }, uplink: 'home', server: 's2' },
} as const;
export type RouterName = keyof typeof ROUTERS;

export const HOME = { wan: '198.51.100.2/24', gateway: '198.51.100.254', lan: '192.168.1.1/24' } as const;

/** The servers' MACs: the ones their static leases name in the topology. */
export const SERVERS = { s1: { mac: '02:00:00:61:01:10' }, s2: { mac: '02:00:00:61:02:10' } } as const;
export type ServerName = keyof typeof SERVERS;

export interface Physical {
  readonly prefix: string;
  readonly internet: string;
  readonly home: string;
  readonly servers: Record<ServerName, Server>;
}

export const netnsName = (prefix: string, node: string): string => `${prefix}-${node}`;

/** Builds the namespaces that live for the whole test: the internet, the home router, the servers. */
export async function buildPhysical(prefix: string, dir: string): Promise<Physical> {
  const internet = netnsName(prefix, 'internet');
  const home = netnsName(prefix, 'home');
  await addNetns(internet);
  await addBridge(internet, 'br0', { addresses: [...INTERNET.addresses, `${INTERNET.git.address}/24`] });
  // The internet routes between its two public networks (the hub on one, the home router on the other).
  await sysctl(internet, 'net.ipv4.ip_forward', '1');

  await addNetns(home);
  await addBridge(home, 'lan', { addresses: [HOME.lan] });
  await plugCable({ netns: home, name: 'wan' }, { netns: internet, name: 'home' }, 'br0');
  await ipn(home, ['addr', 'add', HOME.wan, 'dev', 'wan']);
  await ipn(home, ['link', 'set', 'wan', 'up']);
  await ipn(home, ['route', 'add', 'default', 'via', HOME.gateway]);
  await sysctl(home, 'net.ipv4.ip_forward', '1');
  // What an ISP box does: everything from its LAN leaves with its WAN address.
  await inNetns(home, ['nft', '-f', '-'], { input: 'table ip home {\n chain post {\n  type nat hook postrouting priority srcnat;\n  oifname "wan" masquerade\n }\n}\n' });

  const servers = {} as Record<ServerName, Server>;
  for (const [name, s] of Object.entries(SERVERS) as [ServerName, { mac: string }][]) {
    servers[name] = await addServer(netnsName(prefix, name), name, s.mac, dir);
  }
  return { prefix, internet, home, servers };
}

/** A router machine's cables, as `[its end, the other end, the bridge]`: WAN first, then LAN. */
export function routerCables(p: Physical, router: RouterName, machineNetns: string): [CableEnd, CableEnd, string][] {
  const r = ROUTERS[router];
  const mac = (port: number) => `02:00:00:61:0${r.id}:0${port}`;
  const uplink = r.uplink === 'internet' ? { netns: p.internet, bridge: 'br0' } : { netns: p.home, bridge: 'lan' };
  return [
    [{ netns: machineNetns, name: 'eth0', mac: mac(0) }, { netns: uplink.netns, name: router }, uplink.bridge],
    [{ netns: machineNetns, name: 'eth1', mac: mac(1) }, { netns: p.servers[r.server].netns, name: router }, SERVER_NIC],
  ];
}

export async function plugRouter(p: Physical, router: RouterName, machineNetns: string): Promise<void> {
  for (const [a, b, bridge] of routerCables(p, router, machineNetns)) await plugCable(a, b, bridge);
}

export async function unplugRouter(p: Physical, router: RouterName, machineNetns: string): Promise<void> {
  for (const [a] of routerCables(p, router, machineNetns)) await unplugCable(a);
}

/** systemd-networkd's file for the router's WAN (the LAN port is left to dlan). */
export function renderWanNetwork(router: RouterName): string {
  const w = ROUTERS[router].wan;
  return ['# The WAN of this router, as its installer set it up (the system test writes it).', '[Match]', 'Name=eth0', '',
    '[Network]', `Address=${w.address}`, `Gateway=${w.gateway}`, 'LinkLocalAddressing=no', 'IPv6AcceptRA=no', ''].join('\n');
}

/** Stops the servers' processes and deletes every namespace of the physical network. */
export async function teardownPhysical(p: Physical): Promise<void> {
  for (const s of Object.values(p.servers)) await stopServer(s);
  for (const n of [...Object.values(p.servers).map((s) => s.netns), p.home, p.internet]) await deleteNetns(n);
}
