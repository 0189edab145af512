/**
 * A home router's NAT and firewall, as an ISP box does it: IPv4 masqueraded out of the WAN;
 * IPv6 routed (the ISP routes the box's prefix to it, no NAT66) behind the usual stateful
 * firewall. Both families let in only replies (no port forwards), so routers behind it reach
 * the internet and nothing on the internet reaches them first — except, for IPv6, the
 * WireGuard port of a router behind it that has an IPv6 endpoint (the owner opened that port,
 * as home routers allow per device). Pure: renders the nftables ruleset, loaded with `nft -f -`.
 */
import type { NatBox } from './plan.js';

export const natTable = 'dlan_lab_nat';

export function renderHomeNat(box: NatBox): string {
  return [
    `table inet ${natTable} {`,
    '  chain postrouting {',
    '    type nat hook postrouting priority srcnat; policy accept;',
    `    meta nfproto ipv4 oifname "${box.wan}" masquerade`,
    '  }',
    '  chain forward {',
    '    type filter hook forward priority filter; policy accept;',
    '    ct state established,related accept',
    ...box.openings.map((o) => `    iifname "${box.wan}" ip6 daddr ${o.address} udp dport ${o.port} accept`),
    `    iifname "${box.wan}" drop`,
    '  }',
    '}',
    '',
  ].join('\n');
}
