/**
 * An empty or partial render must never tear a router down. Before planning, the desired state
 * must hold what every working dlan router has: a WireGuard interface, the FRR, nftables and
 * sysctl configuration. Anything less is a bug or a broken input and is refused (Stalled).
 */
import type { DesiredState, ServiceName } from '../../renderers/state.js';
import { Stalled } from '../../model/errors.js';

const required: readonly ServiceName[] = ['wireguard', 'frr', 'nftables', 'sysctl'];

export class PartialRenderError extends Stalled {
  constructor(router: string, missing: readonly string[]) {
    super('PartialRender', `refusing to apply an incomplete configuration for ${router}: no ${missing.join(', ')} (the router keeps its current configuration)`,
      { router, missing });
  }
}

export function assertComplete(d: DesiredState): void {
  const missing: string[] = [];
  if (d.files.length === 0) missing.push('files');
  for (const s of required) if (!d.files.some((f) => f.service === s)) missing.push(`${s} configuration`);
  if (!d.wireguard?.ifname) missing.push('WireGuard interface');
  if (missing.length > 0) throw new PartialRenderError(d.router, missing);
}
