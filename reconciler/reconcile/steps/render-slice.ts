import { type RouterSlice, slice } from '../../../model/slice.js';
import { render } from '../../../renderers/render.js';
import type { DesiredState } from '../../../renderers/state.js';
import type { ReconcileDeps } from '../../deps.js';
import { assertComplete } from '../../plan/guard.js';
import type { CommitCache } from '../cache.js';
import { type Done, done } from '../run.js';

export interface Rendered {
  readonly slice: RouterSlice;
  readonly desired: DesiredState;
}

/**
 * renderSlice sets **Rendered**.
 * - True: this router's slice of the topology, rendered ("8 files, 4 links"); the same commit's
 *   render is taken from the cache.
 * - False, Stalled `UnknownRouter`: the agent config names a router the topology does not have.
 * - False, Stalled `PartialRender`: the render lacks what every router needs (a bug or a broken
 *   input); it is refused before anything is planned.
 */
export async function renderSlice(deps: Pick<ReconcileDeps, 'config' | 'renderOptions'>, cache: CommitCache, commit: string, topology: Parameters<typeof slice>[0]): Promise<Done<Rendered>> {
  let r = cache.rendered(commit, topology);
  if (!r) {
    const s = slice(topology, deps.config.router);
    const desired = render(s, {
      privateKeyFile: deps.config.privateKeyFile,
      // agent.yaml's webhook receiver needs its port open on the WAN (the ruleset drops the rest).
      ...(deps.config.webhook && { webhookPort: deps.config.webhook.port }),
      ...deps.renderOptions,
    });
    assertComplete(desired);
    r = { slice: s, desired };
    cache.keepRendered(commit, topology, r);
  }
  return done(r, `${r.desired.files.length} files, ${r.desired.vxlans.length} links`);
}
