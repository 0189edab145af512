/**
 * What the agent does around each reconcile so that people can operate it (issue "operate the
 * fleet"): one lock shared with `dlan apply`; suspension (fetch, verify, plan and report, apply
 * nothing); the event journal and the metrics counters; `dlan reconcile --wait` callers, who get
 * the run's progress and result; and its listeners: the control socket, the status API on the
 * router's overlay loopbacks (bound once the loopbacks exist, re-bound if they change) and the
 * webhook receiver with its fan-out of nudges over the overlay.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Server } from 'node:http';
import type { AgentConfig } from '../agent-config.js';
import { agentApi } from '../agent-config.js';
import type { ReconcileDeps } from '../deps.js';
import { fileJournal } from '../events/journal.js';
import { localHost } from '../host.js';
import { acquireLock } from '../lock.js';
import type { Logger } from '../log.js';
import { reconcileOnce, type ReconcileResult } from '../reconcile/index.js';
import { emptyStats, recordReconcile, type ReconcileStats } from '../report/metrics.js';
import { readStateFile } from '../report/state-file.js';
import { nudge } from '../api/client.js';
import { closeServer, serveControlSocket, serveStatusApi } from '../api/server.js';
import type { Routes } from '../api/routes.js';
import type { ReconcileLine } from '../api/types.js';
import { agentControl, type Control } from './control.js';
import { eventOf } from './event-of.js';
import { readSuspension } from './suspension.js';
import type { Listener } from './local/listeners.js';
import { listenerSet } from './local/listener-set.js';
import { serveWebhook } from './webhook/server.js';

/** How long a reconcile waits for `dlan apply` (or the reverse) before giving up. */
export const LOCK_WAIT_MS = 15 * 60_000;

type ResultLine = ReconcileLine & { type: 'result' };
interface Waiter { readonly progress: (l: ReconcileLine) => void; readonly done: (r: ResultLine) => void }

export interface OperationsOptions {
  readonly config: AgentConfig;
  readonly log: Logger;
  readonly version: string;
  readonly now: () => Date;
  /** Queue a reconcile (the agent's trigger). */
  readonly trigger: (reason: string) => void;
  /** The other routers' status API addresses, for the webhook's fan-out. */
  readonly peersToNudge?: () => Promise<readonly { host: string; port: number }[]>;
  /**
   * Where the read-only listener serves (local/listeners.ts: the overlay loopbacks on
   * network.yaml agentApi.port, the LAN addresses), known once a topology was applied.
   */
  readonly listeners: () => Promise<readonly Listener[]>;
  /** Routes served beside the status API on those listeners (the LAN answers, the home page). */
  readonly readOnlyRoutes?: Routes;
  /** First retry delay for a listener that could not bind (tests make it short). */
  readonly listenerRetryMs?: number;
}

export interface RunOutcome {
  readonly result: ReconcileResult;
  readonly suspended: boolean;
}


/** A logger that also hands each event to `on` (the progress of `dlan reconcile --wait`). */
function tee(log: Logger, on: (event: string, fields: Readonly<Record<string, unknown>>) => void): Logger {
  return {
    log(level, event, fields = {}) { log.log(level, event, fields); on(event, fields); },
    child(fields) { return tee(log.child(fields), on); },
  };
}

export function createOperations(o: OperationsOptions) {
  const { config, log } = o;
  const journal = fileJournal(config.stateDir);
  let stats: ReconcileStats = emptyStats;
  let busy: { reason: string; since: string } | undefined;
  let waiting: Waiter[] = [];
  const servers: Server[] = [];

  const control: Control = agentControl({
    router: config.router, stateDir: config.stateDir, journal, version: o.version, startedAt: o.now(), now: o.now,
    readState: () => readStateFile(localHost(), config.stateDir),
    busy: () => busy,
    stats: () => stats,
    trigger: o.trigger,
    runNow: (reason, progress) => new Promise<ResultLine>((done) => { waiting.push({ progress, done }); o.trigger(reason); }),
  });

  const readOnly = listenerSet({
    bind: async (l) => (await serveStatusApi(control, [l.host], l.port, log, o.readOnlyRoutes))[0]!,
    close: closeServer, log, ...(o.listenerRetryMs !== undefined && { retryMs: o.listenerRetryMs }),
  });

  /** One reconcile as the agent runs it. Never throws for a failed reconcile (that is its result). */
  async function run(reason: string, deps: ReconcileDeps): Promise<RunOutcome> {
    const mine = waiting;
    waiting = [];
    const started = o.now();
    busy = { reason, since: started.toISOString() };
    let result: ResultLine | undefined;
    try {
      const lock = await acquireLock(config.stateDir, { command: 'agent', waitMs: LOCK_WAIT_MS, onWait: (holder) => log.log('info', 'waiting-for-lock', { ...(holder && { holder }) }) });
      try {
        const suspension = await readSuspension(config.stateDir);
        log.log('info', 'reconcile-start', { reason, ...(suspension && { suspended: suspension.reason }) });
        const runDeps: ReconcileDeps = mine.length === 0 ? deps : { ...deps, log: tee(deps.log, (event, fields) => { for (const w of mine) w.progress({ type: 'progress', event, fields }); }) };
        const r = await reconcileOnce(runDeps, suspension ? { dryRun: true } : {});
        const ms = o.now().getTime() - started.getTime();
        const ev = eventOf(r, { router: config.router, reason, durationMs: ms, at: o.now(), ...(suspension && { suspended: suspension.reason }) });
        if (suspension && r.commit && deps.reporter) {
          // Say it on the commit too: the change is seen and verified, and waits for `dlan resume`.
          await deps.reporter.post({ sha: r.commit, context: `dlan/${config.router}`, outcome: 'pending', description: `suspended: ${suspension.reason}; ${ev.changes?.length ?? 0} changes waiting` })
            .catch((e) => log.log('warn', 'status-not-posted', { error: e as Error }));
        }
        stats = recordReconcile(stats, ev.outcome, ms / 1000, r.rolledBack !== undefined);
        await control.record(ev).catch((e) => log.log('warn', 'journal-write-failed', { error: e as Error }));
        result = { type: 'result', ok: r.outcome.ok, outcome: ev.outcome, ...(r.commit && { commit: r.commit }), description: ev.message ?? '', ...(ev.code && { code: ev.code }) };
        await bindStatus();
        return { result: r, suspended: suspension !== undefined };
      } finally {
        await lock.release();
      }
    } catch (e) {
      result = { type: 'result', ok: false, outcome: 'error', description: (e as Error).message, code: (e as { code?: string }).code ?? 'Internal' };
      throw e;
    } finally {
      busy = undefined;
      for (const w of mine) w.done(result!);
    }
  }

  /**
   * Binds the read-only listener where the applied topology says (after each run: the addresses
   * exist once applied); local/listener-set.ts binds each address on its own and retries one
   * that fails. Before the first apply (nothing wanted yet) nothing changes.
   */
  async function bindStatus(): Promise<void> {
    if (!agentApi(config).status) return;
    const wanted = await o.listeners();
    if (wanted.length > 0) await readOnly.sync(wanted);
  }

  async function start(): Promise<void> {
    const socket = agentApi(config).socket;
    await mkdir(dirname(socket), { recursive: true });
    servers.push(await serveControlSocket(control, socket, log));
    log.log('info', 'control-socket', { path: socket });
    if (config.webhook) {
      const w = config.webhook;
      servers.push(await serveWebhook({
        port: w.port, secretFile: w.secretFile, log,
        onPush: () => {
          o.trigger('webhook');
          void fanOut();
        },
      }));
      log.log('info', 'webhook', { port: w.port });
    }
    await bindStatus();
  }

  /** Tells every other router to reconcile now: a content-free nudge to its status API. */
  async function fanOut(): Promise<void> {
    const peers = (await o.peersToNudge?.()) ?? [];
    const results = await Promise.allSettled(peers.map((p) => nudge(p, 3000)));
    const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [`${peers[i]!.host}: ${(r.reason as Error).message}`] : []));
    log.log(failed.length ? 'warn' : 'info', 'webhook-fan-out', { nudged: peers.length - failed.length, ...(failed.length && { failed }) });
  }

  /** A commit-confirmed rollback, counted and journaled like a reconcile's. */
  async function noteSelfRollback(commit: string, to: string, why: string): Promise<void> {
    stats = { ...stats, rollbacks: stats.rollbacks + 1 };
    await control.record({ time: o.now().toISOString(), router: config.router, kind: 'self-rollback', outcome: 'failure', commit, code: 'SelfRollback', message: `back to ${to.slice(0, 7)}: ${why}` })
      .catch((e) => log.log('warn', 'journal-write-failed', { error: e as Error }));
  }

  async function close(): Promise<void> {
    await readOnly.close();
    for (const s of servers) await closeServer(s);
  }

  return { control, run, start, close, noteSelfRollback };
}
