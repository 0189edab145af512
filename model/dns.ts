/**
 * The DNS names a router answers for, from its own data (dnsmasq's `host-record` lines):
 * `router.<r>.<domain>` on its loopbacks, and `<host>.<r>.<domain>` for every static lease with
 * an address. Names DHCP clients bring along are not known in advance and are not listed.
 */
export interface DnsRecord {
  readonly name: string;
  /** IPv4 first, then IPv6. */
  readonly addresses: readonly string[];
}

export interface OwnDnsInput {
  /** The router's domain, e.g. r1.lan. */
  readonly domain: string;
  readonly loopback4: string;
  readonly loopback6: string;
  readonly hosts: readonly { readonly name: string; readonly ipv4?: string; readonly ipv6?: string }[];
}

export function ownRecords(r: OwnDnsInput): DnsRecord[] {
  return [
    { name: `router.${r.domain}`, addresses: [r.loopback4, r.loopback6] },
    ...r.hosts.filter((h) => h.ipv4 !== undefined || h.ipv6 !== undefined)
      .map((h) => ({ name: `${h.name}.${r.domain}`, addresses: [h.ipv4, h.ipv6].filter((a): a is string => a !== undefined) })),
  ];
}
