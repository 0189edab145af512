import { Stalled } from '../../../model/errors.js';
import type { ReconcileDeps } from '../../deps.js';
import { fetchSource as fetchRepo } from '../../source/fetch-source.js';
import type { RollBack } from '../ports.js';
import { type Done, done } from '../run.js';

/** The branch tip, on disk, and what the router ran before it. */
export interface Tip {
  readonly commit: string;
  /** Where its objects are: `<stateDir>/repo`. */
  readonly gitdir: string;
  /** False when the branch had not moved since the last fetch. */
  readonly changed: boolean;
  /** The commit running now (last-applied), if any. */
  readonly lastApplied?: string;
}

const short = (c: string): string => c.slice(0, 7);

/**
 * fetchSource sets **Fetched**.
 * - True: the branch tip is on disk ("fetched abc1234", or "unchanged abc1234" when the branch did not move).
 * - False, Transient `Source*` / `BranchNotFound`: the git server cannot be reached, answered
 *   oddly or sent more than `repo.maxFetchBytes`; nothing else runs, the router keeps running as it is.
 * - False, Stalled `CommitRejected`: the tip is a commit this router rolled back before; it waits
 *   for a newer one. If an apply or a rollback was cut short (a pending marker is there), it
 *   first finishes going back to the last good state.
 */
export async function fetchSource(deps: Pick<ReconcileDeps, 'config' | 'store'>, rollBack: RollBack): Promise<Done<Tip>> {
  const { config, store } = deps;
  const r = config.repo;
  const fetched = await fetchRepo({
    url: r.url, branch: r.branch, ...(r.maxFetchBytes !== undefined && { maxBytes: r.maxFetchBytes }),
    ...(r.tokenFile && { auth: { tokenFile: r.tokenFile, ...(r.username && { username: r.username }) } }),
  }, config.stateDir);
  const lastApplied = await store.lastApplied();
  const why = (await store.rejected())[fetched.commit];
  if (why) {
    if (await store.pending()) await rollBack(`commit ${short(fetched.commit)} is refused and an earlier apply or rollback did not finish`);
    throw new Stalled('CommitRejected', `commit ${short(fetched.commit)} was rolled back earlier (${why}); waiting for a newer commit`, { commit: fetched.commit });
  }
  return done({ commit: fetched.commit, gitdir: fetched.gitdir, changed: fetched.changed, ...(lastApplied && { lastApplied }) },
    `${fetched.changed ? 'fetched' : 'unchanged'} ${short(fetched.commit)}`);
}
