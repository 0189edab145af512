/**
 * A home router's NAT, as an ISP box does it: masquerade what leaves through the WAN, let in
 * only replies (no port forwards), so routers behind it reach the internet and nothing on the
 * internet reaches them first. Pure: renders the nftables ruleset, loaded with `nft -f -`.
 */
import type { NatBox } from './plan.js';

export const natTable = 'dlan_lab_nat';

export function renderHomeNat(box: NatBox): string {
  return [
    `table ip ${natTable} {`,
    '  chain postrouting {',
    '    type nat hook postrouting priority srcnat; policy accept;',
    `    oifname "${box.wan}" masquerade`,
    '  }',
    '  chain forward {',
    '    type filter hook forward priority filter; policy accept;',
    '    ct state established,related accept',
    `    iifname "${box.wan}" drop`,
    '  }',
    '}',
    '',
  ].join('\n');
}
