/**
 * The overlay as a graph: one node per router, one edge per peering that can come up, with
 * the OSPF cost each family uses on it. This is the graph OSPFv2 (IPv4) and OSPFv3 (IPv6) see:
 * renderers/frr.ts runs both on every VXLAN link with `ip ospf cost` / `ipv6 ospf6 cost` set to
 * `linkCost`, and announces the LAN and loopback as passive (stub) networks, which add the same
 * cost to every path towards one prefix and so never change which path is shortest.
 *
 * A peering neither side can dial (`via: 'none'`, a PeerUnreachable warning at load) never
 * handshakes, so it is not an edge: the model describes the network that will run.
 *
 * Adjacency is stored compactly (CSR: `start[i]..start[i+1]` indexes `to` and `cost`), so an SPF
 * from every router of a thousand-router network stays in typed arrays.
 */
import type { Family } from '../ip.js';
import type { NetworkSettings, Topology } from '../model.js';
import { derivePeerings, type Peering } from '../peerings.js';

export const FAMILIES: readonly Family[] = [4, 6];

/** The OSPF cost of one peering's link, in both families (renderers/frr.ts writes it). */
export const linkCost = (network: NetworkSettings, _peering: Peering): number => network.ospf.cost;

export interface OverlayEdge {
  readonly a: string;
  readonly b: string;
  readonly kind: Peering['kind'];
  readonly via: Peering['via'];
  /** OSPF cost per family; absent when the family does not run on the link. */
  readonly cost: Readonly<Partial<Record<Family, number>>>;
}

/** One family's adjacency, in CSR form over router indexes. */
export interface Adjacency {
  readonly start: Int32Array;
  readonly to: Int32Array;
  readonly cost: Float64Array;
  /** The one cost every link has, when they all have the same (the usual case): SPF is then a BFS. */
  readonly uniformCost?: number;
}

export interface OverlayGraph {
  /** Router names sorted by name; a router's index is its position here. */
  readonly routers: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  /** Edges that can come up, sorted by (a, b) names, a < b. */
  readonly edges: readonly OverlayEdge[];
  /** Peerings that stay down (nobody can dial), sorted like edges. */
  readonly down: readonly Peering[];
  readonly adjacency: Readonly<Record<Family, Adjacency>>;
  /** Both families see the same links and costs: an SPF of one serves the other. */
  readonly familiesAgree: boolean;
}

function adjacency(n: number, index: ReadonlyMap<string, number>, edges: readonly OverlayEdge[], family: Family): Adjacency {
  const degree = new Int32Array(n + 1);
  const carried = edges.filter((e) => e.cost[family] !== undefined);
  for (const e of carried) { degree[index.get(e.a)! + 1]!++; degree[index.get(e.b)! + 1]!++; }
  const start = new Int32Array(n + 1);
  for (let i = 1; i <= n; i++) start[i] = start[i - 1]! + degree[i]!;
  const fill = start.slice(0, n);
  const to = new Int32Array(start[n]!);
  const cost = new Float64Array(start[n]!);
  for (const e of carried) {
    const a = index.get(e.a)!;
    const b = index.get(e.b)!;
    const c = e.cost[family]!;
    to[fill[a]!] = b; cost[fill[a]!++] = c;
    to[fill[b]!] = a; cost[fill[b]!++] = c;
  }
  const first = cost[0];
  return { start, to, cost, ...(first !== undefined && cost.every((c) => c === first) && { uniformCost: first }) };
}

export function overlayGraph(t: Topology, peerings: readonly Peering[] = derivePeerings(t.routers)): OverlayGraph {
  const routers = t.routers.map((r) => r.name).sort(byName);
  const index = new Map(routers.map((r, i) => [r, i]));
  const edges: OverlayEdge[] = [];
  const down: Peering[] = [];
  for (const p of peerings) {
    if (p.via === 'none') { down.push(p); continue; }
    const [a, b] = p.a < p.b ? [p.a, p.b] : [p.b, p.a];
    const c = linkCost(t.network, p);
    edges.push({ a, b, kind: p.kind, via: p.via, cost: { 4: c, 6: c } });
  }
  edges.sort((x, y) => byName(x.a, y.a) || byName(x.b, y.b));
  down.sort((x, y) => byName(x.a, y.a) || byName(x.b, y.b));
  const familiesAgree = edges.every((e) => e.cost[4] === e.cost[6]);
  return {
    routers, index, edges, down, familiesAgree,
    adjacency: { 4: adjacency(routers.length, index, edges, 4), 6: adjacency(routers.length, index, edges, 6) },
  };
}

/** Byte order, not the locale's: output must not depend on where it runs. */
export const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** `a–b` with the names in order: how a peering is named in output. */
export const edgeKey = (a: string, b: string): string => (a < b ? `${a}–${b}` : `${b}–${a}`);
