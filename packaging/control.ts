/**
 * DEBIAN/control of the dlan package (deb-control(5)). The dependencies are what dlan runs on a
 * router, by the names Debian 12 (bookworm) and 13 (trixie) both use; docs/debian.md says what
 * each service is made to do. Pure.
 */
export interface Dependency {
  readonly relation: string;
  readonly why: string;
}

export const DEPENDS: readonly Dependency[] = [
  { relation: 'nodejs (>= 20)', why: 'runs the bundle; trixie ships 20; bookworm ships 18, so there take 20 from a repository that packages it as nodejs' },
  { relation: 'iproute2', why: 'ip: links, VXLAN, addresses' },
  { relation: 'nftables', why: "nft: dlan's table inet dlan" },
  { relation: 'wireguard-tools', why: 'wg: WireGuard keys and peers (kernel module or wireguard-go)' },
  { relation: 'dnsmasq-base', why: 'the dnsmasq binary only: dlan runs it as dlan-dnsmasq.service; the dnsmasq package would add a second service reading the same files' },
  { relation: 'frr (>= 8.4)', why: 'OSPFv2, OSPFv3 and BFD; bookworm has 8.4, trixie 10.3' },
  { relation: 'frr-pythontools', why: 'frr-reload.py: incremental reloads that keep adjacencies' },
  { relation: 'nginx (>= 1.22)', why: 'the nginx binary (since 1.22.1-6 in its own package on both releases; nginx-light/-core/-full are metapackages adding modules to it, and nginx-light lacks stream); proxy_half_close needs 1.21.4' },
  { relation: 'libnginx-mod-stream', why: 'the stream module dlan-nginx loads by absolute path for TCP/UDP forwards' },
  { relation: 'procps', why: 'sysctl: forwarding on' },
  { relation: 'ca-certificates', why: 'fetching the topology repo and posting statuses over https' },
];

export const RECOMMENDS: readonly Dependency[] = [
  { relation: 'wireguard-go', why: 'userspace WireGuard for kernels without the module (containers, some VPS kernels)' },
];

export interface ControlInfo {
  readonly version: string;
  readonly maintainer: string;
  /** KiB, as dpkg-gencontrol counts it. */
  readonly installedSize: number;
}

export function renderControl(c: ControlInfo): string {
  return [
    'Package: dlan',
    `Version: ${c.version}`,
    'Architecture: all',
    `Maintainer: ${c.maintainer}`,
    `Installed-Size: ${c.installedSize}`,
    `Depends: ${DEPENDS.map((d) => d.relation).join(', ')}`,
    `Recommends: ${RECOMMENDS.map((d) => d.relation).join(', ')}`,
    'Section: net',
    'Priority: optional',
    'Description: GitOps for a private network across your own routers',
    ' dlan keeps the WireGuard tunnels, VXLAN links, OSPF (FRR), DHCP and DNS',
    ' (dnsmasq), port forwards (nginx) and firewall (nftables) of each router in',
    ' line with a topology repository whose commits are signed. The agent',
    ' (dlan-agent.service) pulls the repository, verifies the signature, renders',
    " the router's share and applies the difference, rolling back on failure.",
    ' .',
    ' The agent is enabled once /etc/dlan/agent.yaml exists; installing the package',
    ' changes nothing on the network.',
    '',
  ].join('\n');
}
