/**
 * FRR 8.4's vtysh JSON → neighbours and BFD sessions. Pure.
 * - `show ip ospf neighbor json`: `{ neighbors: { <router-id>: [{ state: "Full/-", address, ifaceName: "vx-r2:10.255.128.0" }] } }`
 * - `show ipv6 ospf6 neighbor json`: `{ neighbors: [{ neighborId, state: "Full", interfaceName }] }`
 * - `show bfd peers json`: `[{ peer, local?, interface?, status: "up", multihop }]`
 * Empty output (a daemon with nothing configured prints nothing) is an empty list.
 */
import { normalizeAddress } from './parse-ip.js';
import type { BfdPeer, OspfNeighbor } from '../plan/live-state.js';

const json = (text: string): unknown => (text.trim() === '' ? undefined : JSON.parse(text));
const byRouter = (a: OspfNeighbor, b: OspfNeighbor): number =>
  a.routerId.localeCompare(b.routerId, 'en', { numeric: true }) || a.ifname.localeCompare(b.ifname);

export function parseOspfNeighbors(text: string): OspfNeighbor[] {
  const doc = json(text) as { neighbors?: Record<string, { state?: string; nbrState?: string; address?: string; ifaceName?: string }[]> } | undefined;
  const out: OspfNeighbor[] = [];
  for (const [routerId, list] of Object.entries(doc?.neighbors ?? {})) {
    for (const n of list) {
      out.push({
        routerId,
        state: (n.nbrState ?? n.state ?? '').split('/')[0]!,
        ifname: (n.ifaceName ?? '').split(':')[0]!,
        ...(n.address ? { address: n.address } : {}),
      });
    }
  }
  return out.sort(byRouter);
}

export function parseOspf6Neighbors(text: string): OspfNeighbor[] {
  const doc = json(text) as { neighbors?: { neighborId?: string; state?: string; interfaceName?: string }[] } | undefined;
  return (doc?.neighbors ?? [])
    .map((n) => ({ routerId: n.neighborId ?? '', state: n.state ?? '', ifname: n.interfaceName ?? '' }))
    .sort(byRouter);
}

export function parseBfdPeers(text: string): BfdPeer[] {
  const doc = json(text) as { peer?: string; local?: string; interface?: string; status?: string; multihop?: boolean }[] | undefined;
  return (doc ?? [])
    .map((p) => ({
      peer: normalizeAddress(p.peer ?? ''),
      ...(p.local ? { local: normalizeAddress(p.local) } : {}),
      ...(p.interface ? { ifname: p.interface } : {}),
      status: p.status ?? 'unknown',
      multihop: p.multihop ?? false,
    }))
    .sort((a, b) => (a.ifname ?? '').localeCompare(b.ifname ?? '') || a.peer.localeCompare(b.peer));
}
