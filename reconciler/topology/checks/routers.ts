/** Router identity and references: names, ids, keys, sites, peers, endpoints. */
import { maxRouterId } from '../address-plan.js';
import { parseAddress } from '../ip.js';
import { splitEndpoint } from '../model.js';
import type { Check } from './context.js';

/** Duplicate names (r1.yaml next to r1.yml) and ids; ids the overlay has no room for. */
export const checkRouterIdentity: Check = ({ topology, plan, report }) => {
  const names = new Map<string, string>();
  const ids = new Map<number, string>();
  const max = maxRouterId(plan.overlay4.length);
  for (const r of topology.routers) {
    const seenName = names.get(r.name);
    if (seenName) report.error('DuplicateRouterName', r.file, [], `router name ${r.name} is also defined by ${seenName}`);
    else names.set(r.name, r.file);
    const seenId = ids.get(r.id);
    if (seenId) report.error('DuplicateRouterId', r.file, ['id'], `id ${r.id} is already used by router ${seenId}`);
    else ids.set(r.id, r.name);
    if (r.id > max) {
      report.error('RouterIdTooLarge', r.file, ['id'],
        `id ${r.id} does not fit the overlay ${topology.network.overlay.ipv4} (ids up to ${max}); use a shorter overlay prefix`);
    }
  }
};

/** A WireGuard key is 32 bytes in base64 (44 characters ending in `=`). */
export function isWireguardKey(s: string): boolean {
  return /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/.test(s);
}

export const checkPublicKeys: Check = ({ topology, report }) => {
  const seen = new Map<string, string>();
  for (const r of topology.routers) {
    if (!isWireguardKey(r.publicKey)) {
      report.error('BadPublicKey', r.file, ['publicKey'], 'is not a WireGuard public key (44 base64 characters, as printed by `dlan keygen`)');
      continue;
    }
    const other = seen.get(r.publicKey);
    if (other) report.error('DuplicatePublicKey', r.file, ['publicKey'], `is the same key as router ${other}'s`);
    else seen.set(r.publicKey, r.name);
  }
};

export const checkReferences: Check = ({ topology, report }) => {
  const known = new Set(topology.routers.map((r) => r.name));
  const sites = topology.network.sites;
  for (const r of topology.routers) {
    if (r.site !== undefined && !(r.site in sites)) {
      const names = Object.keys(sites);
      const listed = names.length > 10 ? `${names.slice(0, 10).join(', ')}, …` : names.join(', ') || 'none';
      report.error('UnknownSite', r.file, ['site'], `site ${r.site} is not defined in network.yaml (sites: ${listed})`);
    }
    for (const field of ['peers', 'noPeers'] as const) {
      (r[field] ?? []).forEach((p, i) => {
        if (p === r.name) report.error('SelfPeer', r.file, [field, i], `router ${r.name} cannot peer with itself`);
        else if (!known.has(p)) report.error('UnknownPeer', r.file, [field, i], `names unknown router ${p}`);
      });
    }
    if (r.siteEndpoint && r.site === undefined) {
      report.error('SiteEndpointWithoutSite', r.file, ['siteEndpoint'], 'needs `site` (only routers of the same site use it)');
    }
    for (const field of ['endpoint', 'siteEndpoint'] as const) {
      const ep = r[field];
      if (ep === undefined) continue;
      const { host, port } = splitEndpoint(ep);
      if (port < 1 || port > 65535) report.error('BadEndpoint', r.file, [field], `port ${port} is out of range 1-65535`);
      if (/^[0-9.]+$/.test(host) && parseAddress(host) === undefined) report.error('BadEndpoint', r.file, [field], `${host} is not an IPv4 address`);
    }
  }
};
