/**
 * The agent's side of its API (api/types.ts AgentControl), over what the agent already has: its
 * job queue, its state dir, the event journal and the metrics counters. Kept apart from the
 * scheduling loop so the loop stays a small shell and this stays testable with a real journal.
 */
import { type DlanEvent, type Journal } from '../events/journal.js';
import { type ReconcileStats, renderMetrics } from '../report/metrics.js';
import type { RouterState } from '../report/state-file.js';
import type { AgentControl, ReconcileLine, Suspension } from '../api/types.js';
import { clearSuspension, readSuspension, writeSuspension } from './suspension.js';

export interface ControlDeps {
  readonly router: string;
  readonly stateDir: string;
  readonly journal: Journal;
  readonly version: string;
  readonly startedAt: Date;
  readonly now: () => Date;
  readonly readState: () => Promise<RouterState | undefined>;
  /** The reconcile running now, if any. */
  readonly busy: () => { readonly reason: string; readonly since: string } | undefined;
  readonly stats: () => ReconcileStats;
  /** Queue a reconcile (coalesced with one already queued). */
  readonly trigger: (reason: string) => void;
  /** Queue a reconcile and resolve with its result line; `progress` gets its log events meanwhile. */
  readonly runNow: (reason: string, progress: (l: ReconcileLine) => void) => Promise<ReconcileLine & { type: 'result' }>;
}

export interface Control extends AgentControl {
  /** Appends an event to the journal and hands it to every follower. */
  record(e: DlanEvent): Promise<void>;
}

export function agentControl(d: ControlDeps): Control {
  const followers = new Set<(e: DlanEvent) => void>();
  const record = async (e: DlanEvent) => {
    await d.journal.append(e);
    for (const f of followers) f(e);
  };
  const event = (kind: DlanEvent['kind'], outcome: string, message: string): DlanEvent =>
    ({ time: d.now().toISOString(), router: d.router, kind, outcome, message });
  return {
    record,
    async status() {
      const [state, suspended] = await Promise.all([d.readState(), readSuspension(d.stateDir)]);
      const busy = d.busy();
      return {
        router: d.router,
        ...(state && { state }),
        ...(suspended && { suspended }),
        ...(busy && { busy }),
        agent: { pid: process.pid, startedAt: d.startedAt.toISOString(), version: d.version },
        now: Math.floor(d.now().getTime() / 1000),
      };
    },
    reconcileNow: (reason, progress) => d.runNow(reason, progress),
    nudge: (reason) => d.trigger(reason),
    async suspend(reason) {
      const s: Suspension = { reason, since: d.now().toISOString() };
      await writeSuspension(d.stateDir, s);
      await record(event('suspend', 'suspended', reason));
      return s;
    },
    async resume() {
      const was = await readSuspension(d.stateDir);
      await clearSuspension(d.stateDir);
      if (was) await record(event('resume', 'resumed', `was suspended since ${was.since}: ${was.reason}`));
      d.trigger('resume');
    },
    async events(filter) {
      return (await d.journal.read(filter)).events;
    },
    followEvents(on) {
      followers.add(on);
      return () => { followers.delete(on); };
    },
    async metrics() {
      const [state, suspended] = await Promise.all([d.readState(), readSuspension(d.stateDir)]);
      return renderMetrics({
        router: d.router, stats: d.stats(), suspended: suspended !== undefined,
        ...(state?.applied && { applied: state.applied }),
        ...(state?.health && { health: state.health }),
        peersExpected: state?.health?.peers.length ?? 0,
        now: Math.floor(d.now().getTime() / 1000),
      });
    },
  };
}
