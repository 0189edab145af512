/**
 * One reconcile of one router, as an ordered list of named steps (style.md §5), each in its own
 * file under steps/ with the condition it sets on each outcome:
 *
 *   fetchSource → verifyTip → loadTopology → renderSlice → observeLive → makePlan
 *     → checkConfigs → applyPlan → checkHealth
 *
 * Each step gets the earlier steps' results as typed inputs and returns its own; `Run` records
 * the conditions and stops at the first failure; Ready is derived. `finish` always runs (the
 * commit status, the state file). Nothing is changed on the router before checkConfigs passed;
 * a failure after that rolls it back to its last good state; the last applied commit and the
 * last good state advance only once checkHealth passed.
 */
import { rollBack } from '../apply/rollback.js';
import type { ReconcileDeps } from '../deps.js';
import type { HealthSummary } from '../health/types.js';
import type { Plan } from '../plan/plan.js';
import { postCommitStatus } from '../report/commit-status.js';
import { cacheFor } from './cache.js';
import { finish } from './finish/finish.js';
import { type RollBack, routerOf } from './ports.js';
import type { ReconcileOptions, ReconcileResult } from './result.js';
import { Run, StepFailed } from './run.js';
import { applyPlan } from './steps/apply-plan.js';
import { checkConfigs } from './steps/check-configs.js';
import { checkHealth, Unhealthy } from './steps/check-health.js';
import { fetchSource, type Tip } from './steps/fetch-source.js';
import { loadTopology } from './steps/load-topology.js';
import { makePlan } from './steps/make-plan.js';
import { observeLive } from './steps/observe-live.js';
import { renderSlice } from './steps/render-slice.js';
import { verifyTip } from './steps/verify-tip.js';

export async function reconcileOnce(deps: ReconcileDeps, opts: ReconcileOptions = {}): Promise<ReconcileResult> {
  const run = new Run();
  const router = routerOf(deps);
  const cache = cacheFor(deps);
  // What the run learnt so far, for finish and the caller: each is set once, by one step.
  let tip: Tip | undefined;
  let plan: Plan | undefined;
  let health: HealthSummary | undefined;
  let peersUpBefore: readonly string[] | undefined;
  let rolledBack: string | undefined;
  /** A rollback that fails is logged; the reconcile reports the failure that caused it. */
  const goBack: RollBack = async (why) => {
    rolledBack = await rollBack(deps, why).catch((e) => { deps.log.log('error', 'rollback-failed', { why, error: e as Error }); return undefined; });
    return rolledBack;
  };

  let failure: StepFailed | undefined;
  try {
    const t = await run.step('fetchSource', () => fetchSource(deps, goBack));
    tip = t;
    const verification = await run.step('verifyTip', () => verifyTip(deps, t, opts.allowRollbackTo));
    const topology = await run.step('loadTopology', () => loadTopology(deps, cache, t));
    const { desired } = await run.step('renderSlice', () => renderSlice(deps, cache, t.commit, topology));
    const seen = await run.step('observeLive', () => observeLive(deps, router, desired));
    const p = await run.step('makePlan', () => makePlan(desired, seen, t.commit, deps.wireguard));
    plan = p;
    if (!opts.dryRun) {
      await run.step('checkConfigs', () => checkConfigs(p, deps.wireguard.implementation, (path) => seen.observed.files.get(path)?.content));
      const announce = (outcome: 'pending', description: string) => postCommitStatus(deps, t.commit, outcome, description);
      ({ peersUpBefore } = await run.step('applyPlan', () => applyPlan(deps, router, { announce, rollBack: goBack }, { tip: t, desired, seen, plan: p })));
      health = await run.step('checkHealth', () => checkHealth(deps, router, goBack, {
        commit: t.commit, desired, plan: p, live: seen.live, ...(verification.override && { override: verification.override }),
      }));
    }
  } catch (e) {
    if (!(e instanceof StepFailed)) throw e;
    failure = e;
    if (e.error instanceof Unhealthy) health = e.error.health;
  }
  const result: ReconcileResult = {
    outcome: run.outcome(failure),
    ...(tip && { commit: tip.commit, ...(tip.lastApplied && { previous: tip.lastApplied }) }),
    ...(plan && { plan }), ...(health && { health }), ...(rolledBack && { rolledBack }), ...(peersUpBefore && { peersUpBefore }),
  };
  if (!opts.dryRun) await finish(deps, router, result);
  return result;
}
