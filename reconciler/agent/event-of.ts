/**
 * One reconcile as one journal event (pure): what `dlan events` and the fleet's history show.
 * The kind says what happened to the commit: applied or nothing to do (`reconcile`), refused
 * before any change (`refused`: signature, rollback, invalid topology), or rolled back.
 */
import type { Outcome } from '../reconcile/index.js';
import type { DlanEvent } from '../events/journal.js';
import { type Step, stepSubject } from '../plan/steps.js';

export interface RunSummary {
  readonly outcome: Pick<Outcome, 'ok' | 'ready' | 'failedStep'>;
  readonly commit?: string;
  readonly plan?: { readonly steps: readonly Step[] };
  readonly rolledBack?: string;
}

/** Steps that fail before anything is written: their failure is a refusal of the commit. */
const REFUSING = new Set(['verifyTip', 'loadTopology', 'renderSlice', 'makePlan', 'checkConfigs']);

export const changeLine = (s: Step): string => `${s.kind === 'service' ? s.op : `${s.kind} ${s.op}`} ${stepSubject(s)}`;

export function eventOf(r: RunSummary, o: { readonly router: string; readonly reason: string; readonly durationMs: number; readonly at: Date; readonly suspended?: string }): DlanEvent {
  const changes = r.plan?.steps.map(changeLine) ?? [];
  const base = {
    time: o.at.toISOString(), router: o.router, reason: o.reason, durationMs: Math.round(o.durationMs),
    ...(r.commit && { commit: r.commit }), ...(changes.length > 0 && { changes }),
  };
  if (o.suspended !== undefined) {
    return { ...base, kind: 'reconcile', outcome: 'suspended', message: `suspended (${o.suspended}): ${changes.length} change${changes.length === 1 ? '' : 's'} not applied` };
  }
  if (r.outcome.ok) return { ...base, kind: 'reconcile', outcome: changes.length > 0 ? 'success' : 'noop', message: r.outcome.ready.message };
  const kind = r.rolledBack ? 'rollback' : REFUSING.has(r.outcome.failedStep ?? '') ? 'refused' : 'reconcile';
  return { ...base, kind, outcome: 'failure', code: r.outcome.ready.reason, message: r.outcome.ready.message };
}
