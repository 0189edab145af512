/**
 * observeHealth: gather what summarizeHealth needs (shell): the WireGuard dump, FRR's neighbours
 * and BFD sessions, and the status of each expected daemon. The applied commit comes from dlan's
 * own state, passed in by the caller.
 */
import type { Host } from '../host.js';
import { readFrr, readLinks, readWireguard } from '../live/observe.js';
import type { ServiceManager } from '../services/types.js';
import type { HealthExpectations, HealthObservations } from './types.js';

export interface ObserveHealthOptions {
  readonly wireguardIfname: string;
  readonly frrPathspace?: string;
  readonly appliedCommit?: string;
}

export async function observeHealth(host: Host, services: ServiceManager, expect: HealthExpectations, o: ObserveHealthOptions): Promise<HealthObservations> {
  const daemons = [...new Set([...expect.daemons, 'frr' as const])].sort();
  const [links, statuses] = await Promise.all([readLinks(host), Promise.all(daemons.map((d) => services.status(d)))]);
  const frrStatus = statuses.find((s) => s.name === 'frr')!;
  const [wireguard, frr] = await Promise.all([
    readWireguard(host, o.wireguardIfname, links),
    readFrr(host, frrStatus, o.frrPathspace),
  ]);
  return {
    ...(wireguard ? { wireguard } : {}), ...(frr ? { frr } : {}),
    services: statuses.filter((s) => expect.daemons.includes(s.name)),
    ...(o.appliedCommit ? { appliedCommit: o.appliedCommit } : {}),
  };
}
