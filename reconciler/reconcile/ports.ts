/**
 * What the reconcile steps need from the router and from the driver, as small interfaces: the
 * real ones are wired by `reconcileOnce` (routerOf); a step's own test passes its own, so each
 * step runs alone in milliseconds. The steps never reach past these.
 */
import type { DesiredState } from '../../renderers/state.js';
import { executePlan } from '../apply/execute.js';
import { health, healthFromLive, observe, peersUp } from '../apply/observe-router.js';
import type { ReconcileDeps } from '../deps.js';
import type { HealthSummary } from '../health/types.js';
import type { LiveState } from '../plan/live-state.js';
import type { Inventory, Observed } from '../plan/observed.js';
import type { Plan } from '../plan/plan.js';

/** The router as the steps see it. */
export interface RouterAccess {
  /** Files desired or owned, our links, WireGuard, the daemons, nftables and forwarding. */
  observe(desired: DesiredState, inventory: Inventory): Promise<{ readonly live: LiveState; readonly observed: Observed }>;
  /** Observed afresh after a change. */
  health(desired: DesiredState, commit: string): Promise<HealthSummary>;
  /** From an observation just made (nothing changed since). */
  healthFromLive(desired: DesiredState, commit: string, live: LiveState): Promise<HealthSummary>;
  /** Peers carrying traffic now, judged against the state the router runs. */
  peersUp(running: DesiredState): Promise<string[]>;
  execute(plan: Plan, desired: DesiredState): Promise<void>;
}

/** Goes back to the last good state; the commit gone back to, or undefined when there is none. */
export type RollBack = (why: string) => Promise<string | undefined>;

/** Posts this router's status for the commit being worked on. */
export type Announce = (outcome: 'pending', description: string) => Promise<void>;

export function routerOf(deps: ReconcileDeps): RouterAccess {
  return {
    observe: (desired, inventory) => observe(deps, desired, inventory),
    health: (desired, commit) => health(deps, desired, commit),
    healthFromLive: (desired, commit, live) => healthFromLive(deps, desired, commit, live),
    peersUp: (running) => peersUp(deps, running),
    execute: (plan, desired) => executePlan(plan, desired, { host: deps.host, services: deps.services, log: deps.log, ...(deps.beforeStep && { beforeStep: deps.beforeStep }) }),
  };
}
