/**
 * Fixture builders for the planner: a small hand-made DesiredState, and the Observed state of
 * a router on which exactly that state has been applied.
 */
import type { Inventory, Observed } from '../../reconciler/plan/observed.js';
import type { DesiredState, FileSpec, VxlanSpec } from '../../renderers/state.js';

export function vx(peerId: number, overrides: Partial<VxlanSpec> = {}): VxlanSpec {
  return {
    ifname: `dl${peerId}`, peer: `r${peerId}`, vni: 4096 + peerId, local: '10.255.64.1', remote: `10.255.64.${peerId}`,
    dstPort: 4789, dev: 'wg-dlan', mtu: 1370, addresses: [`10.255.128.${peerId * 2}/31`], ...overrides,
  };
}

export function desiredState(overrides: Partial<DesiredState> = {}): DesiredState {
  const files: FileSpec[] = [
    { path: '/etc/dlan/nftables.nft', content: 'table inet dlan {}\n', mode: 0o644, service: 'nftables' },
    { path: '/etc/dlan/wg-dlan.conf', content: '[Interface]\nListenPort = 51820\n', mode: 0o600, service: 'wireguard' },
    { path: '/etc/dnsmasq.d/dlan.conf', content: 'domain=r1.lan\n', mode: 0o644, service: 'dnsmasq' },
    { path: '/etc/frr/daemons', content: 'ospfd=yes\n', mode: 0o644, service: 'frr', onChange: 'restart' },
    { path: '/etc/frr/frr.conf', content: 'router ospf\n ospf router-id 10.255.0.1\n', mode: 0o644, service: 'frr' },
    { path: '/etc/nginx/dlan.conf', content: 'stream {}\n', mode: 0o644, service: 'nginx' },
    { path: '/etc/sysctl.d/90-dlan.conf', content: 'net.ipv4.ip_forward = 1\n', mode: 0o644, service: 'sysctl' },
  ];
  return {
    router: 'r1',
    files,
    wireguard: {
      ifname: 'wg-dlan', listenPort: 51820, privateKeyFile: '/etc/dlan/wireguard.key', mtu: 1420,
      addresses: ['10.255.64.1/32'],
      peers: [{ name: 'r4', publicKey: 'K4', endpoint: '203.0.113.4:51820', keepalive: 25, allowedIps: ['10.255.64.4/32'] }],
    },
    vxlans: [vx(4)],
    addresses: [{ ifname: 'eth1', addresses: ['10.1.0.1/24'] }, { ifname: 'lo', addresses: ['10.255.0.1/32'] }],
    services: [
      { name: 'dnsmasq', onChange: 'restart', daemon: true },
      { name: 'frr', onChange: 'frr-reload', daemon: true },
      { name: 'nftables', onChange: 'nft-apply', daemon: false },
      { name: 'nginx', onChange: 'reload', daemon: true },
      { name: 'sysctl', onChange: 'sysctl-apply', daemon: false },
      { name: 'wireguard', onChange: 'wg-sync', daemon: false },
    ],
    ...overrides,
  };
}

/** The live router after `d` was applied (plus `extra` things dlan does not own). */
export function observedFrom(d: DesiredState): Observed {
  const addresses = new Map<string, string[]>();
  const add = (ifname: string, a: readonly string[]) => addresses.set(ifname, [...(addresses.get(ifname) ?? []), ...a]);
  add(d.wireguard.ifname, d.wireguard.addresses);
  for (const v of d.vxlans) add(v.ifname, v.addresses);
  for (const a of d.addresses) add(a.ifname, a.addresses);
  return {
    files: new Map(d.files.map((f) => [f.path, { content: f.content, mode: f.mode }])),
    wireguard: {
      ifname: d.wireguard.ifname, up: true, mtu: d.wireguard.mtu, listenPort: d.wireguard.listenPort, hasPrivateKey: true,
      addresses: d.wireguard.addresses,
      peers: d.wireguard.peers.map((p) => ({ publicKey: p.publicKey, ...(p.endpoint && { endpoint: p.endpoint }), ...(p.keepalive && { keepalive: p.keepalive }), allowedIps: p.allowedIps })),
    },
    vxlans: d.vxlans.map((v) => ({ ifname: v.ifname, up: true, vni: v.vni, local: v.local, remote: v.remote, dstPort: v.dstPort, dev: v.dev, mtu: v.mtu, addresses: v.addresses })),
    addresses,
    running: new Set(d.services.map((s) => s.name)),
    links: new Map([d.wireguard.ifname, ...d.vxlans.map((v) => v.ifname), ...d.addresses.map((a) => a.ifname), ...(d.ports ?? []).map((p) => p.ifname)]
      .map((ifname) => [ifname, { up: true }])),
  };
}

export function inventoryOf(d: DesiredState): Inventory {
  return {
    files: d.files.map((f) => f.path),
    vxlans: d.vxlans.map((v) => v.ifname),
    addresses: [
      ...d.wireguard.addresses.map((address) => ({ ifname: d.wireguard.ifname, address })),
      ...d.vxlans.flatMap((v) => v.addresses.map((address) => ({ ifname: v.ifname, address }))),
      ...d.addresses.flatMap((a) => a.addresses.map((address) => ({ ifname: a.ifname, address }))),
    ],
    wireguard: d.wireguard.ifname,
    services: d.services.map((s) => s.name),
  };
}

export function withFile(d: DesiredState, path: string, content: string): DesiredState {
  return { ...d, files: d.files.map((f) => (f.path === path ? { ...f, content } : f)) };
}
