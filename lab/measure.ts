/**
 * What a running lab does, measured from inside it, for the model-vs-lab proof (lab/prove.ts):
 * - every router's OSPF routes (`ip -j route show proto ospf`, both families), each with the
 *   set of next hops the kernel installed (ECMP routes list them all), named by peer;
 * - pings from one server per LAN to every other such server (IPv4, IPv6) and to every other
 *   router's loopback (the LAN-to-router matrix);
 * - the IPv4 path of a ping between every two such servers, out and back, by record route.
 * Commands run a few at a time: a lab has tens of nodes and the machine two cores.
 */
import { AddressPlan } from '../model/address-plan.js';
import type { Family } from '../model/ip.js';
import { formatPrefix, networkOf, parsePrefix } from '../model/ip.js';
import type { Topology } from '../model/model.js';
import type { ServerAddresses } from './dhcp.js';
import { execInNode, type Lab } from './node.js';
import { addressBook, pathOf, pingOnce } from './probe.js';

export interface FibEntry {
  readonly router: string;
  readonly family: Family;
  /** Canonical, with length: 10.2.0.0/24, 10.255.0.4/32, fd64:6c61:6e::4/128. */
  readonly prefix: string;
  /** Peer routers (or interface names that are no dlan link), sorted. */
  readonly nexthops: readonly string[];
}

export interface PingResult {
  readonly family: Family;
  /** The source server and its router. */
  readonly from: string;
  readonly fromRouter: string;
  /** A server (kind lan) or a router (kind router, its loopback). */
  readonly to: string;
  readonly toRouter: string;
  readonly kind: 'lan' | 'router';
  readonly ok: boolean;
}

export interface RecordedPath {
  readonly from: string;
  readonly fromRouter: string;
  readonly to: string;
  readonly toRouter: string;
  /** Routers the ping crossed, source router first; undefined where record route ran out of room. */
  readonly out?: readonly string[];
  readonly back?: readonly string[];
}

export interface Measurement {
  readonly fib: readonly FibEntry[];
  readonly pings: readonly PingResult[];
  readonly paths: readonly RecordedPath[];
}

/** 10.255.0.4 → 10.255.0.4/32; prefixes to their network address. Pure. */
export function canonicalPrefix(dst: string, family: Family): string {
  const p = parsePrefix(dst.includes('/') ? dst : `${dst}/${family === 4 ? 32 : 128}`, family);
  return p ? formatPrefix(networkOf(p)) : dst;
}

interface IpRoute { dst: string; dev?: string; nexthops?: { dev: string }[] }

/** `ip -j route show proto ospf` of one router to FIB entries, VXLAN links `dl<id>` named by peer. Pure. */
export function parseOspfRoutes(router: string, family: Family, json: string, peerOfId: (id: number) => string | undefined): FibEntry[] {
  const routes = JSON.parse(json || '[]') as IpRoute[];
  const name = (dev: string) => { const m = /^dl(\d+)$/.exec(dev); return (m && peerOfId(Number(m[1]))) ?? dev; };
  return routes.map((r) => ({
    router, family, prefix: canonicalPrefix(r.dst, family),
    nexthops: [...new Set((r.nexthops ?? (r.dev ? [{ dev: r.dev }] : [])).map((n) => name(n.dev)))].sort(),
  }));
}

/** Runs `tasks` with at most `n` at a time. */
async function limited<T>(n: number, tasks: readonly (() => Promise<T>)[]): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, tasks.length) }, async () => {
    while (next < tasks.length) { const i = next++; out[i] = await tasks[i]!(); }
  }));
  return out;
}

/** The routers and servers a record-route path crossed, split at the destination server. Pure. */
export function legs(names: readonly string[], from: string, to: string, routers: ReadonlySet<string>): { out?: string[]; back?: string[] } {
  const at = names.indexOf(to);
  const end = names.lastIndexOf(from);
  const only = (xs: readonly string[]) => xs.filter((x) => routers.has(x));
  return {
    ...(at > 0 && { out: only(names.slice(0, at)) }),
    ...(at > 0 && end > at && { back: only(names.slice(at + 1, end)) }),
  };
}

export async function measureLab(lab: Lab, topology: Topology, servers: readonly ServerAddresses[], concurrency = 8): Promise<Measurement> {
  const byId = new Map(topology.routers.map((r) => [r.id, r.name]));
  const routers = new Set(topology.routers.map((r) => r.name));
  const fibTasks = lab.plan.routers.flatMap((r) => ([4, 6] as const).map((f) => async () => {
    const out = await execInNode(lab, r.node, ['ip', '-j', `-${f}`, 'route', 'show', 'proto', 'ospf']);
    return parseOspfRoutes(r.node, f, out.stdout, (id) => byId.get(id));
  }));
  const fib = (await limited(concurrency, fibTasks)).flat();

  // One server per router that has a LAN, with its addresses.
  const addresses = new Map(servers.map((s) => [s.node, s]));
  const probes = [...new Map(lab.plan.servers.filter((s) => addresses.has(s.node)).map((s) => [s.router, s] as const)).values()];
  const plan = new AddressPlan(parsePrefix(topology.network.overlay.ipv4)!, parsePrefix(topology.network.overlay.ipv6)!);
  const pingTasks: (() => Promise<PingResult>)[] = [];
  for (const a of probes) {
    for (const b of probes) {
      if (a.router === b.router) continue;
      const to = addresses.get(b.node)!;
      for (const [family, target] of [[4, to.ipv4[0]], [6, to.dhcp6 ?? to.ipv6[0]]] as const) {
        if (target) pingTasks.push(async () => ({ family, from: a.node, fromRouter: a.router, to: b.node, toRouter: b.router, kind: 'lan', ok: await pingOnce(lab, a.node, target) }));
      }
    }
    for (const r of topology.routers) {
      if (r.name === a.router) continue;
      for (const [family, target] of [[4, plan.loopback4(r.id)], [6, plan.loopback6(r.id)]] as const) {
        pingTasks.push(async () => ({ family, from: a.node, fromRouter: a.router, to: r.name, toRouter: r.name, kind: 'router', ok: await pingOnce(lab, a.node, target) }));
      }
    }
  }
  const pings = await limited(concurrency, pingTasks);

  const book = await addressBook(lab);
  const pathTasks = probes.flatMap((a) => probes.filter((b) => b.router !== a.router && addresses.get(b.node)!.ipv4[0]).map((b) => async (): Promise<RecordedPath> => {
    const names = await pathOf(lab, a.node, addresses.get(b.node)!.ipv4[0]!, book);
    return { from: a.node, fromRouter: a.router, to: b.node, toRouter: b.router, ...legs(names, a.node, b.node, routers) };
  }));
  const paths = await limited(concurrency, pathTasks);
  return { fib, pings, paths };
}
