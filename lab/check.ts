/**
 * Semantic checks of lab.yaml against the topology it belongs to: every router is placed, its
 * WAN addresses are where its endpoints say, every peering has a side that can dial the other
 * (a WAN address of the endpoint's family), NAT sites sit behind a home router, servers plug into routers that have a LAN,
 * names, addresses and MACs are unique. Pure; all findings at once, each at its place in
 * lab.yaml and naming the node (and the topology file when that is where the other half is).
 */
import { compareDiagnostics, type Diagnostic } from '../model/diagnostic.js';
import { endpointFamily, endpointsOf, splitEndpoint, type AddressFamily, type Topology } from '../model/model.js';
import { slice, sliceIndex } from '../model/slice.js';
import { Reporter, type ParsedFile } from '../model/yaml-source.js';
import { allInside, familyOf, inside, ipOf, ofFamily, sameAddress } from './cidr.js';
import { derivedMac, internetNode } from './plan.js';
import { addressList, type Addresses, type LabSpec } from './spec.js';

const RESERVED = /^(inet|lan|wan|lo|(seg|eth)[0-9]+)$/;
const FAMILY = { ipv4: 'IPv4', ipv6: 'IPv6' } as const;

export function checkLab(spec: LabSpec, file: ParsedFile, topology: Topology): Diagnostic[] {
  const report = new Reporter(new Map([[file.path, file]]));
  const err = (code: string, path: (string | number)[], message: string, key = false) => report.error(code, file.path, path, message, key);
  const segments = spec.internet.addresses.map(addressList);
  const onInternet = (cidrs: readonly string[]) => segments.some((s) => allInside(s, cidrs));
  const homes = Object.entries(spec.homeRouters ?? {});

  const seen = new Map<string, string>();
  const claim = (group: string, name: string) => {
    if (RESERVED.test(name)) err('ReservedName', [group, name], `${name} is reserved (it names an interface or the internet node)`, true);
    const other = seen.get(name);
    if (other) err('DuplicateNode', [group, name], `${name} is already a node in ${other}`, true);
    seen.set(name, group);
  };
  const addresses = new Map<string, string>();
  /** Each address once in the lab, at most one per family on an interface. */
  const claimAddresses = (path: (string | number)[], value: Addresses) => {
    const list = addressList(value);
    const families = new Set<AddressFamily | undefined>();
    list.forEach((cidr, i) => {
      const at = typeof value === 'string' ? path : [...path, i];
      const f = familyOf(cidr);
      if (families.has(f)) err('TwoOfAFamily', at, `a second ${FAMILY[f!]} address: an interface here has at most one per family`);
      families.add(f);
      const a = ipOf(cidr);
      const key = [...addresses.keys()].find((k) => sameAddress(k, a));
      if (key !== undefined) err('DuplicateAddress', at, `${a} is also used by ${addresses.get(key)}`);
      else addresses.set(a, path.join('.'));
    });
  };
  spec.internet.addresses.forEach((s, i) => claimAddresses(['internet', 'addresses', i], s));

  for (const [name, h] of homes) {
    claim('homeRouters', name);
    const wan = addressList(h.wan);
    if (!topology.network.sites[h.site]) err('UnknownSite', ['homeRouters', name, 'site'], `site ${h.site} is not in network.yaml`);
    if (!onInternet(wan)) err('NotOnInternet', ['homeRouters', name, 'wan'], `${name}: ${wan.join(', ')} is in none of the internet's segments (all of its addresses in one)`);
    if (ofFamily(addressList(h.lan), 'ipv6') && !ofFamily(wan, 'ipv6')) {
      err('NoIpv6Uplink', ['homeRouters', name, 'lan'], `${name} has an IPv6 LAN but no IPv6 wan address to route it over`);
    }
    claimAddresses(['homeRouters', name, 'wan'], h.wan);
    claimAddresses(['homeRouters', name, 'lan'], h.lan);
  }

  const wanOf = new Map<string, readonly string[]>();
  for (const r of topology.routers) {
    const where = spec.routers[r.name];
    if (!where) {
      err('RouterNotPlaced', ['routers'], `router ${r.name} (${r.file}) is not placed: add routers.${r.name}.wan`, true);
      continue;
    }
    claim('routers', r.name);
    claimAddresses(['routers', r.name, 'wan'], where.wan);
    const path = ['routers', r.name, 'wan'];
    const wan = addressList(where.wan);
    wanOf.set(r.name, wan);
    const home = homes.find(([, h]) => wan.some((a) => addressList(h.lan).some((p) => inside(p, a))));
    const nat = r.site !== undefined && topology.network.sites[r.site]?.nat === true;
    if (home) {
      const lan = addressList(home[1].lan);
      if (home[1].site !== r.site) err('WrongSite', path, `${r.name}: ${wan.join(', ')} is on ${home[0]}'s LAN (site ${home[1].site}) but ${r.name} is in site ${r.site ?? '(none)'}`);
      for (const a of wan.filter((x) => !allInside(lan, [x]))) err('NotInHomeLan', path, `${r.name}: ${a} is not in ${home[0]}'s LAN ${lan.join(', ')}`);
    } else if (!onInternet(wan)) {
      err('NotPlugged', path, `${r.name}: ${wan.join(', ')} is neither in a home router's LAN nor in an internet segment`);
    } else if (nat) {
      err('NatSiteOnInternet', path, `${r.name}'s site ${r.site} is behind NAT (network.yaml) but ${wan.join(', ')} is on the internet`);
    }
    const own: [string, string][] = [...endpointsOf(r).map((ep): [string, string] => ['endpoint', ep]), ...(r.siteEndpoint ? [['siteEndpoint', r.siteEndpoint] as [string, string]] : [])];
    for (const [field, ep] of own) {
      const f = endpointFamily(ep);
      const mine = f && ofFamily(wan, f);
      if (!f) err('EndpointNotAddress', path, `${r.name}'s ${field} ${ep} (${r.file}) is a host name; the lab has no DNS for it: write its address`);
      else if (!mine) err('EndpointMismatch', path, `${r.name}'s ${field} ${ep} (${r.file}) is ${FAMILY[f]} but its WAN here has no ${FAMILY[f]} address`);
      else if (!sameAddress(mine, splitEndpoint(ep).host)) err('EndpointMismatch', path, `${r.name}'s ${field} ${ep} (${r.file}) does not point at its WAN address ${ipOf(mine)}`);
    }
  }
  // A peering needs one side to dial the other with a WAN address of the endpoint's family; the
  // other side then answers to wherever the handshake came from (WireGuard roams).
  const index = sliceIndex(topology);
  const peersOf = new Map(topology.routers.map((r) => [r.name, slice(topology, r.name, index).peers]));
  const dials = (from: string, to: string): { endpoint?: string; family?: AddressFamily; ok: boolean } => {
    const endpoint = peersOf.get(from)!.find((p) => p.name === to)?.endpoint;
    const family = endpoint === undefined ? undefined : endpointFamily(endpoint);
    const wan = wanOf.get(from);
    return { ...(endpoint && { endpoint }), ...(family && { family }), ok: endpoint !== undefined && wan !== undefined && (!family || ofFamily(wan, family) !== undefined) };
  };
  for (const r of topology.routers) {
    const wan = wanOf.get(r.name);
    if (!wan) continue;
    const behindHome = homes.some(([, h]) => wan.some((a) => addressList(h.lan).some((x) => inside(x, a))));
    for (const p of peersOf.get(r.name)!) {
      const out = dials(r.name, p.name);
      if (out.ok || !out.family || !wanOf.has(p.name) || dials(p.name, r.name).ok) continue;
      err('CannotDial', ['routers', r.name, 'wan'], `${r.name} dials ${p.name} at ${out.endpoint} (${index.byName.get(p.name)!.file}) but has no ${FAMILY[out.family]} address on its WAN here, and ${p.name} cannot dial it either`
        + (behindHome ? ` (its home router needs an ${FAMILY[out.family]} wan and lan too)` : ''));
    }
  }
  for (const name of Object.keys(spec.routers)) {
    if (!topology.routers.some((r) => r.name === name)) err('UnknownRouter', ['routers', name], `${name} is not a router of the topology (routers/${name}.yaml)`, true);
  }

  const macs = new Map<string, string>();
  const byRouter = new Map<string, number>();
  for (const [name, s] of Object.entries(spec.servers ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    claim('servers', name);
    const r = topology.routers.find((x) => x.name === s.router);
    if (!r) { err('UnknownRouter', ['servers', name, 'router'], `${s.router} is not a router of the topology`); continue; }
    if (!r.lan) { err('NoLan', ['servers', name, 'router'], `${s.router} has no LAN to plug ${name} into`); continue; }
    if (!r.lan.ipv4 && !r.lan.ipv6) { err('NoLan', ['servers', name, 'router'], `${s.router}'s LAN has no prefix (${r.file}): ${name} would get no address`); continue; }
    const index = (byRouter.get(r.name) ?? 0) + 1;
    byRouter.set(r.name, index);
    const lease = r.lan.hosts?.find((h) => h.name === name);
    if (s.mac && lease && s.mac.toLowerCase() !== lease.mac.toLowerCase()) {
      err('MacMismatch', ['servers', name, 'mac'], `${r.name}'s static lease for ${name} is for ${lease.mac}; with ${s.mac} it would not apply`);
    }
    const mac = (s.mac ?? lease?.mac ?? derivedMac(r.id, index)).toLowerCase();
    const other = macs.get(mac);
    if (other) err('DuplicateMac', ['servers', name], `${mac} is also ${other}'s MAC`, true);
    macs.set(mac, name);
  }

  for (const [name, h] of Object.entries(spec.hosts ?? {})) {
    claim('hosts', name);
    const list = addressList(h.address);
    if (!onInternet(list)) err('NotOnInternet', ['hosts', name, 'address'], `${name}: ${list.join(', ')} is in none of the internet's segments`);
    claimAddresses(['hosts', name, 'address'], h.address);
  }
  if (spec.git && !spec.hosts?.[spec.git.host]) err('UnknownHost', ['git', 'host'], `${spec.git.host} is not one of hosts`);
  if (seen.has(internetNode)) err('ReservedName', [], `${internetNode} is the internet node's name`);
  return [...report.diagnostics].sort(compareDiagnostics);
}
