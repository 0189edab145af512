/**
 * Commit-confirmed, the decisions (VyOS's `commit-confirm`, decided by the router alone). Pure:
 * time is an argument, the readings come from probe.ts.
 *
 * After an apply that changed something, the agent watches the router for `windowMs`. It rolls
 * back by itself only when it lost BOTH the git remote (nobody could push a fix) and every peer
 * that was up before the apply, continuously for a whole window. Either one reachable keeps the
 * commit, and once a window has passed since the apply with the router reachable, the commit is
 * confirmed. A reading that failed says nothing: it neither condemns nor confirms, nor restarts
 * the lost clock (probe.ts logs it, the watch counts it).
 */
import type { LastGood } from '../memory/store.js';

export interface ConfirmWatch {
  readonly commit: string;
  /** The state the router ran before: what a self-rollback goes back to, and what peers are judged against. */
  readonly previous: LastGood;
  /** Peers up before the apply. */
  readonly peers: readonly string[];
  /** Milliseconds (the agent's clock) when the watch began. */
  readonly startedAt: number;
  /** Since when both the remote and the peers are lost, if they are. */
  readonly lostSince?: number;
  /** Probes that could not tell (an error other than "unreachable"), in a row. */
  readonly failedProbes: number;
}

/** One probe: the remote up, down or unknown; the peers up now, or unknown. */
export interface Reading {
  readonly remote: 'up' | 'down' | 'unknown';
  readonly peers: readonly string[] | 'unknown';
}

export type Verdict =
  | { readonly kind: 'confirmed' }
  | { readonly kind: 'watching'; readonly watch: ConfirmWatch; readonly evidence: 'reachable' | 'lost' | 'unknown' }
  | { readonly kind: 'rollBack'; readonly lostForMs: number };

/** What to watch after a reconcile, or nothing: only a change that succeeded, with peers up before it and somewhere to go back to. */
export function watchAfter(r: { readonly ok: boolean; readonly commit?: string; readonly changed: boolean; readonly peersUpBefore?: readonly string[] },
  previous: LastGood | undefined, enabled: boolean, now: number): ConfirmWatch | undefined {
  if (!r.ok || !r.changed || !enabled || !previous || !r.commit || previous.commit === r.commit) return undefined;
  if (!r.peersUpBefore || r.peersUpBefore.length === 0) return undefined;
  return { commit: r.commit, previous, peers: r.peersUpBefore, startedAt: now, failedProbes: 0 };
}

export function judge(watch: ConfirmWatch, reading: Reading, now: number, windowMs: number): Verdict {
  const peersBack = reading.peers !== 'unknown' && reading.peers.some((p) => watch.peers.includes(p));
  if (reading.remote === 'up' || peersBack) {
    if (now - watch.startedAt >= windowMs) return { kind: 'confirmed' };
    const { lostSince: _, ...rest } = watch;
    return { kind: 'watching', watch: { ...rest, failedProbes: 0 }, evidence: 'reachable' };
  }
  if (reading.remote === 'down' && reading.peers !== 'unknown') {
    const lostSince = watch.lostSince ?? now;
    if (now - lostSince >= windowMs) return { kind: 'rollBack', lostForMs: now - lostSince };
    return { kind: 'watching', watch: { ...watch, lostSince, failedProbes: 0 }, evidence: 'lost' };
  }
  return { kind: 'watching', watch: { ...watch, failedProbes: watch.failedProbes + 1 }, evidence: 'unknown' };
}
