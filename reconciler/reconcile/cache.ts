/**
 * A commit id names its content: the topology, slice and render of the same commit are the
 * same. The agent keeps the last ones per set of dependencies, so an unchanged tip is not
 * parsed, validated and rendered again on every tick.
 */
import type { RouterSlice } from '../../model/slice.js';
import type { Topology } from '../../model/model.js';
import type { DesiredState } from '../../renderers/state.js';
import type { ReconcileDeps } from '../deps.js';

interface Entry {
  readonly commit: string;
  readonly topology: Topology;
  rendered?: { readonly slice: RouterSlice; readonly desired: DesiredState };
}

export class CommitCache {
  private entry: Entry | undefined;

  topology(commit: string): Topology | undefined {
    return this.entry?.commit === commit ? this.entry.topology : undefined;
  }

  rendered(commit: string, topology: Topology): Entry['rendered'] {
    return this.entry?.commit === commit && this.entry.topology === topology ? this.entry.rendered : undefined;
  }

  keepTopology(commit: string, topology: Topology): void {
    this.entry = { commit, topology };
  }

  keepRendered(commit: string, topology: Topology, rendered: NonNullable<Entry['rendered']>): void {
    if (this.entry?.commit === commit && this.entry.topology === topology) this.entry.rendered = rendered;
  }
}

const caches = new WeakMap<ReconcileDeps, CommitCache>();

/** The cache of one set of dependencies (one agent's config). */
export function cacheFor(deps: ReconcileDeps): CommitCache {
  let c = caches.get(deps);
  if (!c) caches.set(deps, (c = new CommitCache()));
  return c;
}
