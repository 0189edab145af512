/**
 * The topology this router runs: the commit its agent last applied (or, before the first apply,
 * the last one fetched), read from the agent's own copy of the repo. The fleet commands and the
 * webhook fan-out use it to find the other routers.
 */
import { formatDiagnostic } from '../../model/diagnostic.js';
import { Stalled } from '../../model/errors.js';
import { loadTopology } from '../../model/load.js';
import type { Topology } from '../../model/model.js';
import { readTopologyAt } from '../source/read-topology.js';
import { readFetched, repoDir } from '../source/state-repo.js';
import { readLastApplied } from '../trust/applied-state.js';

export interface AppliedTopology {
  readonly topology: Topology;
  readonly commit: string;
  /** The newest fetched commit (the tip the forge has statuses for). */
  readonly fetched?: string;
}

export async function appliedTopology(stateDir: string): Promise<AppliedTopology | undefined> {
  const gitdir = repoDir(stateDir);
  const fetched = await readFetched(gitdir);
  const commit = (await readLastApplied(stateDir)) ?? fetched;
  if (!commit) return undefined;
  const result = loadTopology(await readTopologyAt(gitdir, commit));
  if (!result.topology) throw new Stalled('InvalidTopology', `commit ${commit.slice(0, 7)} does not load:\n${result.diagnostics.map(formatDiagnostic).join('\n')}`, { commit });
  return { topology: result.topology, commit, ...(fetched && { fetched }) };
}

/**
 * The topology the agent runs, loaded again only when its commit changes: the agent's listeners
 * and fan-out ask after every run, the page and the local routes on every refresh, and loading a
 * topology (YAML, schema checks) is the costly part.
 */
export function appliedOnce(stateDir: string): () => Promise<AppliedTopology | undefined> {
  let last: AppliedTopology | undefined;
  return async () => {
    const commit = (await readLastApplied(stateDir)) ?? (await readFetched(repoDir(stateDir)));
    if (commit !== undefined && last?.commit === commit) return last;
    last = await appliedTopology(stateDir);
    return last;
  };
}
