/**
 * Addresses on interfaces dlan does not create: the router's loopback addresses (/32, /128;
 * OSPF router-id, DNS server for the other routers) on `lo`, and the first address of each LAN
 * prefix on the LAN interface (the LAN's gateway, DHCP server and resolver).
 */
import { byKey, type Rendered } from './rendered.js';
import type { RouterSlice } from '../model/slice.js';
import type { InterfaceAddresses } from './state.js';

export function interfaceAddresses(s: RouterSlice): InterfaceAddresses[] {
  const out: InterfaceAddresses[] = [{ ifname: 'lo', addresses: [`${s.addresses.loopback4}/32`, `${s.addresses.loopback6}/128`] }];
  const lan = s.router.lan;
  if (lan && (lan.ipv4 || lan.ipv6)) {
    const a = [lan.ipv4, lan.ipv6].filter((x) => x !== undefined).map((x) => `${x.address}/${x.length}`);
    out.push({ ifname: lan.interface, addresses: a });
  }
  return out.sort(byKey((x) => x.ifname));
}

export function renderAddresses(s: RouterSlice): Rendered {
  return { addresses: interfaceAddresses(s) };
}
