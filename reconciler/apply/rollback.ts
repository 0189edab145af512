/** Going back: to the last good state after a failed apply, and the record of a self-rollback. */
import { makePlan } from '../plan/plan.js';
import { assertPortsExist } from '../plan/ports.js';
import type { ReconcileDeps } from '../deps.js';
import { executeIntentFirst, settle } from '../memory/intent.js';
import { recordState, wireguardState } from '../memory/state-file.js';
import { postCommitStatus } from '../report/commit-status.js';
import { executePlan } from './execute.js';
import { observe } from './observe-router.js';
import { usableWireguard } from '../wireguard/choice.js';

const short = (c: string): string => c.slice(0, 7);

/**
 * Puts the router back on its last good state (plan last-good vs what is there now, apply
 * intent first, settle). Returns the commit rolled back to, or undefined when there is none
 * (first apply). A rollback cut short is finished by the next run (whose commit is then
 * refused, see the fetchSource step).
 */
export async function rollBack(deps: ReconcileDeps, why: string): Promise<string | undefined> {
  const { store } = deps;
  const good = await store.lastGood();
  deps.log.log('warn', 'rollback', { why, to: good?.commit ?? null });
  if (!good) return undefined;
  const owned = await store.inventory();
  const pending = await store.pending();
  const { observed } = await observe(deps, good.desired, owned);
  assertPortsExist(good.desired, observed);
  const plan = makePlan(good.desired, observed, owned, {
    commit: good.commit, wireguard: usableWireguard(deps.wireguard), ...(pending?.services && { interrupted: pending.services }),
  });
  await executeIntentFirst(store, { commit: good.commit, startedAt: deps.now().toISOString(), ...(pending && { interrupted: pending }) }, {
    plan, owned,
    execute: () => executePlan(plan, good.desired, { host: deps.host, services: deps.services, log: deps.log, ...(deps.beforeStep && { beforeStep: deps.beforeStep }) }),
  });
  await settle(store);
  return good.commit;
}

/**
 * After the agent rolled a commit back by itself (commit confirmed): the state file says what
 * runs again and why, and the commit gets a `failure` status saying so.
 */
export async function recordSelfRollback(deps: ReconcileDeps, r: { commit: string; to: string; why: string }): Promise<void> {
  const { config, log, now } = deps;
  const description = `rolled back by itself to ${short(r.to)}: ${r.why}`;
  await postCommitStatus(deps, r.commit, 'failure', description);
  await recordState(config.stateDir, log, {
    router: config.router, at: Math.floor(now().getTime() / 1000), applied: r.to,
    attempt: { commit: r.commit, outcome: 'failure', description },
    error: { commit: r.commit, code: 'SelfRollback', message: description },
    wireguard: wireguardState(deps.wireguard),
  });
}
