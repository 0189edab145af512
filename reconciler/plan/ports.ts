/**
 * The ports the router file names must exist before anything is applied: an address, dnsmasq's
 * `interface=` or an nftables rule on a missing port would fail half-way through an apply, or
 * worse, apply to nothing. Pure: the reconcile calls it before planning.
 */
import type { DesiredState, PortSpec } from '../../renderers/state.js';
import { Stalled } from '../../model/errors.js';
import type { Observed } from './observed.js';

export function missingPorts(desired: DesiredState, live: Pick<Observed, 'links'>): PortSpec[] {
  return (desired.ports ?? []).filter((p) => !live.links.has(p.ifname));
}

/** Throws `InterfaceMissing` naming the router file and field of every missing port, and the links there are. */
export function assertPortsExist(desired: DesiredState, live: Pick<Observed, 'links'>): void {
  const missing = missingPorts(desired, live);
  if (missing.length === 0) return;
  const have = [...live.links.keys()].sort().join(', ');
  const what = missing.map((p) => `${p.file}: ${p.field}: ${p.ifname} does not exist on this router`).join('; ');
  throw new Stalled('InterfaceMissing',
    `${what} (it has: ${have}). Nothing was changed. Fix the router file, or create the interface (a bridge, a VLAN) before dlan applies.`,
    { missing: missing.map((p) => ({ file: p.file, field: p.field, ifname: p.ifname })), links: [...live.links.keys()].sort() });
}
