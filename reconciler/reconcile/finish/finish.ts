/**
 * What every reconcile does at its end, whatever happened (the driver's `finally`), each part
 * on its own: the commit status, the previous commit's retirement on the forge, the state file,
 * the log line. A dry run (`dlan plan`) does none of them.
 *
 * A reconcile that stops early (a refused commit, a fetch that failed) still looks at the
 * router: finish observes the health of what runs (the last good state), so the state file and
 * the commit status say both, e.g. "refused c0ffee0: …; running 1a2b3c4, healthy", and the
 * recorded health never grows old while a bad commit sits on the branch.
 */
import { asDlanError } from '../../../model/errors.js';
import type { ReconcileDeps } from '../../deps.js';
import { recordState, wireguardState } from '../../memory/state-file.js';
import { postCommitStatus, supersedePrevious } from '../../report/commit-status.js';
import type { RouterAccess } from '../ports.js';
import type { ReconcileResult } from '../result.js';
import { describeEnd, type Running } from './describe.js';

export async function finish(deps: ReconcileDeps, router: Pick<RouterAccess, 'health'>, r: ReconcileResult): Promise<void> {
  const { config, log, now, store } = deps;
  const running = r.outcome.ok ? undefined : await observeRunning(deps, router, r);
  const { outcome, description } = describeEnd(r, false, running);
  const o = r.outcome;
  // A run never ends on pending: that is a Transient failure, retried at the next tick; it says
  // nothing about the commit, so no status (report/mapping.ts).
  if (r.commit && outcome !== 'pending') await postCommitStatus(deps, r.commit, outcome, description);
  if (o.ok && r.commit && r.previous) await supersedePrevious(deps, r.previous, r.commit);
  const error = o.ok ? undefined : asDlanError(o.error);
  // What runs: after a failure the last good state (a rollback may have gone back past the
  // last verified commit), else the commit just applied.
  const applied = running?.commit ?? await store.lastApplied();
  const health = running?.health ?? r.health;
  await recordState(config.stateDir, log, {
    router: config.router, at: Math.floor(now().getTime() / 1000),
    ...(applied && { applied }),
    ...(r.commit && { attempt: { commit: r.commit, outcome, description } }),
    ...(error && { error: { ...(r.commit && { commit: r.commit }), code: error.code, message: error.message } }),
    ...(health && { health }),
    wireguard: wireguardState(deps.wireguard),
  });
  log.log(o.ok ? 'info' : 'error', 'reconciled', { router: config.router, commit: r.commit ?? null, ready: o.ready.status, reason: o.ready.reason, message: o.ready.message, stepMs: o.stepMs });
}

/**
 * After a failure: what runs (the last good state) and its health, unless the failed step
 * observed it itself. An observation that fails is logged; the failure is reported as it is.
 */
async function observeRunning(deps: Pick<ReconcileDeps, 'store' | 'log'>, router: Pick<RouterAccess, 'health'>, r: ReconcileResult): Promise<Running | undefined> {
  const good = await deps.store.lastGood();
  if (!good) return undefined;
  // A health observed by the failed step is of what it applied, unless that was rolled back.
  if (r.health && !r.rolledBack) return { commit: good.commit, health: r.health };
  try {
    return { commit: good.commit, health: await router.health(good.desired, good.commit) };
  } catch (e) {
    deps.log.log('warn', 'health-not-observed', { commit: good.commit, error: e as Error });
    return { commit: good.commit };
  }
}
