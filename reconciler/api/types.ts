/**
 * What the agent answers on its two listeners (docs/operations.md):
 * - the control socket `/run/dlan/agent.sock` (root only: mode 0600): everything below;
 * - the status API on the router's overlay loopbacks (TCP, `network.yaml: statusPort`), reached
 *   only through the overlay and the LANs (nftables): the read-only routes and `nudge`, which
 *   carries no content (the agent still fetches and verifies the signed commit itself).
 */
import type { DlanEvent, EventFilter } from '../events/journal.js';
import type { RouterState } from '../report/state-file.js';

export interface Suspension {
  readonly reason: string;
  /** ISO time. */
  readonly since: string;
}

export interface AgentStatus {
  readonly router: string;
  /** The state file as the agent last wrote it; absent before its first reconcile. */
  readonly state?: RouterState;
  readonly suspended?: Suspension;
  /** The reconcile running now, if any. */
  readonly busy?: { readonly reason: string; readonly since: string };
  readonly agent: { readonly pid: number; readonly startedAt: string; readonly version: string };
  /** Unix seconds on the router's clock when it answered (ages are computed against it). */
  readonly now: number;
}

/** One line of `POST /v1/reconcile`'s NDJSON answer. */
export type ReconcileLine =
  | { readonly type: 'progress'; readonly event: string; readonly fields?: Readonly<Record<string, unknown>> }
  | { readonly type: 'result'; readonly ok: boolean; readonly outcome: string; readonly commit?: string; readonly description: string; readonly code?: string };

/** What the servers need from the agent: the agent implements it, tests give a real in-memory one. */
export interface AgentControl {
  status(): Promise<AgentStatus>;
  /** Reconciles now (or right after the running one) and resolves with its result; progress lines stream meanwhile. */
  reconcileNow(reason: string, progress: (line: ReconcileLine) => void): Promise<ReconcileLine & { type: 'result' }>;
  /** Schedules a reconcile soon; returns at once (the webhook fan-out and nudges). */
  nudge(reason: string): void;
  suspend(reason: string): Promise<Suspension>;
  resume(): Promise<void>;
  events(filter: EventFilter): Promise<readonly DlanEvent[]>;
  /** Calls `on` for every new event until the returned function is called. */
  followEvents(on: (e: DlanEvent) => void): () => void;
  metrics(): Promise<string>;
}
