/**
 * Posting this router's commit status (`dlan/<router>`) and retiring the previous commit's:
 * the one place a reconcile, an apply in progress and a self-rollback talk to the forge.
 * A forge outage never fails the caller: it is logged, and the next status change is posted
 * when the forge is back.
 */
import type { ReconcileDeps } from '../deps.js';
import { supersede } from './dedupe.js';
import type { Outcome } from './status.js';

export type StatusDeps = Pick<ReconcileDeps, 'reporter' | 'config' | 'log'>;

export async function postCommitStatus(deps: StatusDeps, sha: string, outcome: Outcome, description: string): Promise<void> {
  const { reporter, config, log } = deps;
  if (!reporter) return;
  try {
    await reporter.post({ sha, context: `dlan/${config.router}`, outcome, description, ...(config.status?.targetUrl && { targetUrl: config.status.targetUrl }) });
  } catch (e) {
    log.log('warn', 'status-not-posted', { outcome, error: e as Error });
  }
}

/** `previous` was left pending and `commit` replaced it: the ledger marks it superseded on the forge. */
export async function supersedePrevious(deps: StatusDeps, previous: string, commit: string): Promise<void> {
  const { reporter, config, log } = deps;
  if (!reporter || previous === commit) return;
  try {
    await supersede(reporter, { sha: previous, context: `dlan/${config.router}`, by: commit });
  } catch (e) {
    log.log('warn', 'status-not-posted', { error: e as Error });
  }
}
