/**
 * The network-level part of a diff, from the two network models alone: peerings, LANs,
 * reachability and paths, single points of failure, forwards exposed on public routers, DNS
 * names. Pure.
 */
import { type DnsName, dnsNames, type ExposedForward, exposedForwards, type Lan, type NetworkModel, type PeeringSpof, type RouterSpof } from '../model/network/index.js';
import { type Changes, keyedChanges } from './keyed.js';
import { diffReachability, type ReachabilityDiff } from './reachability.js';

export interface PeeringInfo {
  readonly a: string;
  readonly b: string;
  readonly kind: 'derived' | 'explicit';
  readonly via: 'public' | 'site' | 'none';
  /** Nobody can dial: configured, but it stays down. */
  readonly down: boolean;
}

export interface NetworkDiff {
  readonly peerings: Changes<PeeringInfo>;
  readonly lans: Changes<Lan>;
  readonly reachability: ReachabilityDiff;
  readonly spofs: { readonly routers: Changes<RouterSpof>; readonly peerings: Changes<PeeringSpof> };
  readonly forwards: Changes<ExposedForward>;
  readonly dns: Changes<DnsName>;
}

export function peeringsOf(m: NetworkModel): PeeringInfo[] {
  const up = m.graph.edges.map((e) => ({ a: e.a, b: e.b, kind: e.kind, via: e.via, down: false }));
  const down = m.graph.down.map((p) => {
    const [a, b] = p.a < p.b ? [p.a, p.b] : [p.b, p.a];
    return { a, b, kind: p.kind, via: p.via, down: true };
  });
  return [...up, ...down].sort((x, y) => (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : 0));
}

export function diffNetwork(base: NetworkModel, head: NetworkModel, limit = 100): NetworkDiff {
  return {
    peerings: keyedChanges(peeringsOf(base), peeringsOf(head), (p) => `${p.a} ${p.b}`, (x, y) => x.kind === y.kind && x.via === y.via && x.down === y.down),
    lans: keyedChanges(base.lans, head.lans, (l) => `${l.router} ${l.family}`),
    reachability: diffReachability(base, head, limit),
    spofs: {
      routers: keyedChanges(base.spofs().routers, head.spofs().routers, (s) => s.router),
      peerings: keyedChanges(base.spofs().peerings, head.spofs().peerings, (s) => `${s.a} ${s.b}`),
    },
    forwards: keyedChanges(exposedForwards(base.topology), exposedForwards(head.topology), (f) => `${f.router} ${f.protocol} ${f.port}`),
    dns: keyedChanges(dnsNames(base.topology), dnsNames(head.topology), (d) => d.name, (x, y) => x.router === y.router && x.addresses.join() === y.addresses.join()),
  };
}
