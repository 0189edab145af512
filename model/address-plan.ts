/**
 * The address plan: every overlay address, VNI and OSPF router-id is a function of router ids
 * alone, so adding or removing a router never changes a value derived for another one.
 *
 * IPv4 overlay (e.g. 10.255.0.0/16) is cut in quarters:
 *   Q0  loopbacks         base + id                  (/32 on lo; OSPF router-id; DNS server)
 *   Q1  WireGuard         base + Q + id              (/32 on the WireGuard interface; VXLAN runs over it)
 *   Q2+Q3 tunnel links    base + 2Q + 2*pair(a,b)    (/31 per peering on its VXLAN link; +0 lower id, +1 higher)
 * IPv6 overlay (e.g. fd64:6c61:6e::/48): /64 subnet 0 loopbacks (::id), subnet 1 WireGuard,
 * subnet 2 tunnel links (/127 per peering, same indexing).
 *
 * pair(a,b) for a < b is (b-1)(b-2)/2 + (a-1): 0,1,2,… without gaps, independent of which other
 * ids exist. A /16 gives 16384 link /31s, which holds every pair of ids up to 181.
 * VNI(a,b) = a * 4096 + b (ids ≤ 4095 → 24 bits), readable in hex as 0xAAABBB.
 */
import { formatAddress, nth, parsePrefix, type Prefix, size } from './ip.js';

export interface LinkAddresses {
  /** Address of router `a` (the lower id) and `b` on the peering's VXLAN link. */
  readonly a4: string;
  readonly b4: string;
  readonly a6: string;
  readonly b6: string;
}

export const pairIndex = (x: number, y: number): number => {
  const [a, b] = x < y ? [x, y] : [y, x];
  return ((b - 1) * (b - 2)) / 2 + (a - 1);
};

export const vni = (x: number, y: number): number => Math.min(x, y) * 4096 + Math.max(x, y);

/** Largest router id whose every pairing fits the IPv4 overlay prefix length. */
export function maxRouterId(overlay4Length: number): number {
  const quarter = Number(size({ family: 4, length: overlay4Length })) / 4;
  let b = 1;
  while (b < 4095 && pairIndex(b, b + 1) < quarter && b + 1 < quarter) b++;
  return b;
}

export class AddressPlan {
  private readonly quarter: bigint;
  /** Formatting bigints dominates slicing large networks; every value is a pure function of ids. */
  private readonly memo = new Map<string, string>();
  private readonly links = new Map<number, LinkAddresses>();

  constructor(readonly overlay4: Prefix, readonly overlay6: Prefix) {
    this.quarter = size(overlay4) / 4n;
  }

  private cached(key: string, make: () => string): string {
    let v = this.memo.get(key);
    if (v === undefined) this.memo.set(key, (v = make()));
    return v;
  }

  loopback4(id: number): string { return this.cached(`l4/${id}`, () => formatAddress(nth(this.overlay4, id))); }
  wireguard4(id: number): string { return this.cached(`w4/${id}`, () => formatAddress(nth(this.overlay4, this.quarter + BigInt(id)))); }
  loopback6(id: number): string { return this.cached(`l6/${id}`, () => formatAddress(nth(this.overlay6, BigInt(id)))); }
  wireguard6(id: number): string { return this.cached(`w6/${id}`, () => formatAddress(nth(this.overlay6, (1n << 64n) + BigInt(id)))); }
  routerId(id: number): string { return this.loopback4(id); }

  link(x: number, y: number): LinkAddresses {
    const key = pairIndex(x, y);
    let l = this.links.get(key);
    if (!l) this.links.set(key, (l = this.computeLink(key)));
    return l;
  }

  private computeLink(pair: number): LinkAddresses {
    const i = BigInt(pair) * 2n;
    const v4 = 2n * this.quarter + i;
    const v6 = (2n << 64n) + i;
    return {
      a4: formatAddress(nth(this.overlay4, v4)), b4: formatAddress(nth(this.overlay4, v4 + 1n)),
      a6: formatAddress(nth(this.overlay6, v6)), b6: formatAddress(nth(this.overlay6, v6 + 1n)),
    };
  }
}

/** The plan of a loaded topology (its overlay prefixes were validated when it loaded). */
export const addressPlanOf = (n: { readonly overlay: { readonly ipv4: string; readonly ipv6: string } }): AddressPlan =>
  new AddressPlan(parsePrefix(n.overlay.ipv4)!, parsePrefix(n.overlay.ipv6)!);
