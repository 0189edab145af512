/**
 * Semantic checks of lab.yaml against the topology it belongs to: every router is placed, its
 * WAN address is where its endpoint says, NAT sites sit behind a home router, servers plug into
 * routers that have a LAN, names and MACs are unique. Pure; all findings at once.
 */
import { compareDiagnostics, type Diagnostic } from '../reconciler/topology/diagnostic.js';
import { contains, parseAddress, parsePrefix } from '../reconciler/topology/ip.js';
import { splitEndpoint, type Topology } from '../reconciler/topology/model.js';
import { Reporter, type ParsedFile } from '../reconciler/topology/yaml-source.js';
import { derivedMac, internetNode } from './plan.js';
import type { LabSpec } from './spec.js';

const RESERVED = /^(inet|lan|wan|lo|(seg|eth)[0-9]+)$/;

const inside = (cidr: string, address: string): boolean => {
  const p = parsePrefix(cidr, 4);
  const a = parseAddress(address.split('/')[0]!);
  return p !== undefined && a !== undefined && contains(p, a);
};

export function checkLab(spec: LabSpec, file: ParsedFile, topology: Topology): Diagnostic[] {
  const report = new Reporter(new Map([[file.path, file]]));
  const err = (code: string, path: (string | number)[], message: string, key = false) => report.error(code, file.path, path, message, key);
  const segments = spec.internet.addresses;
  const onInternet = (cidr: string) => segments.some((s) => inside(s, cidr));
  const homes = Object.entries(spec.homeRouters ?? {});

  const seen = new Map<string, string>();
  const claim = (group: string, name: string) => {
    if (RESERVED.test(name)) err('ReservedName', [group, name], `${name} is reserved (it names an interface or the internet node)`, true);
    const other = seen.get(name);
    if (other) err('DuplicateNode', [group, name], `${name} is already a node in ${other}`, true);
    seen.set(name, group);
  };
  const addresses = new Map<string, string>();
  const claimAddress = (path: string[], cidr: string) => {
    const a = cidr.split('/')[0]!;
    const other = addresses.get(a);
    if (other) err('DuplicateAddress', path, `${a} is also used by ${other}`);
    addresses.set(a, path.join('.'));
  };
  segments.forEach((s, i) => claimAddress(['internet', 'addresses', String(i)], s));

  for (const [name, h] of homes) {
    claim('homeRouters', name);
    if (!topology.network.sites[h.site]) err('UnknownSite', ['homeRouters', name, 'site'], `site ${h.site} is not in network.yaml`);
    if (!onInternet(h.wan)) err('NotOnInternet', ['homeRouters', name, 'wan'], `${h.wan} is in none of the internet's segments`);
    claimAddress(['homeRouters', name, 'wan'], h.wan);
    claimAddress(['homeRouters', name, 'lan'], h.lan);
  }

  for (const r of topology.routers) {
    const where = spec.routers[r.name];
    if (!where) {
      err('RouterNotPlaced', ['routers'], `router ${r.name} (${r.file}) is not placed: add routers.${r.name}.wan`, true);
      continue;
    }
    claim('routers', r.name);
    claimAddress(['routers', r.name, 'wan'], where.wan);
    const path = ['routers', r.name, 'wan'];
    const wanIp = where.wan.split('/')[0]!;
    const home = homes.find(([, h]) => inside(h.lan, where.wan));
    const nat = r.site !== undefined && topology.network.sites[r.site]?.nat === true;
    if (home) {
      if (home[1].site !== r.site) err('WrongSite', path, `${where.wan} is on ${home[0]}'s LAN (site ${home[1].site}) but ${r.name} is in site ${r.site ?? '(none)'}`);
    } else if (!onInternet(where.wan)) {
      err('NotPlugged', path, `${where.wan} is neither in a home router's LAN nor in an internet segment`);
    } else if (nat) {
      err('NatSiteOnInternet', path, `${r.name}'s site ${r.site} is behind NAT (network.yaml) but ${where.wan} is on the internet`);
    }
    for (const field of ['endpoint', 'siteEndpoint'] as const) {
      const ep = r[field];
      if (ep && splitEndpoint(ep).host !== wanIp) {
        err('EndpointMismatch', path, `${r.name}'s ${field} ${ep} (${r.file}) does not point at its WAN address ${wanIp}`);
      }
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
    if (!onInternet(h.address)) err('NotOnInternet', ['hosts', name, 'address'], `${h.address} is in none of the internet's segments`);
    claimAddress(['hosts', name, 'address'], h.address);
  }
  if (spec.git && !spec.hosts?.[spec.git.host]) err('UnknownHost', ['git', 'host'], `${spec.git.host} is not one of hosts`);
  if (seen.has(internetNode)) err('ReservedName', [], `${internetNode} is the internet node's name`);
  return [...report.diagnostics].sort(compareDiagnostics);
}
