/**
 * The loaded topology: the files' contents with defaults filled in and names attached.
 * Types of the raw files are generated from the JSON Schemas (schema/types.ts).
 */
import type { Network, Router, Service } from '../../schema/types.js';

export interface NetworkSettings {
  readonly name: string;
  readonly domain: string;
  readonly overlay: { readonly ipv4: string; readonly ipv6: string };
  readonly wireguard: { readonly port: number; readonly keepalive: number };
  readonly mtu: number;
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
