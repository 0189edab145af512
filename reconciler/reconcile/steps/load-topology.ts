import { formatDiagnostic } from '../../../model/diagnostic.js';
import { Stalled } from '../../../model/errors.js';
import { loadTopology as parseTopology } from '../../../model/load.js';
import type { Topology } from '../../../model/model.js';
import type { ReconcileDeps } from '../../deps.js';
import { readTopologyAt } from '../../source/read-topology.js';
import type { CommitCache } from '../cache.js';
import { type Done, done } from '../run.js';
import type { Tip } from './fetch-source.js';

const summary = (t: Topology): string => `${t.routers.length} routers, ${t.services.length} services`;

/**
 * loadTopology sets **Valid**.
 * - True: the commit's topology passes the schema and the semantic checks ("5 routers, 3
 *   services"); warnings are logged. A commit already loaded is taken from the cache.
 * - False, Stalled `InvalidTopology`: the errors (`file:line:col: field: message`, the first
 *   three in the message, all of them in `data.diagnostics`). Nothing is changed.
 */
export async function loadTopology(deps: Pick<ReconcileDeps, 'log'>, cache: CommitCache, tip: Pick<Tip, 'commit' | 'gitdir'>): Promise<Done<Topology>> {
  const known = cache.topology(tip.commit);
  if (known) return done(known, summary(known));
  const r = parseTopology(await readTopologyAt(tip.gitdir, tip.commit));
  if (!r.topology) {
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    throw new Stalled('InvalidTopology', `commit ${tip.commit.slice(0, 7)} has ${errors.length} topology error(s): ${errors.slice(0, 3).map(formatDiagnostic).join('; ')}`,
      { commit: tip.commit, diagnostics: errors });
  }
  cache.keepTopology(tip.commit, r.topology);
  for (const w of r.diagnostics) deps.log.log('warn', 'topology-warning', { at: formatDiagnostic(w) });
  return done(r.topology, summary(r.topology));
}
