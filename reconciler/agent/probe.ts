/**
 * One commit-confirmed reading of the router: is the git remote reachable, which peers carry
 * traffic. A remote that answers nothing (a Transient error) is "down": that is the evidence
 * the rule looks for. Any other failure — of the remote check or of counting the peers — says
 * nothing about connectivity: it is logged, counted by the caller (confirm.ts), and never read
 * as "no peer up".
 */
import { asDlanError } from '../../model/errors.js';
import type { DesiredState } from '../../renderers/state.js';
import type { Logger } from '../log.js';
import type { ConfirmWatch, Reading } from './confirm.js';

export interface ProbeDeps {
  /** One ref advertisement request to the git remote. */
  readonly checkRemote: () => Promise<unknown>;
  /** Peers carrying traffic, judged against the state the router ran before. */
  readonly peersUp: (running: DesiredState) => Promise<readonly string[]>;
  readonly log: Logger;
}

export async function probe(deps: ProbeDeps, watch: ConfirmWatch): Promise<Reading> {
  const [remote, peers] = await Promise.all([
    deps.checkRemote().then((): Reading['remote'] => 'up', (e) => {
      const err = asDlanError(e);
      if (err.kind === 'Transient') return 'down';
      deps.log.log('warn', 'confirm-probe-failed', { commit: watch.commit, what: 'remote', failedProbes: watch.failedProbes + 1, error: err });
      return 'unknown';
    }),
    deps.peersUp(watch.previous.desired).catch((e): Reading['peers'] => {
      deps.log.log('warn', 'confirm-probe-failed', { commit: watch.commit, what: 'peers', failedProbes: watch.failedProbes + 1, error: asDlanError(e) });
      return 'unknown';
    }),
  ]);
  return { remote, peers };
}
