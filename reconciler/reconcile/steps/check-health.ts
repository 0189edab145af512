import { Stalled } from '../../../model/errors.js';
import type { DesiredState } from '../../../renderers/state.js';
import type { ReconcileDeps } from '../../deps.js';
import type { HealthSummary } from '../../health/types.js';
import { settle } from '../../memory/intent.js';
import { recordOverrideUsed } from '../../trust/applied-state.js';
import type { LiveState } from '../../plan/live-state.js';
import type { Plan } from '../../plan/plan.js';
import type { RollBack, RouterAccess } from '../ports.js';
import { type Done, done } from '../run.js';

export interface HealthInput {
  readonly commit: string;
  readonly desired: DesiredState;
  readonly plan: Plan;
  /** observeLive's reading: still true when the plan changed nothing. */
  readonly live: LiveState;
  /** The anti-rollback override this commit used (verifyTip), spent once it is applied. */
  readonly override?: { readonly commit: string; readonly base: string };
}

const short = (c: string): string => c.slice(0, 7);

/** Stalled `Unhealthy`, with the health that was found (the state file and `dlan apply --json` show it). */
export class Unhealthy extends Stalled {
  constructor(message: string, readonly down: readonly string[], readonly health: HealthSummary) {
    super('Unhealthy', message, { down });
  }
}

/**
 * checkHealth sets **Healthy**. The last applied commit and the last good state advance only here.
 * - True, "3/4 peers up": every daemon of this router runs (peers are reported, not required:
 *   a peer may be down for its own reasons). An anti-rollback override it used is spent, the
 *   commit is recorded as applied, it becomes the last good state, and the apply's pending
 *   marker is cleared.
 * - False, Stalled `Unhealthy` (with the health found): a daemon is not running; when the plan changed something the
 *   router is rolled back to its last good state first, and the message says so.
 */
export async function checkHealth(deps: Pick<ReconcileDeps, 'store' | 'now'>, router: Pick<RouterAccess, 'health' | 'healthFromLive'>,
  rollBack: RollBack, input: HealthInput): Promise<Done<HealthSummary>> {
  const { store } = deps;
  const { commit, desired, plan } = input;
  const changed = plan.steps.length > 0;
  // Nothing changed since observeLive: its links, WireGuard peers and daemons are still true.
  const health = changed ? await router.health(desired, commit) : await router.healthFromLive(desired, commit, input.live);
  const down = health.daemons.filter((d) => !d.running).map((d) => d.name);
  if (down.length > 0) {
    const rolledBack = changed ? await rollBack(`daemons down after applying ${short(commit)}: ${down.join(', ')}`) : undefined;
    throw new Unhealthy(`${down.join(', ')} not running after the apply${rolledBack ? `; rolled back to ${short(rolledBack)}` : ''}`, down, health);
  }
  // The override is spent before the commit counts as applied (applied-state.ts says why).
  if (input.override) await recordOverrideUsed(store.dir, { ...input.override, at: deps.now().toISOString() });
  await store.recordApplied(commit);
  await store.saveLastGood({ commit, desired, at: deps.now().toISOString() });
  await settle(store);
  return done(health, `${health.peersUp}/${health.peers.length} peers up`);
}
