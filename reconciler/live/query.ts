/** What to observe for a desired state (pure): its files plus the inventory's, its links, its daemons. */
import type { DesiredState } from '../../renderers/state.js';
import { isDaemon, type DaemonName } from '../services/types.js';
import type { LiveQuery } from '../plan/live-state.js';

export interface QueryOptions {
  /** Files dlan wrote before (its inventory): observed too, so a plan can remove what was dropped. */
  readonly inventoryFiles?: readonly string[];
  readonly frrPathspace?: string;
}

export function liveQuery(desired: DesiredState, o: QueryOptions = {}): LiveQuery {
  const files = [...new Set([...desired.files.map((f) => f.path), ...(o.inventoryFiles ?? [])])].sort();
  const daemons = desired.services.filter((s) => s.daemon).map((s) => s.name).filter(isDaemon).sort() as DaemonName[];
  return {
    files,
    wireguard: desired.wireguard.ifname,
    interfaces: desired.addresses.map((a) => a.ifname).sort(),
    daemons,
    ...(daemons.includes('frr') ? { frr: o.frrPathspace ? { pathspace: o.frrPathspace } : {} } : {}),
  };
}
