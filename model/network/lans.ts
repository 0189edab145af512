/** The LANs of a topology: one per router and address family it has a prefix for. */
import type { Family } from '../ip.js';
import type { Topology } from '../model.js';
import { byName } from './graph.js';

export interface Lan {
  readonly router: string;
  readonly family: Family;
  /** As written in the router's file, e.g. 10.1.0.0/24. */
  readonly prefix: string;
}

/** Sorted by router name, IPv4 before IPv6. */
export function lansOf(t: Topology): Lan[] {
  const out: Lan[] = [];
  for (const r of [...t.routers].sort((a, b) => byName(a.name, b.name))) {
    if (r.lan?.ipv4) out.push({ router: r.name, family: 4, prefix: r.lan.ipv4 });
    if (r.lan?.ipv6) out.push({ router: r.name, family: 6, prefix: r.lan.ipv6 });
  }
  return out;
}

export const familyName = (f: Family): string => (f === 4 ? 'IPv4' : 'IPv6');
