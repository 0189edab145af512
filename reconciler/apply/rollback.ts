/** Going back: to the last good state after a failed apply, and the record of a self-rollback. */
import { makePlan } from '../plan/plan.js';
import type { ReconcileDeps } from '../reconcile.js';
import { readStateFile, type RouterState, writeStateFile } from '../report/state-file.js';
import { localHost } from '../host.js';
import { owedServices } from '../state-store.js';
import { executePlan } from './execute.js';
import { observe } from './observe-router.js';

const short = (c: string): string => c.slice(0, 7);

/**
 * Puts the router back on its last good state (plan last-good vs what is there now, apply).
 * Returns the commit rolled back to, or undefined when there is none (first apply).
 * Like an apply, it leaves a pending marker while it runs: a rollback cut short is finished by
 * the next run (whose commit is then refused, see reconcile's fetchSource).
 */
export async function rollBack(deps: ReconcileDeps, why: string): Promise<string | undefined> {
  const good = await deps.store.lastGood();
  deps.log.log('warn', 'rollback', { why, to: good?.commit ?? null });
  if (!good) return undefined;
  const inventory = await deps.store.inventory();
  const pending = await deps.store.pending();
  const { observed } = await observe(deps, good.desired, inventory);
  const plan = makePlan(good.desired, observed, inventory, { commit: good.commit, ...(pending?.services && { interrupted: pending.services }) });
  await deps.store.savePending({ commit: good.commit, startedAt: deps.now().toISOString(), services: owedServices(plan, pending) });
  await executePlan(plan, good.desired, { host: deps.host, services: deps.services, log: deps.log, ...(deps.beforeStep && { beforeStep: deps.beforeStep }) });
  await deps.store.saveInventory(plan.inventory);
  await deps.store.clearPending();
  return good.commit;
}

/**
 * After the agent rolled a commit back by itself (commit confirmed): the state file says what
 * runs again and why, and the commit gets a `failure` status saying so.
 */
export async function recordSelfRollback(deps: ReconcileDeps, r: { commit: string; to: string; why: string }): Promise<void> {
  const { config, log, now } = deps;
  const at = Math.floor(now().getTime() / 1000);
  const description = `rolled back by itself to ${short(r.to)}: ${r.why}`;
  if (deps.reporter) {
    await deps.reporter.post({ sha: r.commit, context: `dlan/${config.router}`, outcome: 'failure', description, ...(config.status?.targetUrl && { targetUrl: config.status.targetUrl }) })
      .catch((e) => log.log('warn', 'status-not-posted', { outcome: 'failure', error: e as Error }));
  }
  const stateHost = localHost();
  const prev = await readStateFile(stateHost, config.stateDir).catch(() => undefined);
  const state: RouterState = {
    version: 1, router: config.router,
    applied: { commit: r.to, at },
    lastAttempt: { commit: r.commit, outcome: 'failure', at, description },
    lastError: { commit: r.commit, code: 'SelfRollback', message: description, at },
    ...(prev?.health && { health: prev.health }),
  };
  await writeStateFile(stateHost, state, config.stateDir).catch((e) => log.log('error', 'state-file-not-written', { error: e as Error }));
}
