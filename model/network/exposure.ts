/** What the network shows the internet and its own clients: forwards on public routers, DNS names. */
import { AddressPlan } from '../address-plan.js';
import { type DnsRecord, ownRecords } from '../dns.js';
import { forwardsByRouter } from '../forwards.js';
import { parsePrefix } from '../ip.js';
import { endpointsOf, splitEndpoint, type Topology } from '../model.js';
import { byName } from './graph.js';

export interface ExposedForward {
  readonly router: string;
  /** The router's public addresses (its endpoints' hosts, IPv4 and/or IPv6); none behind NAT. */
  readonly publicAddresses: readonly string[];
  readonly protocol: 'tcp' | 'udp';
  readonly port: number;
  readonly service: string;
  readonly to: number;
  readonly proxyProtocol: boolean;
  /** Backend names, sorted. */
  readonly backends: readonly string[];
}

/** Sorted by router, protocol, port. */
export function exposedForwards(t: Topology): ExposedForward[] {
  const byRouter = forwardsByRouter(t);
  const out: ExposedForward[] = [];
  for (const r of [...t.routers].sort((a, b) => byName(a.name, b.name))) {
    const hosts = endpointsOf(r).map((ep) => splitEndpoint(ep).host);
    for (const f of byRouter.get(r.name) ?? []) {
      out.push({
        router: r.name, publicAddresses: hosts, protocol: f.protocol, port: f.port,
        service: f.service, to: f.to, proxyProtocol: f.proxyProtocol, backends: f.backends.map((b) => b.name),
      });
    }
  }
  return out;
}

export interface DnsName extends DnsRecord {
  /** The router answering for it. */
  readonly router: string;
}

/** Every name some router answers for from its own data, sorted by name. */
export function dnsNames(t: Topology): DnsName[] {
  const plan = new AddressPlan(parsePrefix(t.network.overlay.ipv4)!, parsePrefix(t.network.overlay.ipv6)!);
  const out: DnsName[] = [];
  for (const r of t.routers) {
    const hosts = [...(r.lan?.hosts ?? [])].sort((a, b) => byName(a.name, b.name));
    const records = ownRecords({ domain: `${r.name}.${t.network.domain}`, loopback4: plan.loopback4(r.id), loopback6: plan.loopback6(r.id), hosts });
    for (const rec of records) out.push({ ...rec, router: r.name });
  }
  return out.sort((a, b) => byName(a.name, b.name));
}
