/**
 * The loaded topology: the files' contents with defaults filled in and names attached.
 * Types of the raw files are generated from the JSON Schemas (schema/types.ts).
 */
import { parseIPv4, parseIPv6 } from './ip.js';
import type { Network, Router, Service } from '../schema/types.js';

export interface NetworkSettings {
  readonly name: string;
  readonly domain: string;
  readonly overlay: { readonly ipv4: string; readonly ipv6: string };
  readonly wireguard: { readonly port: number; readonly keepalive: number };
  readonly mtu: number;
  /** The agents' status API (reconciler/agent/api). */
  readonly agentApi: { readonly port: number };
  readonly ospf: { readonly hello: number; readonly dead: number; readonly retransmit: number; readonly cost: number };
  readonly bfd: { readonly enabled: boolean; readonly interval: number; readonly multiplier: number };
  readonly dns: { readonly upstream: readonly string[] };
  readonly sites: Readonly<Record<string, { readonly description?: string; readonly gateway?: string; readonly nat: boolean }>>;
}

export interface RouterDef extends Router {
  /** From the file name: routers/r1.yaml → r1. */
  readonly name: string;
  readonly file: string;
}

export interface ServiceDef extends Service {
  readonly name: string;
  readonly file: string;
}

export interface Topology {
  readonly network: NetworkSettings;
  /** Sorted by name. */
  readonly routers: readonly RouterDef[];
  /** Sorted by name. */
  readonly services: readonly ServiceDef[];
}

export function networkSettings(n: Network): NetworkSettings {
  const sites: Record<string, { description?: string; gateway?: string; nat: boolean }> = {};
  for (const [k, s] of Object.entries(n.sites ?? {})) sites[k] = { ...s, nat: s.nat ?? true };
  return {
    name: n.name,
    domain: n.domain,
    overlay: { ipv4: n.overlay.ipv4, ipv6: n.overlay.ipv6 },
    wireguard: { port: n.wireguard?.port ?? 51820, keepalive: n.wireguard?.keepalive ?? 25 },
    mtu: n.mtu ?? 1500,
    agentApi: { port: n.agentApi?.port ?? 9477 },
    ospf: { hello: n.ospf?.hello ?? 1, dead: n.ospf?.dead ?? 3, retransmit: n.ospf?.retransmit ?? 1, cost: n.ospf?.cost ?? 10 },
    bfd: { enabled: n.bfd?.enabled ?? true, interval: n.bfd?.interval ?? 100, multiplier: n.bfd?.multiplier ?? 3 },
    dns: { upstream: n.dns?.upstream ?? [] },
    sites,
  };
}

/** host:port (host may be [v6]) split in two. */
export function splitEndpoint(ep: string): { host: string; port: number } {
  const i = ep.lastIndexOf(':');
  const host = ep.slice(0, i).replace(/^\[(.*)\]$/, '$1');
  return { host, port: Number(ep.slice(i + 1)) };
}

export type AddressFamily = 'ipv4' | 'ipv6';

/** A router's public endpoints, preferred first (`endpoint` is one host:port or a list of them). */
export function endpointsOf(r: { readonly endpoint?: string | readonly string[] }): readonly string[] {
  if (r.endpoint === undefined) return [];
  return typeof r.endpoint === 'string' ? [r.endpoint] : r.endpoint;
}

/** The family of an endpoint written as an address; undefined for a host name (DNS decides). */
export function endpointFamily(ep: string): AddressFamily | undefined {
  const { host } = splitEndpoint(ep);
  if (parseIPv4(host) !== undefined) return 'ipv4';
  if (parseIPv6(host) !== undefined) return 'ipv6';
  return undefined;
}

/**
 * The families a router dials peers with: `wan.families` when written (strict: an endpoint of
 * another family is never dialled); else those of its own endpoint addresses, or IPv4 when it
 * has none (every uplink has IPv4, behind NAT at least), as a preference only.
 */
export function wanFamilies(r: RouterDef): { readonly families: readonly AddressFamily[]; readonly strict: boolean } {
  if (r.wan.families) return { families: r.wan.families, strict: true };
  const own = endpointsOf(r).map(endpointFamily).filter((f): f is AddressFamily => f !== undefined);
  return { families: own.length ? [...new Set(own)] : ['ipv4'], strict: false };
}
