/**
 * Interface names as Linux accepts them (dev_valid_name in net/core/dev.c: not empty, shorter
 * than IFNAMSIZ = 16, no '/', ':' or whitespace, not "." or ".."; the schema's pattern already
 * allows only letters, digits, '_', '.' and '-', at most 15), not one dlan creates itself, and
 * a LAN on its own port.
 */
import { isReservedIfname, WG_IFNAME } from '../reserved.js';
import type { Check } from './context.js';

export const checkInterfaces: Check = ({ topology, report }) => {
  for (const r of topology.routers) {
    const sides = [['wan', r.wan.interface], ...(r.lan ? [['lan', r.lan.interface]] : [])] as const;
    for (const [side, name] of sides) {
      if (name === '.' || name === '..') {
        report.error('BadInterfaceName', r.file, [side, 'interface'], `${name} is not a name Linux accepts for an interface (it would be a path in /sys/class/net); e.g. ${side === 'wan' ? 'eth0' : 'eth1'}`);
      } else if (isReservedIfname(name)) {
        report.error('ReservedInterfaceName', r.file, [side, 'interface'], `${name} is an interface dlan creates itself (${WG_IFNAME}, dl<id> for the VXLAN links) or the loopback; name the router's ${side.toUpperCase()} port`);
      }
    }
    if (r.lan && r.lan.interface === r.wan.interface) {
      report.error('LanIsWan', r.file, ['lan', 'interface'],
        `${r.lan.interface} is also the WAN interface: the LAN needs a port (or bridge) of its own, or DHCP would answer on the WAN`,
        false, [report.place(r.file, ['wan', 'interface'], 'the WAN interface')]);
    }
  }
};
