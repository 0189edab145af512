/**
 * links.json: the non-file part of a DesiredState (WireGuard interface and peers, VXLAN links, ports,
 * addresses, services), as `dlan render` writes it next to the files. Pure.
 */
import type { DesiredState } from './state.js';

export function renderLinks(d: DesiredState): string {
  const { router, wireguard, vxlans, addresses, services, ports } = d;
  return `${JSON.stringify({ router, wireguard, vxlans, addresses, services, ports }, null, 2)}\n`;
}
