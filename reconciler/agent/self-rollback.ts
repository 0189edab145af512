/**
 * The agent going back by itself after commit-confirmed lost the router (confirm.ts). In this
 * order, so that an agent killed at any point finishes the rollback on its next run (a refused
 * commit with a pending marker is rolled back: the fetchSource step):
 *   1. the intent: a pending marker naming the previous commit;
 *   2. the previous state is the last good one again;
 *   3. the commit is refused until a newer one comes;
 *   4. the rollback itself, intent first (apply/rollback.ts);
 *   5. the previous commit is the applied one again;
 *   6. the state file and the commit's `failure` status say why.
 */
import { recordSelfRollback, rollBack } from '../apply/rollback.js';
import type { ReconcileDeps } from '../deps.js';
import type { ConfirmWatch } from './confirm.js';

export async function selfRollback(deps: ReconcileDeps, watch: ConfirmWatch, why: string): Promise<void> {
  const { store } = deps;
  const to = watch.previous.commit;
  await store.savePending({ commit: to, startedAt: deps.now().toISOString(), previous: watch.commit });
  await store.saveLastGood(watch.previous);
  await store.reject(watch.commit, `self-rollback: ${why}`);
  await rollBack(deps, why);
  await store.recordApplied(to);
  await recordSelfRollback(deps, { commit: watch.commit, to, why });
}
