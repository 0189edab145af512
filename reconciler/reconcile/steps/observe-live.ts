import type { DesiredState } from '../../../renderers/state.js';
import type { ReconcileDeps } from '../../deps.js';
import type { PendingApply } from '../../memory/store.js';
import type { LiveState } from '../../plan/live-state.js';
import type { Inventory, Observed } from '../../plan/observed.js';
import type { RouterAccess } from '../ports.js';
import { type Done, done } from '../run.js';

/** The router as it is, and what dlan remembers of it. */
export interface Observation {
  /** What dlan made on this router, from the state dir. */
  readonly inventory: Inventory;
  /** An apply or rollback that did not finish (killed half-way), if any. */
  readonly pending?: PendingApply;
  readonly live: LiveState;
  /** `live` in the planner's terms. */
  readonly observed: Observed;
}

/**
 * observeLive sets **Observed**.
 * - True: the files desired or owned, our links and addresses, WireGuard, the daemons, the
 *   nftables table and forwarding, read without changing anything ("observed").
 * - False, Transient `CommandFailed` / `CommandTimedOut` / `FileReadFailed`: the router could
 *   not be read; nothing is changed, the next tick tries again. Stalled `CommandNotFound` when
 *   a tool (ip, wg, nft) is not installed.
 */
export async function observeLive(deps: Pick<ReconcileDeps, 'store'>, router: Pick<RouterAccess, 'observe'>, desired: DesiredState): Promise<Done<Observation>> {
  const inventory = await deps.store.inventory();
  const pending = await deps.store.pending();
  const { live, observed } = await router.observe(desired, inventory);
  return done({ inventory, ...(pending && { pending }), live, observed }, 'observed');
}
