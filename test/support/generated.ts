/**
 * Random topologies shaped like real ones, from a seed: public hubs, NAT sites behind home
 * routers with site-local endpoints, LANs of one or both families, and (unless `lab` is set)
 * the awkward parts: routers without a LAN, `noPeers` that cut peerings, explicit peerings
 * nobody can dial. With `lab`, the result is also a network `dlan lab up` can build today
 * (every router dual-stack with a server, names of at most 8 characters, at most three routers
 * a site) and comes with its lab.yaml. Tests print the seed, so a failure is reproduced with `generated(seed)`.
 */
import { stringify } from 'yaml';
import type { Router } from '../../schema/types.js';
import type { SourceFile } from '../../model/yaml-source.js';
import { random } from './random.js';
import { topo } from './topo.js';

export interface GenerateOptions {
  readonly routers?: readonly [number, number];
  /** Only what the lab runs today, plus lab.yaml. */
  readonly lab?: boolean;
}

export interface Generated {
  readonly seed: number;
  readonly files: SourceFile[];
  /** One line for test output: what was generated. */
  readonly summary: string;
}

export function generated(seed: number, o: GenerateOptions = {}): Generated {
  const rnd = random(seed);
  const [lo, hi] = o.routers ?? (o.lab ? [6, 12] : [2, 14]);
  const n = rnd.int(lo, hi);
  const hubCount = Math.min(n, rnd.int(1, 3));
  // The lab's sites hold at most three routers (each pair of them is a link with OSPF and BFD:
  // a site of seven is 21 links more, which two shared cores cannot keep up, see lab/prove-lab.ts).
  const siteCount = o.lab ? Math.max(rnd.int(1, 4), Math.ceil((n - hubCount) / 3)) : rnd.int(1, 4);
  const perSite = new Map<number, number>();
  const b = topo({ name: `gen${seed}`, ospf: { cost: rnd.pick([1, 10, 100]) }, sites: Object.fromEntries([
    ...Array.from({ length: siteCount }, (_, k) => [`site${k + 1}`, { nat: true, gateway: `h${k + 1}` }]),
    ...Array.from({ length: hubCount }, (_, k) => [`cloud${k + 1}`, { nat: false }]),
  ]) });
  const routers: Record<string, Router> = {};
  const labRouters: Record<string, { wan: string }> = {};
  const servers: Record<string, { router: string }> = {};
  const sitesUsed = new Set<number>();
  const hubIds = new Set<number>();
  while (hubIds.size < hubCount) hubIds.add(rnd.int(1, n));
  let hubNo = 0;
  for (let id = 1; id <= n; id++) {
    const name = `r${id}`;
    const hub = hubIds.has(id);
    const r: Partial<Router> & { id: number } = { id };
    if (hub) {
      const address = `203.0.113.${10 + id}`;
      Object.assign(r, { site: `cloud${++hubNo}`, endpoint: `${address}:51820` });
      labRouters[name] = { wan: `${address}/24` };
    } else {
      let site = rnd.int(1, siteCount);
      while (o.lab && (perSite.get(site) ?? 0) >= 3) site = (site % siteCount) + 1;
      perSite.set(site, (perSite.get(site) ?? 0) + 1);
      sitesUsed.add(site);
      const address = `192.168.${site}.${10 + id}`;
      r.site = `site${site}`;
      if (o.lab || rnd.chance(0.8)) r.siteEndpoint = `${address}:51820`;
      labRouters[name] = { wan: `${address}/24` };
    }
    const family = o.lab ? 'both' : rnd.pick(['both', 'both', 'v4', 'v6', 'none'] as const);
    if (family !== 'none') {
      r.lan = {
        interface: 'eth1',
        ...(family !== 'v6' && { ipv4: `10.${id}.0.0/24` }),
        ...(family !== 'v4' && { ipv6: `fd00:${id.toString(16)}::/64` }),
      };
      servers[`s${id}`] = { router: name };
    }
    routers[name] = r as Router;
  }
  const names = Object.keys(routers);
  if (!o.lab && n > 2) {
    // A few peerings refused, and now and then an explicit peering nobody can dial (it stays down).
    for (let k = rnd.int(0, 2); k > 0; k--) {
      const x = rnd.pick(names);
      const y = rnd.pick(names);
      if (x !== y) routers[x]!.noPeers = [...new Set([...(routers[x]!.noPeers ?? []), y])];
    }
    if (rnd.chance(0.3)) {
      const nat = names.filter((x) => routers[x]!.endpoint === undefined);
      const [x, y] = [rnd.pick(nat), rnd.pick(nat)];
      if (x && y && x !== y && routers[x]!.site !== routers[y]!.site) routers[x]!.peers = [y];
    }
  }
  for (const [name, r] of Object.entries(routers)) b.router(name, r as Partial<Router> & { id: number });
  const files = b.files();
  if (o.lab) {
    const lab = {
      internet: { addresses: ['192.0.2.254/24', '198.51.100.254/24', '203.0.113.254/24'] },
      homeRouters: Object.fromEntries([...sitesUsed].sort().map((k) => [`h${k}`, { site: `site${k}`, wan: `192.0.2.${k}/24`, lan: `192.168.${k}.1/24` }])),
      routers: labRouters,
      servers,
      hosts: { git: { address: '203.0.113.80/24' } },
      git: { host: 'git', port: 8080 },
    };
    files.push({ path: 'lab.yaml', text: stringify(lab) });
  }
  const summary = `seed ${seed}: ${n} routers (${hubCount} hubs, ${sitesUsed.size} NAT sites), ${Object.keys(servers).length} LANs`;
  return { seed, files, summary };
}
