/** The end of a reconcile in words, for the commit status and the state file. Pure. */
import { failureOutcome } from '../../report/mapping.js';
import type { Outcome as StatusOutcome } from '../../report/status.js';
import type { HealthSummary } from '../../health/types.js';
import type { ReconcileResult } from '../result.js';

const short = (c: string): string => c.slice(0, 7);

/** The shortest description limit of the forges (GitHub's 140): the running state must fit in. */
const DESCRIPTION_MAX = 140;

/** What runs after a failure (the last good state) and its health, observed by finish. */
export interface Running {
  readonly commit: string;
  readonly health?: HealthSummary;
}

/**
 * `<what failed>; running 1a2b3c4, healthy` (or `— rolled back to 1a2b3c4, healthy`), the
 * failure cut short so that what runs is never cut off.
 */
export function withRunning(failure: string, running: string | undefined, h: Pick<HealthSummary, 'status'> | undefined, rolledBack?: string): string {
  if (!running || !h) return `${failure}${rolledBack ? ` — rolled back to ${short(rolledBack)}` : ''}`;
  const tail = rolledBack ? ` — rolled back to ${short(rolledBack)}, ${h.status}` : `; running ${short(running)}, ${h.status}`;
  const room = DESCRIPTION_MAX - tail.length;
  return `${failure.length > room ? `${failure.slice(0, room - 1)}…` : failure}${tail}`;
}

/**
 * Success: "applied (2 change(s)); 3/4 peers up" (a dry run: "plan: <Ready's message>").
 * Failure: "<reason>: <message>", "refused abc1234: " first when the tip is not what runs, and
 * what runs with its health ("; running 1a2b3c4, healthy", or " — rolled back to 1a2b3c4,
 * healthy"); the outcome follows from the error's class (report/mapping.ts: failureOutcome).
 */
export function describeEnd(r: ReconcileResult, dryRun = false, running?: Running): { outcome: StatusOutcome; description: string } {
  const o = r.outcome;
  if (o.ok) {
    if (dryRun) return { outcome: 'success', description: `plan: ${o.ready.message}` };
    const s = r.plan?.summary;
    const changed = s && r.plan?.steps.length ? `${s.add + s.change + s.destroy} change(s)` : 'no changes';
    return { outcome: 'success', description: `applied (${changed}); ${r.health?.peersUp ?? 0}/${r.health?.peers.length ?? 0} peers up` };
  }
  const refused = running && r.commit && r.commit !== running.commit ? `refused ${short(r.commit)}: ` : '';
  return { outcome: failureOutcome(o.error), description: withRunning(`${refused}${o.ready.reason}: ${o.ready.message}`, running?.commit, running?.health, r.rolledBack) };
}
