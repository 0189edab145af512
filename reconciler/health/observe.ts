/**
 * observeHealth: gather what summarizeHealth needs (shell): the WireGuard dump, FRR's neighbours
 * and BFD sessions, and the status of each expected daemon. The applied commit comes from dlan's
 * own state, passed in by the caller.
 */
import type { Host } from '../host.js';
import { observeWireguard, readFrr } from '../live/observe.js';
import type { ServiceManager } from '../services/types.js';
import type { HealthExpectations, HealthObservations } from './types.js';

export interface ObserveHealthOptions {
  readonly wireguardIfname: string;
  readonly frrPathspace?: string;
  readonly appliedCommit?: string;
}

export async function observeHealth(host: Host, services: ServiceManager, expect: HealthExpectations, o: ObserveHealthOptions): Promise<HealthObservations> {
  const daemons = [...new Set([...expect.daemons, 'frr' as const])].sort();
  const [wireguard, statuses] = await Promise.all([observeWireguard(host, o.wireguardIfname), Promise.all(daemons.map((d) => services.status(d)))]);
  const frr = await readFrr(host, statuses.find((s) => s.name === 'frr')!, o.frrPathspace);
  return {
    ...(wireguard ? { wireguard } : {}), ...(frr ? { frr } : {}),
    services: statuses.filter((s) => expect.daemons.includes(s.name)),
    ...(o.appliedCommit ? { appliedCommit: o.appliedCommit } : {}),
  };
}
