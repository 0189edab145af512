/**
 * The one way dlan changes a router, intent first — for an apply, a rollback and a self-rollback:
 *
 *   1. declare: the inventory grows by everything the plan may create (whatever it makes is
 *      dlan's even if the run is killed half-way) and the pending marker names the commit being
 *      put in place, the one it replaces and the services the plan acts on;
 *   2. execute the plan;
 *   3. the inventory becomes the plan's;
 *   4. settle: the marker is cleared, by the caller once it is satisfied (an apply waits for
 *      health, a rollback settles at once).
 *
 * A run killed anywhere leaves the marker: the next one acts again on the services owed (their
 * files may already match and plan no action) and, when its commit is refused, finishes going
 * back to the last good state.
 */
import type { ServiceName } from '../../renderers/state.js';
import type { Inventory } from '../plan/observed.js';
import type { Plan } from '../plan/plan.js';
import type { PendingApply, StateStore } from './store.js';

export interface Intent {
  /** The commit being put in place. */
  readonly commit: string;
  /** The commit it replaces, when known: where a failure goes back to. */
  readonly previous?: string;
  /** ISO time, from the caller's clock. */
  readonly startedAt: string;
  /** The marker an earlier run left, if any: the services it still owes are owed again. */
  readonly interrupted?: PendingApply;
}

/** Steps 1 to 3. `owned` is the inventory before the run (as read to plan it). */
export async function executeIntentFirst(store: StateStore, intent: Intent, run: { plan: Plan; owned: Inventory; execute: () => Promise<void> }): Promise<void> {
  await store.saveInventory(mergeInventories(run.owned, run.plan.inventory));
  await store.savePending({
    commit: intent.commit, startedAt: intent.startedAt, ...(intent.previous && { previous: intent.previous }),
    services: owedServices(run.plan, intent.interrupted),
  });
  await run.execute();
  await store.saveInventory(run.plan.inventory);
}

/** Step 4: the change is complete. */
export function settle(store: StateStore): Promise<void> {
  return store.clearPending();
}

/** What a pending marker lists: the services the plan acts on, plus those an interrupted apply still owes. */
export function owedServices(plan: Plan, pending?: PendingApply): ServiceName[] {
  const acted = plan.steps.flatMap((s) => (s.kind === 'service' && s.op !== 'start' && s.op !== 'stop' ? [s.service] : []));
  return [...new Set([...(pending?.services ?? []), ...acted])].sort();
}

/** Union of two inventories: written before an apply, so whatever it creates is known to be dlan's. */
export function mergeInventories(a: Inventory, b: Inventory): Inventory {
  const uniq = <T>(xs: readonly T[], key: (x: T) => string) => [...new Map(xs.map((x) => [key(x), x])).values()];
  return {
    files: uniq([...a.files, ...b.files], (x) => x).sort(),
    vxlans: uniq([...a.vxlans, ...b.vxlans], (x) => x).sort(),
    addresses: uniq([...a.addresses, ...b.addresses], (x) => `${x.ifname} ${x.address}`),
    ...((b.wireguard ?? a.wireguard) && { wireguard: b.wireguard ?? a.wireguard }),
    services: uniq([...(a.services ?? []), ...(b.services ?? [])], (x) => x).sort(),
  };
}
