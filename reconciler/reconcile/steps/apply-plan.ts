import type { DesiredState } from '../../../renderers/state.js';
import type { ReconcileDeps } from '../../deps.js';
import { executeIntentFirst } from '../../memory/intent.js';
import type { Plan } from '../../plan/plan.js';
import { renderPlan } from '../../plan/render-plan.js';
import type { Announce, RollBack, RouterAccess } from '../ports.js';
import { type Done, done } from '../run.js';
import type { Tip } from './fetch-source.js';
import type { Observation } from './observe-live.js';

export interface Applied {
  /** Peers up before the change (commit-confirmed watches them); absent when nothing changed. */
  readonly peersUpBefore?: readonly string[];
}

export interface ApplyInput {
  readonly tip: Pick<Tip, 'commit' | 'lastApplied'>;
  readonly desired: DesiredState;
  readonly seen: Pick<Observation, 'inventory' | 'pending'>;
  readonly plan: Plan;
}

const short = (c: string): string => c.slice(0, 7);

/**
 * applyPlan sets **Applied**.
 * - True, "no changes": an empty plan writes nothing and reloads nothing.
 * - True, "applied: 1 added, 2 changed, 0 destroyed": the plan ran intent first (memory/intent.ts)
 *   after a `pending` status ("applying: ..."); the peers up before it are noted, and the plan
 *   kept as `last-plan.json` (what `dlan demo` and a person ask: what did it do?). The pending
 *   marker stays until checkHealth passes.
 * - False: the failed step's error (`ApplyFailed`, Stalled, naming the step), after the router
 *   was rolled back to its last good state.
 */
export async function applyPlan(deps: Pick<ReconcileDeps, 'store' | 'log' | 'config' | 'now'>, router: Pick<RouterAccess, 'peersUp' | 'execute'>,
  effects: { readonly announce: Announce; readonly rollBack: RollBack }, input: ApplyInput): Promise<Done<Applied>> {
  const { store, log, config } = deps;
  const { plan, desired, tip } = input;
  if (plan.steps.length === 0) return done({}, 'no changes');
  const peersUpBefore = await router.peersUp((await store.lastGood())?.desired ?? desired);
  const s = plan.summary;
  await effects.announce('pending', `applying: ${s.add} to add, ${s.change} to change, ${s.destroy} to destroy`);
  try {
    await executeIntentFirst(store, {
      commit: tip.commit, startedAt: deps.now().toISOString(), ...(tip.lastApplied && { previous: tip.lastApplied }),
      ...(input.seen.pending && { interrupted: input.seen.pending }),
    }, { plan, owned: input.seen.inventory, execute: () => router.execute(plan, desired) });
  } catch (e) {
    await effects.rollBack(`apply of ${short(tip.commit)} failed`);
    throw e;
  }
  await store.saveLastPlan({ commit: tip.commit, at: deps.now().toISOString(), summary: s, text: renderPlan(plan) });
  log.log('info', 'applied', { router: config.router, commit: tip.commit, ...s });
  return done({ peersUpBefore }, `applied: ${s.add} added, ${s.change} changed, ${s.destroy} destroyed`);
}
