/** The lab's interface addresses (`192.0.2.1/24`, `2001:db8:1::1/64`): family, address, containment. Pure. */
import { contains, networkOf, parseAddress, parsePrefix, formatPrefix } from '../model/ip.js';
import type { AddressFamily } from '../model/model.js';

/** The address without its prefix length. */
export const ipOf = (cidr: string): string => cidr.split('/')[0]!;

export function familyOf(cidr: string): AddressFamily | undefined {
  const a = parseAddress(ipOf(cidr));
  return a === undefined ? undefined : a.family === 4 ? 'ipv4' : 'ipv6';
}

/** Whether `address` (with or without a length) is inside the prefix of `cidr`. */
export function inside(cidr: string, address: string): boolean {
  const p = parsePrefix(cidr);
  const a = parseAddress(ipOf(address));
  return p !== undefined && a !== undefined && p.family === a.family && contains(p, a);
}

/** The same address, however it is written (IPv6 has many spellings). */
export function sameAddress(x: string, y: string): boolean {
  const a = parseAddress(ipOf(x));
  const b = parseAddress(ipOf(y));
  return a !== undefined && b !== undefined && a.family === b.family && a.value === b.value;
}

/** The network of an interface address: 2001:db8:1::1/64 → 2001:db8:1::/64. */
export function networkPrefix(cidr: string): string {
  return formatPrefix(networkOf(parsePrefix(cidr)!));
}

/** The address of a family in a list, if any. */
export const ofFamily = (cidrs: readonly string[], f: AddressFamily): string | undefined => cidrs.find((c) => familyOf(c) === f);

/** Every address of `addresses` lies in the prefix of the same family in `prefixes` (and there is one). */
export const allInside = (prefixes: readonly string[], addresses: readonly string[]): boolean =>
  addresses.length > 0 && addresses.every((a) => prefixes.some((p) => inside(p, a)));
