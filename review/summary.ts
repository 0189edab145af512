/**
 * The few numbers a reviewer (and CI) reads first, and the exit code they give, as
 * `terraform plan -detailed-exitcode` and `flux diff` do: 0 nothing changes, 2 something does,
 * 3 with `--fail-on-reachability-loss` when a pair of LANs reachable at BASE is not at HEAD.
 * (1 is an error, decided by the command.)
 */
import { isEmpty } from './keyed.js';
import type { NetworkDiff } from './network-diff.js';
import type { RouterDiff } from './router-diff.js';

export interface DiffSummary {
  readonly changed: boolean;
  readonly routers: { readonly added: number; readonly removed: number; readonly changed: number; readonly unchanged: number };
  readonly files: number;
  /** Routers where something is not hitless (a restart, a link that goes). */
  readonly disruptive: readonly string[];
  readonly peerings: { readonly added: number; readonly removed: number };
  readonly lanPairs: { readonly lost: number; readonly gained: number; readonly pathChanged: number };
  readonly lanToRouter: { readonly lost: number; readonly gained: number; readonly pathChanged: number };
  readonly spofs: { readonly introduced: number; readonly removed: number };
  readonly forwards: { readonly added: number; readonly removed: number; readonly changed: number };
  readonly dns: { readonly added: number; readonly removed: number; readonly changed: number };
}

export function summarize(routers: readonly RouterDiff[], n: NetworkDiff, unchanged = 0): DiffSummary {
  const count = (s: RouterDiff['status']) => routers.filter((r) => r.status === s).length;
  const { lanPairs, lanToRouter } = n.reachability;
  const networkChanged = [n.peerings, n.lans, n.spofs.routers, n.spofs.peerings, n.forwards, n.dns].some((c) => !isEmpty(c))
    || [lanPairs, lanToRouter].some((p) => p.lost + p.gained + p.path > 0);
  return {
    changed: routers.length > 0 || networkChanged,
    routers: { added: count('added'), removed: count('removed'), changed: count('changed'), unchanged },
    files: routers.reduce((s, r) => s + r.files.length, 0),
    disruptive: routers.filter((r) => !r.hitless).map((r) => r.router),
    peerings: { added: n.peerings.added.length, removed: n.peerings.removed.length },
    lanPairs: { lost: n.reachability.lanPairs.lost, gained: n.reachability.lanPairs.gained, pathChanged: n.reachability.lanPairs.path },
    lanToRouter: { lost: n.reachability.lanToRouter.lost, gained: n.reachability.lanToRouter.gained, pathChanged: n.reachability.lanToRouter.path },
    spofs: { introduced: n.spofs.routers.added.length + n.spofs.peerings.added.length, removed: n.spofs.routers.removed.length + n.spofs.peerings.removed.length },
    forwards: { added: n.forwards.added.length, removed: n.forwards.removed.length, changed: n.forwards.changed.length },
    dns: { added: n.dns.added.length, removed: n.dns.removed.length, changed: n.dns.changed.length },
  };
}

export interface ExitOptions {
  readonly failOnReachabilityLoss?: boolean;
}

export function exitCode(s: DiffSummary, o: ExitOptions = {}): 0 | 2 | 3 {
  if (o.failOnReachabilityLoss && s.lanPairs.lost > 0) return 3;
  return s.changed ? 2 : 0;
}
