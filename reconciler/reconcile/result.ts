/** What one reconcile found and did: the caller's view (agent, `dlan apply`, `dlan plan`) and finish's input. */
import type { HealthSummary } from '../health/types.js';
import type { Plan } from '../plan/plan.js';
import type { Outcome } from './run.js';

export interface ReconcileOptions {
  /** Stop after makePlan: `dlan plan`. */
  readonly dryRun?: boolean;
  /** Operator override of anti-rollback for exactly this commit. */
  readonly allowRollbackTo?: string;
}

export interface ReconcileResult {
  readonly outcome: Outcome;
  /** The tip worked on, once fetched. */
  readonly commit?: string;
  /** The commit the router ran before this run, if any. */
  readonly previous?: string;
  readonly plan?: Plan;
  readonly health?: HealthSummary;
  /** The commit the router was rolled back to, when it was. */
  readonly rolledBack?: string;
  /** Peers up before a change was applied. */
  readonly peersUpBefore?: readonly string[];
}
