/**
 * The two pictures of a network as plain values, before any geometry:
 * - physical: the internet, sites with their upstream (home) router, dlan routers, LANs, static hosts;
 * - logical: the overlay, one node per router and one edge per peering (derivePeerings).
 * Pure: a Topology (and optionally live link states) in, a JSON-friendly value out.
 */
import { addressPlanOf } from '../model/address-plan.js';
import { endpointsOf, type RouterDef, type Topology } from '../model/model.js';
import { derivePeerings, type PeeringKind } from '../model/peerings.js';

/** A logical link's state as the fleet reports it (graph/status.ts derives it). */
export type LinkState = 'full' | 'fresh' | 'down' | 'unknown';

export interface ServiceAt {
  readonly name: string;
  /** Public ports grouped by protocol, e.g. `80,443/tcp`. */
  readonly ports: string;
  readonly backends: readonly string[];
}

export interface LogicalNode {
  readonly name: string;
  readonly id: number;
  /** Has a public endpoint: every router can dial it. */
  readonly hub: boolean;
  readonly site?: string;
  /** The site's description, e.g. "A friend's house". */
  readonly place?: string;
  /** Its public endpoints, preferred first, comma-separated. */
  readonly endpoint?: string;
  readonly siteEndpoint?: string;
  readonly loopback4: string;
  /** Services exposed on this router, sorted by name. */
  readonly services: readonly ServiceAt[];
}

export interface LogicalEdge {
  /** Lower id first, as in derivePeerings. */
  readonly a: string;
  readonly b: string;
  readonly kind: PeeringKind;
  readonly via: 'public' | 'site' | 'none';
  /** OSPF cost of the tunnel link. */
  readonly cost: number;
  /** Only with --status: the live state of the link as the routers report it. */
  readonly state?: LinkState;
  /** Only with live data (the home page): the link's round-trip time in milliseconds. */
  readonly rttMs?: number;
}

export interface LogicalGraph {
  readonly view: 'logical';
  readonly network: string;
  /** Sorted by id. */
  readonly nodes: readonly LogicalNode[];
  /** Sorted by (a, b) ids. */
  readonly edges: readonly LogicalEdge[];
}

export interface PhysicalHost {
  readonly name: string;
  readonly ipv4?: string;
  readonly ipv6?: string;
}

export interface PhysicalRouter {
  readonly name: string;
  readonly id: number;
  readonly description?: string;
  readonly endpoint?: string;
  readonly siteEndpoint?: string;
  readonly wan: string;
  readonly lan?: {
    readonly interface: string;
    readonly ipv4?: string;
    readonly ipv6?: string;
    /** Static leases, sorted by name. */
    readonly hosts: readonly PhysicalHost[];
  };
}

export interface PhysicalSite {
  /** Absent for the routers that name no site. */
  readonly name?: string;
  readonly description?: string;
  /** Name of the site's upstream router (e.g. the ISP box H1). */
  readonly gateway?: string;
  readonly nat: boolean;
  /** Sorted by id. */
  readonly routers: readonly PhysicalRouter[];
}

export interface PhysicalGraph {
  readonly view: 'physical';
  readonly network: string;
  /** Sites that hold routers, in the order of their lowest router id. */
  readonly sites: readonly PhysicalSite[];
}

/** `80,443/tcp 27015/udp` from a service's forwards. */
export function formatPorts(forwards: readonly { port: number; protocol?: 'tcp' | 'udp' }[]): string {
  const by = new Map<string, number[]>();
  for (const f of forwards) by.set(f.protocol ?? 'tcp', [...(by.get(f.protocol ?? 'tcp') ?? []), f.port]);
  return [...by.keys()].sort().map((p) => `${by.get(p)!.sort((x, y) => x - y).join(',')}/${p}`).join(' ');
}

const byId = (routers: readonly RouterDef[]): RouterDef[] => [...routers].sort((a, b) => a.id - b.id || a.name.localeCompare(b.name));

/** `states` and `rtts` are keyed by peeringKey. */
export function logicalGraph(t: Topology, states?: ReadonlyMap<string, LinkState>, rtts?: ReadonlyMap<string, number>): LogicalGraph {
  const plan = addressPlanOf(t.network);
  const nodes = byId(t.routers).map((r): LogicalNode => {
    const place = r.site !== undefined ? t.network.sites[r.site]?.description : undefined;
    const services = t.services.filter((s) => s.exposeOn.includes(r.name))
      .map((s) => ({ name: s.name, ports: formatPorts(s.forwards), backends: [...s.backends].sort() }));
    return {
      name: r.name, id: r.id, hub: endpointsOf(r).length > 0,
      ...(r.site !== undefined && { site: r.site }),
      ...(place !== undefined && { place }),
      ...(r.endpoint && { endpoint: endpointsOf(r).join(', ') }),
      ...(r.siteEndpoint && { siteEndpoint: r.siteEndpoint }),
      loopback4: plan.loopback4(r.id),
      services,
    };
  });
  const edges = derivePeerings(t.routers).map((p): LogicalEdge => {
    const state = states?.get(peeringKey(p.a, p.b));
    const rtt = rtts?.get(peeringKey(p.a, p.b));
    return { a: p.a, b: p.b, kind: p.kind, via: p.via, cost: t.network.ospf.cost, ...(states && { state: state ?? 'unknown' }), ...(rtt !== undefined && { rttMs: rtt }) };
  });
  return { view: 'logical', network: t.network.name, nodes, edges };
}

/** Key of a peering regardless of direction. */
export const peeringKey = (x: string, y: string): string => (x < y ? `${x}|${y}` : `${y}|${x}`);

function physicalRouter(r: RouterDef): PhysicalRouter {
  const lan = r.lan;
  return {
    name: r.name, id: r.id,
    ...(r.description !== undefined && { description: r.description }),
    ...(r.endpoint && { endpoint: endpointsOf(r).join(', ') }),
    ...(r.siteEndpoint && { siteEndpoint: r.siteEndpoint }),
    wan: r.wan.interface,
    ...(lan && {
      lan: {
        interface: lan.interface,
        ...(lan.ipv4 && { ipv4: lan.ipv4 }),
        ...(lan.ipv6 && { ipv6: lan.ipv6 }),
        hosts: [...(lan.hosts ?? [])].sort((a, b) => a.name.localeCompare(b.name))
          .map((h) => ({ name: h.name, ...(h.ipv4 && { ipv4: h.ipv4 }), ...(h.ipv6 && { ipv6: h.ipv6 }) })),
      },
    }),
  };
}

export function physicalGraph(t: Topology): PhysicalGraph {
  const groups = new Map<string | undefined, RouterDef[]>();
  for (const r of byId(t.routers)) groups.set(r.site, [...(groups.get(r.site) ?? []), r]);
  const sites = [...groups.entries()].map(([name, routers]): PhysicalSite => {
    const s = name !== undefined ? t.network.sites[name] : undefined;
    return {
      ...(name !== undefined && { name }),
      ...(s?.description !== undefined && { description: s.description }),
      ...(s?.gateway !== undefined && { gateway: s.gateway }),
      // A router without a site is drawn straight on the internet.
      nat: s?.nat ?? false,
      routers: routers.map(physicalRouter),
    };
  });
  return { view: 'physical', network: t.network.name, sites };
}
