/**
 * The ports the router file names: the WAN (must exist; its address is the upstream's business)
 * and the LAN (must exist; dlan sets it up, as it owns its addresses, DHCP and RA).
 */
import type { Rendered } from './rendered.js';
import type { RouterSlice } from '../model/slice.js';
import type { PortSpec } from './state.js';

export function portSpecs(s: RouterSlice): PortSpec[] {
  const { file, wan, lan } = s.router;
  return [
    { ifname: wan.interface, role: 'wan', file, field: 'wan.interface', up: false },
    ...(lan ? [{ ifname: lan.interface, role: 'lan' as const, file, field: 'lan.interface', up: true }] : []),
  ];
}

export function renderPorts(s: RouterSlice): Rendered {
  return { ports: portSpecs(s) };
}
