/** Router identity and references: names, ids, keys, sites, peers, endpoints. */
import { maxRouterId } from '../address-plan.js';
import { didYouMean } from '../suggest.js';
import type { Check } from './context.js';

/** Duplicate names (r1.yaml next to r1.yml) and ids; ids the overlay has no room for. */
export const checkRouterIdentity: Check = ({ topology, plan, report }) => {
  const names = new Map<string, string>();
  const ids = new Map<number, { name: string; file: string }>();
  const max = maxRouterId(plan.overlay4.length);
  for (const r of topology.routers) {
    // dlan.<domain> is the home page on every LAN (renderers/dnsmasq.ts); a router's own domain must not take it.
    if (r.name === 'dlan') report.error('ReservedRouterName', r.file, [], 'the name dlan is reserved: dlan.<domain> names the home page on every LAN');
    const seenName = names.get(r.name);
    if (seenName) report.error('DuplicateRouterName', r.file, [], `router name ${r.name} is also defined by ${seenName}`, false, [report.place(seenName, [], 'the other definition')]);
    else names.set(r.name, r.file);
    const seenId = ids.get(r.id);
    if (seenId) report.error('DuplicateRouterId', r.file, ['id'], `id ${r.id} is already used by router ${seenId.name}`, false, [report.place(seenId.file, ['id'], `router ${seenId.name} has it`)]);
    else ids.set(r.id, r);
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
  const seen = new Map<string, { name: string; file: string }>();
  for (const r of topology.routers) {
    if (!isWireguardKey(r.publicKey)) {
      report.error('BadPublicKey', r.file, ['publicKey'], 'is not a WireGuard public key (44 base64 characters, as printed by `dlan keygen`)');
      continue;
    }
    const other = seen.get(r.publicKey);
    if (other) report.error('DuplicatePublicKey', r.file, ['publicKey'], `is the same key as router ${other.name}'s`, false, [report.place(other.file, ['publicKey'], `router ${other.name}'s key`)]);
    else seen.set(r.publicKey, r);
  }
};

export const checkReferences: Check = ({ topology, report }) => {
  const known = new Set(topology.routers.map((r) => r.name));
  const sites = topology.network.sites;
  for (const r of topology.routers) {
    if (r.site !== undefined && !Object.hasOwn(sites, r.site)) {
      const names = Object.keys(sites);
      const listed = names.length > 10 ? `${names.slice(0, 10).join(', ')}, …` : names.join(', ') || 'none';
      report.error('UnknownSite', r.file, ['site'], `site ${r.site} is not defined in network.yaml${didYouMean(r.site, names) || ` (sites: ${listed})`}`);
    }
    for (const field of ['peers', 'noPeers'] as const) {
      (r[field] ?? []).forEach((p, i) => {
        if (p === r.name) report.error('SelfPeer', r.file, [field, i], `router ${r.name} cannot peer with itself`);
        else if (!known.has(p)) report.error('UnknownPeer', r.file, [field, i], `names unknown router ${p}${didYouMean(p, known)}`);
      });
    }
    if (r.siteEndpoint && r.site === undefined) {
      report.error('SiteEndpointWithoutSite', r.file, ['siteEndpoint'], 'needs `site` (only routers of the same site use it)');
    }
  }
};
